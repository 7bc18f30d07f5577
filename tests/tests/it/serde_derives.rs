//! `Builder::serde`: generated types derive Serialize/Deserialize, and a value
//! survives a trip through JSON unchanged (runtime types included).

use sogen_runtime::{DateTime, Offset};
use sogen_tests::generated_serde::services88::types::{ChatMessage, ChatMessageType};

#[test]
fn generated_types_round_trip_through_serde_json() {
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
    assert!(json.contains(r#""chat_message_id":7"#), "{json}");
    assert!(json.contains("Hei <b>&</b>"), "{json}");
    let back: ChatMessage = serde_json::from_str(&json).unwrap();
    assert_eq!(back, message);

    let unknown = ChatMessage {
        r#type: ChatMessageType::Unknown("Whisper".into()),
        ..Default::default()
    };
    let json = serde_json::to_string(&unknown).unwrap();
    assert_eq!(serde_json::from_str::<ChatMessage>(&json).unwrap(), unknown);
}
