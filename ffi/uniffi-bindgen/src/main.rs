//! The `uniffi-bindgen` command at the workspace's uniffi version (used by `scripts/bindings.sh`).

fn main() {
    uniffi::uniffi_bindgen_main()
}
