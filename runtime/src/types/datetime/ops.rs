//! Making and moving [`DateTime`]s: now, dates, times of day, weekdays, arithmetic, zones.

use std::time::{SystemTime, UNIX_EPOCH};

use super::calendar::{civil_from_days, days_from_civil, days_in_month, weekday_of, Weekday};
use super::{DateTime, Offset};
use crate::Duration;

const DAY: i64 = 86_400;

impl Offset {
    /// Minutes east of UTC: `Some(0)` for `Z`, `None` without a zone.
    pub fn minutes(self) -> Option<i16> {
        match self {
            Offset::None => None,
            Offset::Utc => Some(0),
            Offset::Minutes(m) => Some(m),
        }
    }
}

/// Making and moving values. A value without a zone ([`Offset::None`], what NetServer
/// sends: a local time in the zone of the `TimeZone` header) is a wall-clock time: days and
/// times are added to the clock, and it is not an instant until given a zone with
/// [`with_offset`](DateTime::with_offset).
///
/// ```
/// use sogen_runtime::{DateTime, Duration, Offset, Weekday};
/// let now = DateTime::new(2024, 2, 29, 16, 30, 0).unwrap(); // a Thursday
/// let next_monday = now.next_weekday(Weekday::Monday).at(9, 0, 0).unwrap();
/// assert_eq!(next_monday.to_string(), "2024-03-04T09:00:00");
/// let week = now.start_of_week();
/// assert_eq!(week.to_string(), "2024-02-26T00:00:00");
/// assert_eq!(week.add_days(7).unwrap().to_string(), "2024-03-04T00:00:00");
/// let later = now.checked_add(Duration::from_hours(36)).unwrap();
/// assert_eq!(later.to_string(), "2024-03-02T04:30:00");
/// assert_eq!(now.checked_add("P1Y".parse().unwrap()).unwrap().to_string(), "2025-02-28T16:30:00");
///
/// // The same instant in another zone; the wall clock of the server's zone, without offset.
/// let utc = DateTime::new(2024, 6, 1, 22, 0, 0).unwrap().with_offset(Offset::Utc);
/// let oslo = utc.to_offset(Offset::Minutes(120)).unwrap();
/// assert_eq!(oslo.to_string(), "2024-06-02T00:00:00+02:00");
/// assert_eq!(oslo.with_offset(Offset::None).to_string(), "2024-06-02T00:00:00");
/// assert_eq!(oslo.duration_since(utc), Some(std::time::Duration::ZERO));
/// ```
impl DateTime {
    /// The current time in UTC (`Z`), from the system clock.
    pub fn now_utc() -> DateTime {
        DateTime::from_system_time(SystemTime::now())
    }

    /// `time` in UTC (`Z`) (`DateTime::default()` for a time past year `i32::MAX`, which
    /// no clock shows).
    pub fn from_system_time(time: SystemTime) -> DateTime {
        let (secs, nanos) = match time.duration_since(UNIX_EPOCH) {
            Ok(d) => (d.as_secs() as i64, d.subsec_nanos()),
            Err(before) => {
                let d = before.duration();
                let secs = -(d.as_secs() as i64);
                match d.subsec_nanos() {
                    0 => (secs, 0),
                    n => (secs - 1, 1_000_000_000 - n),
                }
            }
        };
        DateTime::from_clock_seconds(secs, nanos, Offset::Utc).unwrap_or_default()
    }

    /// The instant, for a value with a zone; `None` without one (a wall-clock time) or
    /// beyond what `SystemTime` holds.
    pub fn to_system_time(self) -> Option<SystemTime> {
        let secs = self.utc_seconds()?;
        let since = std::time::Duration::new(secs.unsigned_abs(), 0);
        let whole = if secs >= 0 {
            UNIX_EPOCH.checked_add(since)?
        } else {
            UNIX_EPOCH.checked_sub(since)?
        };
        whole.checked_add(std::time::Duration::from_nanos(u64::from(self.nanos)))
    }

    /// Midnight of `year-month-day`, without zone; `None` for a date that does not exist.
    pub fn from_date(year: i32, month: u8, day: u8) -> Option<DateTime> {
        DateTime::new(year, month, day, 0, 0, 0)
    }

    /// The same day and zone at `hour:minute:second` (no fraction); `None` when out of range.
    pub fn at(self, hour: u8, minute: u8, second: u8) -> Option<DateTime> {
        let t = DateTime::new(self.year, self.month, self.day, hour, minute, second)?;
        Some(t.with_offset(self.offset))
    }

    /// Midnight of the same day, same zone.
    pub fn start_of_day(self) -> DateTime {
        DateTime {
            hour: 0,
            minute: 0,
            second: 0,
            nanos: 0,
            frac_digits: 0,
            ..self
        }
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        weekday_of(self.day_number())
    }

    /// Monday 00:00 of this ISO week (the same day when it is a Monday), same zone.
    pub fn start_of_week(self) -> DateTime {
        let back = i64::from(self.weekday().days_from_monday());
        // At most six days back from a valid date: only year i32::MIN can underflow.
        self.add_days(-back).unwrap_or(self).start_of_day()
    }

    /// The next `weekday` after this day (a week on when it is that day), same time of day
    /// and zone (unchanged in the last week of year `i32::MAX`).
    pub fn next_weekday(self, weekday: Weekday) -> DateTime {
        let today = i64::from(self.weekday().days_from_monday());
        let ahead = (i64::from(weekday.days_from_monday()) - today).rem_euclid(7);
        self.add_days(if ahead == 0 { 7 } else { ahead })
            .unwrap_or(self)
    }

