//! Rust types for the XML Schema primitives that have no exact std counterpart.

mod any;
#[cfg(feature = "chrono")]
mod chrono_impls;
#[cfg(any(feature = "chrono", feature = "time"))]
mod conversion;
mod datetime;
mod decimal;
mod duration;
mod extension;
mod guid;
mod items;
mod map;
mod qname;
#[cfg(feature = "time")]
mod time_impls;

pub use any::{AnyValue, SER_NS};
#[cfg(any(feature = "chrono", feature = "time"))]
pub use conversion::ConversionError;
pub use datetime::{DateTime, InvalidDateTime, Offset, Weekday};
pub use decimal::{Decimal, InvalidDecimal};
pub use duration::{Duration, InvalidDuration};
pub use extension::ExtensionData;
pub use guid::{Guid, InvalidGuid};
pub use items::{items, FromItems, PresentItems};
pub use map::{Map, MapKey};
pub use qname::QName;
