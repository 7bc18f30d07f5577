//! The documented SOAP examples in `../shared/seeds`: each file holds a
//! request envelope and then a response envelope.

use std::path::PathBuf;

/// One documented example.
#[derive(Debug, Clone)]
pub struct Seed {
    /// File name, e.g. `000_070f4b53e66f4fde.txt`.
    pub file: String,
    /// The documented request envelope.
    pub request: String,
    /// The documented response envelope, as the WSDL's SOAP 1.1 binding
    /// sends it (the examples use the SOAP 1.2 envelope namespace).
    pub response: String,
}

/// `../shared/seeds`, or `None` when absent (a panic when `CI` is set:
/// CI must never skip these tests).
pub fn dir() -> Option<PathBuf> {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/seeds");
    if d.is_dir() {
        Some(d)
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but {} is missing",
            d.display()
        );
        eprintln!("skipped: {} not found", d.display());
        None
    }
}

/// Loads the seed whose file name starts with `prefix` (`"000"`).
pub fn load(prefix: &str) -> Option<Seed> {
    let dir = dir()?;
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("seeds folder is readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    let file = names
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no seed {prefix}*"));
    let text = std::fs::read_to_string(dir.join(&file)).expect("seed is readable");
    let envelopes = envelopes(&text);
    assert_eq!(
        envelopes.len(),
        2,
        "{file}: expected a request and a response"
    );
    Some(Seed {
        file,
        request: envelopes[0].clone(),
        response: envelopes[1].replace(
            "http://www.w3.org/2003/05/soap-envelope",
            "http://schemas.xmlsoap.org/soap/envelope/",
        ),
    })
}

/// Every `<?xml ...?> ... </SOAP-ENV:Envelope>` in a text.
fn envelopes(text: &str) -> Vec<String> {
    const END: &str = "</SOAP-ENV:Envelope>";
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<?xml") {
        let Some(len) = rest[start..].find(END) else {
            break;
        };
        let end = start + len + END.len();
        let env = &rest[start..end];
        // The XML declaration is dropped: roxmltree wants it first, and it is.
        out.push(env.to_string());
        rest = &rest[end..];
    }
    out
}
