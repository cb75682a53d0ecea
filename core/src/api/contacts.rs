//! Contacts methods.

use super::method::methods;

methods! {}
