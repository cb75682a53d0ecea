//! LIFE-6 with SCORE-8 and CUS-4: a file of every earlier schema version (the committed fixtures in
//! `core/tests/fixtures/schema/`), once migrated, holds derived data equal to a fresh computation from its
//! records: funnel and prediction counters built on the first open, statistics at the reference date.
//! (Counter rows at zero, which those versions left behind and count nothing, are not compared.)

use std::path::PathBuf;

use rapport_core::{Engine, OpenOptions};
use rapport_tests::state::{derived_mismatches_of_an_old_file, remove_database};

#[test]
fn life_6_a_migrated_file_holds_derived_data_equal_to_a_fresh_computation() {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/schema");
    let dir = std::env::temp_dir().join(format!("rapport-migrated-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("db") {
            continue;
        }
        let copy = dir.join(path.file_name().unwrap());
        remove_database(&copy);
        std::fs::copy(&path, &copy).unwrap();
        drop(Engine::open(copy.to_str().unwrap(), &OpenOptions::default()).expect("the fixture opens and migrates"));
        let found = derived_mismatches_of_an_old_file(&copy, &dir, &OpenOptions::default());
        assert!(found.is_empty(), "{}: {}", path.display(), found.join("\n"));
        remove_database(&copy);
        checked += 1;
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(checked >= 3, "{checked} fixtures");
}
