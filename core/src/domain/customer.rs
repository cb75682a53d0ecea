//! Customers (CUS-1): the record, its validation, its list filters.
