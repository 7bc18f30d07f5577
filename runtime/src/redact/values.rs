//! [`Redactor`]: the secrets of one exchange, found in text in any form a server may quote
//! them in, and replaced.
//!
//! A server that quotes what it was sent rarely quotes it byte for byte: XML escapes it
//! (WCF escapes `&`, `<` and `>` in text but not `"`; attributes also `"`; any character may
//! be a numeric reference `&#233;` or `&#xE9;`), JSON escapes it (`\"`, `\\`, `\/`,
//! `\uXXXX`, surrogate pairs), a reader normalises line ends and trims. So a secret is not
//! searched as a string but matched character by character, each character of the text
//! read raw or as any of these escapes, whichever the secret needs.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

use super::REDACTED;
use crate::codec::excerpt;

/// The secrets of one exchange (ticket, tokens, passwords, header values), and the one
/// operation on text: every form of every secret replaced by `[redacted]`. Cheap to clone.
#[derive(Clone, Default)]
pub(crate) struct Redactor(Option<Arc<[Box<[char]>]>>);

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.as_deref().map_or(0, <[_]>::len);
        write!(f, "Redactor({n} forms)")
    }
}

impl Redactor {
    /// A redactor of `secrets`. Empty and whitespace-only values are no secrets to hide
    /// (hiding them would blank every space); a value with whitespace around it is also
    /// matched without it, as a reader that trims would show it.
    pub(crate) fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut forms: Vec<Box<[char]>> = Vec::new();
        for secret in secrets {
            for form in [secret, secret.trim()] {
                if form.trim().is_empty() {
                    continue;
                }
                let chars: Box<[char]> = form.chars().collect();
                if !forms.contains(&chars) {
                    forms.push(chars);
                }
            }
        }
        Redactor((!forms.is_empty()).then(|| forms.into()))
    }

    /// Whether there is nothing to hide.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The most bytes one secret can take in text: every character written as
    /// `\uD83D\uDE00` (12 bytes) at worst.
    pub(crate) fn longest_form(&self) -> usize {
        let longest = self.0.iter().flat_map(|f| f.iter()).map(|s| s.len()).max();
        longest.unwrap_or(0) * 12
    }

    /// `text` with every occurrence of a secret, in any form, replaced by `[redacted]`.
    pub(crate) fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        self.run(text, false)
    }

    /// As [`redact`](Self::redact), for text cut off at its end: a secret's beginning
    /// there is hidden too (the rest of it was cut away).
    pub(crate) fn redact_cut<'t>(&self, text: &'t str) -> Cow<'t, str> {
        self.run(text, true)
    }

    /// Redacts `text` in place.
    pub(crate) fn redact_string(&self, text: &mut String) {
        if let Cow::Owned(redacted) = self.redact(text) {
            *text = redacted;
        }
    }

    /// Redacts a text that may have been shortened with a trailing `...` (an excerpt):
    /// a secret's beginning before the `...` is hidden too.
    pub(crate) fn redact_excerpt(&self, text: &mut String) {
        match text.strip_suffix("...") {
            Some(cut) => {
                if let Cow::Owned(redacted) = self.redact_cut(cut) {
                    *text = redacted + "...";
                }
            }
            None => self.redact_string(text),
        }
    }

    /// `text` redacted, then cut to at most `max` characters: what an error quotes.
    pub(crate) fn quote(&self, text: &str, max: usize) -> String {
        excerpt(&self.redact(text), max)
    }

    fn run<'t>(&self, text: &'t str, cut: bool) -> Cow<'t, str> {
        let Some(forms) = self.0.as_deref() else {
            return Cow::Borrowed(text);
        };
        let mut out: Option<String> = None;
        let mut copied = 0;
        for (at, _) in text.char_indices() {
            if at < copied {
                continue;
            }
            let end = (forms.iter())
                .filter_map(|form| match_at(text, at, form, cut))
                .max();
            if let Some(end) = end {
                let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
                out.push_str(&text[copied..at]);
                out.push_str(REDACTED);
                copied = end;
            }
        }
        match out {
            None => Cow::Borrowed(text),
            Some(mut out) => {
                out.push_str(&text[copied..]);
                Cow::Owned(out)
            }
        }
    }
}

