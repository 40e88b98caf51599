//! Transparent huge pages off for this process (Linux). mimalloc asks the kernel for huge
//! pages on its memory; each first touch of one then zeroes 2 MiB, and a report of 10,000
//! people spent 1.6–1.8 s of its 5 s in the kernel zeroing pages it had zeroed before
//! (measured with `perf`: `clear_page_erms` under `do_huge_pmd_anonymous_page`). With huge
//! pages off the same report took 0.7–0.8 s in the kernel, `muster check` of 600,000
//! records 0.07 s instead of 0.15–0.5 s, and nothing measured got slower. The setting is
//! the process's own (and its children's); nothing else on the machine changes.

/// Called first thing by the command line and the app.
pub fn disable() {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and touches no memory of
    // ours; a kernel without it returns an error, which changes nothing.
    unsafe {
        let (on, unused): (libc::c_ulong, libc::c_ulong) = (1, 0);
        libc::prctl(libc::PR_SET_THP_DISABLE, on, unused, unused, unused);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn the_process_says_huge_pages_are_off() {
        super::disable();
        let unused: libc::c_ulong = 0;
        // SAFETY: as above; PR_GET_THP_DISABLE returns the flag.
        let off = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, unused, unused, unused, unused) };
        assert_eq!(off, 1);
    }
}
