//! Rust types for the XML Schema primitives that have no exact std counterpart.

mod any;
mod datetime;
mod decimal;
mod duration;
mod guid;
mod qname;

pub use any::{AnyValue, SER_NS};
pub use datetime::{DateTime, InvalidDateTime, Offset};
pub use decimal::{Decimal, InvalidDecimal};
pub use duration::{Duration, InvalidDuration};
pub use guid::{Guid, InvalidGuid};
pub use qname::QName;
