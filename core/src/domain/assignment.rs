//! Lead assignment (LEAD-3): manual, round robin, least loaded, territory; deterministic.
