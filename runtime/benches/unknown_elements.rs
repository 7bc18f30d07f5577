//! What unknown elements cost a call: peak memory and time of decoding a response whose
//! record carries elements its schema does not know, kept in `ExtensionData` as generated
//! code keeps them. Not criterion: each case runs once in a child process of its own, so
//! that its peak memory (VmHWM) is its own.
//!
//! - `flood`: one record with 16 million `<x/>` (61 MiB, under the 64 MiB body limit).
//! - `newer server`: 20,000 records, each with two known fields and three a newer server
//!   added (about 3 MiB): what a real newer NetServer sends.
//!
//! Run: `cargo bench -p sogen-runtime --bench unknown_elements`

use std::time::Instant;

use sogen_runtime::soap::parse_response;
use sogen_runtime::{DecodeError, ElementStart, ExtensionData, Limits, XmlReader};

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

/// The body of a response whose `Response` holds `records`.
fn envelope(records: &str) -> Vec<u8> {
    format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetResponse xmlns="{NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Response>{records}</Response></GetResponse></s:Body></s:Envelope>"#
    )
    .into_bytes()
}

fn flood() -> Vec<u8> {
    let mut record = String::from("<Item><Id>1</Id>");
    record.push_str(&"<x/>".repeat(16_000_000));
    record.push_str("</Item>");
    envelope(&record)
}

fn newer_server() -> Vec<u8> {
    let mut records = String::new();
    for i in 0..20_000 {
        records.push_str(&format!(
            "<Item><Id>{i}</Id><Name>Item {i}</Name><Badge>gold</Badge><Score>{i}</Score><Note i:nil=\"true\"/></Item>"
        ));
    }
    envelope(&records)
}

/// A record as generated code reads it: known fields by name, the rest kept.
fn record(r: &mut XmlReader<'_>) -> Result<(i32, ExtensionData), DecodeError> {
    let (mut id, mut extra) = (0, ExtensionData::default());
    while let Some(child) = r.next_child()? {
        match child.local_name() {
            "Id" => id = r.text()?.parse().unwrap_or(0),
            "Name" => r.skip()?,
            _ => extra.read(r)?,
        }
    }
    Ok((id, extra))
}

fn records(
    r: &mut XmlReader<'_>,
    _: &ElementStart<'_>,
) -> Result<Vec<(i32, ExtensionData)>, DecodeError> {
    let mut out = Vec::new();
    while let Some(child) = r.next_child()? {
        if child.local_name() != "Response" {
            r.skip()?;
            continue;
        }
        while r.next_child()?.is_some() {
            out.push(record(r)?);
        }
    }
    Ok(out)
}

/// Peak resident memory of this process so far, in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn child(case: &str) {
    let body = match case {
        "flood" => flood(),
        _ => newer_server(),
    };
    let mib = body.len() as f64 / (1024.0 * 1024.0);
    // Resets the peak to what is resident now (the body), so that the peak after is the
    // decode's own (Linux: `clear_refs` 5).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = peak_mib();
    let started = Instant::now();
    let outcome = parse_response(200, Some("text/xml"), &body, Limits::default(), records);
    let took = started.elapsed();
    let what = match &outcome {
        Ok(r) => {
            let kept: usize = r.value.iter().map(|(_, e)| e.len()).sum();
            format!("decoded, {kept} unknown elements kept")
        }
        Err(e) => format!("error: {e}"),
    };
    println!(
        "| {case} | {mib:.1} | {:.0} | {:.0} | {:.0} | {what} |",
        took.as_secs_f64() * 1000.0,
        before,
        peak_mib()
    );
}

fn main() {
    if let Ok(case) = std::env::var("SOGEN_UNKNOWN_CASE") {
        child(&case);
        return;
    }
    println!("| case | body MiB | decode ms | resident MiB before decoding | peak MiB | outcome |");
    println!("|---|---:|---:|---:|---:|---|");
    let me = std::env::current_exe().expect("the bench's own path");
    for case in ["newer server", "flood"] {
        let status = std::process::Command::new(&me)
            .env("SOGEN_UNKNOWN_CASE", case)
            .status()
            .expect("the bench runs itself");
        assert!(status.success(), "{case}: {status}");
    }
}
