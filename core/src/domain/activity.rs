//! Activities (ACT-1): kinds, statuses, completion, and the last-contact rule.
