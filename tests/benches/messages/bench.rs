//! The benchmarks themselves (see `messages.rs`).

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use quick_xml::events::Event;
use sogen_runtime::soap::parse_response;
use sogen_runtime::{
    decode_response, items, DateTime, DecodeError, ElementStart, Encode, Limits, Map, XmlReader,
    XmlWriter,
};
use sogen_tests::generated::services88::types::*;

use crate::serde_model;

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";
const ENVELOPE_OPEN: &str =
    r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>"#;
const ENVELOPE_CLOSE: &str = "</s:Body></s:Envelope>";

pub(crate) fn limits() -> Limits {
    Limits {
        max_response_bytes: 256 << 20,
        ..Limits::default()
    }
}

fn date(day: u8, minute: u8) -> DateTime {
    DateTime::new(2024, 3, day, 10, minute, 0).expect("valid date")
}

fn field_properties(n: usize) -> Option<Map<Option<String>, Option<FieldProperty>>> {
    let pairs = (0..n)
        .map(|i| {
            let prop = FieldProperty {
                field_right: Some(FieldRight {
                    mask: EFieldRight(vec![EFieldRightItem::Read, EFieldRightItem::Write]),
                    reason: Some(String::new()),
                    ..Default::default()
                }),
                field_type: Some("System.String".into()),
                field_length: 255,
                ..Default::default()
            };
            (format!("Field{i}"), prop)
        })
        .collect::<Vec<_>>();
    items(pairs)
}

fn table_right() -> Option<TableRight> {
    Some(TableRight {
        mask: ETableRight(vec![ETableRightItem::Select, ETableRightItem::Update]),
        reason: Some(String::new()),
        ..Default::default()
    })
}

fn associate(id: i32, name: &str) -> Associate {
    Associate {
        table_right: table_right(),
        field_properties: field_properties(4),
        associate_id: id,
        name: Some(name.to_uppercase()),
        person_id: id + 100,
        rank: 3,
        tooltip: Some(format!("{name} (Sales)")),
        r#type: UserType::InternalAssociate,
        group_idx: 2,
        full_name: Some(format!("{name} Nordmann")),
        formal_name: Some(format!("Mx {name} Nordmann")),
        deleted: false,
        ej_user_id: id + 7,
        user_name: Some(name.to_lowercase()),
        extra_fields: items([
            ("x_badge".to_owned(), "gold".to_owned()),
            ("x_team".to_owned(), "north".to_owned()),
        ]),
        custom_fields: items([("y_level".to_owned(), "3".to_owned())]),
        ..Default::default()
    }
}

/// (a): a ChatSessionEntity with its nested carriers populated.
pub(crate) fn entity() -> ChatSessionEntity {
    ChatSessionEntity {
        table_right: table_right(),
        field_properties: field_properties(12),
        chat_session_id: 4711,
        topic_id: 12,
        user: Some(associate(5, "Ada")),
        customer_alias: Some("Guest 4711".into()),
        customer_host: Some("customer.example.com".into()),
        customer_name: Some("Ola & Kari Nordmann".into()),
        customer_email: Some("ola@example.com".into()),
        customer_phone: Some("+47 22 00 00 00".into()),
        customer_consented: true,
        customer_company_name: Some("Nordmann <AS>".into()),
        status: ChatSessionStatus::UserLast,
        first_message: Some("Hei! Jeg trenger hjelp med fakturaen min.".into()),
        last_message: Some("Takk for hjelpen, ha en fin dag!".into()),
        when_requested: date(1, 15),
        when_started: date(1, 16),
        when_ended: date(1, 45),
        when_idle: date(1, 40),
        when_fetched: date(1, 16),
        session_key: Some("c3f1b0d2-7a4e-4c1e-9f1a-2b6d8e0a9c11".into()),
        initial_queue_pos: 2,
        alert_level: 1,
        rank: 7,
        flags: ChatSessionFlags(vec![ChatSessionFlag::UserIsTyping]),
        transfer_to: Some(associate(9, "Bob")),
        chatbot_is_active: false,
        rating: 4,
        ..Default::default()
    }
}

/// (b): 10,000 chat messages.
pub(crate) fn messages() -> Vec<ChatMessage> {
    (1..=10_000)
        .map(|i| ChatMessage {
            chat_message_id: i,
            chat_session_id: 4711,
            r#type: if i % 2 == 0 {
                ChatMessageType::ToUser
            } else {
                ChatMessageType::ToCustomer
            },
            message: Some(format!(
                "Message {i}: could you check invoice #{} & reply?",
                10_000 + i
            )),
            author: Some(if i % 2 == 0 {
                "Guest 4711".into()
            } else {
                "Ada Nordmann".into()
            }),
            read_by_customer: (i % 2) as i16,
            special_type: ChatMessageSpecialType::None,
            special_param: Some(String::new()),
            when_posted: date(1 + (i / 1440) as u8, (i % 60) as u8),
            ..Default::default()
        })
        .collect()
}

