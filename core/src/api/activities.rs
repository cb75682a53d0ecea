//! Activities methods.

use super::method::methods;

methods! {}
