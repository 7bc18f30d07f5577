//! `xs:dateTime` that keeps what the server sent: with an offset, UTC `Z`, or none.

use std::fmt;
use std::str::FromStr;

use crate::codec::{Decode, DecodeError, ElementStart, Encode, XmlReader, XmlWriter};

/// The time-zone part of a [`DateTime`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Offset {
    /// No zone given (.NET `DateTimeKind.Unspecified`).
    #[default]
    None,
    /// `Z` (.NET `DateTimeKind.Utc`).
    Utc,
    /// `+hh:mm` / `-hh:mm`, in minutes east of UTC (.NET `DateTimeKind.Local`).
    Minutes(i16),
}

/// An `xs:dateTime`, written back exactly as read (including the number of fraction digits).
///
/// ```
/// use sogen_runtime::{DateTime, Offset};
/// let t: DateTime = "2024-02-29T13:45:01.1234567+02:00".parse().unwrap();
/// assert_eq!((t.year(), t.month(), t.day(), t.hour()), (2024, 2, 29, 13));
/// assert_eq!(t.nanosecond(), 123_456_700);
/// assert_eq!(t.offset(), Offset::Minutes(120));
/// assert_eq!(t.to_string(), "2024-02-29T13:45:01.1234567+02:00");
/// assert_eq!("2024-01-01T00:00:00Z".parse::<DateTime>().unwrap().offset(), Offset::Utc);
/// assert!("2023-02-29T00:00:00".parse::<DateTime>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DateTime {
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    nanos: u32,
    frac_digits: u8,
    offset: Offset,
}

impl Default for DateTime {
    /// `0001-01-01T00:00:00`, .NET's `DateTime.MinValue` (what the server sends for "no date").
    fn default() -> Self {
        DateTime {
            year: 1,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
            nanos: 0,
            frac_digits: 0,
            offset: Offset::None,
        }
    }
}

/// The text is not a valid `xs:dateTime`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid xs:dateTime")]
pub struct InvalidDateTime;

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl DateTime {
    /// A date and time without zone; `None` if a field is out of range.
    pub fn new(year: i32, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> Option<Self> {
        let ok = (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour < 24
            && minute < 60
            && second < 60;
        ok.then_some(DateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
            ..Default::default()
        })
    }

    /// With a fraction of a second (written with as many digits as needed, at most 9).
    pub fn with_nanos(mut self, nanos: u32) -> Self {
        self.nanos = nanos.min(999_999_999);
        let mut digits = 9u8;
        let mut n = self.nanos;
        while digits > 0 && n % 10 == 0 {
            n /= 10;
            digits -= 1;
        }
        self.frac_digits = digits;
        self
    }

    /// With a zone (`Offset::Minutes` is clamped to ±14:00).
    pub fn with_offset(mut self, offset: Offset) -> Self {
        self.offset = match offset {
            Offset::Minutes(m) => Offset::Minutes(m.clamp(-840, 840)),
            o => o,
        };
        self
    }

    /// Year (may be negative).
    pub fn year(&self) -> i32 {
        self.year
    }
    /// Month, 1-12.
    pub fn month(&self) -> u8 {
        self.month
    }
    /// Day of month, 1-31.
    pub fn day(&self) -> u8 {
        self.day
    }
    /// Hour, 0-23.
    pub fn hour(&self) -> u8 {
        self.hour
    }
    /// Minute, 0-59.
    pub fn minute(&self) -> u8 {
        self.minute
    }
    /// Second, 0-59.
    pub fn second(&self) -> u8 {
        self.second
    }
    /// Fraction of the second in nanoseconds.
    pub fn nanosecond(&self) -> u32 {
        self.nanos
    }
    /// The zone as sent.
    pub fn offset(&self) -> Offset {
        self.offset
    }
}

fn num<T: FromStr>(s: &str, len: usize) -> Result<T, InvalidDateTime> {
    if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InvalidDateTime);
    }
    s.parse().map_err(|_| InvalidDateTime)
}

impl FromStr for DateTime {
    type Err = InvalidDateTime;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (neg, rest) = match s.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, s),
        };
        let (date, time) = rest.split_once('T').ok_or(InvalidDateTime)?;
        let mut parts = date.splitn(3, '-');
        let (y, m, d) = (
            parts.next().ok_or(InvalidDateTime)?,
            parts.next().ok_or(InvalidDateTime)?,
            parts.next().ok_or(InvalidDateTime)?,
        );
        if y.len() < 4 || (y.len() > 4 && y.starts_with('0')) {
            return Err(InvalidDateTime);
        }
        let year: i32 = num(y, y.len())?;
        let year = if neg { -year } else { year };
        // Zone: trailing `Z` or `+hh:mm`/`-hh:mm`.
        let (clock, offset) = if let Some(c) = time.strip_suffix('Z') {
            (c, Offset::Utc)
        } else if time.len() > 6 && matches!(time.as_bytes()[time.len() - 6], b'+' | b'-') {
            let (c, z) = time.split_at(time.len() - 6);
            let (zh, zm) = (num::<i16>(&z[1..3], 2)?, num::<i16>(&z[4..6], 2)?);
            if &z[3..4] != ":" || zm > 59 || zh * 60 + zm > 840 {
                return Err(InvalidDateTime);
            }
            let minutes = zh * 60 + zm;
            (
                c,
                Offset::Minutes(if z.starts_with('-') {
                    -minutes
                } else {
                    minutes
                }),
            )
        } else {
            (time, Offset::None)
        };
        let (hms, frac) = clock.split_once('.').unwrap_or((clock, ""));
        let mut hms = hms.splitn(3, ':');
        let (h, mi, sec) = (
            hms.next().ok_or(InvalidDateTime)?,
            hms.next().ok_or(InvalidDateTime)?,
            hms.next().ok_or(InvalidDateTime)?,
        );
        if clock.contains('.') && frac.is_empty() || frac.len() > 9 {
            return Err(InvalidDateTime);
        }
        let nanos = if frac.is_empty() {
            0
        } else {
            num::<u32>(frac, frac.len())? * 10u32.pow(9 - frac.len() as u32)
        };
        let mut t = DateTime::new(
            year,
            num(m, 2)?,
            num(d, 2)?,
            num(h, 2)?,
            num(mi, 2)?,
            num(sec, 2)?,
        )
        .ok_or(InvalidDateTime)?;
        t.nanos = nanos;
        t.frac_digits = frac.len() as u8;
        t.offset = offset;
        Ok(t)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.year < 0 {
            f.write_str("-")?;
        }
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year.unsigned_abs(),
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second
        )?;
        if self.frac_digits > 0 {
            let frac = format!("{:09}", self.nanos);
            write!(f, ".{}", &frac[..self.frac_digits as usize])?;
        }
        match self.offset {
            Offset::None => Ok(()),
            Offset::Utc => f.write_str("Z"),
            Offset::Minutes(m) => {
                let sign = if m < 0 { '-' } else { '+' };
                let m = m.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", m / 60, m % 60)
            }
        }
    }
}

impl Encode for DateTime {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        w.leaf(ns, name, &self.to_string())
    }
}

impl Decode for DateTime {
    fn decode(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        crate::codec::parse_text(r, start, "dateTime", |s| s.parse().ok())
    }
}
