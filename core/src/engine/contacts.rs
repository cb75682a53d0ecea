//! Contacts: orchestration.
