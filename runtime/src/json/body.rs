//! Writing a REST request ([`JsonBody`]): the parameters as an object of PascalCase
//! members, one parameter as the whole body, or query parameters; which one an
//! operation takes is the generator's (from SuperOffice's own client).

use std::fmt::Display;

use serde::Serialize;

use super::forms::{As, JsonWrite};
use crate::call::{JsonBody, JsonRequest};
use crate::{ItemList, Nillable};

/// What a [`JsonBody`] holds so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum BodyShape {
    /// Nothing: no body is sent.
    #[default]
    Empty,
    /// An object being written (`{"A":1` so far).
    Object,
    /// A whole value.
    Whole,
}

impl JsonBody {
    /// Writes parameter `name` as a member of the body object.
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.member(name, value);
    }

    /// As [`field`](Self::field), in form `F` (base64 bytes, floats).
    pub fn field_as<F: JsonWrite<T>, T: ?Sized>(&mut self, name: &str, value: &T) {
        self.member(name, &As::<F, T>::new(value));
    }

    /// Writes a parameter that may be nil: `null` for nil.
    pub fn nillable<T: Serialize + ?Sized>(&mut self, name: &str, value: &impl Nillable<T>) {
        self.member(name, &value.value());
    }

    /// As [`nillable`](Self::nillable), the value in form `F`.
    pub fn nillable_as<F: JsonWrite<T>, T: ?Sized>(
        &mut self,
        name: &str,
        value: &impl Nillable<T>,
    ) {
        self.member(name, &value.value().map(As::<F, T>::new));
    }

    /// Writes a list parameter that may be nil (and whose items may be): an array with
    /// `null` for nil items, or `null`.
    pub fn items<T: Serialize + ?Sized>(&mut self, name: &str, items: &impl ItemList<T>) {
        self.member(name, &items.items());
    }

    /// As [`items`](Self::items), the items in form `F`.
    pub fn items_as<F: JsonWrite<T>, T: ?Sized>(&mut self, name: &str, items: &impl ItemList<T>) {
        let items = items.items().map(|items| {
            let each = items.into_iter().map(|i| i.map(As::<F, T>::new));
            each.collect::<Vec<_>>()
        });
        self.member(name, &items);
    }

    /// Writes `value` as the whole body (a carrier or a list posted bare).
    pub fn whole<T: Serialize + ?Sized>(&mut self, value: &T) {
        self.out.clear();
        self.shape = BodyShape::Whole;
        if let Err(e) = serde_json::to_writer(&mut self.out, value) {
            self.keep(e);
        }
    }

    /// As [`whole`](Self::whole), in form `F`.
    pub fn whole_as<F: JsonWrite<T>, T: ?Sized>(&mut self, value: &T) {
        self.whole(&As::<F, T>::new(value));
    }

    /// Marks the call as one the REST wire refuses: an older version's operation that the
    /// current Agents API no longer has (what the generator emits for it). The call then
    /// fails with [`Error::Config`](crate::Error::Config) when awaited, and nothing is
    /// sent.
    pub fn not_in_api(&mut self) {
        self.not_in_api = true;
    }

    /// Adds query parameter `name` (`?ChatSessionEntityId=5`).
    pub fn query(&mut self, name: &'static str, value: &impl Display) {
        self.query.push((name, value.to_string()));
    }

    fn member<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.out.push(match self.shape {
            BodyShape::Object => b',',
            _ => b'{',
        });
        self.shape = BodyShape::Object;
        let written = serde_json::to_writer(&mut self.out, name).and_then(|()| {
            self.out.push(b':');
            serde_json::to_writer(&mut self.out, value)
        });
        if let Err(e) = written {
            self.keep(e);
        }
    }

    fn keep(&mut self, e: serde_json::Error) {
        if self.error.is_none() {
            self.error = Some(e.to_string());
        }
    }

    /// The request, or the first value that could not be written.
    pub(crate) fn finish(mut self) -> Result<JsonRequest, String> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let body = match self.shape {
            BodyShape::Empty => None,
            BodyShape::Object => {
                self.out.push(b'}');
                Some(self.out)
            }
            BodyShape::Whole => Some(self.out),
        };
        Ok(JsonRequest {
            body,
            query: self.query,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::AsBase64;
    use crate::Nil;

    fn body(write: impl FnOnce(&mut JsonBody)) -> Result<JsonRequest, String> {
        let mut b = JsonBody::default();
        write(&mut b);
        b.finish()
    }

    #[test]
    fn members_nil_lists_and_bare_bodies() {
        let r = body(|b| {
            b.field("ChatSessionId", &651);
            b.nillable::<str>("Message", &Nil);
            b.items::<i32>("Ids", &&[Some(1), None]);
            b.field_as::<AsBase64, [u8]>("Blob", b"hi");
        })
        .unwrap();
        let text = String::from_utf8(r.body.unwrap()).unwrap();
        assert_eq!(
            text,
            r#"{"ChatSessionId":651,"Message":null,"Ids":[1,null],"Blob":"aGk="}"#
        );
        let r = body(|b| b.whole(&[1, 2, 3])).unwrap();
        assert_eq!(r.body.as_deref(), Some(&b"[1,2,3]"[..]));
        let r = body(|b| b.query("ChatSessionEntityId", &533)).unwrap();
        assert_eq!(
            (r.body, r.query),
            (None, vec![("ChatSessionEntityId", "533".into())])
        );
        assert_eq!(body(|_| {}).unwrap(), JsonRequest::default());
    }

    #[test]
    fn a_value_json_cannot_carry_is_an_error() {
        let map = crate::Map(vec![(None::<String>, 1)]);
        let e = body(|b| b.field("Values", &map)).unwrap_err();
        assert!(e.contains("nil"), "{e}");
    }
}
