//! The JSON report for tools, in the plan JSON's vocabulary (Rust names,
//! Rust types, `format_version`); shape in `codegen/diff.schema.json`.

use std::fmt::Write as _;

use super::Diff;

/// A JSON string (serde_json escapes it); keys are written in a fixed order
/// by hand, since serde_json's maps sort them.
fn string(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// The version of the JSON shape; raised on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// Renders a diff as one JSON object: `format_version`, `old`, `new`, the
/// counts `changes` and `breaking`, and `items`, one object per change (one
/// per line) with `kind` (see [`ChangeKind::as_str`](super::ChangeKind::as_str)),
/// `breaking`, and whichever of `agent`, `operation`, `type`, `member`,
/// `wire`, `old`, `new` apply.
///
/// ```
/// use sogen_codegen::diff::{render_json, Diff};
/// let diff = Diff { old: "Services87".into(), new: "Services88".into(), changes: vec![] };
/// assert_eq!(
///     render_json(&diff),
///     "{\"format_version\":1,\"old\":\"Services87\",\"new\":\"Services88\",\"changes\":0,\"breaking\":0,\"items\":[]}\n"
/// );
/// ```
pub fn render_json(diff: &Diff) -> String {
    let mut out = format!(
        "{{\"format_version\":{FORMAT_VERSION},\"old\":{},\"new\":{},\"changes\":{},\"breaking\":{},\"items\":[",
        string(&diff.old),
        string(&diff.new),
        diff.changes.len(),
        diff.breaking_count()
    );
    for (i, c) in diff.changes.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let _ = write!(
            out,
            "{{\"kind\":\"{}\",\"breaking\":{}",
            c.kind.as_str(),
            c.breaking
        );
        let fields = [
            ("agent", &c.agent),
            ("operation", &c.operation),
            ("type", &c.type_name),
            ("member", &c.member),
            ("wire", &c.wire),
            ("old", &c.old),
            ("new", &c.new),
        ];
        for (key, value) in fields {
            if let Some(v) = value {
                let _ = write!(out, ",\"{key}\":{}", string(v));
            }
        }
        out.push('}');
    }
    if !diff.changes.is_empty() {
        out.push('\n');
    }
    out.push_str("]}\n");
    out
}
