//! Work that can wait gives its core to work someone waits for. On two cores an import's
//! reading and checking threads and its writer were three busy threads, and the writer (one
//! SQLite connection, what the import waits for) had two thirds of a core: its first parts
//! went in at 8–16 µs a record against 6.2 once reading was done. The app's check at start
//! likewise shares the cores with the window drawing its first screen.

/// How far below its priority a thread that gives way runs, in nice steps: 10 gives it
/// about a tenth of the weight of one that did not when both want the same core, and all
/// of a core no one else wants.
#[cfg(any(target_os = "linux", target_os = "android"))]
const NICE: libc::c_int = 10;

/// Lowers the calling thread's priority (Linux and Android; elsewhere nothing). Threads it
/// starts afterwards inherit it; the rest of the process keeps its own.
pub fn give_way() {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    // SAFETY: getpriority and setpriority take and return integers only. On Linux, `who` 0
    // with PRIO_PROCESS is the calling thread alone. getpriority cannot fail for it (its -1
    // is then a nice value); a refused setpriority leaves the priority as it was.
    unsafe {
        // Relative to what the thread has: a process started with `nice` stays below it.
        let now = libc::getpriority(libc::PRIO_PROCESS, 0);
        libc::setpriority(libc::PRIO_PROCESS, 0, (now + NICE).min(19));
    }
}

#[cfg(all(test, any(target_os = "linux", target_os = "android")))]
mod tests {
    /// The calling thread's nice value.
    fn own_nice() -> libc::c_int {
        // SAFETY: as in `give_way`.
        unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) }
    }

    #[test]
    fn a_thread_that_gives_way_runs_lower_and_no_other_does() {
        let mine = own_nice();
        let (given, started_after) = std::thread::spawn(|| {
            super::give_way();
            let after = std::thread::spawn(own_nice).join().unwrap();
            (own_nice(), after)
        })
        .join()
        .unwrap();
        // At most 19: a test run already niced keeps the lowest there is.
        assert_eq!(given, (mine + super::NICE).min(19));
        assert_eq!(started_after, given, "a thread it starts inherits it");
        assert_eq!(
            own_nice(),
            mine,
            "the thread that called spawn keeps its own"
        );
    }
}
