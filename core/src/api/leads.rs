//! Leads methods.

use super::method::methods;

methods! {}
