//! Opportunities: queries.
