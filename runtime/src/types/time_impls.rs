//! Conversions with the `time` crate (feature `time`), exact both ways or an error.
//!
//! | `DateTime` offset | `time` type |
//! | --- | --- |
//! | none (NetServer's local times) | `PrimitiveDateTime` |
//! | `Z` | `UtcDateTime` (or `OffsetDateTime`, as `+00:00`) |
//! | `+hh:mm` | `OffsetDateTime` (or `UtcDateTime`, the same instant) |
//!
//! A value without offset converts only to `PrimitiveDateTime`: it is a wall-clock time in
//! the zone of the call's `TimeZone` header, not an instant; give it its zone first
//! (`t.with_offset(Offset::Minutes(60))`, or `assume_offset` on the `time` side). A value
//! with an offset converts only to the zoned types; drop the offset explicitly with
//! `with_offset(Offset::None)` for a `PrimitiveDateTime` of its wall clock.
//!
//! Back from `time`, `UtcDateTime` gives `Z` and `OffsetDateTime` gives `+hh:mm` (`+00:00`
//! too). The number of fraction digits written is the fewest that hold the nanoseconds.
//! Errors: years beyond `time`'s ±9999 (without its `large-dates` feature), offsets that
//! are not whole minutes or exceed ±14:00.

use time::{OffsetDateTime, PrimitiveDateTime, UtcDateTime, UtcOffset};

use super::conversion::{ConversionError, CALENDAR, HAS_OFFSET, NO_OFFSET, OFFSET, OVERFLOW, YEAR};
use super::{DateTime, Duration, Offset};

fn from_parts(date: time::Date, clock: time::Time, offset: Offset) -> DateTime {
    DateTime::new(
        date.year(),
        date.month().into(),
        date.day(),
        clock.hour(),
        clock.minute(),
        clock.second(),
    )
    // `time`'s years (±999999 at most) and fields are always valid here.
    .unwrap_or_default()
    .with_nanos(clock.nanosecond())
    .with_offset(offset)
}

/// The wall clock, whatever the offset.
fn to_primitive(t: DateTime) -> Result<PrimitiveDateTime, ConversionError> {
    let month = time::Month::try_from(t.month()).map_err(|_| YEAR)?;
    let date = time::Date::from_calendar_date(t.year(), month, t.day()).map_err(|_| YEAR)?;
    let clock = time::Time::from_hms_nano(t.hour(), t.minute(), t.second(), t.nanosecond())
        .map_err(|_| YEAR)?;
    Ok(PrimitiveDateTime::new(date, clock))
}

fn to_offset_date_time(t: DateTime) -> Result<OffsetDateTime, ConversionError> {
    let minutes = t.offset().minutes().ok_or(NO_OFFSET)?;
    let offset = UtcOffset::from_whole_seconds(i32::from(minutes) * 60).map_err(|_| OFFSET)?;
    let local = to_primitive(t)?;
    let zoned = OffsetDateTime::new_in_offset(local.date(), local.time(), offset);
    // Its UTC instant must exist too (9999-12-31T23:00-05:00 is in year 10000).
    zoned.checked_to_utc().ok_or(YEAR)?;
    Ok(zoned)
}

impl From<PrimitiveDateTime> for DateTime {
    /// A value without offset.
    fn from(t: PrimitiveDateTime) -> Self {
        from_parts(t.date(), t.time(), Offset::None)
    }
}

impl From<UtcDateTime> for DateTime {
    /// A `Z` value.
    fn from(t: UtcDateTime) -> Self {
        from_parts(t.date(), t.time(), Offset::Utc)
    }
}

impl TryFrom<OffsetDateTime> for DateTime {
    type Error = ConversionError;
    /// A value with the offset as `+hh:mm` (`+00:00` included), the local wall clock kept.
    fn try_from(t: OffsetDateTime) -> Result<Self, Self::Error> {
        let seconds = t.offset().whole_seconds();
        if seconds % 60 != 0 || seconds.abs() > 840 * 60 {
            return Err(OFFSET);
        }
        let offset = Offset::Minutes((seconds / 60) as i16);
        Ok(from_parts(t.date(), t.time(), offset))
    }
}

impl TryFrom<DateTime> for PrimitiveDateTime {
    type Error = ConversionError;
    /// Only a value without offset (see the table above).
    fn try_from(t: DateTime) -> Result<Self, Self::Error> {
        if t.offset() != Offset::None {
            return Err(HAS_OFFSET);
        }
        to_primitive(t)
    }
}

impl TryFrom<DateTime> for OffsetDateTime {
    type Error = ConversionError;
    /// Only a value with an offset or `Z` (as `+00:00`).
    fn try_from(t: DateTime) -> Result<Self, Self::Error> {
        to_offset_date_time(t)
    }
}

impl TryFrom<DateTime> for UtcDateTime {
    type Error = ConversionError;
    /// Only a value with an offset or `Z`: the same instant in UTC.
    fn try_from(t: DateTime) -> Result<Self, Self::Error> {
        to_offset_date_time(t)?.checked_to_utc().ok_or(YEAR)
    }
}

impl From<time::Duration> for Duration {
    /// Split into days, hours, minutes and seconds; negative durations set `negative`.
    fn from(d: time::Duration) -> Self {
        Duration {
            negative: d.is_negative(),
            ..Duration::from_std(d.unsigned_abs())
        }
    }
}

impl TryFrom<Duration> for time::Duration {
    type Error = ConversionError;
    /// Fails for years or months (no fixed length) and beyond `time`'s range.
    fn try_from(d: Duration) -> Result<Self, Self::Error> {
        if d.years != 0 || d.months != 0 {
            return Err(CALENDAR);
        }
        let magnitude = Duration {
            negative: false,
            ..d
        }
        .to_std()
        .ok_or(OVERFLOW)?;
        let duration = time::Duration::try_from(magnitude).map_err(|_| OVERFLOW)?;
        if d.negative {
            duration.checked_neg().ok_or(OVERFLOW)
        } else {
            Ok(duration)
        }
    }
}
