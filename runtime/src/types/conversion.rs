//! The error of the `chrono` and `time` conversions (features `chrono`, `time`).

/// A value has no exact counterpart in the other type (the conversions never round).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("no exact conversion: {reason}")]
pub struct ConversionError {
    reason: &'static str,
}

impl ConversionError {
    pub(crate) const fn new(reason: &'static str) -> Self {
        ConversionError { reason }
    }

    /// Why, such as `"a DateTime without offset is no instant"`.
    pub fn reason(self) -> &'static str {
        self.reason
    }
}

pub(crate) const NO_OFFSET: ConversionError = ConversionError::new(
    "a DateTime without offset is a local time, not an instant: give it one with \
     with_offset, or convert to the type without offset",
);
pub(crate) const HAS_OFFSET: ConversionError = ConversionError::new(
    "a DateTime with an offset or Z is an instant: convert to the type with offset, or drop \
     it with with_offset(Offset::None)",
);
pub(crate) const YEAR: ConversionError =
    ConversionError::new("the year is outside the other type's range");
#[cfg(feature = "chrono")]
pub(crate) const LEAP_SECOND: ConversionError =
    ConversionError::new("xs:dateTime has no leap second");
pub(crate) const OFFSET: ConversionError =
    ConversionError::new("xs:dateTime offsets are whole minutes within ±14:00");
pub(crate) const CALENDAR: ConversionError =
    ConversionError::new("a duration with years or months has no fixed length");
pub(crate) const OVERFLOW: ConversionError =
    ConversionError::new("the duration is outside the other type's range");
