//! A memory map that survives its file being truncated.
//!
//! When another process truncates a mapped file, touching a page past the
//! new end raises SIGBUS, which kills the process (ripgrep and lnav know
//! it; see NOTES.md). Here a SIGBUS handler checks that the faulting
//! address lies in one of our read-only maps, puts a page of zeros there,
//! notes it (for that map and globally), and returns: the read goes on and
//! finds zeros, the reader sees the flag and reads the file again. A fault
//! anywhere else is left to kill the process as it would have.
//!
//! Any number of maps can be guarded at once. Each live map holds a slot
//! in a global, append-only, lock-free list: a new map takes a free slot
//! or pushes a new one, a dropped map frees its slot for the next. Slots
//! are leaked, never freed, so the handler can walk the list at any time
//! without locks or allocation; there are never more of them than the
//! most maps that were alive at once.

use std::ptr;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};

/// Where one live map lies. Free when `start` is 0.
struct Slot {
    /// The map's first byte; 0 for a free slot.
    start: AtomicUsize,
    /// The map's length; 0 while the slot is being taken or freed.
    len: AtomicUsize,
    /// Whether the handler put zeros in this map.
    truncated: AtomicBool,
    /// The next slot in the list; set before the slot is pushed, never
    /// changed after.
    next: AtomicPtr<Slot>,
}

/// The list of slots, newest first.
static HEAD: AtomicPtr<Slot> = AtomicPtr::new(ptr::null_mut());
static PAGE: AtomicUsize = AtomicUsize::new(4096);
static TRUNCATED: AtomicBool = AtomicBool::new(false);
static INSTALL: Once = Once::new();

/// The slots, newest first. Safe in the signal handler: no locks, no
/// allocation, and slots are never freed.
fn slots() -> impl Iterator<Item = &'static Slot> {
    let mut at = HEAD.load(Ordering::SeqCst);
    std::iter::from_fn(move || {
        // SAFETY: every pointer in the list comes from `Box::leak` and is
        // never freed.
        let slot = unsafe { at.as_ref() }?;
        at = slot.next.load(Ordering::SeqCst);
        Some(slot)
    })
}

/// Takes a slot for the map at `start`, `len` bytes long: a free one, or a
/// new one pushed on the list.
fn claim(start: usize, len: usize) -> &'static Slot {
    for slot in slots() {
        if slot
            .start
            .compare_exchange(0, start, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
        {
            // The handler ignores the slot until its length is set, so the
            // flag is reset before.
            slot.truncated.store(false, Ordering::SeqCst);
            slot.len.store(len, Ordering::SeqCst);
            return slot;
        }
    }
    // No free slot: a new one, complete before anyone can see it.
    let slot: &'static Slot = Box::leak(Box::new(Slot {
        start: AtomicUsize::new(start),
        len: AtomicUsize::new(len),
        truncated: AtomicBool::new(false),
        next: AtomicPtr::new(ptr::null_mut()),
    }));
    let mut head = HEAD.load(Ordering::SeqCst);
    loop {
        slot.next.store(head, Ordering::SeqCst);
        match HEAD.compare_exchange(
            head,
            ptr::from_ref(slot).cast_mut(),
            Ordering::SeqCst,
            Ordering::SeqCst,
        ) {
            Ok(_) => return slot,
            Err(now) => head = now,
        }
    }
}

/// How many slots there are, free or taken.
#[cfg(test)]
fn slot_count() -> usize {
    slots().count()
}

/// A read-only map of a file, guarded while it lives.
pub struct GuardedMap {
    map: memmap2::Mmap,
    /// The map's slot; none for an empty map, which has no page to fault.
    slot: Option<&'static Slot>,
}

impl GuardedMap {
    /// Guards `map`.
    pub fn new(map: memmap2::Mmap) -> GuardedMap {
        install();
        let start = map.as_ptr() as usize;
        let slot = (start != 0 && !map.is_empty()).then(|| claim(start, map.len()));
        GuardedMap { map, slot }
    }

