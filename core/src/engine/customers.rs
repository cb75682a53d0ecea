//! Customers: orchestration.
