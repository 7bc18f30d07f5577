//! `xs:duration` (.NET `TimeSpan` travels as one).

use std::fmt;
use std::str::FromStr;

use crate::codec::{Decode, DecodeError, ElementStart, Encode, XmlReader, XmlWriter};

/// An `xs:duration`, such as `P1DT2H30M` or `-PT0.5S`. Written in canonical form.
///
/// ```
/// use sogen_runtime::Duration;
/// let d: Duration = "P1DT2H3M4.5S".parse().unwrap();
/// assert_eq!(d.to_std(), Some(std::time::Duration::from_millis(93_784_500)));
/// assert_eq!(Duration::from_std(std::time::Duration::from_secs(90)).to_string(), "PT1M30S");
/// assert_eq!(Duration::default().to_string(), "PT0S");
/// assert!("P1H".parse::<Duration>().is_err());
/// assert_eq!(Duration::from_hours(26).to_string(), "P1DT2H");
/// assert_eq!(Duration::from_days(3).negated().to_string(), "-P3D");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Duration {
    /// A leading `-`.
    pub negative: bool,
    /// `nY`.
    pub years: u64,
    /// `nM` before `T`.
    pub months: u64,
    /// `nD`.
    pub days: u64,
    /// `nH`.
    pub hours: u64,
    /// `nM` after `T`.
    pub minutes: u64,
    /// Whole seconds of `nS`.
    pub seconds: u64,
    /// Fraction of `nS`, in nanoseconds.
    pub nanos: u32,
}

/// The text is not a valid `xs:duration`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid xs:duration")]
pub struct InvalidDuration;

impl Duration {
    /// `n` whole seconds, split into days, hours, minutes and seconds.
    pub fn from_secs(n: u64) -> Self {
        Duration::from_std(std::time::Duration::from_secs(n))
    }

    /// `n` minutes, split into days, hours and minutes (saturating at `u64::MAX` seconds).
    pub fn from_mins(n: u64) -> Self {
        Duration::from_secs(n.saturating_mul(60))
    }

    /// `n` hours, split into days and hours (saturating at `u64::MAX` seconds).
    pub fn from_hours(n: u64) -> Self {
        Duration::from_secs(n.saturating_mul(3_600))
    }

    /// `n` days (`PnD`).
    pub fn from_days(n: u64) -> Self {
        Duration {
            days: n,
            ..Default::default()
        }
    }

    /// The same length the other way (`-` toggled).
    pub fn negated(self) -> Self {
        Duration {
            negative: !self.negative,
            ..self
        }
    }

    /// From a `std::time::Duration`, split into days, hours, minutes and seconds.
    pub fn from_std(d: std::time::Duration) -> Self {
        let s = d.as_secs();
        Duration {
            days: s / 86_400,
            hours: s / 3_600 % 24,
            minutes: s / 60 % 60,
            seconds: s % 60,
            nanos: d.subsec_nanos(),
            ..Default::default()
        }
    }

    /// As a `std::time::Duration`: `None` when negative, when it has years or months (their
    /// length depends on the calendar), or on overflow.
    pub fn to_std(self) -> Option<std::time::Duration> {
        if self.negative || self.years != 0 || self.months != 0 {
            return None;
        }
        let secs = self
            .days
            .checked_mul(86_400)?
            .checked_add(self.hours.checked_mul(3_600)?)?
            .checked_add(self.minutes.checked_mul(60)?)?
            .checked_add(self.seconds)?
            .checked_add(u64::from(self.nanos / 1_000_000_000))?;
        // `nanos` is a public field: a value past a second carries, never panics.
        Some(std::time::Duration::new(secs, self.nanos % 1_000_000_000))
    }
}

impl From<std::time::Duration> for Duration {
    /// As [`Duration::from_std`].
    fn from(d: std::time::Duration) -> Self {
        Duration::from_std(d)
    }
}

impl FromStr for Duration {
    type Err = InvalidDuration;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut d = Duration::default();
        let rest = match s.strip_prefix('-') {
            Some(r) => {
                d.negative = true;
                r
            }
            None => s,
        };
        let rest = rest.strip_prefix('P').ok_or(InvalidDuration)?;
        let (date, time) = match rest.split_once('T') {
            Some((_, "")) => return Err(InvalidDuration),
            Some((date, time)) => (date, Some(time)),
            None => (rest, None),
        };
        if date.is_empty() && time.is_none() {
            return Err(InvalidDuration);
        }
        // Each part: digits then a designator, designators in this order.
        fn fields<'s>(mut s: &'s str, order: &[u8]) -> Result<Vec<(u8, &'s str)>, InvalidDuration> {
            let mut out = Vec::new();
            let mut next = 0;
            while !s.is_empty() {
                let end = s
                    .bytes()
                    .position(|b| !(b.is_ascii_digit() || b == b'.'))
                    .ok_or(InvalidDuration)?;
                let designator = s.as_bytes()[end];
                let pos = order[next..]
                    .iter()
                    .position(|&o| o == designator)
                    .ok_or(InvalidDuration)?;
                next += pos + 1;
                if end == 0 {
                    return Err(InvalidDuration);
                }
                out.push((designator, &s[..end]));
                s = &s[end + 1..];
            }
            Ok(out)
        }
        let int = |v: &str| -> Result<u64, InvalidDuration> {
            if v.contains('.') {
                return Err(InvalidDuration);
            }
            v.parse().map_err(|_| InvalidDuration)
        };
        for (k, v) in fields(date, b"YMD")? {
            match k {
                b'Y' => d.years = int(v)?,
                b'M' => d.months = int(v)?,
                _ => d.days = int(v)?,
            }
        }
        if let Some(time) = time {
            for (k, v) in fields(time, b"HMS")? {
                match k {
                    b'H' => d.hours = int(v)?,
                    b'M' => d.minutes = int(v)?,
                    _ => {
                        let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
                        if whole.is_empty() || (v.contains('.') && frac.is_empty()) {
                            return Err(InvalidDuration);
                        }
                        d.seconds = int(whole)?;
                        if !frac.is_empty() {
                            let digits = &frac[..frac.len().min(9)];
                            d.nanos = int(digits)? as u32 * 10u32.pow(9 - digits.len() as u32);
                        }
                    }
                }
            }
        }
        Ok(d)
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        f.write_str("P")?;
        for (v, c) in [(self.years, 'Y'), (self.months, 'M'), (self.days, 'D')] {
            if v != 0 {
                write!(f, "{v}{c}")?;
            }
        }
        let has_date = self.years != 0 || self.months != 0 || self.days != 0;
        let has_time = self.hours != 0 || self.minutes != 0 || self.seconds != 0 || self.nanos != 0;
        if has_time || !has_date {
            f.write_str("T")?;
            if self.hours != 0 {
                write!(f, "{}H", self.hours)?;
            }
            if self.minutes != 0 {
                write!(f, "{}M", self.minutes)?;
            }
            if self.seconds != 0 || self.nanos != 0 || !(has_date || has_time) {
                write!(f, "{}", self.seconds)?;
                if self.nanos != 0 {
                    let frac = format!("{:09}", self.nanos);
                    write!(f, ".{}", frac.trim_end_matches('0'))?;
                }
                f.write_str("S")?;
            }
        }
        Ok(())
    }
}

impl Encode for Duration {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        w.leaf(ns, name, &self.to_string())
    }
}

impl Decode for Duration {
    fn decode(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        crate::codec::parse_text(r, start, "duration", |s| s.parse().ok())
    }
}