    /// `days` later (earlier when negative), same time of day and zone; `None` past year
    /// `i32::MAX` or before `i32::MIN`.
    pub fn add_days(self, days: i64) -> Option<DateTime> {
        let (year, month, day) = civil_from_days(self.day_number().checked_add(days)?)?;
        Some(DateTime {
            year,
            month,
            day,
            ..self
        })
    }

    /// Plus an `xs:duration`, as XML Schema adds them (XSD 1.0 appendix E): years and
    /// months first, the day then pinned to the end of a shorter month (Jan 31 + P1M is
    /// Feb 29 or 28), then days, hours, minutes and seconds. The zone is kept; a value with
    /// a zone stays the same wall clock plus the duration (no daylight-saving shifts, as
    /// in the offset itself). `None` on overflow.
    pub fn checked_add(self, d: Duration) -> Option<DateTime> {
        let sign: i64 = if d.negative { -1 } else { 1 };
        let months = i64::try_from(d.years.checked_mul(12)?.checked_add(d.months)?).ok()?;
        let month0 = (i64::from(self.month) - 1).checked_add(sign * months)?;
        let year = i32::try_from(i64::from(self.year).checked_add(month0.div_euclid(12))?).ok()?;
        let month = (month0.rem_euclid(12) + 1) as u8;
        let day = self.day.min(days_in_month(year, month));
        let moved = DateTime {
            year,
            month,
            day,
            ..self
        };
        let secs = i64::try_from(
            d.days
                .checked_mul(86_400)?
                .checked_add(d.hours.checked_mul(3_600)?)?
                .checked_add(d.minutes.checked_mul(60)?)?
                .checked_add(d.seconds)?,
        )
        .ok()?;
        let mut nanos = i64::from(moved.nanos) + sign * i64::from(d.nanos);
        let mut clock = moved.clock_seconds().checked_add(sign.checked_mul(secs)?)?;
        clock = clock.checked_add(nanos.div_euclid(1_000_000_000))?;
        nanos = nanos.rem_euclid(1_000_000_000);
        let t = DateTime::from_clock_seconds(clock, nanos as u32, self.offset)?;
        Some(if d.nanos == 0 {
            DateTime {
                frac_digits: self.frac_digits,
                ..t
            }
        } else {
            t
        })
    }

    /// Minus an `xs:duration`: [`checked_add`](Self::checked_add) of its negation.
    pub fn checked_sub(self, d: Duration) -> Option<DateTime> {
        self.checked_add(d.negated())
    }

    /// The same instant with another zone (`Z` or an offset); `None` for a value without
    /// zone (it is no instant), for `offset` [`Offset::None`] (use
    /// [`with_offset`](Self::with_offset) to drop the zone and keep the clock), or past the
    /// year range.
    pub fn to_offset(self, offset: Offset) -> Option<DateTime> {
        let from = i64::from(self.offset.minutes()?);
        let to = i64::from(offset.clamped().minutes()?);
        let clock = self.clock_seconds() + (to - from) * 60;
        let t = DateTime::from_clock_seconds(clock, self.nanos, offset)?;
        Some(DateTime {
            frac_digits: self.frac_digits,
            ..t
        })
    }

    /// How long after `earlier` this is: between two instants (both with a zone) or two
    /// wall-clock times (both without); `None` when only one has a zone or `earlier` is later.
    pub fn duration_since(self, earlier: DateTime) -> Option<std::time::Duration> {
        let (a, b) = match (self.offset, earlier.offset) {
            (Offset::None, Offset::None) => (self.clock_seconds(), earlier.clock_seconds()),
            (Offset::None, _) | (_, Offset::None) => return None,
            _ => (self.utc_seconds()?, earlier.utc_seconds()?),
        };
        let nanos =
            i128::from(a - b) * 1_000_000_000 + i128::from(self.nanos) - i128::from(earlier.nanos);
        let nanos = u128::try_from(nanos).ok()?;
        let secs = u64::try_from(nanos / 1_000_000_000).ok()?;
        Some(std::time::Duration::new(
            secs,
            (nanos % 1_000_000_000) as u32,
        ))
    }

    /// Days from 1970-01-01 to this date.
    fn day_number(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// Seconds from 1970-01-01T00:00:00 to the wall clock, ignoring the zone.
    pub(crate) fn clock_seconds(self) -> i64 {
        self.day_number() * DAY
            + i64::from(self.hour) * 3_600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    /// Seconds since the Unix epoch of the instant; `None` without a zone.
    pub(crate) fn utc_seconds(self) -> Option<i64> {
        let minutes = i64::from(self.offset.minutes()?);
        Some(self.clock_seconds() - minutes * 60)
    }

    /// The wall clock `secs` after 1970-01-01T00:00:00, with `nanos` and `offset` (`None`
    /// past the year range).
    pub(crate) fn from_clock_seconds(secs: i64, nanos: u32, offset: Offset) -> Option<DateTime> {
        let (year, month, day) = civil_from_days(secs.div_euclid(DAY))?;
        let rest = secs.rem_euclid(DAY);
        let t = DateTime::new(
            year,
            month,
            day,
            (rest / 3_600) as u8,
            (rest / 60 % 60) as u8,
            (rest % 60) as u8,
        )?;
        Some(t.with_nanos(nanos).with_offset(offset))
    }
}
