//! The codec alone: reading and writing a list of 10,000 small records (chat-message-like:
//! two ints, three strings, a dateTime with offset, a boolean; one text in ten escaped),
//! beside quick-xml's bare event loop over the same bytes (the ceiling of this design) and
//! quick-xml's own writer emitting the same elements.
//!
//! A second list has the WCF wire shape: `xmlns:i`/`xmlns:a` declarations, `i:nil`
//! attributes and `a:string` arrays, so that prefixed lookups and attribute scans are timed.
//!
//! `floods`: the hostile bodies of `tests/it/floods.rs`, read as a call reads them
//! with the per-element limits lifted (so that the lookup itself is timed). Four times the
//! declarations cost about six times as long (the larger index misses the caches; the
//! linear lookup this replaced cost 14 times as long at 40,000 as at 10,000).
//! `nil_pairs_32_per_element` is the most work per byte the default limits let through.
//!
//! `offload`: what handing a decode to Tokio's blocking pool costs, beside decoding 16, 64
//! and 256 KB of messages (the call offloads bodies from 64 KB on).
//!
//! Run: `cargo bench -p sogen-runtime --bench codec`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use sogen_runtime::soap::parse_response;
use sogen_runtime::{
    decode_list, decode_void, encode_list, DateTime, Decode, DecodeError, ElementStart, Encode,
    Limits, XmlReader, XmlWriter,
};

#[path = "../tests/it/floods.rs"]
mod floods;

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

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const ARR: &str = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";

/// A WCF-shaped record: a nil author and a string array in the Arrays namespace.
#[derive(Debug, Clone, PartialEq, Default)]
struct Tagged {
    id: i32,
    author: Option<String>,
    text: String,
    tags: Vec<String>,
}

impl Decode for Tagged {
    fn decode(r: &mut XmlReader<'_>, _start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        let mut t = Tagged::default();
        while let Some(c) = r.next_child()? {
            match c.local_name() {
                "Id" => t.id = i32::decode(r, &c)?,
                "Author" => t.author = Option::decode(r, &c)?,
                "Text" => t.text = String::decode(r, &c)?,
                "Tags" => t.tags = decode_list(r, &c)?,
                _ => r.skip()?,
            }
        }
        Ok(t)
    }
}

/// `n` records as WCF writes them: `xmlns:i` on the list, `xmlns:a` on every array.
fn wcf_list(n: usize) -> Vec<u8> {
    let mut s = format!(r#"<Response xmlns="{NS}" xmlns:i="{XSI}">"#);
    for i in 0..n {
        let author = if i % 3 == 0 {
            r#"<Author i:nil="true"/>"#.to_owned()
        } else {
            format!("<Author>Agent {}</Author>", i % 13)
        };
        s.push_str(&format!(
            r#"<ChatMessage><Id>{i}</Id>{author}<Text>Hello, this is message number {i}.</Text><Tags xmlns:a="{ARR}"><a:string>red</a:string><a:string>tag{}</a:string></Tags></ChatMessage>"#,
            i % 7
        ));
    }
    s.push_str("</Response>");
    s.into_bytes()
}

fn read_wcf(xml: &[u8]) -> Vec<Tagged> {
    let mut r = XmlReader::new(xml, Limits::default()).unwrap();
    let root = r.next_child().unwrap().unwrap();
    decode_list(&mut r, &root).unwrap()
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

    let wcf = wcf_list(10_000);
    assert_eq!(read_wcf(&wcf).len(), 10_000);
    let mut g = c.benchmark_group("codec_10k_wcf_records");
    g.throughput(Throughput::Bytes(wcf.len() as u64));
    g.bench_function("read/sogen", |b| b.iter(|| read_wcf(black_box(&wcf))));
    g.finish();
}

fn flood_reads(c: &mut Criterion) {
    let unlimited = Limits {
        max_attributes: usize::MAX,
        max_namespace_declarations: usize::MAX,
        ..Limits::default()
    };
    let cases = [
        ("namespace_decls_50k", floods::namespace_flood(50_000)),
        ("namespace_decls_200k", floods::namespace_flood(200_000)),
        (
            "nested_decls_100x30",
            floods::nested_namespace_flood(100, 30, 200_000),
        ),
        ("nil_pairs_60k", floods::nil_flood(60_000)),
        (
            "nil_pairs_32_per_element",
            floods::nil_pairs_per_element(32, 3_000),
        ),
        ("attributes_100k", floods::attribute_flood(100_000)),
    ];
    let mut g = c.benchmark_group("floods");
    g.sample_size(20);
    for (name, body) in &cases {
        let read = || parse_response(200, None, body.as_bytes(), unlimited, decode_void);
        read().unwrap();
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function(*name, |b| b.iter(|| black_box(read()).unwrap()));
    }
    g.finish();
}

fn offload(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .build()
        .unwrap();
    let mut g = c.benchmark_group("offload");
    g.bench_function("inline_noop", |b| {
        b.iter(|| runtime.block_on(async { black_box(1) }))
    });
    g.bench_function("spawn_blocking_noop", |b| {
        b.iter(|| {
            runtime.block_on(async { tokio::task::spawn_blocking(|| black_box(1)).await.unwrap() })
        })
    });
    let item = write_list(&messages(1)).len();
    for kb in [16, 64, 256] {
        let xml = write_list(&messages(kb * 1024 / item));
        g.throughput(Throughput::Bytes(xml.len() as u64));
        g.bench_function(format!("read_{kb}k"), |b| {
            b.iter(|| read_list(black_box(&xml)))
        });
    }
    g.finish();
}

criterion_group!(benches, codec, flood_reads, offload);
criterion_main!(benches);
