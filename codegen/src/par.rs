//! The one parallel helper: an ordered map over a slice on a few threads.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Maps `f` over `items` on up to 8 threads (one per core), keeping the
/// order of `items` in the result. Jobs are taken one at a time, so a few
/// long ones (a version's `types.rs`) do not hold up the rest.
pub fn ordered_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    ordered_map_on(cores.min(8), items, f)
}

/// As [`ordered_map`], on `threads` threads (for work that waits on the
/// network rather than the CPU).
pub fn ordered_map_on<T: Sync, R: Send>(
    threads: usize,
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                *slots[i].lock().unwrap_or_else(|p| p.into_inner()) = Some(r);
            });
        }
    });
    slots
        .into_iter()
        .map(|m| m.into_inner().unwrap_or_else(|p| p.into_inner()))
        .collect::<Option<Vec<R>>>()
        // A worker that panicked re-raised its panic when the scope ended, so
        // every slot is filled here.
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order() {
        let items: Vec<u32> = (0..1000).collect();
        let out = super::ordered_map(&items, |x| x * 2);
        assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert!(super::ordered_map(&[] as &[u32], |x| *x).is_empty());
    }
}
