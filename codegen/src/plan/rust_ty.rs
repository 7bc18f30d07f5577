//! [`RustTy`]: a field's or parameter's Rust type together with how it sits
//! on the wire, and the questions every later stage asks of it. Its Rust
//! spelling is decided here once ([`RustTy::rust_type`],
//! [`RustTy::param_type`]); the emitter parses that text, the diff and the
//! plan JSON print it.

use crate::model::Builtin;

/// A Rust type together with how it sits on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum RustTy {
    /// A runtime primitive.
    Prim(Builtin),
    /// A generated type in `types`.
    Named(String),
    /// `Option<T>`: `xsi:nil` when `None`.
    Option(Box<RustTy>),
    /// `Box<T>`: breaks a cycle of directly contained types.
    Boxed(Box<RustTy>),
    /// `Vec<T>` written as a wrapper element holding one element per item.
    List {
        /// Item element namespace.
        item_ns: String,
        /// Item element name.
        item_name: String,
        /// Item type.
        item: Box<RustTy>,
    },
    /// `Map<K, V>` (ordered pairs) written as a wrapper of entry elements with Key and Value.
    Map {
        /// Entry element namespace (also of Key and Value).
        entry_ns: String,
        /// Entry element name.
        entry_name: String,
        /// Key type.
        key: Box<RustTy>,
        /// Value type.
        value: Box<RustTy>,
    },
    /// `Vec<T>` written as the same element repeated in place.
    Repeated(Box<RustTy>),
}

/// The Rust spelling of a primitive (runtime types as the codegen prelude
/// imports them).
pub fn prim_name(b: Builtin) -> &'static str {
    match b {
        Builtin::String | Builtin::AnyUri => "String",
        Builtin::Boolean => "bool",
        Builtin::Byte => "i8",
        Builtin::Short => "i16",
        Builtin::Int => "i32",
        Builtin::Long => "i64",
        Builtin::UnsignedByte => "u8",
        Builtin::UnsignedShort => "u16",
        Builtin::UnsignedInt => "u32",
        Builtin::UnsignedLong => "u64",
        Builtin::Float => "f32",
        Builtin::Double => "f64",
        Builtin::Decimal => "Decimal",
        Builtin::DateTime => "DateTime",
        Builtin::Duration => "Duration",
        Builtin::Base64Binary => "Vec<u8>",
        Builtin::QName => "QName",
        Builtin::Guid => "Guid",
        Builtin::Char => "char",
        Builtin::AnyType => "AnyValue",
    }
}

impl RustTy {
    /// The owned Rust type (a field's, a return value's), generated types
    /// prefixed with `prefix` (`""` inside `types`, `"types::"` in agents).
    pub fn rust_type(&self, prefix: &str) -> String {
        match self {
            RustTy::Prim(b) => prim_name(*b).to_owned(),
            RustTy::Named(n) => format!("{prefix}{n}"),
            RustTy::Option(t) => format!("Option<{}>", t.rust_type(prefix)),
            RustTy::Boxed(t) => format!("Box<{}>", t.rust_type(prefix)),
            RustTy::List { item: t, .. } | RustTy::Repeated(t) => {
                format!("Vec<{}>", t.rust_type(prefix))
            }
            RustTy::Map { key, value, .. } => {
                format!(
                    "Map<{}, {}>",
                    key.rust_type(prefix),
                    value.rust_type(prefix)
                )
            }
        }
    }

