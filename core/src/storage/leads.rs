//! Leads: queries.
