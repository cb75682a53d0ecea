//! The committed C header is exactly what cbindgen generates from the current source.

use std::path::Path;

#[test]
fn committed_header_is_what_cbindgen_generates() {
    let crate_dir = env!("CARGO_MANIFEST_DIR");
    let config = cbindgen::Config::from_file(Path::new(crate_dir).join("cbindgen.toml")).expect("cbindgen.toml");
    let bindings = cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header");
    let fresh_path = std::env::temp_dir().join(format!("rapport-{}.h", std::process::id()));
    bindings.write_to_file(&fresh_path);
    let fresh = std::fs::read_to_string(&fresh_path).expect("generated header");
    let _ = std::fs::remove_file(&fresh_path);

    let committed_path = Path::new(crate_dir).join("../bindings/c/include/rapport.h");
    if std::env::var_os("RAPPORT_UPDATE_HEADER").is_some() {
        std::fs::write(&committed_path, &fresh).expect("write the committed header");
        return;
    }
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert!(
        committed == fresh,
        "bindings/c/include/rapport.h is stale: regenerate it with \
         `RAPPORT_UPDATE_HEADER=1 cargo test -p rapport-ffi --test c_header` and commit it"
    );
}