    /// The type a method takes for a parameter of this type: borrowed where
    /// natural (`&str`, `&[T]`, `&T`), by value for small `Copy` primitives.
    /// Where the schema allows nil, a trait the common argument and nil both
    /// satisfy: `impl Nillable<T>` (`&value`, `Option<&T>`, `Nil`), and for
    /// lists `impl ItemList<T>` (`&[..]`, `&vec`, items `T` or `Option<T>`,
    /// `Nil`), so that the common call stays as short as without nil.
    pub fn param_type(&self, prefix: &str) -> String {
        match self {
            RustTy::Prim(Builtin::String | Builtin::AnyUri) => "&str".to_owned(),
            RustTy::Prim(Builtin::Base64Binary) => "&[u8]".to_owned(),
            RustTy::Prim(b) if passed_by_value(*b) => prim_name(*b).to_owned(),
            RustTy::Boxed(t) => t.param_type(prefix),
            RustTy::Option(t) => match t.without_wrappers() {
                list @ RustTy::List { .. } if list.items_fit_item_list() => {
                    list.item_list_param(prefix)
                }
                RustTy::List { item, .. } => format!("Option<&[{}]>", item.rust_type(prefix)),
                RustTy::Map { key, value, .. } => format!(
                    "Option<&[({}, {})]>",
                    key.rust_type(prefix),
                    value.rust_type(prefix)
                ),
                inner => format!("impl Nillable<{}>", inner.borrowed(prefix)),
            },
            list @ RustTy::List { item, .. } if matches!(**item, RustTy::Option(_)) => {
                if list.items_fit_item_list() {
                    list.item_list_param(prefix)
                } else {
                    format!("&[{}]", item.rust_type(prefix))
                }
            }
            RustTy::List { item: t, .. } | RustTy::Repeated(t) => {
                format!("&[{}]", t.rust_type(prefix))
            }
            RustTy::Map { key, value, .. } => {
                format!(
                    "&[({}, {})]",
                    key.rust_type(prefix),
                    value.rust_type(prefix)
                )
            }
            t => format!("&{}", t.rust_type(prefix)),
        }
    }

    /// Whether a list's items (under any `Option`) encode through their own
    /// impls, so the list can be taken as an `impl ItemList<T>`.
    pub fn items_fit_item_list(&self) -> bool {
        match self {
            RustTy::List { item, .. } => item.without_wrappers().is_codec_leaf(),
            _ => false,
        }
    }

    fn item_list_param(&self, prefix: &str) -> String {
        match self {
            RustTy::List { item, .. } => {
                format!(
                    "impl ItemList<{}>",
                    item.without_wrappers().borrowed(prefix)
                )
            }
            other => other.param_type(prefix),
        }
    }

    /// The type a borrowed value of this type points at: `str` for text,
    /// `[u8]` for bytes, the type itself otherwise.
    fn borrowed(&self, prefix: &str) -> String {
        match self.without_wrappers() {
            RustTy::Prim(Builtin::String | Builtin::AnyUri) => "str".to_owned(),
            RustTy::Prim(Builtin::Base64Binary) => "[u8]".to_owned(),
            t => t.rust_type(prefix),
        }
    }

    /// Whether a method takes this parameter by reference (`&value`): not
    /// small `Copy` primitives (by value, also where nil is allowed).
    pub fn param_by_ref(&self) -> bool {
        !matches!(self.without_wrappers(), RustTy::Prim(b) if passed_by_value(*b))
    }

    /// The type under any `Option` and `Box`.
    pub fn without_wrappers(&self) -> &RustTy {
        let mut ty = self;
        while let RustTy::Option(t) | RustTy::Boxed(t) = ty {
            ty = t;
        }
        ty
    }

    /// Whether a value encodes and decodes through its own `Encode`/`Decode`
    /// impls (primitives, generated types, and `Option`/`Box` of those);
    /// lists, maps and repeated elements are written in place instead.
    pub fn is_codec_leaf(&self) -> bool {
        match self {
            RustTy::Prim(_) | RustTy::Named(_) => true,
            RustTy::Option(t) | RustTy::Boxed(t) => t.is_codec_leaf(),
            _ => false,
        }
    }

    /// Whether the type represents nil itself, so a nillable field of it
    /// needs no `Option`: only `AnyValue` (`AnyValue::Nil`).
    pub fn carries_nil(&self) -> bool {
        matches!(self, RustTy::Prim(Builtin::AnyType))
    }

