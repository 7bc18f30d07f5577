//! The plain-text report: one heading per [`Group`], one line per change.

use std::fmt::Write;

use super::{Change, ChangeKind, Diff, Group};

/// Renders a diff for people: a summary line, then the changes under
/// headings (`+` added, `-` removed, `~` changed), in Rust names, breaking
/// ones marked.
///
/// ```text
/// Services87 -> Services88: 3 changes, 1 breaking
///
/// Methods
///   + ChatAgent::add_chat_message
///
/// Fields
///   + ChatSessionEntity.topic: Option<ChatTopicEntity>
///   ~ ChatMessage.message: Option<String> -> String  [breaking]
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
    let number = |v: &Option<String>| v.as_ref().map(|n| format!(" = {n}")).unwrap_or_default();
    match c.kind {
        AgentAdded => format!("+ {agent}"),
        AgentRemoved => format!("- {agent}"),
        AgentRenamed => format!("~ {agent}: {old} -> {new}"),
        OperationAdded => format!("+ {agent}::{op}"),
        OperationRemoved => format!("- {agent}::{op}"),
        MethodRenamed => format!("~ {agent}::{old} -> {new}"),
        ParameterAdded => format!("+ {agent}::{op}({member}: {new})"),
        ParameterRemoved => format!("- {agent}::{op}({member}: {old})"),
        ParameterRetyped => format!("~ {agent}::{op}({member}): {old} -> {new}"),
        ParameterRenamed => format!("~ {agent}::{op}({old}) renamed {new}"),
        ParametersReordered => format!("~ {agent}::{op} parameter order: ({old}) -> ({new})"),
        ReturnTypeChanged => format!("~ {agent}::{op} returns: {old} -> {new}"),
        TypeAdded => format!("+ {ty}"),
        TypeRemoved => format!("- {ty}"),
        TypeRenamed => format!("~ {old} renamed {new}"),
        TypeKindChanged => format!("~ {ty}: {old} -> {new}"),
        BaseTypeChanged => format!("~ {ty} base: {} -> {}", none(&c.old), none(&c.new)),
        FieldAdded => format!("+ {ty}.{member}: {new}"),
        FieldRemoved => format!("- {ty}.{member}: {old}"),
        FieldRetyped => format!("~ {ty}.{member}: {old} -> {new}"),
        FieldRenamed => format!("~ {ty}.{old} renamed {new}"),
        VariantAdded => format!("+ {ty}::{member}{}", number(&c.new)),
        VariantRemoved => format!("- {ty}::{member}{}", number(&c.old)),
        VariantRenamed => format!("~ {ty}::{old} renamed {new}"),
        EnumNumberChanged => format!(
            "~ {ty}::{member} number: {} -> {}",
            none(&c.old),
            none(&c.new)
        ),
    }
}
