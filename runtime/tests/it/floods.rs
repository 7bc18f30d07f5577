//! Hostile bodies that made decoding slow (shared by the tests and `benches/codec.rs`).
#![allow(dead_code)]

pub const S11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// A SOAP 1.1 envelope around `body`.
pub fn envelope(body: &str) -> String {
    format!(r#"<s:Envelope xmlns:s="{S11}"><s:Body>{body}</s:Body></s:Envelope>"#)
}

/// `n` declarations on one element, then `n` children using prefixes from all over them
/// (200,000 of them: 6 MB, a minute to read with a linear lookup).
pub fn namespace_flood(n: usize) -> String {
    let mut s = String::with_capacity(n * 34);
    s.push_str("<GetThingResponse");
    for i in 0..n {
        s.push_str(&format!(r#" xmlns:p{i}="urn:{i}""#));
    }
    s.push('>');
    for i in 0..n {
        s.push_str(&format!("<p{}:x/>", (i * 7919) % n));
    }
    s.push_str("</GetThingResponse>");
    envelope(&s)
}

/// Declarations within the per-element limit on each of `depth` nested elements, then
/// `children` elements using the outermost ones: many bindings in scope, none refused.
pub fn nested_namespace_flood(depth: usize, per_level: usize, children: usize) -> String {
    let mut s = String::from("<GetThingResponse>");
    for d in 0..depth {
        s.push_str("<L");
        for i in 0..per_level {
            s.push_str(&format!(r#" xmlns:p{d}_{i}="urn:{d}:{i}""#));
        }
        s.push('>');
    }
    for c in 0..children {
        s.push_str(&format!("<p0_{}:x/>", c % per_level));
    }
    s.push_str(&"</L>".repeat(depth));
    s.push_str("</GetThingResponse>");
    envelope(&s)
}

/// One element with `n` pairs of `xmlns:pN` (bound to XSI) and `pN:nil`.
pub fn nil_flood(n: usize) -> String {
    let mut s = String::with_capacity(n * 64);
    s.push_str("<GetThingResponse");
    for i in 0..n {
        s.push_str(&format!(r#" xmlns:p{i}="{XSI}" p{i}:nil="true""#));
    }
    s.push_str("/>");
    envelope(&s)
}

/// `elements` children each with `per_element` pairs of `xmlns:pN` and `pN:nil`: the most
/// per-element work the default limits allow (32 pairs), over the whole body.
pub fn nil_pairs_per_element(per_element: usize, elements: usize) -> String {
    let mut tag = String::from("<x");
    for i in 0..per_element {
        tag.push_str(&format!(r#" xmlns:p{i}="{XSI}" p{i}:nil="true""#));
    }
    tag.push_str("/>");
    envelope(&format!(
        "<GetThingResponse>{}</GetThingResponse>",
        tag.repeat(elements)
    ))
}

/// One element with `n` plain attributes.
pub fn attribute_flood(n: usize) -> String {
    let mut s = String::with_capacity(n * 10);
    s.push_str("<GetThingResponse");
    for i in 0..n {
        s.push_str(&format!(r#" a{i}="1""#));
    }
    s.push_str("/>");
    envelope(&s)
}
