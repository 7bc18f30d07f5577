//! Conversions with chrono (feature `chrono`), exact both ways or an error.
//!
//! | `DateTime` offset | chrono type |
//! | --- | --- |
//! | none (NetServer's local times) | `NaiveDateTime` |
//! | `Z` | `chrono::DateTime<Utc>` (or `<FixedOffset>`, as `+00:00`) |
//! | `+hh:mm` | `chrono::DateTime<FixedOffset>` (or `<Utc>`, the same instant) |
//!
//! A value without offset converts only to `NaiveDateTime`: it is a wall-clock time in the
//! zone of the call's `TimeZone` header, not an instant. Give it its zone first
//! (`t.with_offset(Offset::Minutes(60))`) or use `naive.and_local_timezone(tz)` on the chrono
//! side. A value with an offset converts only to the zoned types; drop the offset
//! explicitly with `with_offset(Offset::None)` for a `NaiveDateTime` of its wall clock.
//!
//! Back from chrono, `Utc` gives `Z` and `FixedOffset` gives `+hh:mm` (`+00:00` too). The
//! number of fraction digits written is the fewest that hold the nanoseconds. Errors:
//! years chrono cannot hold (beyond ±262143), chrono's leap seconds, offsets that are not
//! whole minutes or exceed ±14:00.

use chrono::{Datelike as _, FixedOffset, NaiveDateTime, TimeDelta, Timelike as _, Utc};

use super::conversion::{
    ConversionError, CALENDAR, HAS_OFFSET, LEAP_SECOND, NO_OFFSET, OFFSET, OVERFLOW, YEAR,
};
use super::{DateTime, Duration, Offset};

fn from_naive(t: &NaiveDateTime, offset: Offset) -> Result<DateTime, ConversionError> {
    if t.nanosecond() >= 1_000_000_000 {
        return Err(LEAP_SECOND);
    }
    let d = DateTime::new(
        t.year(),
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .ok_or(YEAR)?;
    Ok(d.with_nanos(t.nanosecond()).with_offset(offset))
}

/// The wall clock, whatever the offset.
fn to_naive(t: DateTime) -> Result<NaiveDateTime, ConversionError> {
    chrono::NaiveDate::from_ymd_opt(t.year(), t.month().into(), t.day().into())
        .and_then(|d| {
            d.and_hms_nano_opt(
                t.hour().into(),
                t.minute().into(),
                t.second().into(),
                t.nanosecond(),
            )
        })
        .ok_or(YEAR)
}

fn fixed_offset(t: DateTime) -> Result<FixedOffset, ConversionError> {
    let minutes = t.offset().minutes().ok_or(NO_OFFSET)?;
    FixedOffset::east_opt(i32::from(minutes) * 60).ok_or(OFFSET)
}

impl TryFrom<NaiveDateTime> for DateTime {
    type Error = ConversionError;
    /// A value without offset.
    fn try_from(t: NaiveDateTime) -> Result<Self, Self::Error> {
        from_naive(&t, Offset::None)
    }
}

impl TryFrom<chrono::DateTime<Utc>> for DateTime {
    type Error = ConversionError;
    /// A `Z` value.
    fn try_from(t: chrono::DateTime<Utc>) -> Result<Self, Self::Error> {
        from_naive(&t.naive_utc(), Offset::Utc)
    }
}

impl TryFrom<chrono::DateTime<FixedOffset>> for DateTime {
    type Error = ConversionError;
    /// A value with the offset as `+hh:mm` (`+00:00` included), the local wall clock kept.
    fn try_from(t: chrono::DateTime<FixedOffset>) -> Result<Self, Self::Error> {
        let seconds = t.offset().local_minus_utc();
        if seconds % 60 != 0 || seconds.abs() > 840 * 60 {
            return Err(OFFSET);
        }
        from_naive(&t.naive_local(), Offset::Minutes((seconds / 60) as i16))
    }
}

impl TryFrom<DateTime> for NaiveDateTime {
    type Error = ConversionError;
    /// Only a value without offset (see the table above).
    fn try_from(t: DateTime) -> Result<Self, Self::Error> {
        if t.offset() != Offset::None {
            return Err(HAS_OFFSET);
        }
        to_naive(t)
    }
}

impl TryFrom<DateTime> for chrono::DateTime<FixedOffset> {
    type Error = ConversionError;
    /// Only a value with an offset or `Z` (as `+00:00`).
    fn try_from(t: DateTime) -> Result<Self, Self::Error> {
        let offset = fixed_offset(t)?;
        let local = to_naive(t)?;
        let utc = local.checked_sub_offset(offset).ok_or(YEAR)?;
        Ok(chrono::DateTime::from_naive_utc_and_offset(utc, offset))
    }
}

impl TryFrom<DateTime> for chrono::DateTime<Utc> {
    type Error = ConversionError;
    /// Only a value with an offset or `Z`: the same instant in UTC.
    fn try_from(t: DateTime) -> Result<Self, Self::Error> {
        let zoned = chrono::DateTime::<FixedOffset>::try_from(t)?;
        Ok(zoned.with_timezone(&Utc))
    }
}

impl From<TimeDelta> for Duration {
    /// Split into days, hours, minutes and seconds; negative deltas set `negative`.
    fn from(d: TimeDelta) -> Self {
        // |TimeDelta::MIN| fits: chrono's range is symmetric.
        let magnitude = d.abs().to_std().unwrap_or_default();
        Duration {
            negative: d < TimeDelta::zero(),
            ..Duration::from_std(magnitude)
        }
    }
}

impl TryFrom<Duration> for TimeDelta {
    type Error = ConversionError;
    /// Fails for years or months (no fixed length) and beyond chrono's range.
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
        let delta = TimeDelta::from_std(magnitude).map_err(|_| OVERFLOW)?;
        Ok(if d.negative { -delta } else { delta })
    }
}
