//! Whole-table reads for `muster check`, stepped through SQLite's C interface. The check
//! reads every value of every row of every protected table, the chain and each index:
//! about fifteen million values for 600,000 attempts. rusqlite reads a value with three
//! calls, each taking and releasing the connection's mutex, and asks for text with a
//! terminating zero, which copies every string out of the memory-mapped page; that was a
//! third of the time spent reading the attempts. Here a value is one call
//! (`sqlite3_column_value`) and its bytes are read where they lie.

use std::ffi::{c_int, CStr, CString};
use std::marker::PhantomData;
use std::ptr::NonNull;

use rusqlite::ffi;
use rusqlite::types::ValueRef;
use rusqlite::Connection;

/// A prepared statement whose rows are read by `next`.
pub struct Scan<'c> {
    stmt: NonNull<ffi::sqlite3_stmt>,
    db: *mut ffi::sqlite3,
    width: usize,
    /// The file keeps text as UTF-8 (always, for Muster's files), so a text value's bytes
    /// can be taken as they are stored.
    utf8: bool,
    conn: PhantomData<&'c Connection>,
}

/// The current row of a `Scan`; it lives until the scan moves on.
pub struct ScanRow<'s> {
    stmt: *mut ffi::sqlite3_stmt,
    width: usize,
    utf8: bool,
    row: PhantomData<&'s ()>,
}

impl<'c> Scan<'c> {
    /// Prepares `sql` on `conn` and binds `params` (integers) to ?1, ?2, ….
    pub fn new(conn: &'c Connection, sql: &str, params: &[i64]) -> rusqlite::Result<Scan<'c>> {
        let utf8 = conn.query_row("PRAGMA encoding", [], |r| r.get::<_, String>(0))? == "UTF-8";
        let text = CString::new(sql).map_err(|_| rusqlite::Error::InvalidQuery)?;
        // SAFETY: `conn` outlives the scan (the lifetime 'c), and a `Connection` is used by
        // one thread at a time (it is not `Sync`), so its handle is ours while we hold the
        // borrow. The statement is finalised in `drop`.
        unsafe {
            let db = conn.handle();
            let mut stmt = std::ptr::null_mut();
            let rc =
                ffi::sqlite3_prepare_v2(db, text.as_ptr(), -1, &mut stmt, std::ptr::null_mut());
            if rc != ffi::SQLITE_OK {
                return Err(error(db, rc));
            }
            let stmt = NonNull::new(stmt).ok_or(rusqlite::Error::InvalidQuery)?;
            let scan = Scan {
                stmt,
                db,
                width: ffi::sqlite3_column_count(stmt.as_ptr()) as usize,
                utf8,
                conn: PhantomData,
            };
            for (i, p) in params.iter().enumerate() {
                let rc = ffi::sqlite3_bind_int64(stmt.as_ptr(), i as c_int + 1, *p);
                if rc != ffi::SQLITE_OK {
                    return Err(error(db, rc));
                }
            }
            Ok(scan)
        }
    }

    /// The next row, or None after the last.
    pub fn next(&mut self) -> rusqlite::Result<Option<ScanRow<'_>>> {
        // SAFETY: the statement is alive (finalised only in `drop`); the row handed out
        // borrows `self`, so it is gone before the statement steps again.
        match unsafe { ffi::sqlite3_step(self.stmt.as_ptr()) } {
            ffi::SQLITE_ROW => Ok(Some(ScanRow {
                stmt: self.stmt.as_ptr(),
                width: self.width,
                utf8: self.utf8,
                row: PhantomData,
            })),
            ffi::SQLITE_DONE => Ok(None),
            rc => Err(unsafe { error(self.db, rc) }),
        }
    }
}

impl Drop for Scan<'_> {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared by `new` and is finalised once.
        unsafe {
            ffi::sqlite3_finalize(self.stmt.as_ptr());
        }
    }
}

