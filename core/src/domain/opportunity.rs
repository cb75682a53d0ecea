//! Opportunities (OPP-2 to OPP-5): the record, stage moves, the evaluation gate, outcomes, reopen, collaborators.
