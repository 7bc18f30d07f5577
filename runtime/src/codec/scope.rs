//! The namespace bindings in scope while reading. A lookup costs the same however many
//! declarations a body piles up (a linear search made 200,000 declarations with children
//! using them take a minute to read).

use std::borrow::Cow;
use std::collections::HashMap;

use super::text::cheap_clone;

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
const NONE: usize = usize::MAX;
/// Up to this many bindings a reverse scan beats hashing (real responses have 3 to 6 in
/// scope); beyond, lookups go through the index.
const SMALL: usize = 16;

struct Binding<'a> {
    prefix: &'a str,
    uri: Cow<'a, str>,
    /// The binding of the same prefix this one hides (`NONE`: none), restored when it ends.
    shadows: usize,
}

/// Bindings in document order; the innermost binding of a prefix is the one in force.
pub(super) struct Scope<'a> {
    bindings: Vec<Binding<'a>>,
    /// The innermost binding of each prefix, built once the scope outgrows `SMALL` and kept
    /// from then on (dropping it would let a body rebuild it at every element by hovering
    /// around the threshold).
    index: Option<HashMap<&'a str, usize>>,
    /// The innermost default namespace binding (`NONE`: none), so that unprefixed
    /// elements, nearly all of them, resolve without a search.
    default_ns: usize,
}

impl<'a> Scope<'a> {
    pub(super) fn new() -> Self {
        Scope {
            bindings: Vec::with_capacity(8),
            index: None,
            default_ns: NONE,
        }
    }

    /// How many bindings are in scope (what [`truncate`](Self::truncate) returns to).
    #[inline]
    pub(super) fn len(&self) -> usize {
        self.bindings.len()
    }

    /// Binds `prefix` (empty: the default namespace) to `uri`, hiding an outer binding.
    pub(super) fn declare(&mut self, prefix: &'a str, uri: Cow<'a, str>) {
        let at = self.bindings.len();
        let shadows = if prefix.is_empty() {
            std::mem::replace(&mut self.default_ns, at)
        } else if let Some(index) = &mut self.index {
            index.insert(prefix, at).unwrap_or(NONE)
        } else {
            // Without the index nothing reads `shadows` of a prefix; `build_index` sets it.
            NONE
        };
        self.bindings.push(Binding {
            prefix,
            uri,
            shadows,
        });
        if self.index.is_none() && self.bindings.len() > SMALL {
            self.build_index();
        }
    }

    #[cold]
    fn build_index(&mut self) {
        let mut index = HashMap::with_capacity(self.bindings.len() * 2);
        for (at, b) in self.bindings.iter_mut().enumerate() {
            if !b.prefix.is_empty() {
                b.shadows = index.insert(b.prefix, at).unwrap_or(NONE);
            }
        }
        self.index = Some(index);
    }

    /// Ends the bindings declared after the scope had `len` of them.
    pub(super) fn truncate(&mut self, len: usize) {
        while self.bindings.len() > len {
            let Some(b) = self.bindings.pop() else { break };
            if b.prefix.is_empty() {
                self.default_ns = b.shadows;
            } else if let Some(index) = &mut self.index {
                if b.shadows == NONE {
                    index.remove(b.prefix);
                } else {
                    index.insert(b.prefix, b.shadows);
                }
            }
        }
    }

    /// The default namespace in scope (empty when none).
    #[inline]
    pub(super) fn default_ns(&self) -> Cow<'a, str> {
        match self.bindings.get(self.default_ns) {
            Some(b) => cheap_clone(&b.uri),
            None => Cow::Borrowed(""),
        }
    }

    /// The URI `prefix` is bound to (`xml` always is; the empty prefix is the default
    /// namespace).
    pub(super) fn get(&self, prefix: &str) -> Option<&str> {
        self.uri(prefix).map(|u| &**u)
    }

    /// As [`get`](Self::get), borrowing from the input when the URI does.
    #[inline]
    pub(super) fn lookup(&self, prefix: &str) -> Option<Cow<'a, str>> {
        self.uri(prefix).map(cheap_clone)
    }

    /// Whether one of the bindings after the first `from` binds `prefix` (the element
    /// whose scope began at `from` declared it itself).
    pub(super) fn declared_since(&self, from: usize, prefix: &str) -> bool {
        self.bindings
            .get(from..)
            .is_some_and(|own| own.iter().any(|b| b.prefix == prefix))
    }

    fn uri(&self, prefix: &str) -> Option<&Cow<'a, str>> {
        static XML: Cow<'static, str> = Cow::Borrowed(XML_NS);
        if prefix.is_empty() {
            return self.bindings.get(self.default_ns).map(|b| &b.uri);
        }
        if prefix == "xml" {
            return Some(&XML);
        }
        let at = match &self.index {
            Some(index) => *index.get(prefix)?,
            None => self.bindings.iter().rposition(|b| b.prefix == prefix)?,
        };
        Some(&self.bindings[at].uri)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same answers with and without the index, through declarations and their ends.
    #[test]
    fn index_and_scan_agree() {
        for extra in [0, 40] {
            let mut s = Scope::new();
            let names: Vec<String> = (0..extra).map(|i| format!("p{i}")).collect();
            s.declare("a", Cow::Borrowed("urn:a1"));
            s.declare("", Cow::Borrowed("urn:d1"));
            for n in &names {
                s.declare(n, Cow::Borrowed("urn:pad"));
            }
            let outer = s.len();
            s.declare("a", Cow::Borrowed("urn:a2"));
            s.declare("", Cow::Borrowed("urn:d2"));
            s.declare("b", Cow::Borrowed("urn:b"));
            assert_eq!(s.get("a"), Some("urn:a2"));
            assert_eq!(s.lookup("").as_deref(), Some("urn:d2"));
            assert_eq!(s.get("b"), Some("urn:b"));
            s.truncate(outer);
            assert_eq!(s.get("a"), Some("urn:a1"), "extra {extra}");
            assert_eq!(s.default_ns(), "urn:d1");
            assert_eq!(s.get("b"), None);
            assert_eq!(s.get("xml"), Some(XML_NS));
            s.truncate(0);
            assert_eq!((s.get("a"), s.get("")), (None, None));
            assert_eq!(s.default_ns(), "");
        }
    }
}
