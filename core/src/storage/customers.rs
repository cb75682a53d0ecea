//! Customers: queries.
