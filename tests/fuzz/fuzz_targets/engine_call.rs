//! Fuzz target: `Engine::call` with a method and request bytes (text form, or generator decisions shaped by the schemas).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rapport_tests::boundary::targets::engine_call(data));