impl ScanRow<'_> {
    /// The row's `i`th value. Panics past the statement's last column, as indexing would.
    pub fn get(&self, i: usize) -> ValueRef<'_> {
        assert!(i < self.width, "column {i} of {}", self.width);
        // SAFETY: `i` is a column of the statement, which has a row (it stepped to one and
        // cannot step again while `self` lives). The value and its bytes stay valid until
        // the statement steps; they are borrowed for no longer than `self`. The value is
        // read only by this thread (see `Scan::new`), which is what SQLite's rule for the
        // values `sqlite3_column_value` returns is about.
        unsafe {
            let v = ffi::sqlite3_column_value(self.stmt, i as c_int);
            match ffi::sqlite3_value_type(v) {
                ffi::SQLITE_NULL => ValueRef::Null,
                ffi::SQLITE_INTEGER => ValueRef::Integer(ffi::sqlite3_value_int64(v)),
                ffi::SQLITE_FLOAT => ValueRef::Real(ffi::sqlite3_value_double(v)),
                // `sqlite3_value_blob` of a text gives its bytes as stored, with no
                // terminating zero added (no copy); in a UTF-8 file they are its UTF-8.
                ffi::SQLITE_TEXT if self.utf8 => {
                    ValueRef::Text(bytes(v, ffi::sqlite3_value_blob(v)))
                }
                ffi::SQLITE_TEXT => ValueRef::Text(bytes(v, ffi::sqlite3_value_text(v).cast())),
                _ => ValueRef::Blob(bytes(v, ffi::sqlite3_value_blob(v))),
            }
        }
    }

    /// The row's `i`th value as an integer, if it is one.
    pub fn int(&self, i: usize) -> Option<i64> {
        match self.get(i) {
            ValueRef::Integer(n) => Some(n),
            _ => None,
        }
    }

    /// The row's `i`th value, which must be an integer (a row id, a number the schema
    /// makes an integer).
    pub fn integer(&self, i: usize) -> rusqlite::Result<i64> {
        let v = self.get(i);
        match v {
            ValueRef::Integer(n) => Ok(n),
            _ => Err(rusqlite::Error::InvalidColumnType(
                i,
                format!("column {i}"),
                v.data_type(),
            )),
        }
    }
}

/// The bytes at `p`, as long as SQLite says the value is (read after `p`, as SQLite asks).
///
/// SAFETY: `p` is what `sqlite3_value_blob` or `_text` just returned for `v`, and the
/// caller keeps the slice no longer than the value lives.
unsafe fn bytes<'a>(v: *mut ffi::sqlite3_value, p: *const std::ffi::c_void) -> &'a [u8] {
    let n = ffi::sqlite3_value_bytes(v);
    if p.is_null() || n <= 0 {
        &[]
    } else {
        std::slice::from_raw_parts(p.cast::<u8>(), n as usize)
    }
}

/// The connection's error, as rusqlite reports one.
///
/// SAFETY: `db` is an open connection.
unsafe fn error(db: *mut ffi::sqlite3, rc: c_int) -> rusqlite::Error {
    let code = ffi::sqlite3_extended_errcode(db);
    let code = if code == ffi::SQLITE_OK { rc } else { code };
    let message = CStr::from_ptr(ffi::sqlite3_errmsg(db))
        .to_string_lossy()
        .into_owned();
    rusqlite::Error::SqliteFailure(ffi::Error::new(code), Some(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_value_as_rusqlite_does() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE TABLE t (a ANY) STRICT;
             INSERT INTO t VALUES (NULL), (-7), (2.5), (''), ('Ахметов Қ.'), (x''), (x'00ff');",
        )
        .unwrap();
        let mut want = Vec::new();
        let mut st = c.prepare("SELECT a, rowid FROM t ORDER BY rowid").unwrap();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            want.push(format!(
                "{:?} {:?}",
                r.get_ref(0).unwrap(),
                r.get_ref(1).unwrap()
            ));
        }
        let mut got = Vec::new();
        let mut scan = Scan::new(&c, "SELECT a, rowid FROM t ORDER BY rowid", &[]).unwrap();
        while let Some(r) = scan.next().unwrap() {
            got.push(format!("{:?} {:?}", r.get(0), r.get(1)));
        }
        assert_eq!(got, want);
        assert_eq!(got.len(), 7);
    }

    #[test]
    fn a_text_read_twice_is_still_text() {
        let c = Connection::open_in_memory().unwrap();
        let mut scan = Scan::new(&c, "SELECT 'KZ470007'", &[]).unwrap();
        let r = scan.next().unwrap().unwrap();
        assert_eq!(r.get(0), ValueRef::Text(b"KZ470007"));
        assert_eq!(r.get(0), ValueRef::Text(b"KZ470007"));
    }

    #[test]
    fn binds_parameters_and_reports_errors_as_rusqlite_does() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2), (3), (4);")
            .unwrap();
        let mut scan = Scan::new(&c, "SELECT a FROM t WHERE a BETWEEN ?1 AND ?2", &[2, 3]).unwrap();
        let mut seen = Vec::new();
        while let Some(r) = scan.next().unwrap() {
            seen.push(r.int(0).unwrap());
        }
        assert_eq!(seen, [2, 3]);
        let e = Scan::new(&c, "SELECT nope FROM t", &[]).err().unwrap();
        assert!(e.to_string().contains("no such column: nope"), "{e}");
        let e = Scan::new(&c, "SELECT 1 FROM missing", &[]).err().unwrap();
        assert_eq!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::Unknown),
            "{e}"
        );
    }

    #[test]
    #[should_panic(expected = "column 1 of 1")]
    fn a_column_past_the_last_is_a_bug() {
        let c = Connection::open_in_memory().unwrap();
        let mut scan = Scan::new(&c, "SELECT 1", &[]).unwrap();
        let r = scan.next().unwrap().unwrap();
        r.get(1);
    }
}
