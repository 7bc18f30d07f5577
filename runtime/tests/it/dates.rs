//! `DateTime` and `Duration`: helpers, and the chrono and time conversions property-tested
//! both ways for every offset kind (none, `Z`, `+hh:mm`).

use proptest::prelude::*;
use sogen_runtime::{DateTime, Duration, Offset, Weekday};

/// Any valid `DateTime` of years `years`, with any offset kind and fraction.
fn datetime(years: std::ops::RangeInclusive<i32>) -> impl Strategy<Value = DateTime> {
    let offset = prop_oneof![
        Just(Offset::None),
        Just(Offset::Utc),
        (-840i16..=840).prop_map(Offset::Minutes),
    ];
    (
        years,
        1u8..=12,
        1u8..=31,
        0u8..24,
        0u8..60,
        0u8..60,
        0u32..1_000_000_000,
        offset,
    )
        .prop_filter_map("a day the month has", |(y, mo, d, h, mi, s, n, o)| {
            Some(
                DateTime::new(y, mo, d, h, mi, s)?
                    .with_nanos(n)
                    .with_offset(o),
            )
        })
}

/// `t` as a conversion gives it back: the fewest fraction digits.
fn normalized(t: DateTime) -> DateTime {
    t.with_nanos(t.nanosecond())
}

fn duration() -> impl Strategy<Value = Duration> {
    (
        any::<bool>(),
        0u64..100_000,
        0u64..100,
        0u64..100,
        0u64..100,
        0u32..1_000_000_000,
    )
        .prop_map(
            |(negative, days, hours, minutes, seconds, nanos)| Duration {
                negative,
                days,
                hours,
                minutes,
                seconds,
                nanos,
                ..Default::default()
            },
        )
}

/// The length of a duration without years and months, in nanoseconds, signed.
fn nanos_of(d: Duration) -> i128 {
    let secs = d.days * 86_400 + d.hours * 3_600 + d.minutes * 60 + d.seconds;
    let n = i128::from(secs) * 1_000_000_000 + i128::from(d.nanos);
    if d.negative {
        -n
    } else {
        n
    }
}

#[test]
fn helpers_make_the_common_values() {
    let t = DateTime::from_date(2024, 12, 31)
        .unwrap()
        .at(23, 0, 0)
        .unwrap();
    assert_eq!(t.weekday(), Weekday::Tuesday);
    assert_eq!(
        t.next_weekday(Weekday::Monday).to_string(),
        "2025-01-06T23:00:00"
    );
    assert_eq!(
        t.next_weekday(Weekday::Tuesday).to_string(),
        "2025-01-07T23:00:00"
    );
    assert_eq!(t.start_of_week().to_string(), "2024-12-30T00:00:00");
    assert_eq!(t.add_days(-366).unwrap().to_string(), "2023-12-31T23:00:00");
    let jan31 = DateTime::from_date(2023, 1, 31).unwrap();
    assert_eq!(
        jan31
            .checked_add("P1M".parse().unwrap())
            .unwrap()
            .to_string(),
        "2023-02-28T00:00:00"
    );
    assert_eq!(
        jan31
            .checked_sub("P1Y2M".parse().unwrap())
            .unwrap()
            .to_string(),
        "2021-11-30T00:00:00"
    );
    let precise: DateTime = "2024-01-01T00:00:00.100Z".parse().unwrap();
    assert_eq!(
        precise
            .checked_add(Duration::from_mins(90))
            .unwrap()
            .to_string(),
        "2024-01-01T01:30:00.100Z"
    );
    assert_eq!(
        precise
            .checked_add("-PT0.2S".parse().unwrap())
            .unwrap()
            .to_string(),
        "2023-12-31T23:59:59.9Z"
    );
    assert_eq!(
        DateTime::from_date(i32::MAX, 12, 31).unwrap().add_days(1),
        None
    );
    assert_eq!(
        jan31.checked_add(Duration {
            years: u64::MAX,
            ..Default::default()
        }),
        None
    );
    assert_eq!(
        jan31.to_offset(Offset::Utc),
        None,
        "a local time is no instant"
    );
    let zoned = jan31.with_offset(Offset::Minutes(-300));
    assert_eq!(
        zoned.to_offset(Offset::Utc).unwrap().to_string(),
        "2023-01-31T05:00:00Z"
    );
    assert_eq!(
        zoned.duration_since(jan31),
        None,
        "an instant and a local time"
    );
    assert_eq!(
        jan31.duration_since(zoned.with_offset(Offset::None).add_days(1).unwrap()),
        None
    );
    let now = DateTime::now_utc();
    assert_eq!(now.offset(), Offset::Utc);
    let back = DateTime::from_system_time(now.to_system_time().unwrap());
    assert_eq!(back.to_string(), now.to_string());
    let before_1970 = std::time::UNIX_EPOCH - std::time::Duration::new(86_401, 500);
    assert_eq!(
        DateTime::from_system_time(before_1970).to_string(),
        "1969-12-30T23:59:58.9999995Z"
    );
}