    /// The generated types a value of this type holds, in order; with
    /// `inline_only`, only those stored inline (not behind a `Vec` or
    /// `Box`), which are what can make a type infinitely large.
    pub fn named_types(&self, inline_only: bool) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_named(inline_only, &mut out);
        out
    }

    fn collect_named<'a>(&'a self, inline_only: bool, out: &mut Vec<&'a str>) {
        match self {
            RustTy::Prim(_) => {}
            RustTy::Named(n) => out.push(n),
            RustTy::Option(t) => t.collect_named(inline_only, out),
            RustTy::Boxed(t) | RustTy::Repeated(t) | RustTy::List { item: t, .. } => {
                if !inline_only {
                    t.collect_named(inline_only, out)
                }
            }
            RustTy::Map { key, value, .. } => {
                if !inline_only {
                    key.collect_named(inline_only, out);
                    value.collect_named(inline_only, out);
                }
            }
        }
    }

    /// Whether the type names any generated type.
    pub fn mentions_generated(&self) -> bool {
        !self.named_types(false).is_empty()
    }

    /// This type with every inline generated type boxed (`T` -> `Box<T>`,
    /// `Option<T>` -> `Option<Box<T>>`).
    pub fn boxed(self) -> RustTy {
        match self {
            RustTy::Option(t) => RustTy::Option(Box::new(t.boxed())),
            t @ RustTy::Named(_) => RustTy::Boxed(Box::new(t)),
            t => t,
        }
    }

    /// A short, human description of the wire shape (for docs).
    pub fn wire_note(&self) -> &'static str {
        match self {
            RustTy::Option(_) => "; `None` is `xsi:nil`",
            RustTy::List { .. } => "; one child element per item",
            RustTy::Map { .. } => "; one key/value entry per pair, in order",
            RustTy::Repeated(_) => "; the element repeated once per item",
            RustTy::Prim(_) | RustTy::Named(_) | RustTy::Boxed(_) => "",
        }
    }
}

/// Whether a primitive is `Copy` and small enough to pass by value.
fn passed_by_value(b: Builtin) -> bool {
    !matches!(
        b,
        Builtin::String
            | Builtin::AnyUri
            | Builtin::Decimal
            | Builtin::DateTime
            | Builtin::Duration
            | Builtin::Base64Binary
            | Builtin::QName
            | Builtin::Guid
            | Builtin::AnyType
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_spelling_of_fields_and_parameters() {
        let named = |n: &str| RustTy::Named(n.into());
        let opt = RustTy::Option(Box::new(named("ChatMessage")));
        assert_eq!(opt.rust_type("types::"), "Option<types::ChatMessage>");
        assert_eq!(
            opt.param_type("types::"),
            "impl Nillable<types::ChatMessage>"
        );
        assert!(opt.param_by_ref());
        let ints = RustTy::List {
            item_ns: String::new(),
            item_name: "int".into(),
            item: Box::new(RustTy::Prim(Builtin::Int)),
        };
        assert_eq!(ints.rust_type(""), "Vec<i32>");
        assert_eq!(ints.param_type(""), "&[i32]");
        let nil_ints = RustTy::Option(Box::new(ints.clone()));
        assert_eq!(nil_ints.rust_type(""), "Option<Vec<i32>>");
        assert_eq!(nil_ints.param_type(""), "impl ItemList<i32>");
        assert_eq!(RustTy::Prim(Builtin::Int).param_type(""), "i32");
        assert!(!RustTy::Prim(Builtin::Int).param_by_ref());
        assert_eq!(RustTy::Prim(Builtin::String).param_type(""), "&str");
        assert_eq!(RustTy::Prim(Builtin::DateTime).param_type(""), "&DateTime");
        let map = RustTy::Map {
            entry_ns: String::new(),
            entry_name: "E".into(),
            key: Box::new(RustTy::Prim(Builtin::String)),
            value: Box::new(RustTy::Prim(Builtin::AnyType)),
        };
        assert_eq!(map.rust_type(""), "Map<String, AnyValue>");
        assert!(!map.carries_nil() && !map.is_codec_leaf());
        assert_eq!(
            opt.clone().boxed().rust_type(""),
            "Option<Box<ChatMessage>>"
        );
        assert_eq!(
            RustTy::Repeated(Box::new(named("A"))).named_types(true),
            Vec::<&str>::new()
        );
        assert_eq!(
            RustTy::Repeated(Box::new(named("A"))).named_types(false),
            ["A"]
        );
    }
}
