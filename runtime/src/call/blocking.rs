//! Running a call without an async runtime.

#[cfg(not(feature = "http"))]
use std::future::Future;
#[cfg(feature = "http")]
use std::sync::OnceLock;

#[cfg(feature = "http")]
use crate::Error;

/// One small runtime shared by all blocking calls, so that pooled connections survive
/// between calls.
#[cfg(feature = "http")]
pub(super) fn blocking_runtime() -> Result<&'static tokio::runtime::Runtime, Error> {
    static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("sogen-blocking")
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::Config(format!("cannot start the blocking runtime: {e}")))
}

/// Without Tokio: polls the future on this thread, parking between wake-ups.
#[cfg(not(feature = "http"))]
pub(super) fn block_on<F: Future>(future: F) -> F::Output {
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::park();
    }
}
