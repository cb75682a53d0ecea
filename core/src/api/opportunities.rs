//! Opportunities methods.

use super::method::methods;

methods! {}
