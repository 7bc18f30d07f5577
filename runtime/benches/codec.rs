//! The codec alone: reading and writing a list of 10,000 small records (chat-message-like:
//! two ints, three strings, a dateTime with offset, a boolean; one text in ten escaped),
//! beside quick-xml's bare event loop over the same bytes (the ceiling of this design) and
//! quick-xml's own writer emitting the same elements.
//!
//! Run: `cargo bench -p sogen-runtime --bench codec`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use sogen_runtime::{
    decode_list, encode_list, DateTime, Decode, DecodeError, ElementStart, Encode, Limits,
    XmlReader, XmlWriter,
};

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

#[derive(Debug, Clone, PartialEq, Default)]
struct Message {
    id: i32,
    session_id: i32,
    author: String,
    text: String,
    kind: String,
    when: DateTime,
    special: bool,
}

impl Encode for Message {
    fn encode(&self, w: &mut XmlWriter, ns: &str, name: &str) {
        w.open(ns, name);
        self.id.encode(w, NS, "ChatMessageId");
        self.session_id.encode(w, NS, "ChatSessionId");
        self.author.encode(w, NS, "Author");
        self.text.encode(w, NS, "Message");
        w.leaf(NS, "Type", &self.kind);
        self.when.encode(w, NS, "WhenPosted");
        self.special.encode(w, NS, "SpecialParam");
        w.close(ns, name);
    }
}

impl Decode for Message {
    fn decode(r: &mut XmlReader<'_>, _start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        let mut m = Message::default();
        while let Some(c) = r.next_child()? {
            match c.local_name() {
                "ChatMessageId" => m.id = i32::decode(r, &c)?,
                "ChatSessionId" => m.session_id = i32::decode(r, &c)?,
                "Author" => m.author = String::decode(r, &c)?,
                "Message" => m.text = String::decode(r, &c)?,
                "Type" => m.kind = r.text()?.into_owned(),
                "WhenPosted" => m.when = DateTime::decode(r, &c)?,
                "SpecialParam" => m.special = bool::decode(r, &c)?,
                _ => r.skip()?,
            }
        }
        Ok(m)
    }
}

fn messages(n: usize) -> Vec<Message> {
    (0..n)
        .map(|i| Message {
            id: i as i32,
            session_id: 1000 + (i as i32 % 7),
            author: format!("Agent {}", i % 13),
            // One message in ten needs escaping, as in real chats.
            text: if i % 10 == 0 {
                format!("Is {i} < {} & still \"fine\"?", i + 1)
            } else {
                format!("Hello, this is message number {i} of the conversation.")
            },
            kind: "Message".into(),
            when: format!("2024-05-{:02}T10:{:02}:00.123+02:00", 1 + i % 28, i % 60)
                .parse()
                .unwrap(),
            special: i % 2 == 0,
        })
        .collect()
}

fn write_list(items: &[Message]) -> Vec<u8> {
    let mut w = XmlWriter::new();
    encode_list(&mut w, NS, "Response", NS, "ChatMessage", items);
    w.into_bytes()
}

fn read_list(xml: &[u8]) -> Vec<Message> {
    let mut r = XmlReader::new(xml, Limits::default()).unwrap();
    let root = r.next_child().unwrap().unwrap();
    decode_list(&mut r, &root).unwrap()
}

/// quick-xml's bare event loop: every event read, nothing decoded.
fn bare_events(xml: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut n = 0;
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => return n,
            e => {
                black_box(&e);
                n += 1;
            }
        }
    }
}

/// quick-xml's writer emitting the same elements (escaping included).
fn quick_xml_write(items: &[Message]) -> Vec<u8> {
    let mut w = quick_xml::Writer::new(Vec::with_capacity(1024));
    let leaf = |w: &mut quick_xml::Writer<Vec<u8>>, name: &str, text: &str| {
        w.write_event(Event::Start(BytesStart::new(name))).unwrap();
        w.write_event(Event::Text(BytesText::new(text))).unwrap();
        w.write_event(Event::End(BytesEnd::new(name))).unwrap();
    };
    w.write_event(Event::Start(
        BytesStart::new("Response").with_attributes([("xmlns", NS)]),
    ))
    .unwrap();
    for m in items {
        w.write_event(Event::Start(BytesStart::new("ChatMessage")))
            .unwrap();
        leaf(&mut w, "ChatMessageId", itoa::Buffer::new().format(m.id));
        leaf(
            &mut w,
            "ChatSessionId",
            itoa::Buffer::new().format(m.session_id),
        );
        leaf(&mut w, "Author", &m.author);
        leaf(&mut w, "Message", &m.text);
        leaf(&mut w, "Type", &m.kind);
        leaf(&mut w, "WhenPosted", &m.when.to_string());
        leaf(
            &mut w,
            "SpecialParam",
            if m.special { "true" } else { "false" },
        );
        w.write_event(Event::End(BytesEnd::new("ChatMessage")))
            .unwrap();
    }
    w.write_event(Event::End(BytesEnd::new("Response")))
        .unwrap();
    w.into_inner()
}

fn codec(c: &mut Criterion) {
    let items = messages(10_000);
    let xml = write_list(&items);
    assert_eq!(read_list(&xml), items);
    let mut g = c.benchmark_group("codec_10k_messages");
    g.throughput(Throughput::Bytes(xml.len() as u64));
    g.bench_function("read/sogen", |b| b.iter(|| read_list(black_box(&xml))));
    g.bench_function("read/quick_xml_bare_events", |b| {
        b.iter(|| bare_events(black_box(&xml)))
    });
    g.bench_function("write/sogen", |b| b.iter(|| write_list(black_box(&items))));
    g.bench_function("write/quick_xml_writer", |b| {
        b.iter(|| quick_xml_write(black_box(&items)))
    });
    g.finish();
}

criterion_group!(benches, codec);
criterion_main!(benches);
