//! Work split over the machine's cores, for the few places where a command's own CPU
//! work is worth it (a thousand live users to parse and compare): two halves, the second
//! on a scoped thread.

/// The cores this process may use, read once: the standard library reads the cgroup's
/// quota files on every call.
pub(crate) fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `work` on the two halves of `items`, the second half on a thread of its own; on one
/// thread for fewer than `at_least` items (a thread costs more than small work), or on
/// a single core.
pub(crate) fn on_two_threads<'i, T: Sync, R: Send>(
    items: &'i [T],
    at_least: usize,
    work: impl Fn(&'i [T]) -> R + Sync,
) -> Vec<R> {
    if items.len() < at_least.max(2) || cores() < 2 {
        return vec![work(items)];
    }
    let (a, b) = items.split_at(items.len() / 2);
    let work = &work;
    std::thread::scope(|scope| {
        let second = scope.spawn(move || work(b));
        let first = work(a);
        let second = second
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        vec![first, second]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_threads_give_the_halves_in_order() {
        let items: Vec<usize> = (0..101).collect();
        let parts = on_two_threads(&items, 2, |part| part.to_vec());
        assert_eq!(parts.concat(), items);
        assert_eq!(on_two_threads(&items[..1], 2, |part| part.len()), vec![1]);
        // Fewer than `at_least`: one part, all of it.
        assert_eq!(on_two_threads(&items, 102, |part| part.len()), vec![101]);
    }
}