proptest! {
    #[test]
    fn days_round_trip_through_the_calendar(t in datetime(-9999..=9999), days in -1_000_000i64..1_000_000) {
        let moved = t.add_days(days).unwrap();
        prop_assert_eq!(moved.add_days(-days).unwrap(), t);
        let ahead = moved.duration_since(t);
        if days >= 0 {
            prop_assert_eq!(ahead, Some(std::time::Duration::from_secs(days as u64 * 86_400)));
        }
    }

    #[test]
    fn offsets_keep_the_instant(t in datetime(-9999..=9999), to in -840i16..=840) {
        prop_assume!(t.offset() != Offset::None);
        let there = t.to_offset(Offset::Minutes(to)).unwrap();
        prop_assert_eq!(there.offset(), Offset::Minutes(to));
        prop_assert_eq!(there.duration_since(t), Some(std::time::Duration::ZERO));
        prop_assert_eq!(t.duration_since(there), Some(std::time::Duration::ZERO));
        prop_assert_eq!(there.to_offset(t.offset()).unwrap(), t);
    }

    #[test]
    fn adding_a_day_time_duration_is_undone_by_subtracting_it(t in datetime(-9999..=9999), d in duration()) {
        let there = t.checked_add(d).unwrap();
        prop_assert_eq!(normalized(there.checked_sub(d).unwrap()), normalized(t));
        let (later, earlier) = if d.negative { (t, there) } else { (there, t) };
        let span = later.duration_since(earlier).unwrap();
        prop_assert_eq!(span.as_nanos() as i128, nanos_of(d).abs());
    }
}

#[cfg(feature = "chrono")]
mod chrono_conversions {
    use super::*;
    use chrono::{FixedOffset, NaiveDateTime, TimeDelta, Utc};

    fn naive() -> impl Strategy<Value = NaiveDateTime> {
        // chrono's whole range, in seconds, and any nanosecond below a leap second.
        let min = NaiveDateTime::MIN.and_utc().timestamp();
        let max = NaiveDateTime::MAX.and_utc().timestamp();
        (min..=max, 0u32..1_000_000_000)
            .prop_map(|(s, n)| chrono::DateTime::from_timestamp(s, n).unwrap().naive_utc())
    }

