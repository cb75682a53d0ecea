//! Fuzz target: the `rapport_*` C entry points with NULL, invalid UTF-8, huge and deeply nested arguments.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rapport_tests::boundary::targets::c_entry_points(data));
