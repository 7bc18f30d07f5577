//! One JSON form per type: `serde_json` on a generated type gives exactly what the REST
//! wire carries (PascalCase members, enumerations by name, dates as received), and a
//! value survives the trip unchanged, unknown names included.

use sogen_runtime::{DateTime, Offset};
use sogen_tests::generated::services88::types::{ChatMessage, ChatMessageType};

#[test]
fn generated_types_serialize_in_the_rest_form() {
    let message = ChatMessage {
        chat_message_id: 7,
        chat_session_id: -3,
        r#type: ChatMessageType::ToCustomer,
        message: Some("Hei <b>&</b> \u{1F600}".into()),
        author: None,
        when_posted: DateTime::new(2024, 2, 29, 23, 59, 58)
            .unwrap()
            .with_offset(Offset::Minutes(-150)),
        ..Default::default()
    };
    let json = serde_json::to_string(&message).unwrap();
    assert!(
        json.starts_with(r#"{"ChatMessageId":7,"ChatSessionId":-3,"Type":"ToCustomer","#),
        "{json}"
    );
    assert!(json.contains(r#""Author":null"#), "{json}");
    assert!(
        json.contains(r#""WhenPosted":"2024-02-29T23:59:58-02:30""#),
        "{json}"
    );
    let back: ChatMessage = serde_json::from_str(&json).unwrap();
    assert_eq!(back, message);

    let unknown = ChatMessage {
        r#type: ChatMessageType::Unknown("Whisper".into()),
        ..Default::default()
    };
    let json = serde_json::to_string(&unknown).unwrap();
    assert!(json.contains(r#""Type":"Whisper""#), "{json}");
    assert_eq!(serde_json::from_str::<ChatMessage>(&json).unwrap(), unknown);
}
