//! Civil UTC dates to and from `SystemTime`: the `yyyyMMddHHmm` stamp of a signed system
//! user token, and `ValidUntil` (an `xs:dateTime`, read by [`DateTime`]) as a `SystemTime`.
//! The day arithmetic is Howard Hinnant's `days_from_civil` / `civil_from_days`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::types::{DateTime, Offset};

/// `now` in UTC as `yyyyMMddHHmm`, zero-padded; `None` before 1970 or after 9999.
pub(crate) fn utc_minute_stamp(now: SystemTime) -> Option<String> {
    let secs = now.duration_since(UNIX_EPOCH).ok()?.as_secs();
    let days = i64::try_from(secs / 86_400).ok()?;
    let (y, m, d) = civil_from_days(days);
    if y > 9999 {
        return None;
    }
    let rem = secs % 86_400;
    Some(format!(
        "{y:04}{m:02}{d:02}{:02}{:02}",
        rem / 3600,
        rem % 3600 / 60
    ))
}

/// The instant a [`DateTime`] denotes; one without zone is taken as UTC (what .NET
/// sends for `DateTimeKind.Utc` values serialized without `Z`). `None` if the platform
/// cannot represent it.
pub(crate) fn to_system_time(t: &DateTime) -> Option<SystemTime> {
    let days = days_from_civil(i64::from(t.year()), t.month().into(), t.day().into());
    let offset_minutes = match t.offset() {
        Offset::None | Offset::Utc => 0,
        Offset::Minutes(m) => i64::from(m),
    };
    let secs = days * 86_400
        + i64::from(t.hour()) * 3600
        + i64::from(t.minute()) * 60
        + i64::from(t.second())
        - offset_minutes * 60;
    let nanos = Duration::from_nanos(u64::from(t.nanosecond()));
    if secs >= 0 {
        UNIX_EPOCH
            .checked_add(Duration::from_secs(secs.unsigned_abs()))?
            .checked_add(nanos)
    } else {
        UNIX_EPOCH
            .checked_sub(Duration::from_secs(secs.unsigned_abs()))?
            .checked_add(nanos)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date `z` days after 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn minute_stamps_are_utc_and_zero_padded() {
        assert_eq!(utc_minute_stamp(at(0)).unwrap(), "197001010000");
        // 2024-02-29T09:05:59Z: leap day, single-digit fields, seconds dropped.
        assert_eq!(utc_minute_stamp(at(1_709_197_559)).unwrap(), "202402290905");
        // 2023-12-31T23:59:00Z
        assert_eq!(utc_minute_stamp(at(1_704_067_140)).unwrap(), "202312312359");
        assert_eq!(utc_minute_stamp(UNIX_EPOCH - Duration::from_secs(1)), None);
    }

    #[test]
    fn datetimes_to_instants() {
        let t = |s: &str| to_system_time(&s.parse::<DateTime>().unwrap()).unwrap();
        assert_eq!(
            t("2020-10-05T09:52:01.9342965Z"),
            at(1_601_891_521) + Duration::from_nanos(934_296_500)
        );
        assert_eq!(t("2020-10-05T11:52:01+02:00"), at(1_601_891_521));
        assert_eq!(t("2020-10-05T09:52:01"), at(1_601_891_521));
        assert_eq!(t("1970-01-01T00:00:00Z"), UNIX_EPOCH);
        assert_eq!(
            t("1969-12-31T23:59:59Z"),
            UNIX_EPOCH - Duration::from_secs(1)
        );
    }

    #[test]
    fn day_arithmetic_round_trips() {
        for days in [-719_468, -1, 0, 1, 59, 60, 365, 10_957, 19_782, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
    }
}
