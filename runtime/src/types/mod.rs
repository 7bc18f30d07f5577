//! Rust types for the XML Schema primitives that have no exact std counterpart.

mod any;
mod datetime;
mod decimal;
mod duration;
mod extension;
mod guid;
mod map;
mod qname;

pub use any::{AnyValue, SER_NS};
pub use datetime::{DateTime, InvalidDateTime, Offset};
pub use decimal::{Decimal, InvalidDecimal};
pub use duration::{Duration, InvalidDuration};
pub use extension::ExtensionData;
pub use guid::{Guid, InvalidGuid};
pub use map::{Map, MapKey};
pub use qname::QName;
