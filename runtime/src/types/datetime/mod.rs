//! `xs:dateTime` that keeps what the server sent: with an offset, UTC `Z`, or none.

use std::fmt;
use std::str::FromStr;

use crate::codec::{Decode, DecodeError, ElementStart, Encode, XmlReader, XmlWriter};

mod calendar;
mod ops;

use calendar::days_in_month;
pub use calendar::Weekday;

/// The time-zone part of a [`DateTime`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Offset {
    /// No zone given (.NET `DateTimeKind.Unspecified`).
    #[default]
    None,
    /// `Z` (.NET `DateTimeKind.Utc`).
    Utc,
    /// `+hh:mm` / `-hh:mm`, in minutes east of UTC (.NET `DateTimeKind.Local`).
    Minutes(i16),
}

impl Offset {
    /// `Minutes` within ±14:00, the range `xs:dateTime` allows.
    fn clamped(self) -> Offset {
        match self {
            Offset::Minutes(m) => Offset::Minutes(m.clamp(-840, 840)),
            o => o,
        }
    }
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
/// // The REST API also writes offsets without a colon; kept as received.
/// let compact: DateTime = "2018-12-24T07:34:45-0500".parse().unwrap();
/// assert_eq!(compact.offset(), Offset::Minutes(-300));
/// assert_eq!(compact.to_string(), "2018-12-24T07:34:45-0500");
/// ```
///
/// XML always gets the `+hh:mm` form (the only one `xs:dateTime` allows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// The offset came as `+hhmm` (the REST API's documented form): written back so.
    compact_offset: bool,
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
            compact_offset: false,
        }
    }
}

/// The text is not a valid `xs:dateTime`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid xs:dateTime")]
pub struct InvalidDateTime;

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
        while digits > 0 && n.is_multiple_of(10) {
            n /= 10;
            digits -= 1;
        }
        self.frac_digits = digits;
        self
    }

    /// With a zone (`Offset::Minutes` is clamped to ±14:00).
    pub fn with_offset(mut self, offset: Offset) -> Self {
        self.offset = offset.clamped();
        self
    }

    /// Year (may be negative).
    pub fn year(self) -> i32 {
        self.year
    }
    /// Month, 1-12.
    pub fn month(self) -> u8 {
        self.month
    }
    /// Day of month, 1-31.
    pub fn day(self) -> u8 {
        self.day
    }
    /// Hour, 0-23.
    pub fn hour(self) -> u8 {
        self.hour
    }
    /// Minute, 0-59.
    pub fn minute(self) -> u8 {
        self.minute
    }
    /// Second, 0-59.
    pub fn second(self) -> u8 {
        self.second
    }
    /// Fraction of the second in nanoseconds.
    pub fn nanosecond(self) -> u32 {
        self.nanos
    }
    /// The zone as sent.
    pub fn offset(self) -> Offset {
        self.offset
    }
}

/// Two ASCII digits.
fn d2(b: &[u8]) -> Result<u8, InvalidDateTime> {
    match b {
        [h @ b'0'..=b'9', l @ b'0'..=b'9'] => Ok((h - b'0') * 10 + (l - b'0')),
        _ => Err(InvalidDateTime),
    }
}

/// Up to 9 ASCII digits (at least one).
fn digits(b: &[u8]) -> Result<u32, InvalidDateTime> {
    if b.is_empty() || b.len() > 9 {
        return Err(InvalidDateTime);
    }
    b.iter().try_fold(0u32, |acc, &c| match c {
        b'0'..=b'9' => Ok(acc * 10 + u32::from(c - b'0')),
        _ => Err(InvalidDateTime),
    })
}

impl FromStr for DateTime {
    type Err = InvalidDateTime;

    /// `[-]YYYY-MM-DDThh:mm:ss[.f{1,9}][Z|(+|-)hh:mm|(+|-)hhmm]`, parsed byte by byte (hot
    /// path).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        let (neg, b) = match b.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, b),
        };
        let ylen = b.iter().position(|&c| c == b'-').ok_or(InvalidDateTime)?;
        if ylen < 4 || (ylen > 4 && b[0] == b'0') {
            return Err(InvalidDateTime);
        }
        let year = digits(&b[..ylen])? as i32;
        let r = &b[ylen..];
        if r.len() < 15
            || r[0] != b'-'
            || r[3] != b'-'
            || r[6] != b'T'
            || r[9] != b':'
            || r[12] != b':'
        {
            return Err(InvalidDateTime);
        }
        let mut t = DateTime::new(
            if neg { -year } else { year },
            d2(&r[1..3])?,
            d2(&r[4..6])?,
            d2(&r[7..9])?,
            d2(&r[10..12])?,
            d2(&r[13..15])?,
        )
        .ok_or(InvalidDateTime)?;
        let mut tail = &r[15..];
        if let Some(rest) = tail.strip_prefix(b".") {
            let n = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            t.nanos = digits(&rest[..n])? * 10u32.pow(9 - n as u32);
            t.frac_digits = n as u8;
            tail = &rest[n..];
        }
        t.offset = match tail {
            [] => Offset::None,
            [b'Z'] => Offset::Utc,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2]
            | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
                t.compact_offset = tail.len() == 5;
                let (h, m) = (d2(&[*h1, *h2])?, d2(&[*m1, *m2])?);
                let minutes = i16::from(h) * 60 + i16::from(m);
                if m > 59 || minutes > 840 {
                    return Err(InvalidDateTime);
                }
                Offset::Minutes(if *sign == b'-' { -minutes } else { minutes })
            }
            _ => return Err(InvalidDateTime),
        };
        Ok(t)
    }
}

