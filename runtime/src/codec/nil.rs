//! What generated methods take where the schema allows nil: a parameter that may be nil
//! ([`Nillable`]), a list parameter that may be nil ([`ItemList`]), and list items that may
//! be nil ([`MaybeNil`]). The common call stays as short as without nil:
//!
//! ```ignore
//! chat.add_chat_message(7, &message);          // &T is a value
//! chat.add_chat_message(7, Nil);               // xsi:nil="true"
//! list.get_names(&[1, 2, 3]);                  // an array, a &Vec<i32> or a slice
//! list.set_tags(&["a", "b"]);                  // &str items; Some("a") / None items too
//! list.set_tags(&[]);                          // an empty list: <Tags/>
//! list.set_tags(Nil);                          // the list itself nil
//! ```

use super::{Encode, XmlWriter};

/// Nil, for a parameter or list that the schema allows to be nil: written
/// `xsi:nil="true"`.
// Not `Copy`: `Nillable` takes `Copy` values by value, and `Nil` is no value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Nil;

/// A parameter value that may be nil: `&T` (or `&str`, `String`, ... for text; small `Copy`
/// values by value) is a value, `Option<&T>` (`Option<T>` for `Copy` values) a value or
/// nil, [`Nil`] nil.
pub trait Nillable<T: ?Sized> {
    /// The value, or `None` for nil.
    fn value(&self) -> Option<&T>;
}

impl<T> Nillable<T> for &T {
    fn value(&self) -> Option<&T> {
        Some(*self)
    }
}

/// Small `Copy` values (numbers, `bool`, `DateTime`, `Guid`) by value.
impl<T: Copy> Nillable<T> for T {
    fn value(&self) -> Option<&T> {
        Some(self)
    }
}

impl<T: Copy> Nillable<T> for Option<T> {
    fn value(&self) -> Option<&T> {
        self.as_ref()
    }
}

impl<T> Nillable<T> for Option<&T> {
    fn value(&self) -> Option<&T> {
        *self
    }
}

impl<T: ?Sized> Nillable<T> for Nil {
    fn value(&self) -> Option<&T> {
        None
    }
}

/// Text and bytes: borrowed or owned, present or not.
macro_rules! nillable_unsized {
    ($unsized:ty, $owned:ty) => {
        impl Nillable<$unsized> for &$unsized {
            fn value(&self) -> Option<&$unsized> {
                Some(*self)
            }
        }
        impl Nillable<$unsized> for $owned {
            fn value(&self) -> Option<&$unsized> {
                Some(self)
            }
        }
        impl Nillable<$unsized> for &$owned {
            fn value(&self) -> Option<&$unsized> {
                Some(self)
            }
        }
        impl Nillable<$unsized> for Option<&$unsized> {
            fn value(&self) -> Option<&$unsized> {
                *self
            }
        }
        impl Nillable<$unsized> for Option<$owned> {
            fn value(&self) -> Option<&$unsized> {
                self.as_deref()
            }
        }
        impl MaybeNil<$unsized> for &$unsized {
            fn item(&self) -> Option<&$unsized> {
                Some(*self)
            }
        }
        impl MaybeNil<$unsized> for $owned {
            fn item(&self) -> Option<&$unsized> {
                Some(self)
            }
        }
        impl MaybeNil<$unsized> for Option<&$unsized> {
            fn item(&self) -> Option<&$unsized> {
                *self
            }
        }
        impl MaybeNil<$unsized> for Option<$owned> {
            fn item(&self) -> Option<&$unsized> {
                self.as_deref()
            }
        }
    };
}

nillable_unsized!(str, String);
nillable_unsized!([u8], Vec<u8>);

/// A list item that may be nil: `T`, `&T` (`&str`, `String` for text) is a value,
/// `Option<T>` / `Option<&T>` a value or nil.
pub trait MaybeNil<T: ?Sized> {
    /// The item, or `None` for nil.
    fn item(&self) -> Option<&T>;
}

impl<T> MaybeNil<T> for T {
    fn item(&self) -> Option<&T> {
        Some(self)
    }
}

impl<T> MaybeNil<T> for &T {
    fn item(&self) -> Option<&T> {
        Some(*self)
    }
}

impl<T> MaybeNil<T> for Option<T> {
    fn item(&self) -> Option<&T> {
        self.as_ref()
    }
}

impl<T> MaybeNil<T> for Option<&T> {
    fn item(&self) -> Option<&T> {
        *self
    }
}

/// A list parameter that may be nil: a slice, an array (up to 32 items, or `&[]`) or a `Vec`
/// (by reference) of items that are values or nil ([`MaybeNil`]), `Option` of one, or
/// [`Nil`].
pub trait ItemList<T: ?Sized> {
    /// The items, or `None` for a nil list.
    fn items(&self) -> Option<Vec<Option<&T>>>;
}

impl<T: ?Sized, I: MaybeNil<T>> ItemList<T> for &[I] {
    fn items(&self) -> Option<Vec<Option<&T>>> {
        Some(self.iter().map(MaybeNil::item).collect())
    }
}

