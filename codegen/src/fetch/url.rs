//! Resolving the `location` and `schemaLocation` references of a document
//! against the URL it was fetched from (RFC 3986, the cases WCF emits).

/// Resolves `reference` against `base`.
///
/// Handles absolute URLs, network-path (`//host/...`), absolute-path
/// (`/x`), query-only (`?xsd=xsd0`, the form WCF uses) and relative-path
/// (`x.xsd`, `../x.xsd`) references; fragments are dropped.
pub(super) fn resolve(base: &str, reference: &str) -> String {
    let reference = reference.trim();
    let reference = reference.split('#').next().unwrap_or_default();
    let base = base.split('#').next().unwrap_or_default();
    if has_scheme(reference) {
        return reference.to_owned();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("", base));
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path_and_query) = rest.split_at(authority_end);
    let path = path_and_query.split('?').next().unwrap_or_default();
    let origin = format!("{scheme}://{authority}");
    if let Some(net) = reference.strip_prefix("//") {
        return format!("{scheme}://{net}");
    }
    if reference.starts_with('?') {
        return format!("{origin}{path}{reference}");
    }
    if reference.is_empty() {
        return base.to_owned();
    }
    let (ref_path, query) = match reference.find('?') {
        Some(i) => reference.split_at(i),
        None => (reference, ""),
    };
    let joined = if ref_path.starts_with('/') {
        ref_path.to_owned()
    } else {
        let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        format!("{}{ref_path}", if dir.is_empty() { "/" } else { dir })
    };
    format!("{origin}{}{query}", remove_dot_segments(&joined))
}

/// The URL as shown in messages and errors: a `user:password@` part is
/// replaced by `***@`, so credentials in a base URL never reach a log.
pub(super) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***{}", &rest[at..]),
        None => url.to_owned(),
    }
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) if i > 0 => {
            let scheme = &s[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        _ => false,
    }
}

fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::{redact, resolve};

    #[test]
    fn credentials_in_urls_are_redacted() {
        assert_eq!(
            redact("https://u:secret@h.example/x.svc?wsdl"),
            "https://***@h.example/x.svc?wsdl"
        );
        assert_eq!(
            redact("https://h.example/a@b?wsdl"),
            "https://h.example/a@b?wsdl"
        );
        assert_eq!(redact("?xsd=xsd0"), "?xsd=xsd0");
    }

    const BASE: &str = "https://h.example/Cust1/Remote/Services88/Chat.svc?wsdl";

    #[test]
    fn wcf_query_references_keep_the_path() {
        assert_eq!(
            resolve(BASE, "?xsd=xsd0"),
            "https://h.example/Cust1/Remote/Services88/Chat.svc?xsd=xsd0"
        );
    }

    #[test]
    fn absolute_and_network_references_win() {
        assert_eq!(
            resolve(BASE, "http://o.example/a?wsdl=wsdl0"),
            "http://o.example/a?wsdl=wsdl0"
        );
        assert_eq!(
            resolve(BASE, "//o.example/x.xsd"),
            "https://o.example/x.xsd"
        );
    }

    #[test]
    fn relative_paths_resolve_against_the_directory() {
        assert_eq!(
            resolve(BASE, "x.xsd"),
            "https://h.example/Cust1/Remote/Services88/x.xsd"
        );
        assert_eq!(
            resolve(BASE, "../common/x.xsd?v=1#f"),
            "https://h.example/Cust1/Remote/common/x.xsd?v=1"
        );
        assert_eq!(resolve(BASE, "/root.xsd"), "https://h.example/root.xsd");
        assert_eq!(
            resolve("http://h.example", "x.xsd"),
            "http://h.example/x.xsd"
        );
    }
}