/// (c): 1 MiB of bytes, every value present.
fn blob() -> Vec<u8> {
    (0..1u32 << 20)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect()
}

pub(crate) fn encode_entity(v: &ChatSessionEntity) -> Vec<u8> {
    let mut w = XmlWriter::new();
    w.raw(ENVELOPE_OPEN);
    w.open(NS, "GetChatSessionEntityResponse");
    v.encode(&mut w, NS, "Response");
    w.close(NS, "GetChatSessionEntityResponse");
    w.raw(ENVELOPE_CLOSE);
    w.into_bytes()
}

pub(crate) fn encode_messages(v: &[ChatMessage]) -> Vec<u8> {
    let mut w = XmlWriter::new();
    w.raw(ENVELOPE_OPEN);
    w.open(NS, "GetChatMessagesResponse");
    sogen_runtime::encode_list(&mut w, NS, "Response", NS, "ChatMessage", v);
    w.close(NS, "GetChatMessagesResponse");
    w.raw(ENVELOPE_CLOSE);
    w.into_bytes()
}

fn encode_blob(v: &Option<Vec<u8>>) -> Vec<u8> {
    let mut w = XmlWriter::new();
    w.raw(ENVELOPE_OPEN);
    w.open(NS, "GetBlobStreamResponse");
    v.encode(&mut w, NS, "Response");
    w.close(NS, "GetBlobStreamResponse");
    w.raw(ENVELOPE_CLOSE);
    w.into_bytes()
}

/// The decode function the generated `get_chat_messages` passes to the client (its items
/// may be nil).
pub(crate) fn decode_messages(
    r: &mut XmlReader<'_>,
    _: &ElementStart<'_>,
) -> Result<Vec<Option<ChatMessage>>, DecodeError> {
    let mut v = Vec::new();
    while let Some(s) = r.next_child()? {
        if s.local_name() == "Response" {
            v = sogen_runtime::decode_list(r, &s)?;
        } else {
            r.skip()?;
        }
    }
    Ok(v)
}

pub(crate) fn sogen_decode<T>(bytes: &[u8], decode: sogen_runtime::soap::DecodeFn<T>) -> T {
    parse_response(
        200,
        Some("text/xml; charset=utf-8"),
        bytes,
        limits(),
        decode,
    )
    .expect("decodes")
    .value
}

/// Every event, nothing decoded: the ceiling.
fn bare_read(bytes: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut events = 0usize;
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Eof => return events,
            e => {
                black_box(&e);
                events += 1;
            }
        }
    }
}

fn owned_events(bytes: &[u8]) -> Vec<Event<'static>> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Eof => return out,
            e => out.push(e.into_owned()),
        }
    }
}

/// The message's events written back: the writing ceiling.
fn bare_write(events: &[Event<'static>], capacity: usize) -> Vec<u8> {
    let mut w = quick_xml::Writer::new(Vec::with_capacity(capacity));
    for e in events {
        w.write_event(e.borrow()).expect("writes");
    }
    w.into_inner()
}

fn serde_read<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> T {
    quick_xml::de::from_reader(bytes).expect("serde decodes")
}

fn serde_write<T: serde::Serialize>(v: &T, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    quick_xml::se::to_writer(&mut out, v).expect("serde encodes");
    out
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(s.trim())
        .expect("base64")
}

/// Checks that every contender reads back the same data before anything is timed.
fn sanity(entity_xml: &[u8], messages_xml: &[u8], blob_xml: &[u8]) {
    let e = sogen_decode(entity_xml, decode_response::<Option<ChatSessionEntity>>).unwrap();
    assert_eq!(e, entity());
    let s: serde_model::Envelope<serde_model::EntityBody> = serde_read(entity_xml);
    let s = s.body.response.response;
    assert_eq!(s.chat_session_id, 4711);
    assert_eq!(s.field_properties.pairs.len(), 12);
    assert_eq!(s.user.as_ref().map(|u| u.extra_fields.pairs.len()), Some(2));
    assert_eq!(s.customer_name.as_deref(), Some("Ola & Kari Nordmann"));

    let m = sogen_decode(messages_xml, decode_messages);
    assert_eq!(m, messages().into_iter().map(Some).collect::<Vec<_>>());
    let s: serde_model::Envelope<serde_model::MessagesBody> = serde_read(messages_xml);
    assert_eq!(s.body.response.response.items.len(), 10_000);
    assert_eq!(
        s.body.response.response.items[9_999].message,
        m[9_999].as_ref().unwrap().message
    );

    let b = sogen_decode(blob_xml, decode_response::<Option<Vec<u8>>>).unwrap();
    assert_eq!(b, blob());
    let s: serde_model::Envelope<serde_model::BlobBody> = serde_read(blob_xml);
    assert_eq!(base64_decode(&s.body.response.response), b);
    for xml in [entity_xml, messages_xml, blob_xml] {
        assert_eq!(bare_write(&owned_events(xml), xml.len()), xml);
    }
}

fn write_messages(files: &[(&str, &[u8])]) {
    if let Some(dir) = std::env::var_os("SOGEN_BENCH_MESSAGES") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("message folder");
        for (name, bytes) in files {
            std::fs::write(dir.join(name), bytes).expect("message written");
        }
    }
}

