//! Contacts: queries.
