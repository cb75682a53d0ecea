//! The C boundary never aborts the host: calls made while the calling thread is torn down (a host's own
//! thread-local destructor closing its handle, as C++ `thread_local` objects do) answer status codes.
//!
//! Found by the boundary fuzzer: `rapport_close` from a thread-local destructor that ran after the
//! library's own thread-local slot panicked outside the boundary's `catch_unwind` ("cannot access a
//! Thread Local Storage value during or after destruction"), which aborts the process.

use std::cell::Cell;
use std::ffi::{CStr, c_char};
use std::sync::Mutex;

use rapport::c_api::{
    RapportDb, rapport_call, rapport_close, rapport_errcode, rapport_errmsg, rapport_free, rapport_open,
};

static SEEN: Mutex<Vec<(&str, i32)>> = Mutex::new(Vec::new());

/// Closes its handle (and makes other calls) when the thread's locals are destroyed.
struct CloseOnExit(Cell<usize>);

impl Drop for CloseOnExit {
    fn drop(&mut self) {
        let db = self.0.get() as *mut RapportDb;
        let mut seen = SEEN.lock().unwrap();
        // SAFETY: a handle from rapport_open (or NULL), valid strings, out pointers to one pointer.
        unsafe {
            let mut out: *mut c_char = std::ptr::null_mut();
            seen.push((
                "rapport_call",
                rapport_call(db, std::ptr::null(), c"org.get".as_ptr(), c"{}".as_ptr(), &mut out),
            ));
            rapport_free(out);
            seen.push(("rapport_errcode", rapport_errcode(db)));
            seen.push(("rapport_errmsg", i32::from(CStr::from_ptr(rapport_errmsg(db)).to_str().is_ok())));
            seen.push(("rapport_close", rapport_close(db)));
            seen.push(("rapport_close(NULL)", rapport_close(std::ptr::null_mut())));
            seen.push(("rapport_errcode(NULL)", rapport_errcode(std::ptr::null_mut())));
            seen.push((
                "rapport_call(NULL)",
                rapport_call(std::ptr::null_mut(), std::ptr::null(), c"org.get".as_ptr(), c"{}".as_ptr(), &mut out),
            ));
            rapport_free(out);
        }
    }
}

thread_local! {
    static GUARD: CloseOnExit = const { CloseOnExit(Cell::new(0)) };
}

#[test]
fn c_abi_calls_during_thread_teardown_answer_status_codes() {
    let thread = std::thread::spawn(|| {
        // First touched before the library's own thread locals, so destroyed after them.
        GUARD.with(|_| ());
        let mut db: *mut RapportDb = std::ptr::null_mut();
        // SAFETY: valid strings and an out pointer to one handle.
        assert_eq!(unsafe { rapport_open(c":memory:".as_ptr(), std::ptr::null(), &mut db) }, 0);
        // A failed call without a handle: the library's per-thread slot is now in use.
        let mut out: *mut c_char = std::ptr::null_mut();
        // SAFETY: as above.
        unsafe {
            rapport_call(std::ptr::null_mut(), std::ptr::null(), c"org.get".as_ptr(), c"{}".as_ptr(), &mut out);
            rapport_free(out);
        }
        GUARD.with(|g| g.0.set(db as usize));
    });
    assert!(thread.join().is_ok());
    let seen = SEEN.lock().unwrap().clone();
    assert_eq!(
        seen,
        [
            ("rapport_call", 0),
            ("rapport_errcode", 0),
            ("rapport_errmsg", 1),
            ("rapport_close", 0),
            ("rapport_close(NULL)", 0),
            ("rapport_errcode(NULL)", 0),
            ("rapport_call(NULL)", 2),
        ]
    );
}
