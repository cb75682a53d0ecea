//! Activities: queries.
