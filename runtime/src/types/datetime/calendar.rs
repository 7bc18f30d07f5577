//! Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), after
//! Howard Hinnant's `days_from_civil` / `civil_from_days`: exact for every `i32` year.

/// The day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weekday {
    /// Monday, the first day of an ISO 8601 week.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Weekday {
    /// Days since Monday (Monday 0, Sunday 6).
    pub fn days_from_monday(self) -> u8 {
        self as u8
    }

    fn from_days_from_monday(n: u8) -> Weekday {
        [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
            Weekday::Saturday,
            Weekday::Sunday,
        ][usize::from(n % 7)]
    }
}

pub(super) fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub(super) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Days from 1970-01-01 to `year-month-day` (negative before).
pub(super) fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01; `None` when its year is not an `i32`.
pub(super) fn civil_from_days(days: i64) -> Option<(i32, u8, u8)> {
    let z = days.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some((i32::try_from(year).ok()?, month, day))
}

/// The weekday of the day `days` after 1970-01-01 (a Thursday).
pub(super) fn weekday_of(days: i64) -> Weekday {
    Weekday::from_days_from_monday((days + 3).rem_euclid(7) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_and_match_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1, 1, 1), -719_162);
        assert_eq!(weekday_of(days_from_civil(2024, 2, 29)), Weekday::Thursday);
        assert_eq!(weekday_of(days_from_civil(1, 1, 1)), Weekday::Monday);
        for days in (-800_000..800_000)
            .step_by(997)
            .chain([i64::from(i32::MAX) * 365])
        {
            let (y, m, d) = civil_from_days(days).unwrap();
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        for (y, m, d) in [
            (i32::MIN, 1, 1),
            (i32::MAX, 12, 31),
            (-4, 2, 29),
            (0, 2, 29),
            (1600, 2, 29),
        ] {
            assert_eq!(civil_from_days(days_from_civil(y, m, d)), Some((y, m, d)));
        }
        assert_eq!(civil_from_days(days_from_civil(i32::MAX, 12, 31) + 1), None);
        assert_eq!(civil_from_days(i64::MAX), None);
    }
}
