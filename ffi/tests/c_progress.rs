//! LIFE-1 through the C ABI from a Rust host: a progress callback that panics does not unwind through the
//! library into the host; the import is cancelled, keeps nothing, and the call answers `RAPPORT_CANCELLED`.
//! (C callbacks cannot panic; tests/c/test_abi.c covers reports, cancel and misuse from C.)

use std::ffi::{CStr, CString, c_char, c_int, c_void};

use rapport::c_api::{RAPPORT_CANCELLED, RAPPORT_OK, RapportDb, rapport_call, rapport_call_with_progress};
use rapport::c_api::{rapport_close, rapport_errcode, rapport_free, rapport_open};

/// Panics at its first report: a host bug the library must contain.
extern "C-unwind" fn panics(_items: u64, _done: u64, _total: u64, user_data: *mut c_void) -> c_int {
    // SAFETY: the test passes a pointer to a u32 counter.
    unsafe { *user_data.cast::<u32>() += 1 };
    panic!("a host callback's bug");
}

/// Counts its reports and goes on.
extern "C-unwind" fn counts(_items: u64, _done: u64, _total: u64, user_data: *mut c_void) -> c_int {
    // SAFETY: as above.
    unsafe { *user_data.cast::<u32>() += 1 };
    0
}

/// One call through the C ABI: its code and answer.
fn call(db: *mut RapportDb, method: &CStr, request: &CStr, with: Option<(&mut u32, bool)>) -> (c_int, String) {
    let mut out: *mut c_char = std::ptr::null_mut();
    // SAFETY: an open handle, NUL-terminated strings, an out pointer to one pointer, a counter for user_data.
    let rc = unsafe {
        match with {
            Some((count, panic)) => {
                let callback = if panic { panics } else { counts };
                let user_data = (count as *mut u32).cast::<c_void>();
                rapport_call_with_progress(
                    db,
                    std::ptr::null(),
                    method.as_ptr(),
                    request.as_ptr(),
                    Some(callback),
                    user_data,
                    &mut out,
                )
            }
            None => rapport_call(db, std::ptr::null(), method.as_ptr(), request.as_ptr(), &mut out),
        }
    };
    // SAFETY: a string the library returned, freed once.
    let answer = unsafe { CStr::from_ptr(out) }.to_string_lossy().into_owned();
    unsafe { rapport_free(out) };
    (rc, answer)
}

fn import_request(rows: usize) -> CString {
    let text: String = (1..=rows).map(|i| format!("Panic Co {i},{i}\n")).collect();
    let request = serde_json::json!({
        "entity": "customers", "format": "csv", "text": format!("name,phone\n{text}"),
        "mapping": {"columns": {"name": "name", "phone": "phone"}}, "mode": "skip_invalid"
    });
    CString::new(request.to_string()).unwrap()
}

#[test]
fn life_1_a_panicking_progress_callback_cancels_the_import_without_unwinding_into_the_host() {
    let mut db: *mut RapportDb = std::ptr::null_mut();
    // SAFETY: a valid path and an out pointer to one handle.
    assert_eq!(unsafe { rapport_open(c":memory:".as_ptr(), std::ptr::null(), &mut db) }, RAPPORT_OK);
    let request = import_request(2_500);
    let mut reports = 0;
    let (rc, answer) = call(db, c"imports.run", &request, Some((&mut reports, true)));
    assert_eq!((rc, reports), (RAPPORT_CANCELLED, 1), "{answer}");
    assert!(answer.contains(r#""code":"cancelled""#) && answer.contains("a host callback's bug"), "{answer}");
    // SAFETY: an open handle.
    assert_eq!(unsafe { rapport_errcode(db) }, RAPPORT_CANCELLED);
    let (_, customers) = call(db, c"customers.list", c"{}", None);
    assert!(customers.contains(r#""items":[]"#), "nothing of the import is kept: {customers}");
    let (_, imports) = call(db, c"imports.list", c"{}", None);
    assert!(imports.contains(r#""items":[]"#), "{imports}");

    // The handle is as good as before: the same import with a callback that goes on.
    let mut reports = 0;
    let (rc, answer) = call(db, c"imports.run", &request, Some((&mut reports, false)));
    assert_eq!(rc, RAPPORT_OK, "{answer}");
    assert!(answer.contains(r#""created":2500"#) && reports == 4, "{reports} reports: {answer}");
    // SAFETY: an open handle, closed once.
    assert_eq!(unsafe { rapport_close(db) }, RAPPORT_OK);
}