/// Where a match of `secret` starting at byte `start` of `text` ends, if one does; with
/// `cut`, a match that runs into the end of the text after at least one character counts.
fn match_at(text: &str, start: usize, secret: &[char], cut: bool) -> Option<usize> {
    let mut steps = Vec::new();
    // Most places fail at the first character: decided before anything is allocated.
    candidates(text, start, secret, 0, &mut steps);
    if steps.is_empty() {
        return None;
    }
    // Depth first over (text position, secret position); each state is tried once, so the
    // work is bounded by text length times secret length whatever the text.
    let mut stack: Vec<(usize, usize)> = steps.iter().map(|&(p, k)| (start + p, k)).collect();
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    while let Some((p, k)) = stack.pop() {
        if k == secret.len() {
            return Some(p);
        }
        if p >= text.len() {
            if cut {
                return Some(text.len());
            }
            continue;
        }
        if !seen.insert((p, k)) {
            continue;
        }
        steps.clear();
        candidates(text, p, secret, k, &mut steps);
        if cut && steps.is_empty() && unfinished(&text[p..]) {
            // The cut went through the escape of the secret's next character.
            return Some(text.len());
        }
        stack.extend(steps.iter().map(|&(len, step)| (p + len, k + step)));
    }
    None
}

/// The ways the text at byte `p` can stand for `secret[k..]`'s next character(s): (bytes of
/// text, characters of secret).
fn candidates(text: &str, p: usize, secret: &[char], k: usize, out: &mut Vec<(usize, usize)>) {
    let Some(t) = text[p..].chars().next() else {
        return;
    };
    let c = secret[k];
    let crlf = c == '\r' && secret.get(k + 1) == Some(&'\n');
    let mut accept = |d: char, len: usize| {
        if crlf && d == '\n' {
            // `\r\n` read back as one `\n` (XML's end-of-line handling).
            out.push((len, 2));
        }
        if same(d, c) {
            out.push((len, 1));
        }
    };
    accept(t, t.len_utf8());
    let escaped = match t {
        '&' => xml_reference(&text[p..]),
        '\\' => json_escape(&text[p..]),
        _ => None,
    };
    if let Some((d, len)) = escaped {
        accept(d, len);
    }
}

/// Whether `rest`, the end of a cut text, is the start of an escape the cut went through:
/// an XML reference without its `;` (`&#10`), a JSON escape without its digits (`\u00`,
/// half a surrogate pair), or the replacement character a split UTF-8 sequence became.
fn unfinished(rest: &str) -> bool {
    let short = rest.len() < 12;
    (rest.starts_with('&') && short && !rest.contains(';'))
        || (rest.starts_with('\\') && short)
        || rest == "\u{FFFD}"
}

/// Whether the text's `d` may stand for the secret's `c`: the same character, or what a
/// reader makes of it (`\r` read as `\n`; a tab or line end in an attribute read as a space).
fn same(d: char, c: char) -> bool {
    d == c || (c == '\r' && d == '\n') || (matches!(c, '\t' | '\n' | '\r') && d == ' ')
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#233;` or `&#xE9;` at the start of `s`:
/// the character and the reference's length.
fn xml_reference(s: &str) -> Option<(char, usize)> {
    let semi = s.as_bytes().iter().take(12).position(|&b| b == b';')?;
    let name = &s[1..semi];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let code = match name.strip_prefix('#')? {
                hex if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16).ok()?,
                dec => dec.parse::<u32>().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, semi + 1))
}