pub fn benches(c: &mut Criterion) {
    let entity_v = entity();
    let messages_v = messages();
    let blob_v = Some(blob());
    let entity_xml = encode_entity(&entity_v);
    let messages_xml = encode_messages(&messages_v);
    let blob_xml = encode_blob(&blob_v);
    write_messages(&[
        ("entity.xml", &entity_xml),
        ("messages.xml", &messages_xml),
        ("blob.xml", &blob_xml),
    ]);
    if let Ok(spec) = std::env::var("SOGEN_BENCH_PROFILE") {
        if spec.starts_with("json") {
            return; // `json::benches`
        }
        return profile(&spec, &entity_xml, &messages_xml, &blob_xml);
    }
    sanity(&entity_xml, &messages_xml, &blob_xml);

    type EntityEnv = serde_model::Envelope<serde_model::EntityBody>;
    type MessagesEnv = serde_model::Envelope<serde_model::MessagesBody>;
    type BlobEnv = serde_model::Envelope<serde_model::BlobBody>;

    // decode/<message>/<contender>
    let mut g = c.benchmark_group("decode/entity");
    g.throughput(Throughput::Bytes(entity_xml.len() as u64));
    g.bench_function("bare", |b| b.iter(|| bare_read(black_box(&entity_xml))));
    g.bench_function("serde", |b| {
        b.iter(|| serde_read::<EntityEnv>(black_box(&entity_xml)))
    });
    g.bench_function("sogen", |b| {
        b.iter(|| {
            sogen_decode(
                black_box(&entity_xml),
                decode_response::<Option<ChatSessionEntity>>,
            )
        })
    });
    g.finish();

    let mut g = c.benchmark_group("decode/messages");
    g.throughput(Throughput::Bytes(messages_xml.len() as u64));
    g.sample_size(20);
    g.bench_function("bare", |b| b.iter(|| bare_read(black_box(&messages_xml))));
    g.bench_function("serde", |b| {
        b.iter(|| serde_read::<MessagesEnv>(black_box(&messages_xml)))
    });
    g.bench_function("sogen", |b| {
        b.iter(|| sogen_decode(black_box(&messages_xml), decode_messages))
    });
    g.finish();

    let mut g = c.benchmark_group("decode/blob");
    g.throughput(Throughput::Bytes(blob_xml.len() as u64));
    g.sample_size(20);
    g.bench_function("bare", |b| b.iter(|| bare_read(black_box(&blob_xml))));
    g.bench_function("serde", |b| {
        b.iter(|| {
            let env: BlobEnv = serde_read(black_box(&blob_xml));
            base64_decode(&env.body.response.response)
        })
    });
    g.bench_function("sogen", |b| {
        b.iter(|| sogen_decode(black_box(&blob_xml), decode_response::<Option<Vec<u8>>>))
    });
    g.finish();

    // encode/<message>/<contender>: the same data, as values of each contender's own types.
    let entity_s: EntityEnv = serde_read(&entity_xml);
    let messages_s: MessagesEnv = serde_read(&messages_xml);
    let blob_s: BlobEnv = serde_read(&blob_xml);
    for (name, xml, serde_len) in [
        ("entity", &entity_xml, serde_write(&entity_s, 0).len()),
        ("messages", &messages_xml, serde_write(&messages_s, 0).len()),
        ("blob", &blob_xml, serde_write(&blob_s, 0).len()),
    ] {
        // Equivalent output: sizes within a few percent (serde writes `<x></x>` for empties).
        let ratio = serde_len as f64 / xml.len() as f64;
        assert!(
            (0.9..1.15).contains(&ratio),
            "{name}: serde writes {serde_len} bytes, sogen {}",
            xml.len()
        );
    }
    let events = [
        owned_events(&entity_xml),
        owned_events(&messages_xml),
        owned_events(&blob_xml),
    ];

    let mut g = c.benchmark_group("encode/entity");
    g.throughput(Throughput::Bytes(entity_xml.len() as u64));
    g.bench_function("bare", |b| {
        b.iter(|| bare_write(black_box(&events[0]), entity_xml.len()))
    });
    g.bench_function("serde", |b| {
        b.iter(|| serde_write(black_box(&entity_s), entity_xml.len()))
    });
    g.bench_function("sogen", |b| b.iter(|| encode_entity(black_box(&entity_v))));
    g.finish();

    let mut g = c.benchmark_group("encode/messages");
    g.throughput(Throughput::Bytes(messages_xml.len() as u64));
    g.sample_size(20);
    g.bench_function("bare", |b| {
        b.iter(|| bare_write(black_box(&events[1]), messages_xml.len()))
    });
    g.bench_function("serde", |b| {
        b.iter(|| serde_write(black_box(&messages_s), messages_xml.len()))
    });
    g.bench_function("sogen", |b| {
        b.iter(|| encode_messages(black_box(&messages_v)))
    });
    g.finish();

    let mut g = c.benchmark_group("encode/blob");
    g.throughput(Throughput::Bytes(blob_xml.len() as u64));
    g.sample_size(20);
    g.bench_function("bare", |b| {
        b.iter(|| bare_write(black_box(&events[2]), blob_xml.len()))
    });
    g.bench_function("serde", |b| {
        b.iter(|| {
            use base64::Engine as _;
            let mut env = serde_model::Envelope {
                xmlns_s: blob_s.xmlns_s.clone(),
                body: serde_model::BlobBody {
                    response: serde_model::BlobResponse {
                        xmlns: NS.into(),
                        response: String::new(),
                    },
                },
            };
            let bytes = blob_v.as_deref().unwrap_or_default();
            env.body.response.response =
                base64::engine::general_purpose::STANDARD.encode(black_box(bytes));
            serde_write(&env, blob_xml.len())
        })
    });
    g.bench_function("sogen", |b| b.iter(|| encode_blob(black_box(&blob_v))));
    g.finish();
}

