//! Customers methods.

use super::method::methods;

methods! {}
