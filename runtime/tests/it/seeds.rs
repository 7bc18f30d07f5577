//! The documented SOAP examples in ../shared/seeds, read by the response reader: every
//! envelope parses, and every `xsi:type`-tagged primitive decodes as its type.

use std::path::PathBuf;

use sogen_runtime::soap::parse_response;
use sogen_runtime::{
    decode_void, AnyValue, Decode, DecodeError, ElementStart, Limits, XmlReader, XSD_NS,
};

fn seeds_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/seeds");
    if dir.is_dir() {
        Some(dir)
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared/seeds is required in CI"
        );
        eprintln!("skipped: no ../shared/seeds");
        None
    }
}

/// The ```xml blocks of a seed document.
fn xml_blocks(text: &str) -> Vec<String> {
    text.split("```xml\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .map(str::to_owned)
        .collect()
}

/// Decodes every element typed with an XML Schema primitive; returns how many.
fn walk(r: &mut XmlReader<'_>, start: &ElementStart<'_>) -> Result<usize, DecodeError> {
    if let Some((XSD_NS, ty)) = start.xsi_type() {
        let ty = ty.to_owned();
        let v = AnyValue::decode(r, start)?;
        assert!(
            !matches!(v, AnyValue::Other { .. } | AnyValue::Nil),
            "xsd:{ty} read as {v:?}"
        );
        return Ok(1);
    }
    let mut n = 0;
    while let Some(c) = r.next_child()? {
        n += walk(r, &c)?;
    }
    Ok(n)
}

#[test]
fn documented_envelopes_parse_and_their_values_decode() {
    let Some(dir) = seeds_dir() else { return };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let (mut envelopes, mut values) = (0, 0);
    for file in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let text = std::fs::read_to_string(file).unwrap();
        for block in xml_blocks(&text) {
            let name = file.display();
            // As a response: the envelope, its body element, nothing left over.
            parse_response(
                200,
                Some("text/xml"),
                block.as_bytes(),
                Limits::default(),
                decode_void,
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
            let mut r = XmlReader::new(block.as_bytes(), Limits::default()).unwrap();
            let root = r.next_child().unwrap().unwrap();
            values += walk(&mut r, &root).unwrap_or_else(|e| panic!("{name}: {e}"));
            envelopes += 1;
        }
    }
    // Four markdown seeds carry a request and a response each (one seed is a rendered page).
    assert!(
        envelopes >= 8,
        "expected a request and a response per seed, found {envelopes}"
    );
    assert!(
        values >= 10,
        "expected typed values in the seeds, found {values}"
    );
}
