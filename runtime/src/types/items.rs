//! Lists as the schema allows them, kept short in the common case: a nillable list of
//! nillable items is `Option<Vec<Option<T>>>`, and most code wants "the items that are
//! there" ([`PresentItems::present`]) or "these values" ([`items`]), for dictionaries too.

use super::Map;

/// The items of a list field that are present: nil items, and all of a nil list, skipped.
/// (A list whose items cannot be nil, `Option<Vec<T>>`, has `.iter().flatten()`.)
///
/// ```
/// use sogen_runtime::PresentItems;
/// let received: Option<Vec<Option<i32>>> = Some(vec![Some(1), None, Some(3)]);
/// assert_eq!(received.present().copied().collect::<Vec<_>>(), [1, 3]);
/// assert_eq!(None::<Vec<Option<i32>>>.present().count(), 0);
/// ```
pub trait PresentItems<T> {
    /// The present items, in order.
    fn present<'a>(&'a self) -> impl Iterator<Item = &'a T>
    where
        T: 'a;
}

impl<T> PresentItems<T> for Vec<Option<T>> {
    fn present<'a>(&'a self) -> impl Iterator<Item = &'a T>
    where
        T: 'a,
    {
        self.iter().flatten()
    }
}

impl<T> PresentItems<T> for Option<Vec<Option<T>>> {
    fn present<'a>(&'a self) -> impl Iterator<Item = &'a T>
    where
        T: 'a,
    {
        self.iter().flatten().flatten()
    }
}

/// A list shape that can be built from plain values: `Vec<T>`, `Vec<Option<T>>`,
/// `Option<Vec<T>>`, `Option<Vec<Option<T>>>` (every item present, the list not nil).
pub trait FromItems<T>: Sized {
    /// The list of `values`.
    fn from_items(values: impl IntoIterator<Item = T>) -> Self;
}

impl<T> FromItems<T> for Vec<T> {
    fn from_items(values: impl IntoIterator<Item = T>) -> Self {
        values.into_iter().collect()
    }
}

impl<T> FromItems<T> for Vec<Option<T>> {
    fn from_items(values: impl IntoIterator<Item = T>) -> Self {
        values.into_iter().map(Some).collect()
    }
}

impl<T> FromItems<T> for Option<Vec<T>> {
    fn from_items(values: impl IntoIterator<Item = T>) -> Self {
        Some(values.into_iter().collect())
    }
}

impl<T> FromItems<T> for Option<Vec<Option<T>>> {
    fn from_items(values: impl IntoIterator<Item = T>) -> Self {
        Some(values.into_iter().map(Some).collect())
    }
}

/// A list field of whatever shape its type has, holding `values`: `items([1, 2])` for an
/// `Option<Vec<Option<i32>>>`, a `Vec<i32>`, ...
///
/// ```
/// let topics: Option<Vec<Option<i32>>> = sogen_runtime::items([1, 4]);
/// assert_eq!(topics, Some(vec![Some(1), Some(4)]));
/// ```
pub fn items<T, L: FromItems<T>>(values: impl IntoIterator<Item = T>) -> L {
    L::from_items(values)
}

/// A dictionary of present keys and values: `items([(key, value)])` for an
/// `Option<Map<Option<String>, Option<String>>>` (a nillable `StringDictionary`).
///
/// ```
/// use sogen_runtime::{items, Map};
/// let extra: Option<Map<Option<String>, Option<String>>> =
///     items([("x_badge".to_owned(), "gold".to_owned())]);
/// assert_eq!(extra.unwrap().get("x_badge"), Some(&Some("gold".to_owned())));
/// ```
impl<K, V> FromItems<(K, V)> for Map<Option<K>, Option<V>> {
    fn from_items(values: impl IntoIterator<Item = (K, V)>) -> Self {
        values
            .into_iter()
            .map(|(k, v)| (Some(k), Some(v)))
            .collect()
    }
}

impl<K, V> FromItems<(K, V)> for Option<Map<Option<K>, Option<V>>> {
    fn from_items(values: impl IntoIterator<Item = (K, V)>) -> Self {
        Some(Map::from_items(values))
    }
}

impl<K, V> FromItems<(K, V)> for Map<K, V> {
    fn from_items(values: impl IntoIterator<Item = (K, V)>) -> Self {
        values.into_iter().collect()
    }
}
