//! The `rapport` command: run the demo or call any method from a shell.
fn main() {}
