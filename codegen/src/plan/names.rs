//! Rust names for XML names: case conversion, keyword escaping and a
//! registry that resolves collisions deterministically.

use std::collections::BTreeSet;

/// Rust keywords (strict and reserved, all editions) that need `r#`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing `_`.
const NON_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Splits an XML name into words: at characters that cannot continue a
/// Rust identifier (`_`, `-`, `.`, spaces, symbols), before an upper-case
/// letter that follows a lower-case letter or digit, and before the last
/// capital of an acronym followed by a lower-case letter (`GetURLList` ->
/// `Get URL List`). Digits stay with the preceding word. Every character
/// kept is `XID_Continue`, so the words always join into an identifier.
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' || !unicode_ident::is_xid_continue(c) {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            // An acronym's plural stays whole: `IDs`, not `I Ds`.
            let plural_s = chars.get(i + 1) == Some(&'s')
                && !chars.get(i + 2).is_some_and(|n| n.is_lowercase());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase()) && !plural_s;
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether `s` can start an identifier as it is (else it gets a prefix).
fn starts_ident(s: &str) -> bool {
    s.chars().next().is_some_and(unicode_ident::is_xid_start)
}

/// `snake_case`, not yet escaped.
pub fn snake(name: &str) -> String {
    let w: Vec<String> = words(name).iter().map(|w| w.to_lowercase()).collect();
    let s = w.join("_");
    if s.is_empty() {
        "field".to_string()
    } else if !starts_ident(&s) {
        format!("n{s}")
    } else {
        s
    }
}

/// `SCREAMING_SNAKE_CASE` (for constants).
pub fn screaming(name: &str) -> String {
    snake(name).to_uppercase()
}

/// `UpperCamelCase`: each word's first letter upper-cased, the rest kept
/// (`ArrayOfint` -> `ArrayOfint`, `MS_Word` -> `MSWord`).
pub fn camel(name: &str) -> String {
    let mut s = String::new();
    for w in words(name) {
        let mut cs = w.chars();
        if let Some(f) = cs.next() {
            s.extend(f.to_uppercase());
            s.push_str(cs.as_str());
        }
    }
    if s.is_empty() {
        "Empty".to_string()
    } else if !starts_ident(&s) {
        format!("V{s}")
    } else {
        s
    }
}

/// Makes `ident` usable as a Rust identifier: `r#type`, `self_`.
pub fn escape(ident: &str) -> String {
    if NON_RAW.contains(&ident) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident) {
        format!("r#{ident}")
    } else {
        ident.to_string()
    }
}

/// Whether `name` (possibly `r#`-prefixed) is a valid Rust identifier as
/// written: what every planned name must be.
pub fn is_ident(name: &str) -> bool {
    let (raw, body) = match name.strip_prefix("r#") {
        Some(b) => (true, b),
        None => (false, name),
    };
    let mut chars = body.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c == '_' || unicode_ident::is_xid_start(c));
    let rest_ok = chars.all(unicode_ident::is_xid_continue);
    let keyword_ok = if raw {
        KEYWORDS.contains(&body) || !NON_RAW.contains(&body)
    } else {
        !KEYWORDS.contains(&body) && !NON_RAW.contains(&body)
    };
    first_ok && rest_ok && keyword_ok && body != "_"
}

/// Hands out unique names within one scope, first come first served.
/// Callers register in a deterministic order, so results are deterministic.
#[derive(Debug, Default, Clone)]
pub struct Registry {
    taken: BTreeSet<String>,
}

impl Registry {
    /// A registry with `reserved` already taken.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Registry {
            taken: reserved.into_iter().map(str::to_owned).collect(),
        }
    }

    /// Takes the first free name among `candidates`, else the last
    /// candidate with the smallest free numeric suffix (`Name2`, `name_2`).
    pub fn claim(&mut self, candidates: &[String], snake_style: bool) -> String {
        for c in candidates {
            if self.taken.insert(c.clone()) {
                return c.clone();
            }
        }
        let base = candidates.last().expect("at least one candidate");
        let base = base.strip_prefix("r#").unwrap_or(base);
        (2..)
            .map(|n| {
                if snake_style {
                    format!("{}_{n}", base.trim_end_matches('_'))
                } else {
                    format!("{base}{n}")
                }
            })
            .find(|c| self.taken.insert(c.clone()))
            .expect("an unbounded range finds a free name")
    }

    /// Whether `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_of_wcf_names() {
        assert_eq!(snake("ChatSessionId"), "chat_session_id");
        assert_eq!(snake("GetURLList"), "get_url_list");
        assert_eq!(snake("IDs"), "ids");
        assert_eq!(snake("EMail"), "e_mail");
        assert_eq!(snake("Services88"), "services88");
        assert_eq!(snake("AddChatMessage"), "add_chat_message");
        assert_eq!(snake("Key_Value"), "key_value");
        assert_eq!(snake("2fa"), "n2fa");
        // Characters that cannot continue an identifier split words.
        assert_eq!(snake("a\u{b2}b"), "a_b");
        assert_eq!(snake("\u{b2}"), "field");
        assert_eq!(camel("Caf\u{e9}Cr\u{e8}me"), "Caf\u{e9}Cr\u{e8}me");
    }

    #[test]
    fn camel_case_keeps_inner_capitals() {
        assert_eq!(camel("ChatSessionEntity"), "ChatSessionEntity");
        assert_eq!(camel("MS_Word"), "MSWord");
        assert_eq!(camel("chat"), "Chat");
        assert_eq!(camel("customerService"), "CustomerService");
        assert_eq!(camel("2D"), "V2D");
        assert_eq!(camel(""), "Empty");
        assert_eq!(camel("a.b-c"), "ABC");
    }

    #[test]
    fn planned_names_are_identifiers() {
        for raw in [
            "type", "Self", "self", "2fa", "a\u{b2}", "\u{300}x", "", "_", "__", "crate",
        ] {
            for name in [escape(&snake(raw)), camel(raw), screaming(raw)] {
                assert!(is_ident(&name) || name == "Self", "{raw:?} -> {name:?}");
            }
        }
        assert!(is_ident("r#type") && !is_ident("type") && !is_ident("r#self"));
        assert!(!is_ident("self") && !is_ident("1a") && !is_ident("a-b"));
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(escape("type"), "r#type");
        assert_eq!(escape("match"), "r#match");
        assert_eq!(escape("self"), "self_");
        assert_eq!(escape("Self"), "Self_");
        assert_eq!(escape("name"), "name");
    }

    #[test]
    fn registry_resolves_collisions_in_order() {
        let mut r = Registry::with_reserved(["new"]);
        assert_eq!(r.claim(&["new".into()], true), "new_2");
        assert_eq!(r.claim(&["id".into()], true), "id");
        assert_eq!(r.claim(&["id".into()], true), "id_2");
        assert_eq!(r.claim(&["r#type".into()], true), "r#type");
        assert_eq!(r.claim(&["r#type".into()], true), "type_2");
        let mut t = Registry::default();
        assert_eq!(t.claim(&["Chat".into()], false), "Chat");
        assert_eq!(
            t.claim(&["Chat".into(), "ChatArrays".into()], false),
            "ChatArrays"
        );
        assert_eq!(t.claim(&["Chat".into()], false), "Chat2");
        assert!(t.is_taken("Chat2"));
    }
}