    proptest! {
        #[test]
        fn without_offset_is_naive_both_ways(t in datetime(-262_143..=262_143), n in naive()) {
            let local = t.with_offset(Offset::None);
            let c = NaiveDateTime::try_from(local).unwrap();
            prop_assert_eq!(DateTime::try_from(c).unwrap(), normalized(local));
            let back = DateTime::try_from(n).unwrap();
            prop_assert_eq!(back.offset(), Offset::None);
            prop_assert_eq!(NaiveDateTime::try_from(back).unwrap(), n);
            // A local time is no instant, and an instant is not silently made local.
            prop_assert!(chrono::DateTime::<Utc>::try_from(local).is_err());
            prop_assert!(chrono::DateTime::<FixedOffset>::try_from(local).is_err());
        }

        #[test]
        fn z_is_utc_both_ways(t in datetime(-262_000..=262_000), n in naive()) {
            let z = t.with_offset(Offset::Utc);
            let c = chrono::DateTime::<Utc>::try_from(z).unwrap();
            prop_assert_eq!(DateTime::try_from(c).unwrap(), normalized(z));
            let back = DateTime::try_from(n.and_utc()).unwrap();
            prop_assert_eq!(back.offset(), Offset::Utc);
            prop_assert_eq!(chrono::DateTime::<Utc>::try_from(back).unwrap(), n.and_utc());
            // As a fixed offset, Z is +00:00: the same instant.
            let fixed = chrono::DateTime::<FixedOffset>::try_from(z).unwrap();
            prop_assert_eq!(fixed.offset().local_minus_utc(), 0);
            prop_assert_eq!(fixed, c);
            prop_assert!(NaiveDateTime::try_from(z).is_err());
        }

        #[test]
        fn offsets_are_fixed_offsets_both_ways(t in datetime(-262_000..=262_000), n in naive(), m in -840i32..=840) {
            prop_assume!(t.offset() != Offset::None);
            let c = chrono::DateTime::<FixedOffset>::try_from(t).unwrap();
            let expected = match t.offset() { Offset::Utc => t.with_offset(Offset::Minutes(0)), _ => t };
            prop_assert_eq!(DateTime::try_from(c).unwrap(), normalized(expected));
            prop_assert_eq!(c.naive_local(), NaiveDateTime::try_from(t.with_offset(Offset::None)).unwrap());
            // The same instant in UTC.
            let utc = chrono::DateTime::<Utc>::try_from(t).unwrap();
            prop_assert_eq!(utc, c);
            let offset = FixedOffset::east_opt(m * 60).unwrap();
            if let Some(zoned) = n.and_local_timezone(offset).single() {
                let back = DateTime::try_from(zoned).unwrap();
                prop_assert_eq!(back.offset(), Offset::Minutes(m as i16));
                let again = chrono::DateTime::<FixedOffset>::try_from(back).unwrap();
                prop_assert_eq!(again, zoned);
                prop_assert_eq!(again.offset(), zoned.offset());
            }
        }

        #[test]
        fn durations_both_ways(d in duration(), ms in i64::MIN / 2..i64::MAX / 2, n in 0u32..1_000_000) {
            let delta = TimeDelta::try_from(d).unwrap();
            prop_assert_eq!(i128::from(delta.num_nanoseconds().unwrap()), nanos_of(d));
            let delta = TimeDelta::milliseconds(ms) + TimeDelta::nanoseconds(i64::from(n));
            let back = Duration::from(delta);
            prop_assert_eq!(TimeDelta::try_from(back).unwrap(), delta);
        }
    }

    #[test]
    fn what_has_no_exact_counterpart_is_an_error() {
        let leap = chrono::NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
            .unwrap();
        assert!(DateTime::try_from(leap)
            .unwrap_err()
            .reason()
            .contains("leap"));
        let odd = FixedOffset::east_opt(3_630).unwrap();
        let t = leap
            .with_nanosecond(0)
            .unwrap()
            .and_local_timezone(odd)
            .unwrap();
        assert!(DateTime::try_from(t).is_err(), "not whole minutes");
        let far = FixedOffset::east_opt(15 * 3_600).unwrap();
        assert!(
            DateTime::try_from(t.with_timezone(&far)).is_err(),
            "beyond 14:00"
        );
        let year = DateTime::from_date(300_000, 1, 1).unwrap();
        assert!(NaiveDateTime::try_from(year).is_err());
        assert!(TimeDelta::try_from("P1M".parse::<Duration>().unwrap()).is_err());
        let huge = Duration {
            days: u64::MAX / 86_400,
            ..Default::default()
        };
        assert!(TimeDelta::try_from(huge).is_err());
    }

    use chrono::Timelike as _;
}

#[cfg(feature = "time")]
mod time_conversions {
    use super::*;
    use time::{OffsetDateTime, PrimitiveDateTime, UtcDateTime, UtcOffset};

    fn primitive() -> impl Strategy<Value = PrimitiveDateTime> {
        let min = PrimitiveDateTime::MIN.assume_utc().unix_timestamp();
        let max = PrimitiveDateTime::MAX.assume_utc().unix_timestamp();
        (min..=max, 0u32..1_000_000_000).prop_map(|(s, n)| {
            let t = OffsetDateTime::from_unix_timestamp(s).unwrap();
            let t = t.replace_nanosecond(n).unwrap();
            PrimitiveDateTime::new(t.date(), t.time())
        })
    }

