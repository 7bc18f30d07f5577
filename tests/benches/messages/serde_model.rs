//! Hand-written serde structs equivalent to the generated Services88 types the benchmark
//! messages carry: the idiomatic Rust alternative, decoded and encoded with quick-xml's
//! serde support. Every element of the messages has a field here (nested carriers the
//! messages send as nil are [`Nil`]), so serde does the same work, not less.
//!
//! quick-xml's serde reads local names and writes names as given, hence the separate
//! serialize/deserialize renames for prefixed names; dateTime, enums and flag sets stay strings (serde has no
//! XML Schema types), base64 is decoded after deserialising.

use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Nil {
    #[serde(
        rename = "@xmlns:xsi",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub xmlns_xsi: Option<String>,
    #[serde(
        rename(serialize = "@xsi:nil", deserialize = "@nil"),
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub nil: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename = "s:Envelope")]
pub struct Envelope<B> {
    #[serde(rename = "@xmlns:s")]
    pub xmlns_s: String,
    #[serde(rename(serialize = "s:Body", deserialize = "Body"))]
    pub body: B,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TableRight {
    pub mask: String,
    pub reason: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FieldRight {
    pub mask: String,
    pub reason: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FieldProperty {
    pub field_right: Option<FieldRight>,
    pub field_type: Option<String>,
    pub field_length: i32,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FieldPropertyPair {
    pub key: String,
    pub value: FieldProperty,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct FieldPropertyDictionary {
    #[serde(rename = "FieldPropertyDictionaryKeyValuePair", default)]
    pub pairs: Vec<FieldPropertyPair>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StringPair {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StringDictionary {
    #[serde(rename = "StringKeyValuePair", default)]
    pub pairs: Vec<StringPair>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Associate {
    pub table_right: Option<TableRight>,
    pub field_properties: FieldPropertyDictionary,
    pub associate_id: i32,
    pub name: Option<String>,
    pub person_id: i32,
    pub rank: i16,
    pub tooltip: Option<String>,
    #[serde(rename = "Type")]
    pub kind: String,
    pub group_idx: i32,
    pub full_name: Option<String>,
    pub formal_name: Option<String>,
    pub deleted: bool,
    pub ej_user_id: i32,
    pub user_name: Option<String>,
    pub extra_fields: StringDictionary,
    pub custom_fields: StringDictionary,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChatSessionEntity {
    pub table_right: Option<TableRight>,
    pub field_properties: FieldPropertyDictionary,
    pub chat_session_id: i32,
    pub topic_id: i32,
    pub user: Option<Associate>,
    pub person: Nil,
    pub customer_alias: Option<String>,
    pub customer_host: Option<String>,
    pub customer_name: Option<String>,
    pub customer_email: Option<String>,
    pub customer_phone: Option<String>,
    pub customer_consented: bool,
    pub customer_company_name: Option<String>,
    pub status: String,
    pub first_message: Option<String>,
    pub last_message: Option<String>,
    pub when_requested: String,
    pub when_started: String,
    pub when_ended: String,
    pub when_idle: String,
    pub when_fetched: String,
    pub session_key: Option<String>,
    pub initial_queue_pos: i32,
    pub alert_level: i32,
    pub rank: i32,
    pub flags: String,
    pub contact: Nil,
    pub project: Nil,
    pub sale: Nil,
    pub ticket: Nil,
    pub transfer_to: Option<Associate>,
    pub chatbot_is_active: bool,
    pub rating: i32,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EntityBody {
    #[serde(rename = "GetChatSessionEntityResponse")]
    pub response: EntityResponse,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EntityResponse {
    #[serde(rename = "@xmlns")]
    pub xmlns: String,
    #[serde(rename = "Response")]
    pub response: ChatSessionEntity,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChatMessage {
    pub chat_message_id: i32,
    pub chat_session_id: i32,
    #[serde(rename = "Type")]
    pub kind: String,
    pub message: Option<String>,
    pub author: Option<String>,
    pub read_by_customer: i16,
    pub special_type: String,
    pub special_param: Option<String>,
    pub when_posted: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct MessagesBody {
    #[serde(rename = "GetChatMessagesResponse")]
    pub response: MessagesResponse,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct MessagesResponse {
    #[serde(rename = "@xmlns")]
    pub xmlns: String,
    #[serde(rename = "Response")]
    pub response: ChatMessages,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ChatMessages {
    #[serde(rename = "ChatMessage", default)]
    pub items: Vec<ChatMessage>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct BlobBody {
    #[serde(rename = "GetBlobStreamResponse")]
    pub response: BlobResponse,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct BlobResponse {
    #[serde(rename = "@xmlns")]
    pub xmlns: String,
    #[serde(rename = "Response")]
    pub response: String,
}
