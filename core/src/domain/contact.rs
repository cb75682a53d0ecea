//! Contacts (CUS-3): the record, the primary-contact rule, the reports-to relationship map.
