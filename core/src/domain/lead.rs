//! Leads (LEAD-1, LEAD-4): the record, its status machine, conversion rules.
