//! A process-wide `tracing` subscriber that writes every span, event (with its level) and
//! field, formatted with `Debug`, into one string: for the tests that check what reaches
//! the logs, and that no secret does.
//!
//! Install it first thing, in a test binary of its own: `tracing` caches each callsite's
//! interest for the whole process, so a subscriber set later (or a thread-local one) can
//! miss callsites another test registered first. Every test of the binary that calls
//! `install` shares the one log (tests run in parallel: each looks for its own secrets).

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Installs the subscriber (once per binary); returns what it has written so far, and
/// will write.
pub fn install() -> Arc<Mutex<String>> {
    static LOG: OnceLock<Arc<Mutex<String>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Arc::new(Mutex::new(String::new()));
        tracing::subscriber::set_global_default(Capture {
            out: log.clone(),
            next_id: AtomicU64::new(0),
        })
        .expect("the first subscriber of this test binary");
        log
    })
    .clone()
}

/// Writes every span, event and field, formatted with `Debug`, into one string.
struct Capture {
    out: Arc<Mutex<String>>,
    next_id: AtomicU64,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut out = self.out.lock().unwrap();
        let _ = write!(out, "\nspan {}:", span.metadata().name());
        span.record(&mut Fields(&mut out));
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Fields(&mut self.out.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut out = self.out.lock().unwrap();
        let meta = event.metadata();
        let _ = write!(out, "\nevent {}: level={}", meta.target(), meta.level());
        event.record(&mut Fields(&mut out));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}