/// `SOGEN_BENCH_PROFILE=MESSAGE/CONTENDER:N` (such as `entity/sogen:1000`) decodes one
/// message N times and stops (`CONTENDER` `sogen-encode` or `bare-encode`: encodes it), for
/// instruction counts under `valgrind --tool=callgrind` that do not depend on the machine's
/// load: run with N and with 0, divide the difference by N.
fn profile(spec: &str, entity_xml: &[u8], messages_xml: &[u8], blob_xml: &[u8]) {
    type EntityEnv = serde_model::Envelope<serde_model::EntityBody>;
    type MessagesEnv = serde_model::Envelope<serde_model::MessagesBody>;
    type BlobEnv = serde_model::Envelope<serde_model::BlobBody>;
    let (what, n) = spec.split_once(':').expect("MESSAGE/CONTENDER:N");
    let n: usize = n.parse().expect("N is a count");
    // For the encoders: the values, and the events the bare writer replays (made for N = 0
    // too, so that the difference is the encoding alone).
    let (entity_v, messages_v, blob_v) = (entity(), messages(), Some(blob()));
    let events = [entity_xml, messages_xml, blob_xml].map(owned_events);
    for _ in 0..n {
        match what {
            "entity/bare" => drop(black_box(bare_read(black_box(entity_xml)))),
            "entity/serde" => drop(black_box(serde_read::<EntityEnv>(black_box(entity_xml)))),
            "entity/sogen" => drop(black_box(sogen_decode(
                black_box(entity_xml),
                decode_response::<Option<ChatSessionEntity>>,
            ))),
            "messages/bare" => drop(black_box(bare_read(black_box(messages_xml)))),
            "messages/serde" => drop(black_box(serde_read::<MessagesEnv>(black_box(
                messages_xml,
            )))),
            "messages/sogen" => drop(black_box(sogen_decode(
                black_box(messages_xml),
                decode_messages,
            ))),
            "blob/bare" => drop(black_box(bare_read(black_box(blob_xml)))),
            "blob/serde" => {
                let env: BlobEnv = serde_read(black_box(blob_xml));
                drop(black_box(base64_decode(&env.body.response.response)));
            }
            "blob/sogen" => drop(black_box(sogen_decode(
                black_box(blob_xml),
                decode_response::<Option<Vec<u8>>>,
            ))),
            "entity/sogen-encode" => drop(black_box(encode_entity(black_box(&entity_v)))),
            "messages/sogen-encode" => drop(black_box(encode_messages(black_box(&messages_v)))),
            "blob/sogen-encode" => drop(black_box(encode_blob(black_box(&blob_v)))),
            "entity/bare-encode" => drop(black_box(bare_write(&events[0], entity_xml.len()))),
            "messages/bare-encode" => drop(black_box(bare_write(&events[1], messages_xml.len()))),
            "blob/bare-encode" => drop(black_box(bare_write(&events[2], blob_xml.len()))),
            other => panic!("unknown profile target {other}"),
        }
    }
    eprintln!("profiled {what} x{n}");
}
