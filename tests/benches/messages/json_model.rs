//! Hand-written `#[derive(Serialize, Deserialize)]` structs for the REST JSON of the
//! benchmark messages: what a Rust programmer would write for serde_json. Every member of
//! the messages has a field (nil carriers as [`Nil`]); dates, enumerations and flag sets
//! stay strings, dictionaries are `BTreeMap`s. Members in the order the generated types
//! write them (a type's own first, then its base's), so both write the same members.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A carrier the messages send as `null`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Nil {}

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
pub struct Associate {
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
    pub extra_fields: Option<BTreeMap<String, Option<String>>>,
    pub custom_fields: Option<BTreeMap<String, Option<String>>>,
    pub table_right: Option<TableRight>,
    pub field_properties: Option<BTreeMap<String, Option<FieldProperty>>>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChatSessionEntity {
    pub chat_session_id: i32,
    pub topic_id: i32,
    pub user: Option<Associate>,
    pub person: Option<Nil>,
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
    pub contact: Option<Nil>,
    pub project: Option<Nil>,
    pub sale: Option<Nil>,
    pub ticket: Option<Nil>,
    pub transfer_to: Option<Associate>,
    pub chatbot_is_active: bool,
    pub rating: i32,
    pub table_right: Option<TableRight>,
    pub field_properties: Option<BTreeMap<String, Option<FieldProperty>>>,
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
