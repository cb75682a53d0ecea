//! Cross-cutting tests of the workspace (README examples, generated files).