impl fmt::Display for DateTime {
    /// As received: the offset with or without its colon.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text(self.compact_offset).as_str())
    }
}

/// A `DateTime`'s text, formatted on the stack (the hot path of writing one).
pub(crate) struct Text {
    buf: [u8; 48],
    len: usize,
}

impl Text {
    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII digits and separators are written.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }

    #[inline(always)]
    fn push(&mut self, b: u8) {
        self.buf[self.len] = b;
        self.len += 1;
    }

    /// `v` in exactly `width` digits, `v < 10^width` (the parts of a date always are):
    /// written in place, right to left.
    #[inline(always)]
    fn fixed(&mut self, v: u32, width: usize) {
        let mut n = v;
        for d in self.buf[self.len..self.len + width].iter_mut().rev() {
            *d = b'0' + (n % 10) as u8;
            n /= 10;
        }
        self.len += width;
    }

    /// `v` with at least `width` digits (a year past 9999).
    #[cold]
    fn digits(&mut self, v: u32, width: usize) {
        let mut tmp = [b'0'; 10];
        let mut n = v;
        let mut i = tmp.len();
        while n > 0 || tmp.len() - i < width {
            i -= 1;
            tmp[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        for &d in &tmp[i..] {
            self.push(d);
        }
    }
}

impl DateTime {
    /// The text as received (the JSON form).
    #[cfg(feature = "rest")]
    pub(crate) fn json_text(self) -> Text {
        self.text(self.compact_offset)
    }

    /// The text: `[-]YYYY-MM-DDThh:mm:ss[.f][Z|+hh:mm|+hhmm]`, the offset without its
    /// colon when `compact_offset`.
    pub(crate) fn text(&self, compact_offset: bool) -> Text {
        let mut t = Text {
            buf: [0; 48],
            len: 0,
        };
        if self.year < 0 {
            t.push(b'-');
        }
        match self.year.unsigned_abs() {
            y @ 0..=9999 => t.fixed(y, 4),
            y => t.digits(y, 4),
        }
        // Each part is below 100 (a `DateTime` is valid), so two digits hold it.
        for (sep, v) in [
            (b'-', self.month),
            (b'-', self.day),
            (b'T', self.hour),
            (b':', self.minute),
            (b':', self.second),
        ] {
            t.push(sep);
            t.fixed(u32::from(v), 2);
        }
        if self.frac_digits > 0 {
            t.push(b'.');
            let digits = u32::from(self.frac_digits.min(9));
            t.fixed(self.nanos / 10u32.pow(9 - digits), digits as usize);
        }
        match self.offset {
            Offset::None => {}
            Offset::Utc => t.push(b'Z'),
            Offset::Minutes(m) => {
                t.push(if m < 0 { b'-' } else { b'+' });
                let m = u32::from(m.unsigned_abs());
                t.fixed(m / 60, 2);
                if !compact_offset {
                    t.push(b':');
                }
                t.fixed(m % 60, 2);
            }
        }
        t
    }
}

/// Always `+hh:mm`: the only offset form `xs:dateTime` allows.
impl Encode for DateTime {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        w.leaf(ns, name, self.text(false).as_str())
    }
}

impl Decode for DateTime {
    fn decode(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        crate::codec::parse_text(r, start, "dateTime", |s| s.parse().ok())
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The lexical form as `fmt` wrote it before `text` (the reference).
    fn with_fmt(t: &DateTime) -> String {
        let mut s = String::new();
        if t.year < 0 {
            s.push('-');
        }
        s += &format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            t.year.unsigned_abs(),
            t.month,
            t.day,
            t.hour,
            t.minute,
            t.second
        );
        if t.frac_digits > 0 {
            let frac = format!("{:09}", t.nanos);
            s += &format!(".{}", &frac[..t.frac_digits as usize]);
        }
        match t.offset {
            Offset::None => {}
            Offset::Utc => s.push('Z'),
            Offset::Minutes(m) => {
                let sign = if m < 0 { '-' } else { '+' };
                let m = m.unsigned_abs();
                s += &format!("{sign}{:02}:{:02}", m / 60, m % 60);
            }
        }
        s
    }

    proptest! {
        #[test]
        fn written_as_fmt_wrote_it(
            year in any::<i32>(),
            (month, day) in (1u8..=12, 1u8..=28),
            (hour, minute, second) in (0u8..24, 0u8..60, 0u8..60),
            nanos in prop_oneof![Just(0u32), 0u32..1_000_000_000, Just(999_999_999)],
            offset in prop_oneof![Just(Offset::None), Just(Offset::Utc), (-840i16..=840).prop_map(Offset::Minutes)],
        ) {
            let t = DateTime::new(year, month, day, hour, minute, second)
                .expect("a valid date")
                .with_nanos(nanos)
                .with_offset(offset);
            prop_assert_eq!(t.to_string(), with_fmt(&t));
        }
    }
}