    /// Whether this map read zeros for a page its file no longer has: the
    /// file was truncated while mapped, and the bytes are not the file's.
    pub fn was_truncated(&self) -> bool {
        self.slot
            .is_some_and(|slot| slot.truncated.load(Ordering::SeqCst))
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
        if let Some(slot) = self.slot {
            // Length first: once the start is 0 another map may take the
            // slot, and the handler must not pair it with this length.
            slot.len.store(0, Ordering::SeqCst);
            slot.start.store(0, Ordering::SeqCst);
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
    for slot in slots() {
        let start = slot.start.load(Ordering::SeqCst);
        let len = slot.len.load(Ordering::SeqCst);
        // A slot freed and taken again between the two loads would pair
        // one map's start with another's length: read the start again.
        if start == 0 || slot.start.load(Ordering::SeqCst) != start {
            continue;
        }
        if addr >= start && addr - start < len {
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
                slot.truncated.store(true, Ordering::SeqCst);
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn page() -> usize {
        // SAFETY: sysconf is always safe to call.
        unsafe { libc::sysconf(libc::_SC_PAGESIZE) as usize }
    }

    fn file(pages: usize, byte: u8) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(&vec![byte; pages * page()]).unwrap();
        f.flush().unwrap();
        f
    }

    fn map(f: &tempfile::NamedTempFile) -> GuardedMap {
        // SAFETY: read-only map of a temporary file only this test touches.
        GuardedMap::new(unsafe { memmap2::Mmap::map(f.as_file()) }.unwrap())
    }

    /// Keeps these tests from counting each other's slots.
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn serial() -> std::sync::MutexGuard<'static, ()> {
        SERIAL.lock().unwrap_or_else(|e| e.into_inner())
    }

    // Other tests in this binary (opening dumps) may hold a few guarded
    // maps at the same time, so the counts below leave room for them.

    #[test]
    fn dropped_maps_give_their_slots_back() {
        let _serial = serial();
        let f = file(1, b'a');
        let before = slot_count();
        for _ in 0..1000 {
            let m = map(&f);
            assert_eq!(m[0], b'a');
        }
        assert!(slot_count() <= before + 64, "{before} -> {}", slot_count());

        // Many at once need as many slots; once dropped, the next batch
        // takes the same ones.
        let maps: Vec<_> = (0..100).map(|_| map(&f)).collect();
        assert!(slot_count() >= 100);
        drop(maps);
        let peak = slot_count();
        for _ in 0..5 {
            let maps: Vec<_> = (0..100).map(|_| map(&f)).collect();
            assert!(maps.iter().all(|m| m[0] == b'a'));
        }
        assert!(slot_count() <= peak + 64, "{peak} -> {}", slot_count());
    }

    // No test here truncates a map: the handler would set the global flag,
    // which the reader's and the command line's tests running alongside
    // take as their own dump cut. tests/guard_many_maps.rs does it.

    #[test]
    fn a_reused_slot_starts_untruncated() {
        let _serial = serial();
        let f = file(3, b'b');
        let m = map(&f);
        assert!(!m.was_truncated());
        // What the handler does for a cut page, without the global flag.
        m.slot.unwrap().truncated.store(true, Ordering::SeqCst);
        assert!(m.was_truncated());
        drop(m);

        // The slot goes back to the list and comes out clean.
        let maps: Vec<_> = (0..50).map(|_| map(&f)).collect();
        for m in &maps {
            assert!(m.iter().all(|&b| b == b'b'));
            assert!(!m.was_truncated());
        }
    }

    #[test]
    fn an_empty_map_needs_no_slot() {
        let f = tempfile::NamedTempFile::new().unwrap();
        let m = map(&f);
        assert!(m.is_empty());
        assert!(m.slot.is_none());
        assert!(!m.was_truncated());
    }
}
