//! The plain-text report: one heading per [`Group`], one line per change.

use std::fmt::Write;

use super::{Change, ChangeKind, Diff, Group};

/// Renders a diff for people: a summary line, then the changes under
/// headings (`+` added, `-` removed, `~` changed), breaking ones marked.
///
/// ```text
/// Services87 -> Services88: 3 changes, 1 breaking
///
/// Operations
///   + Chat.AddChatMessage
///
/// Fields
///   + ChatSessionEntity.Topic: ChatTopicEntity?
///   - Person.Kind: string?  [breaking]
/// ```
pub fn render_text(diff: &Diff) -> String {
    let mut out = String::new();
    if diff.changes.is_empty() {
        let _ = writeln!(out, "{} -> {}: no changes", diff.old, diff.new);
        return out;
    }
    let _ = writeln!(
        out,
        "{} -> {}: {} changes, {} breaking",
        diff.old,
        diff.new,
        diff.changes.len(),
        diff.breaking_count()
    );
    let mut group: Option<Group> = None;
    for change in &diff.changes {
        if group != Some(change.kind.group()) {
            group = Some(change.kind.group());
            let _ = write!(out, "\n{}\n", change.kind.group().title());
        }
        let _ = writeln!(
            out,
            "  {}{}",
            line(change),
            if change.breaking { "  [breaking]" } else { "" }
        );
    }
    out
}

fn line(c: &Change) -> String {
    use ChangeKind::*;
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let (agent, op, ty, member) = (s(&c.agent), s(&c.operation), s(&c.type_name), s(&c.member));
    let (old, new) = (s(&c.old), s(&c.new));
    let none = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_owned());
    match c.kind {
        AgentAdded => format!("+ {agent}"),
        AgentRemoved => format!("- {agent}"),
        OperationAdded => format!("+ {agent}.{op}"),
        OperationRemoved => format!("- {agent}.{op}"),
        ParameterAdded => format!("+ {agent}.{op}({member}: {new})"),
        ParameterRemoved => format!("- {agent}.{op}({member}: {old})"),
        ParameterRetyped => format!("~ {agent}.{op}({member}): {old} -> {new}"),
        ParametersReordered => format!("~ {agent}.{op} parameter order: ({old}) -> ({new})"),
        ReturnTypeChanged => format!("~ {agent}.{op} returns: {old} -> {new}"),
        TypeAdded => format!("+ {ty}"),
        TypeRemoved => format!("- {ty}"),
        TypeKindChanged => format!("~ {ty}: {old} -> {new}"),
        BaseTypeChanged => format!("~ {ty} base: {} -> {}", none(&c.old), none(&c.new)),
        FieldAdded => format!("+ {ty}.{member}: {new}"),
        FieldRemoved => format!("- {ty}.{member}: {old}"),
        FieldRetyped => format!("~ {ty}.{member}: {old} -> {new}"),
        EnumValueAdded => format!("+ {ty}.{member}"),
        EnumValueRemoved => format!("- {ty}.{member}"),
        EnumNumberChanged => format!(
            "~ {ty}.{member} number: {} -> {}",
            none(&c.old),
            none(&c.new)
        ),
    }
}