/// Arrays of 1 to 32 items. Not one impl over every length: then `&[]` would leave its
/// item type open among the [`MaybeNil`] impls (`E0283`); the empty array has impls of its
/// own that fix it.
macro_rules! item_list_arrays {
    ($($n:literal)+) => {$(
        impl<T: ?Sized, I: MaybeNil<T>> ItemList<T> for &[I; $n] {
            fn items(&self) -> Option<Vec<Option<&T>>> {
                Some(self.iter().map(MaybeNil::item).collect())
            }
        }
    )+};
}

item_list_arrays!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32);

/// `&[]`: an empty list (not nil), its item type fixed by the parameter's.
impl<T> ItemList<T> for &[T; 0] {
    fn items(&self) -> Option<Vec<Option<&T>>> {
        Some(Vec::new())
    }
}

/// `&[]` for a list of text.
impl ItemList<str> for &[&str; 0] {
    fn items(&self) -> Option<Vec<Option<&str>>> {
        Some(Vec::new())
    }
}

/// `&[]` for a list of byte strings.
impl ItemList<[u8]> for &[&[u8]; 0] {
    fn items(&self) -> Option<Vec<Option<&[u8]>>> {
        Some(Vec::new())
    }
}

impl<T: ?Sized, I: MaybeNil<T>> ItemList<T> for &Vec<I> {
    fn items(&self) -> Option<Vec<Option<&T>>> {
        Some(self.iter().map(MaybeNil::item).collect())
    }
}

impl<T: ?Sized, I: MaybeNil<T>> ItemList<T> for Option<&[I]> {
    fn items(&self) -> Option<Vec<Option<&T>>> {
        self.map(|s| s.iter().map(MaybeNil::item).collect())
    }
}

/// A list as received (a field of a response), passed back as it is.
impl<T: ?Sized, I: MaybeNil<T>> ItemList<T> for &Option<Vec<I>> {
    fn items(&self) -> Option<Vec<Option<&T>>> {
        self.as_ref()
            .map(|s| s.iter().map(MaybeNil::item).collect())
    }
}

impl<T: ?Sized> ItemList<T> for Nil {
    fn items(&self) -> Option<Vec<Option<&T>>> {
        None
    }
}

/// Writes a parameter that may be nil as element `name`.
pub fn encode_nillable<T: Encode + ?Sized>(
    w: &mut XmlWriter,
    ns: &str,
    name: &str,
    value: &impl Nillable<T>,
) {
    match value.value() {
        Some(v) => v.encode(w, ns, name),
        None => w.nil(ns, name),
    }
}

/// Writes a list parameter that may be nil (and whose items may be): the wrapper
/// `<name>` with one `<item_name>` per item, or `xsi:nil`.
pub fn encode_items<T: Encode + ?Sized>(
    w: &mut XmlWriter,
    ns: &str,
    name: &str,
    item_ns: &str,
    item_name: &str,
    items: &impl ItemList<T>,
) {
    let Some(items) = items.items() else {
        w.nil(ns, name);
        return;
    };
    w.open(ns, name);
    for item in items {
        match item {
            Some(v) => v.encode(w, item_ns, item_name),
            None => w.nil(item_ns, item_name),
        }
    }
    w.close(ns, name);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items<T: ?Sized + Encode>(list: impl ItemList<T>) -> String {
        let mut w = XmlWriter::new();
        encode_items(&mut w, "", "L", "", "i", &list);
        String::from_utf8(w.into_bytes()).unwrap()
    }

    fn one<T: ?Sized + Encode>(v: impl Nillable<T>) -> String {
        let mut w = XmlWriter::new();
        encode_nillable(&mut w, "", "P", &v);
        String::from_utf8(w.into_bytes()).unwrap()
    }

    #[test]
    fn values_options_and_nil_all_fit() {
        assert_eq!(items::<str>(&["a", "b"]), "<L><i>a</i><i>b</i></L>");
        let owned = vec!["x".to_string()];
        assert_eq!(items::<str>(&owned), "<L><i>x</i></L>");
        assert_eq!(items::<i32>(&[1, 2][..]), "<L><i>1</i><i>2</i></L>");
        let with_nil = [Some("a"), None];
        let nil_item =
            r#"<i xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>"#;
        assert_eq!(
            items::<str>(&with_nil),
            format!("<L><i>a</i>{nil_item}</L>")
        );
        assert!(items::<str>(Nil).contains(r#"<L xmlns:xsi"#));
        assert_eq!(one::<str>("t"), "<P>t</P>");
        assert_eq!(one::<i32>(&5), "<P>5</P>");
        assert_eq!(one::<i32>(Some(&5)), "<P>5</P>");
        assert!(one::<i32>(Nil).contains(r#"xsi:nil="true""#));
        assert!(one::<str>(None::<String>).contains(r#"xsi:nil="true""#));
        let received = Some(vec![Some(1), None]);
        assert_eq!(
            items::<i32>(&received),
            format!("<L><i>1</i>{nil_item}</L>")
        );
        assert!(items::<i32>(&None::<Vec<i32>>).contains(r#"xsi:nil="true""#));
        // An empty list is an empty list, whatever the item type.
        assert_eq!(items::<i32>(&[]), "<L></L>");
        assert_eq!(items::<str>(&[]), "<L></L>");
        assert_eq!(items::<[u8]>(&[]), "<L></L>");
        let longest = [7; 32];
        assert_eq!(items::<i32>(&longest).matches("<i>7</i>").count(), 32);
    }
}
