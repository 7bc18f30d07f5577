//! Lexical helpers of the reader: names, end-of-line normalisation, references.

use std::borrow::Cow;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

/// `prefix:local` split at the first colon; the prefix is empty when there is none.
pub(super) fn split_prefix(name: &str) -> (&str, &str) {
    match name.bytes().position(|b| b == b':') {
        Some(i) => (&name[..i], &name[i + 1..]),
        None => ("", name),
    }
}

/// Resolves the (already validated) references of `raw` into one allocation.
pub(super) fn unescape(raw: &str) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').ok_or("unterminated reference")?;
        let name = &after[..semi];
        if let Some(num) = name.strip_prefix('#') {
            let code = match num.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16),
                None => num.parse(),
            };
            let c = code
                .ok()
                .and_then(char::from_u32)
                .ok_or("invalid character reference")?;
            out.push(c);
        } else {
            out.push_str(resolve_predefined_entity(name).ok_or("unknown entity")?);
        }
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Text content with CDATA sections, comments or PIs, rebuilt from its events (rare).
pub(super) fn assemble(raw: &str) -> Result<String, String> {
    let mut reader = quick_xml::Reader::from_str(raw);
    let mut out = String::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Text(t) => {
                let s = std::str::from_utf8(&t).map_err(|e| e.to_string())?;
                out.push_str(&normalize_eol(s));
            }
            Event::CData(c) => {
                let s = std::str::from_utf8(&c).map_err(|e| e.to_string())?;
                out.push_str(&normalize_eol(s));
            }
            Event::GeneralRef(r) => {
                let name = std::str::from_utf8(&r).map_err(|e| e.to_string())?;
                match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => out.push(c),
                    None => out.push_str(resolve_predefined_entity(name).ok_or("unknown entity")?),
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// `Cow::clone`, inlined: borrowed URIs (the norm) are copied as a pointer.
#[inline]
pub(super) fn cheap_clone<'a>(c: &Cow<'a, str>) -> Cow<'a, str> {
    match c {
        Cow::Borrowed(s) => Cow::Borrowed(s),
        Cow::Owned(s) => Cow::Owned(s.clone()),
    }
}

/// XML end-of-line normalisation: `\r\n` and lone `\r` become `\n`.
#[inline]
pub(super) fn normalize_eol(s: &str) -> Cow<'_, str> {
    // Most texts are short: a plain loop beats memchr's set-up there.
    let has_cr = if s.len() < 32 {
        s.bytes().any(|b| b == b'\r')
    } else {
        s.contains('\r')
    };
    if !has_cr {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
}
