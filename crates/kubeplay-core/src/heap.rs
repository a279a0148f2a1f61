//! Growing the wasm heap ahead of need. dlmalloc asks the host for memory 64 KiB at a time, and
//! every `memory.grow` costs the JavaScript engine more than the allocation: V8 replaces the
//! memory's ArrayBuffer and later collects the old ones. At 150,000 pods that was 14,000 grows and
//! a third of the run. When the heap has grown since the last look, a block of half the heap (at
//! most 16 MiB) is allocated and freed at once: dlmalloc keeps it as free space, so the next
//! allocations need no host call. Natively this does nothing.

#[cfg(target_arch = "wasm32")]
thread_local! {
    static SEEN_PAGES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The most a look reserves ahead.
#[cfg(target_arch = "wasm32")]
const MAX_AHEAD: usize = 16 << 20;

/// Reserves free heap ahead when the heap has grown since the last call (cheap otherwise: one
/// `memory.size`).
#[inline]
pub fn grow_ahead() {
    #[cfg(target_arch = "wasm32")]
    {
        let pages = core::arch::wasm32::memory_size(0);
        if pages > SEEN_PAGES.with(std::cell::Cell::get) {
            let ahead = (pages * 65536 / 2).min(MAX_AHEAD);
            // try_reserve: near the host's limit the reservation fails quietly, and only the
            // allocation that was really needed can still succeed or fail on its own.
            let mut block: Vec<u8> = Vec::new();
            if block.try_reserve_exact(ahead).is_ok() {
                // Without this the allocator pair would be optimised away.
                std::hint::black_box(&block);
            }
            drop(block);
            SEEN_PAGES.with(|s| s.set(core::arch::wasm32::memory_size(0)));
        }
    }
}
