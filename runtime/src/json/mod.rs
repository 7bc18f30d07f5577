//! The JSON codec of the REST wire (feature `rest`): NetServer's Agents API form of every
//! value, on serde and serde_json.
//!
//! One JSON form per type: the runtime's types and every generated type implement
//! `Serialize`/`Deserialize` in exactly the form the API writes and reads, so
//! `serde_json::to_string(&chat_message)` is what goes on the wire:
//!
//! | value | JSON |
//! |---|---|
//! | a record | an object of its elements' names (`"ChatMessageId"`); `null` for nil, `[]` for an empty list; unknown members kept in `extension_data` and written back after the known ones |
//! | an enumeration | its name (`"Block"`); a name the schema does not list is kept |
//! | a flag set | names joined by `", "` (`"Select, Update"`) |
//! | `DateTime` | `"2020-05-28T14:28:21.5710362+02:00"`, as received (`Z`, `+hh:mm`, `+hhmm`, none) |
//! | `Duration` | .NET `TimeSpan`: `"1.02:03:04.5000000"` (years or months: `"P1M"`) |
//! | `Decimal` | a number with its exact digits |
//! | `byte[]` | a base64 string ([`AsBase64`]) |
//! | `float`, `double` | a number; `"NaN"`, `"Infinity"`, `"-Infinity"` ([`AsFloat`]) |
//! | `long` | an integer, exact |
//! | `Map` | an object keyed by the key's text |
//! | a polymorphic carrier | the derived type's object, told apart by its discriminator (`"StepType": "WaitForTime"`) |
//! | `AnyValue` | the JSON value it holds (see its `Deserialize`) |
//!
//! ```
//! use sogen_runtime::{json::decode_json, DateTime, Limits, Map};
//! let when: DateTime = serde_json::from_str(r#""2018-12-24T07:34:45-0500""#).unwrap();
//! assert_eq!(serde_json::to_string(&when).unwrap(), r#""2018-12-24T07:34:45-0500""#);
//! let rights: Map<String, i32> = decode_json(br#"{"a": 1, "b": 2}"#, &Limits::default(), None).unwrap();
//! assert_eq!(rights.get("b"), Some(&2));
//! assert!(decode_json::<Map<String, i32>>(br#"{"a": 1, "a": 2}"#, &Limits::default(), None).is_err());
//! ```
//!
//! Reading is bounded: [`decode_json`] applies [`Limits`](crate::Limits) (size, nesting,
//! unknown members) and a deadline, and turns every failure into a typed
//! [`DecodeError`](crate::DecodeError). The rest of this module is what generated code
//! calls (through `sogen_runtime::codegen`).

mod body;
mod context;
mod forms;
mod key;
mod record;
mod serve;
mod values;

pub(crate) use body::BodyShape;
pub(crate) use context::top_message_was_unknown;
pub use context::{decode_json, decode_json_as, from_json};
pub use forms::{As, AsBase64, AsBox, AsFloat, AsIs, AsList, AsMap, AsOption, JsonRead, JsonWrite};
pub use record::{
    read_enum, read_flags, read_record, read_variant, write_flags, JsonFields, JsonObject,
    JsonRecord,
};
pub use serve::{json_param, json_params, json_query, respond_json, to_json, JsonParam};
pub(crate) use values::JsonMembers;

#[cfg(test)]
mod tests;
