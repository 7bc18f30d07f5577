//! SuperOffice's documented REST samples against the generated agents (`tests/golden/rest`,
//! sources in its README): a generated method called with a sample's values on a REST
//! client writes exactly the sample's request (member names, order, value forms; a query
//! parameter where the API takes one), and a sample's response decodes into the generated
//! types with every member known and writes back as the same JSON text.

use std::path::Path;

use sogen_runtime::json::decode_json;
use sogen_runtime::{Client, JsonRequest, Limits, Nil, Wire};
use sogen_tests::generated::*;

fn golden(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("golden/rest")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `text` without the whitespace between tokens (member order and value forms kept).
fn compact(text: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

fn rest_client() -> Client {
    Client::builder("https://host/Cust12345/")
        .wire(Wire::Rest)
        .build()
        .unwrap()
}

fn body(request: &JsonRequest) -> String {
    String::from_utf8(request.body.clone().expect("a body")).unwrap()
}

/// The query of a documented request line, `POST /api/v1/Agents/X/Op?Name=1`.
fn documented_query(http: &str) -> Vec<(String, String)> {
    let line = http.lines().next().unwrap_or("");
    let query = line.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

fn query(request: &JsonRequest) -> Vec<(String, String)> {
    (request.query.iter())
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// Decodes a documented response as `T` and writes it back.
fn reread<T>(name: &str) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize + Default,
{
    let text = golden(name);
    let value: T = decode_json(text.as_bytes(), &Limits::default(), None)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let written = serde_json::to_string(&value).unwrap();
    assert_eq!(written, compact(&text), "{name} written back");
    value
}

#[test]
fn chat_add_chat_message() {
    let chat = services88::ChatAgent::new(rest_client());
    let call = chat.add_chat_message(651, Nil);
    let request = call.json_request().expect("a REST request");
    assert_eq!(
        body(request),
        compact(&golden("chat.add_chat_message.request.docs.json"))
    );
    assert!(request.query.is_empty());

    let sent: Option<services88::types::ChatMessage> =
        reread("chat.add_chat_message.response.docs.json");
    let sent = sent.expect("a message");
    assert!(sent.extension_data.is_empty(), "every member is known");
    assert_eq!(sent.when_posted.nanosecond(), 571_036_200);
}

#[test]
fn chat_delete_chat_session_entity() {
    let chat = services88::ChatAgent::new(rest_client());
    let call = chat.delete_chat_session_entity(533);
    let request = call.json_request().expect("a REST request");
    assert_eq!(request.body, None, "no body");
    assert_eq!(
        query(request),
        documented_query(&golden("chat.delete_chat_session_entity.request.docs.http"))
    );
    // 204 with `null`, or with nothing at all.
    let text = golden("chat.delete_chat_session_entity.response.docs.json");
    let () = decode_json(text.as_bytes(), &Limits::default(), None).unwrap();
    let () = decode_json(b"", &Limits::default(), None).unwrap();
}

#[cfg(sogen_corpus)]
#[test]
fn chat_get_chat_messages() {
    let chat = services88::ChatAgent::new(rest_client());
    let call = chat.get_chat_messages(646, 448);
    let request = call.json_request().expect("a REST request");
    assert_eq!(
        body(request),
        compact(&golden("chat.get_chat_messages.request.docs.json"))
    );
    let messages: Vec<services88::types::ChatMessage> =
        reread("chat.get_chat_messages.response.docs.json");
    assert_eq!(messages.len(), 1);
    assert!(messages[0].extension_data.is_empty());
}

#[cfg(sogen_corpus)]
#[test]
fn chat_chat_sessions_for_user() {
    let chat = services88::ChatAgent::new(rest_client());
    let request = chat.chat_sessions_for_user();
    assert_eq!(
        request.json_request(),
        Some(&JsonRequest::default()),
        "no body"
    );
    let sessions: Vec<services88::types::ChatSessionEntity> =
        reread("chat.chat_sessions_for_user.response.docs.json");
    let s = &sessions[0];
    assert!(s.extension_data.is_empty(), "every member is known");
    let properties = s.field_properties.as_ref().expect("FieldProperties");
    let field = properties
        .get("fieldName")
        .and_then(Option::as_ref)
        .unwrap();
    assert_eq!(field.field_length, 617);
    assert_eq!(s.flags.to_string(), "CustomerIsTyping");
}

/// The seeds' CustomerService operations are not in the current Agents API (the chat
/// functions moved to Chat). Those of Services86/87 fail on a REST client before any
/// request; Services88's (the current version, with the corpus) write the synthetic
/// requests: an object of the PascalCase parameters, no body without parameters.
#[test]
fn customer_service_operations_not_in_the_agents_api() {
    let old = services86::CustomerServiceAgent::new(rest_client());
    let call = old.delete_chat_sessions(&[1, 2]);
    assert!(call.json_request().is_none(), "refused: nothing written");
    let e = call.blocking().unwrap_err();
    assert!(
        matches!(&e, sogen_runtime::Error::Config(m) if m.contains("not in the REST Agents API")),
        "{e}"
    );
    let older = services87::CustomerServiceAgent::new(rest_client());
    assert!(older.chat_sessions_for_user().json_request().is_none());
    #[cfg(sogen_corpus)]
    {
        let current = services88::CustomerServiceAgent::new(rest_client());
        let call = current.delete_chat_sessions(&[1, 2]);
        let request = call.json_request().expect("a REST request");
        assert_eq!(
            body(request),
            compact(&golden(
                "customer_service.delete_chat_sessions.request.synthetic.json"
            ))
        );
        let call = current.chat_sessions_for_user();
        let request = call.json_request().expect("a REST request");
        assert_eq!(request, &JsonRequest::default(), "no body, no query");
        assert!(documented_query(&golden(
            "customer_service.chat_sessions_for_user.request.synthetic.http"
        ))
        .is_empty());
    }
}
