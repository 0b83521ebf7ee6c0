//! A memory map that survives its file being truncated.
//!
//! When another process truncates a mapped file, touching a page past the
//! new end raises SIGBUS, which kills the process (ripgrep and lnav know
//! it; see NOTES.md). Here a SIGBUS handler checks that the faulting
//! address lies in one of our read-only maps, puts a page of zeros there,
//! notes it, and returns: the read goes on and finds zeros, the reader
//! sees the flag and reads the file again. A fault anywhere else is left
//! to kill the process as it would have.

use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// How many maps can be guarded at once.
const SLOTS: usize = 8;

static STARTS: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
static LENS: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
static PAGE: AtomicUsize = AtomicUsize::new(4096);
static TRUNCATED: AtomicBool = AtomicBool::new(false);
static INSTALL: Once = Once::new();

/// A read-only map of a file, guarded while it lives.
pub struct GuardedMap {
    map: memmap2::Mmap,
    slot: Option<usize>,
}

impl GuardedMap {
    /// Guards `map`. With every slot taken the map works unguarded.
    pub fn new(map: memmap2::Mmap) -> GuardedMap {
        install();
        let start = map.as_ptr() as usize;
        let slot = (0..SLOTS).find(|&i| {
            LENS[i].load(Ordering::SeqCst) == 0
                && STARTS[i]
                    .compare_exchange(0, start, Ordering::SeqCst, Ordering::SeqCst)
                    .is_ok()
        });
        if let Some(i) = slot {
            LENS[i].store(map.len(), Ordering::SeqCst);
        }
        GuardedMap { map, slot }
    }
}

impl std::ops::Deref for GuardedMap {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.map
    }
}

impl Drop for GuardedMap {
    fn drop(&mut self) {
        if let Some(i) = self.slot {
            LENS[i].store(0, Ordering::SeqCst);
            STARTS[i].store(0, Ordering::SeqCst);
        }
    }
}

/// Whether a guarded map was found truncated since the last call.
pub fn take_truncated() -> bool {
    TRUNCATED.swap(false, Ordering::SeqCst)
}

fn install() {
    INSTALL.call_once(|| {
        // SAFETY: sysconf is always safe to call.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        if page > 0 {
            PAGE.store(page as usize, Ordering::SeqCst);
        }
        // A plain sigaction, not signal-hook's registry: the registry
        // chains to the handler it replaced, and the one std installs for
        // stack overflows resets SIGBUS to its default, so the next
        // truncated page would kill us.
        // SAFETY: a zeroed sigaction is valid; the handler is async-signal
        // safe (atomics, mmap, sigaction).
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_sigbus as *const () as usize;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_NODEFER;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut());
        }
    });
}

extern "C" fn on_sigbus(_sig: libc::c_int, info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo with SA_SIGINFO, and SIGBUS
    // carries the faulting address.
    let addr = unsafe { (*info).si_addr() } as usize;
    let page = PAGE.load(Ordering::SeqCst);
    for i in 0..SLOTS {
        let start = STARTS[i].load(Ordering::SeqCst);
        let len = LENS[i].load(Ordering::SeqCst);
        if start != 0 && addr >= start && addr < start + len {
            let at = addr & !(page - 1);
            // SAFETY: the page lies inside our own read-only map; a
            // private anonymous page of zeros replaces it.
            let p = unsafe {
                libc::mmap(
                    at as *mut libc::c_void,
                    page,
                    libc::PROT_READ,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                    -1,
                    0,
                )
            };
            if p != libc::MAP_FAILED {
                TRUNCATED.store(true, Ordering::SeqCst);
                return;
            }
        }
    }
    // Not one of ours: back to the default action; returning retries the
    // access, which then ends the process as SIGBUS would have.
    // SAFETY: resetting a disposition is async-signal safe.
    unsafe {
        libc::signal(libc::SIGBUS, libc::SIG_DFL);
    }
}
