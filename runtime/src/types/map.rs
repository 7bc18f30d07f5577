//! [`Map`]: a dictionary (`IsDictionary` in the schema) as the server sent it: ordered
//! pairs, lookups by key.

use std::ops::{Deref, DerefMut};

/// The entries of a dictionary, in the order received (duplicates kept, as sent), with
/// lookups by key: `get("Name")` on a `Map<String, _>` or a `Map<Option<String>, _>`.
///
/// It derefs to the `Vec` of pairs, so every `Vec` method works (`push`, `iter`, `len`;
/// index with `map[0]`). Keys the schema allows to be nil are `Option`s; a nil key never
/// matches a lookup.
///
/// ```
/// use sogen_runtime::Map;
/// let mut m: Map<Option<String>, i32> = [(Some("a".to_string()), 1), (None, 2)].into_iter().collect();
/// assert_eq!(m.get("a"), Some(&1));
/// assert_eq!(m.get("b"), None);
/// m.insert(Some("a".into()), 3);
/// assert_eq!((m.get("a"), m.len()), (Some(&3), 2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Map<K, V>(pub Vec<(K, V)>);

impl<K, V> Default for Map<K, V> {
    fn default() -> Self {
        Map(Vec::new())
    }
}

/// How a key compares with what a lookup names: `K: MapKey<K>` always; text keys also by
/// `str`, nil-able keys by what they hold.
pub trait MapKey<Q: ?Sized> {
    /// Whether this key is `q`.
    fn is(&self, q: &Q) -> bool;
}

impl<T: PartialEq> MapKey<T> for T {
    fn is(&self, q: &T) -> bool {
        self == q
    }
}

impl<T: PartialEq> MapKey<T> for Option<T> {
    fn is(&self, q: &T) -> bool {
        self.as_ref() == Some(q)
    }
}

impl MapKey<str> for String {
    fn is(&self, q: &str) -> bool {
        self == q
    }
}

impl MapKey<str> for Option<String> {
    fn is(&self, q: &str) -> bool {
        self.as_deref() == Some(q)
    }
}

impl<K, V> Map<K, V> {
    /// The value of the first entry whose key is `key`.
    pub fn get<Q: ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: MapKey<Q>,
    {
        self.0.iter().find(|(k, _)| k.is(key)).map(|(_, v)| v)
    }

    /// As [`get`](Self::get), mutable.
    pub fn get_mut<Q: ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: MapKey<Q>,
    {
        self.0.iter_mut().find(|(k, _)| k.is(key)).map(|(_, v)| v)
    }

    /// Whether an entry has key `key`.
    pub fn contains_key<Q: ?Sized>(&self, key: &Q) -> bool
    where
        K: MapKey<Q>,
    {
        self.get(key).is_some()
    }

    /// Replaces the value of the first entry with this key, or appends an entry; the old
    /// value, if any.
    pub fn insert(&mut self, key: K, value: V) -> Option<V>
    where
        K: PartialEq,
    {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => Some(std::mem::replace(v, value)),
            None => {
                self.0.push((key, value));
                None
            }
        }
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }

    /// The values, in order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl<K, V> Deref for Map<K, V> {
    type Target = Vec<(K, V)>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<K, V> DerefMut for Map<K, V> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl<K, V> From<Vec<(K, V)>> for Map<K, V> {
    fn from(pairs: Vec<(K, V)>) -> Self {
        Map(pairs)
    }
}

impl<K, V> FromIterator<(K, V)> for Map<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Map(iter.into_iter().collect())
    }
}

impl<K, V> Extend<(K, V)> for Map<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        self.0.extend(iter)
    }
}

impl<K, V> IntoIterator for Map<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a Map<K, V> {
    type Item = &'a (K, V);
    type IntoIter = std::slice::Iter<'a, (K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}
