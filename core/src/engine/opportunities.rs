//! Opportunities: orchestration.
