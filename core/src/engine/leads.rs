//! Leads: orchestration.