/// A JSON string escape at the start of `s` (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`,
/// `\t`, `\uXXXX`, or a surrogate pair of two): the character and the escape's length.
fn json_escape(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let simple = match b.get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let unit = |at: usize| -> Option<u32> {
                let hex = s.get(at..at + 4)?;
                if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                    return None;
                }
                u32::from_str_radix(hex, 16).ok()
            };
            let high = unit(2)?;
            if (0xD800..0xDC00).contains(&high) {
                if s.get(6..8) != Some("\\u") {
                    return None;
                }
                let low = unit(8).filter(|l| (0xDC00..0xE000).contains(l))?;
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                return char::from_u32(code).map(|c| (c, 12));
            }
            return char::from_u32(high).map(|c| (c, 6));
        }
        _ => return None,
    };
    Some((simple, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hide(secrets: &[&str], text: &str) -> String {
        Redactor::new(secrets.iter().copied())
            .redact(text)
            .into_owned()
    }

    #[test]
    fn every_escaped_form_is_found() {
        let pw = r#"PW&SECRET"9"#;
        for quoted in [
            r#"PW&SECRET"9"#,                    // raw
            r#"PW&amp;SECRET&quot;9"#,           // escaped fully
            r#"PW&amp;SECRET"9"#,                // as WCF escapes text
            r#"PW&#38;SECRET&#x22;9"#,           // numeric references
            r#"&#x50;W&#X26;SECRET&#034;&#57;"#, // any character, any case, leading zeros
            r#"PW&SECRET\"9"#,                   // JSON
            r#"\u0050W\u0026SECRET\u00229"#,     // JSON, \u escapes
        ] {
            let text = format!("Wrong password {quoted} for jane");
            assert_eq!(
                hide(&[pw], &text),
                "Wrong password [redacted] for jane",
                "{quoted}"
            );
        }
        assert_eq!(
            hide(&["æ😀<"], r"x \u00e6\ud83d\ude00&lt; y"),
            "x [redacted] y"
        );
        assert_eq!(hide(&["æ😀<"], "x &#230;&#x1F600;< y"), "x [redacted] y");
        assert_eq!(
            hide(&["a\\b"], r"1 a\\b 2 a\b"),
            "1 [redacted] 2 [redacted]"
        );
    }

    #[test]
    fn what_readers_make_of_whitespace_is_found() {
        assert_eq!(hide(&["a\r\nb"], "x a\nb y"), "x [redacted] y");
        assert_eq!(hide(&["a\tb"], "x a b y"), "x [redacted] y");
        assert_eq!(hide(&["  pad  "], "code=pad."), "code=[redacted].");
        assert_eq!(
            hide(&["   ", ""], "a   b"),
            "a   b",
            "whitespace is no secret"
        );
    }

    #[test]
    fn the_longest_match_is_hidden_and_the_rest_kept() {
        assert_eq!(
            hide(&["abc", "abcdef"], "xabcdefx abc"),
            "x[redacted]x [redacted]"
        );
        assert_eq!(hide(&["7T:x"], "no secret here"), "no secret here");
        assert!(matches!(
            Redactor::new(["7T:x"]).redact("plain"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_cut_text_hides_a_secret_it_ends_inside() {
        let r = Redactor::new(["7T:TicketSecret"]);
        assert_eq!(r.redact_cut("before 7T:Tick"), "before [redacted]");
        assert_eq!(r.redact("before 7T:Tick"), "before 7T:Tick");
        let mut quoted = String::from("found \"7T:Ti...");
        r.redact_excerpt(&mut quoted);
        assert_eq!(quoted, "found \"[redacted]...");
        assert_eq!(r.quote("x 7T:TicketSecret y", 4), "x [r...");
        // Cut inside the escape of the next character.
        let r = Redactor::new(["AB#"]);
        for cut in [
            "x &#65;&#6",
            "x &#65;&#x4",
            "x &#65;&",
            "x A\\u00",
            "x A\\uD83D\\uDE",
            "x A\u{FFFD}",
        ] {
            assert_eq!(r.redact_cut(cut), "x [redacted]", "{cut}");
        }
        // Not after a character of the secret, nor without a cut.
        assert_eq!(r.redact_cut("x &#6"), "x &#6");
        assert_eq!(r.redact("x &#65;&#6"), "x &#65;&#6");
    }

    #[test]
    fn hostile_text_costs_at_most_text_times_secret() {
        // Every position starts a near-match of a secret made of escapable characters.
        let secret = "&".repeat(200) + "!";
        let text = "&amp;".repeat(2_000);
        assert_eq!(hide(&[&secret], &text), text);
    }
}
