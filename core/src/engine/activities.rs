//! Activities: orchestration.