    proptest! {
        #[test]
        fn without_offset_is_primitive_both_ways(t in datetime(-9999..=9999), p in primitive()) {
            let local = t.with_offset(Offset::None);
            let c = PrimitiveDateTime::try_from(local).unwrap();
            prop_assert_eq!(DateTime::from(c), normalized(local));
            let back = DateTime::from(p);
            prop_assert_eq!(back.offset(), Offset::None);
            prop_assert_eq!(PrimitiveDateTime::try_from(back).unwrap(), p);
            prop_assert!(UtcDateTime::try_from(local).is_err());
            prop_assert!(OffsetDateTime::try_from(local).is_err());
        }

        #[test]
        fn z_is_utc_both_ways(t in datetime(-9998..=9998), p in primitive()) {
            let z = t.with_offset(Offset::Utc);
            let c = UtcDateTime::try_from(z).unwrap();
            prop_assert_eq!(DateTime::from(c), normalized(z));
            let utc = UtcDateTime::new(p.date(), p.time());
            let back = DateTime::from(utc);
            prop_assert_eq!(back.offset(), Offset::Utc);
            prop_assert_eq!(UtcDateTime::try_from(back).unwrap(), utc);
            let fixed = OffsetDateTime::try_from(z).unwrap();
            prop_assert!(fixed.offset().is_utc());
            prop_assert!(PrimitiveDateTime::try_from(z).is_err());
        }

        #[test]
        fn offsets_are_offset_date_times_both_ways(t in datetime(-9998..=9998), p in primitive(), m in -840i32..=840) {
            prop_assume!(t.offset() != Offset::None);
            let c = OffsetDateTime::try_from(t).unwrap();
            let expected = match t.offset() { Offset::Utc => t.with_offset(Offset::Minutes(0)), _ => t };
            prop_assert_eq!(DateTime::try_from(c).unwrap(), normalized(expected));
            let utc = UtcDateTime::try_from(t).unwrap();
            prop_assert_eq!(utc.unix_timestamp_nanos(), c.unix_timestamp_nanos());
            let zoned = p.assume_offset(UtcOffset::from_whole_seconds(m * 60).unwrap());
            if zoned.checked_to_utc().is_some() {
                let back = DateTime::try_from(zoned).unwrap();
                prop_assert_eq!(back.offset(), Offset::Minutes(m as i16));
                let again = OffsetDateTime::try_from(back).unwrap();
                prop_assert_eq!(again, zoned);
                prop_assert_eq!(again.offset(), zoned.offset());
            }
        }

        #[test]
        fn durations_both_ways(d in duration(), s in i64::MIN / 2..i64::MAX / 2, n in -999_999_999i32..=999_999_999) {
            let td = time::Duration::try_from(d).unwrap();
            prop_assert_eq!(td.whole_nanoseconds(), nanos_of(d));
            let td = time::Duration::new(s, n);
            prop_assert_eq!(time::Duration::try_from(Duration::from(td)).unwrap(), td);
        }
    }

    #[test]
    fn what_has_no_exact_counterpart_is_an_error() {
        let day = time::Date::from_calendar_date(2020, time::Month::January, 1).unwrap();
        let midnight = PrimitiveDateTime::new(day, time::Time::MIDNIGHT);
        let t = midnight.assume_offset(UtcOffset::from_whole_seconds(61).unwrap());
        assert!(DateTime::try_from(t).is_err(), "not whole minutes");
        let far = midnight.assume_offset(UtcOffset::from_hms(15, 0, 0).unwrap());
        assert!(DateTime::try_from(far).is_err(), "beyond 14:00");
        let year = DateTime::from_date(10_000, 1, 1).unwrap();
        assert!(PrimitiveDateTime::try_from(year).is_err());
        let edge = DateTime::from_date(9999, 12, 31)
            .unwrap()
            .at(23, 0, 0)
            .unwrap();
        assert!(
            OffsetDateTime::try_from(edge.with_offset(Offset::Minutes(-300))).is_err(),
            "UTC in year 10000"
        );
        assert!(time::Duration::try_from("P1Y".parse::<Duration>().unwrap()).is_err());
    }
}
