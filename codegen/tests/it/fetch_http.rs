//! `sogen fetch` against a real HTTP server on 127.0.0.1 serving
//! ../shared/wsdl/Services88, with Chat and CustomerService split across
//! imported documents the way WCF serves them; plus transient and permanent
//! failures, selection of agents and unchanged files; and which origins
//! imports and redirects may lead to (two servers are two origins).

// Runs the `sogen` binary, which needs the `cli` feature.
#![cfg(feature = "cli")]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use roxmltree::{Document, Node};
use sogen_codegen::fetch::{
    fetch, FetchError, FetchOptions, FetchReport, Refusal, Written, DEFAULT_AGENTS, MAX_REDIRECTS,
};

/// Answers a request target (`/Remote/Services88/Chat.svc?wsdl`) with a
/// status and a body.
type Handler = dyn Fn(&str, usize) -> Reply + Send + Sync;

/// A status, an optional `Location` header and a body.
struct Reply {
    status: u16,
    location: Option<String>,
    body: String,
}

impl From<(u16, String)> for Reply {
    fn from((status, body): (u16, String)) -> Reply {
        Reply {
            status,
            location: None,
            body,
        }
    }
}

/// A redirect with status `status` to `location`.
fn redirect(status: u16, location: impl Into<String>) -> Reply {
    Reply {
        status,
        location: Some(location.into()),
        body: String::new(),
    }
}

/// A minimal HTTP/1.1 server: one thread per connection, `Connection: close`.
pub(crate) struct Server {
    /// `http://127.0.0.1:PORT/Remote/Services88/`.
    pub(crate) base: String,
    /// Every request target received, in order.
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts a server whose handler also gets how many times the same
    /// target was requested before.
    fn start(handler: impl Fn(&str, usize) -> (u16, String) + Send + Sync + 'static) -> Server {
        Server::replying(move |t, n| handler(t, n).into())
    }

    /// [`start`](Self::start) with replies that may carry a `Location`.
    fn replying(handler: impl Fn(&str, usize) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!(
            "http://{}/Remote/Services88/",
            listener.local_addr().unwrap()
        );
        let log: Arc<Mutex<Vec<String>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let server_log = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, handler) = (server_log.clone(), handler.clone());
                std::thread::spawn(move || serve(stream, &log, &*handler));
            }
        });
        Server { base, log }
    }

    /// `http://127.0.0.1:PORT`, as [`Refusal::OtherOrigin`] names it.
    fn origin(&self) -> String {
        self.base.trim_end_matches("/Remote/Services88/").to_owned()
    }

    fn requests(&self, suffix: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|t| t.ends_with(suffix))
            .count()
    }
}

fn serve(stream: TcpStream, log: &Mutex<Vec<String>>, handler: &Handler) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let target = request_line.split(' ').nth(1).unwrap_or("").to_owned();
    let seen = {
        let mut log = log.lock().unwrap();
        let seen = log.iter().filter(|t| **t == target).count();
        log.push(target.clone());
        seen
    };
    let Reply {
        status,
        location,
        body,
    } = handler(&target, seen);
    let location = location.map_or(String::new(), |l| format!("Location: {l}\r\n"));
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: text/xml; charset=utf-8\r\n{location}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut stream = stream;
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
}

use crate::common;

fn services88() -> Option<PathBuf> {
    common::corpus("Services88")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sogen-fetch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn options(base: &str, out: &Path, agents: &[&str]) -> FetchOptions {
    let mut o = FetchOptions::new(base, out);
    o.agents = (!agents.is_empty()).then(|| agents.iter().map(|a| a.to_string()).collect());
    o.backoff = Duration::from_millis(5);
    o.timeout = Duration::from_secs(20);
    o
}

fn run(options: &FetchOptions) -> (FetchReport, Vec<String>) {
    let mut lines = Vec::new();
    let report = fetch(options, &mut |l| lines.push(l.to_owned())).expect("fetch starts");
    (report, lines)
}

fn outcome<'r>(report: &'r FetchReport, agent: &str) -> &'r Result<Written, FetchError> {
    &report
        .agents
        .iter()
        .find(|(a, _)| a == agent)
        .expect("agent in report")
        .1
}

// ---------------------------------------------------------------------------
// Splitting a WSDL the way WCF serves it.

const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
const XS_NS: &str = "http://www.w3.org/2001/XMLSchema";

/// The documents of one agent split WCF-style, by request target suffix.
fn split(agent: &str, text: &str, base: &str, split_wsdl: bool) -> BTreeMap<String, String> {
    let doc = Document::parse(text).unwrap();
    let root = doc.root_element();
    let root_open = &text
        [root.range().start..=root.range().start + text[root.range().start..].find('>').unwrap()];
    let decls: Vec<&str> = xmlns_decls(root_open);
    let tns = root.attribute("targetNamespace").unwrap();
    let types = root.children().find(|n| is(n, WSDL_NS, "types")).unwrap();
    let mut docs = BTreeMap::new();
    let mut imports = String::new();
    for (i, schema) in types
        .children()
        .filter(|n| is(n, XS_NS, "schema"))
        .enumerate()
    {
        let s = &text[schema.range()];
        let open_end = s.find('>').unwrap();
        let own = xmlns_decls(&s[..open_end]);
        let own_prefixes: Vec<&str> = own.iter().map(|d| d.split('=').next().unwrap()).collect();
        let missing: String = decls
            .iter()
            .filter(|d| !own_prefixes.contains(&d.split('=').next().unwrap()))
            .map(|d| format!(" {d}"))
            .collect();
        let name_end = s.find(|c: char| c.is_whitespace() || c == '>').unwrap();
        let xsd = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>{}{missing}{}",
            &s[..name_end],
            &s[name_end..]
        );
        docs.insert(format!("{agent}.svc?xsd=xsd{i}"), xsd);
        // WCF writes absolute locations; use a query-relative one too.
        let location = if i == 0 {
            format!("{base}{agent}.svc?xsd=xsd{i}")
        } else {
            format!("?xsd=xsd{i}")
        };
        let ns = schema.attribute("targetNamespace").unwrap();
        imports.push_str(&format!(
            r#"<xsd:import schemaLocation="{location}" namespace="{ns}"/>"#
        ));
    }
    let stub = format!(
        r#"<wsdl:types><xsd:schema targetNamespace="http://tempuri.org/Imports">{imports}</xsd:schema></wsdl:types>"#
    );
    let rest = |names: &[&str]| -> String {
        root.children()
            .filter(|n| names.iter().any(|name| is(n, WSDL_NS, name)))
            .map(|n| &text[n.range()])
            .collect()
    };
    if split_wsdl {
        let contract = format!(
            "{root_open}{stub}{}</wsdl:definitions>",
            rest(&["message", "portType"])
        );
        let shell = format!(
            r#"{root_open}<wsdl:import namespace="{tns}" location="?wsdl=wsdl0"/>{}</wsdl:definitions>"#,
            rest(&["binding", "service"])
        );
        docs.insert(format!("{agent}.svc?wsdl=wsdl0"), contract);
        docs.insert(format!("{agent}.svc?wsdl"), shell);
    } else {
        let main = format!(
            "{root_open}{stub}{}</wsdl:definitions>",
            rest(&["message", "portType", "binding", "service"])
        );
        docs.insert(format!("{agent}.svc?wsdl"), main);
    }
    docs
}

/// `xmlns...="..."` declarations in a start tag (values hold no quotes here).
fn xmlns_decls(tag: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = tag;
    while let Some(i) = rest.find(" xmlns") {
        let decl = &rest[i + 1..];
        let q1 = decl.find('"').unwrap();
        let q2 = q1 + 1 + decl[q1 + 1..].find('"').unwrap();
        out.push(&decl[..=q2]);
        rest = &decl[q2 + 1..];
    }
    out
}

fn is(n: &Node<'_, '_>, ns: &str, name: &str) -> bool {
    n.is_element() && n.tag_name().namespace() == Some(ns) && n.tag_name().name() == name
}

// ---------------------------------------------------------------------------
// Normalisation: what a document means, independent of prefixes, attribute
// order, namespace declarations and whitespace between elements.

/// Canonical text: `{uri}local` names, attributes sorted, QName-valued
/// attributes (`type`, `base`, `element`, `message`, `binding`, `ref`,
/// `itemType`) resolved to `{uri}local`, whitespace-only text dropped,
/// comments and processing instructions dropped.
fn normalise(text: &str) -> String {
    let doc = Document::parse(text).unwrap();
    let mut out = String::new();
    canonical(doc.root_element(), &mut out);
    out
}

fn canonical(node: Node<'_, '_>, out: &mut String) {
    let name = |ns: Option<&str>, local: &str| format!("{{{}}}{local}", ns.unwrap_or(""));
    out.push('<');
    out.push_str(&name(node.tag_name().namespace(), node.tag_name().name()));
    let mut attrs: Vec<(String, String)> = node
        .attributes()
        .map(|a| {
            let mut value = a.value().to_owned();
            let qname_valued = [
                "type", "base", "element", "message", "binding", "ref", "itemType",
            ];
            if a.namespace().is_none() && qname_valued.contains(&a.name()) {
                let (prefix, local) = value.split_once(':').unwrap_or(("", &value));
                let uri = node.lookup_namespace_uri(Some(prefix).filter(|p| !p.is_empty()));
                value = name(uri, local);
            }
            (name(a.namespace(), a.name()), value)
        })
        .collect();
    attrs.sort();
    for (k, v) in attrs {
        out.push_str(&format!(" {k}={v:?}"));
    }
    out.push('>');
    for child in node.children() {
        if child.is_element() {
            canonical(child, out);
        } else if let Some(t) = child
            .text()
            .filter(|t| child.is_text() && !t.trim().is_empty())
        {
            out.push_str(&format!("{t:?}"));
        }
    }
    out.push_str("</>");
}

/// Equality of long texts, reporting the first difference in context.
fn assert_same(what: &str, got: &str, want: &str) {
    if got == want {
        return;
    }
    let at = got
        .chars()
        .zip(want.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let around = |s: &str| -> String { s.chars().skip(at.saturating_sub(150)).take(300).collect() };
    panic!(
        "{what} differs after normalisation at character {at}:\n got: ...{}...\nwant: ...{}...",
        around(got),
        around(want)
    );
}

// ---------------------------------------------------------------------------

/// Serves all of Services88; Chat split into a shell, `?wsdl=wsdl0` and
/// `?xsd=xsdN`, CustomerService into a main WSDL and `?xsd=xsdN`.
pub(crate) fn services88_server(dir: &Path) -> (Server, BTreeMap<String, String>) {
    let originals: BTreeMap<String, String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wsdl"))
        .map(|p| {
            let agent = p.file_stem().unwrap().to_str().unwrap().to_owned();
            (agent, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    let documents: Arc<Mutex<BTreeMap<String, String>>> = Arc::default();
    let docs = documents.clone();
    let server = Server::start(move |target, _| {
        let suffix = target.strip_prefix("/Remote/Services88/").unwrap_or("");
        match docs.lock().unwrap().get(suffix) {
            Some(body) => (200, body.clone()),
            None => (404, "<html><body>Not Found</body></html>".to_owned()),
        }
    });
    let mut all = BTreeMap::new();
    for (agent, text) in &originals {
        match agent.as_str() {
            "Chat" => all.extend(split(agent, text, &server.base, true)),
            "CustomerService" => all.extend(split(agent, text, &server.base, false)),
            _ => {
                all.insert(format!("{agent}.svc?wsdl"), text.clone());
            }
        }
    }
    *documents.lock().unwrap() = all;
    (server, originals)
}

#[test]
fn fetches_services88_and_inlines_split_agents() {
    let Some(dir) = services88() else { return };
    let (server, originals) = services88_server(&dir);
    let out = temp_dir("all");
    let (report, lines) = run(&options(&server.base, &out, &[]));
    assert_eq!(
        report.failures().count(),
        0,
        "{:?}",
        report.failures().collect::<Vec<_>>()
    );
    let names: Vec<&str> = report.agents.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        names, DEFAULT_AGENTS,
        "all of Services88, in list order despite 4 workers"
    );
    assert!(report
        .agents
        .iter()
        .all(|(_, r)| matches!(r, Ok(Written::Changed))));

    // Chat: shell + wsdl0 + one document per schema.
    let chat_schemas = server.requests("Chat.svc?xsd=xsd0") + server.requests("Chat.svc?xsd=xsd1");
    assert_eq!(chat_schemas, 2);
    assert!(lines
        .iter()
        .any(|l| l.contains("Chat: inlined") && l.ends_with("documents")));

    for (agent, original) in &originals {
        let fetched = std::fs::read_to_string(out.join(format!("{agent}.wsdl"))).unwrap();
        if agent == "Chat" || agent == "CustomerService" {
            assert_ne!(&fetched, original, "{agent} was served split");
            assert!(!fetched.contains("schemaLocation"), "{agent}");
            assert!(!fetched.contains("wsdl:import"), "{agent}");
            assert_same(agent, &normalise(&fetched), &normalise(original));
        } else {
            assert_eq!(
                &fetched, original,
                "{agent} served whole is written byte for byte"
            );
        }
    }

    // The reader sees the same version in the fetched folder as in the original.
    let summary = |m: &sogen_codegen::model::Model| {
        let v = &m.versions[0];
        let ops: usize = v.agents.iter().map(|a| a.operations.len()).sum();
        (
            v.name.clone(),
            v.agents.len(),
            ops,
            v.types.len(),
            v.elements.len(),
        )
    };
    let read = |p: &Path| sogen_codegen::reader::read_paths(&[p]).unwrap();
    assert_eq!(summary(&read(&out)), summary(&read(&dir)));

    // A second run finds the agents in the folder and changes nothing.
    let before = std::fs::metadata(out.join("Chat.wsdl"))
        .unwrap()
        .modified()
        .unwrap();
    let (again, _) = run(&options(&server.base, &out, &[]));
    assert_eq!(again.agents.len(), 60);
    assert!(again
        .agents
        .iter()
        .all(|(_, r)| matches!(r, Ok(Written::Unchanged))));
    let after = std::fs::metadata(out.join("Chat.wsdl"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| !n.to_string_lossy().ends_with(".wsdl"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary files left: {leftovers:?}"
    );
    std::fs::remove_dir_all(&out).unwrap();
}

const TINY: &str = r#"<?xml version="1.0"?><wsdl:definitions targetNamespace="urn:t" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"/>"#;

#[test]
fn transient_failure_is_retried() {
    // 503 on the first request, then the document.
    let server = Server::start(|_, seen| {
        if seen == 0 {
            (503, "busy".into())
        } else {
            (200, TINY.into())
        }
    });
    let out = temp_dir("retry");
    let (report, lines) = run(&options(&server.base, &out, &["Chat"]));
    assert!(matches!(outcome(&report, "Chat"), Ok(Written::Changed)));
    assert_eq!(server.requests("Chat.svc?wsdl"), 2);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("HTTP status 503; retry 1/3")),
        "{lines:?}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("Chat.wsdl")).unwrap(),
        TINY
    );
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn persistent_5xx_gives_up_after_the_retries() {
    let server = Server::start(|_, _| (502, "bad gateway".into()));
    let out = temp_dir("giveup");
    let mut o = options(&server.base, &out, &["Chat"]);
    o.retries = 2;
    let (report, _) = run(&o);
    assert!(matches!(
        outcome(&report, "Chat"),
        Err(FetchError::Status { status: 502, .. })
    ));
    assert_eq!(server.requests("Chat.svc?wsdl"), 3);
    assert!(!out.join("Chat.wsdl").exists());
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn permanent_failure_is_named_and_leaves_the_old_file() {
    let server = Server::start(|target, _| {
        if target.contains("Nope") {
            (404, "<html><body>Not Found</body></html>".into())
        } else {
            (200, TINY.into())
        }
    });
    let out = temp_dir("404");
    std::fs::write(out.join("Nope.wsdl"), "previous content").unwrap();
    let (report, _) = run(&options(&server.base, &out, &["Nope", "Chat"]));
    let err = outcome(&report, "Nope").as_ref().unwrap_err();
    assert!(matches!(err, FetchError::Status { status: 404, .. }));
    assert_eq!(
        err.to_string(),
        format!("{}Nope.svc?wsdl: HTTP status 404", server.base)
    );
    assert_eq!(server.requests("Nope.svc?wsdl"), 1, "4xx is not retried");
    assert!(
        matches!(outcome(&report, "Chat"), Ok(Written::Changed)),
        "others go on"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("Nope.wsdl")).unwrap(),
        "previous content"
    );
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn cli_exits_non_zero_naming_each_failed_agent() {
    let server = Server::start(|target, _| {
        if target.contains("Nope") {
            (404, "gone".into())
        } else {
            (200, TINY.into())
        }
    });
    let out = temp_dir("cli");
    let run = |agents: &str| {
        Command::new(env!("CARGO_BIN_EXE_sogen"))
            .args(["fetch", &server.base, "--out"])
            .arg(&out)
            .args(["--agents", agents, "--backoff-ms", "1"])
            .output()
            .unwrap()
    };
    let failed = run("Chat,Nope");
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "sogen: fetch Nope: {}Nope.svc?wsdl: HTTP status 404",
            server.base
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 agents: 1 written, 0 unchanged, 1 failed"),
        "{stderr}"
    );
    assert!(out.join("Chat.wsdl").exists());
    let ok = run("Chat");
    assert_eq!(ok.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&ok.stderr).contains("1 agents: 0 written, 1 unchanged, 0 failed")
    );
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn hostile_or_broken_documents_are_typed_errors() {
    let server = Server::start(|target, _| {
        let body = match target.rsplit('/').next().unwrap() {
            "Html.svc?wsdl" => "<html><body>Error</body></html>".to_owned(),
            "Dtd.svc?wsdl" => {
                r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>"#.to_owned()
            }
            "Cut.svc?wsdl" => TINY[..TINY.len() - 10].to_owned(),
            "Loop.svc?wsdl" => format!(
                r#"<wsdl:definitions targetNamespace="urn:t" xmlns:wsdl="{WSDL_NS}"><wsdl:import namespace="urn:t" location="?wsdl=wsdl0"/></wsdl:definitions>"#
            ),
            // Imports itself again: must terminate.
            "Loop.svc?wsdl=wsdl0" => format!(
                r#"<wsdl:definitions targetNamespace="urn:t" xmlns:wsdl="{WSDL_NS}"><wsdl:import namespace="urn:t" location="?wsdl=wsdl0"/><wsdl:import namespace="urn:t" location="?wsdl"/></wsdl:definitions>"#
            ),
            "Other.svc?wsdl" => format!(
                r#"<wsdl:definitions targetNamespace="urn:t" xmlns:wsdl="{WSDL_NS}"><wsdl:import namespace="urn:o" location="?wsdl=wsdl0"/></wsdl:definitions>"#
            ),
            "Other.svc?wsdl=wsdl0" => {
                format!(r#"<wsdl:definitions targetNamespace="urn:o" xmlns:wsdl="{WSDL_NS}"/>"#)
            }
            _ => return (404, String::new()),
        };
        (200, body)
    });
    let out = temp_dir("hostile");
    let (report, _) = run(&options(
        &server.base,
        &out,
        &["Html", "Dtd", "Cut", "Loop", "Other"],
    ));
    let err = |a| outcome(&report, a).as_ref().unwrap_err().to_string();
    assert!(err("Html").ends_with("Html.svc?wsdl:1:1: expected {http://schemas.xmlsoap.org/wsdl/}definitions, found {}html"), "{}", err("Html"));
    assert!(
        matches!(
            outcome(&report, "Dtd"),
            Err(FetchError::Xml { line: 1, .. })
        ),
        "{}",
        err("Dtd")
    );
    assert!(
        matches!(outcome(&report, "Cut"), Err(FetchError::Xml { .. })),
        "{}",
        err("Cut")
    );
    assert!(
        err("Other").contains("target namespace \"urn:o\""),
        "{}",
        err("Other")
    );
    // The self-import ends; nothing but the empty definitions remains.
    assert!(
        matches!(outcome(&report, "Loop"), Ok(Written::Changed)),
        "{:?}",
        outcome(&report, "Loop")
    );
    assert_eq!(server.requests("Loop.svc?wsdl=wsdl0"), 1);
    let written: Vec<_> = ["Html", "Dtd", "Cut", "Other"]
        .iter()
        .filter(|a| out.join(format!("{a}.wsdl")).exists())
        .collect();
    assert!(
        written.is_empty(),
        "failed agents write nothing: {written:?}"
    );
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn connection_refused_is_a_transport_error() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = temp_dir("refused");
    let mut o = options(
        &format!("http://127.0.0.1:{port}/Remote/Services88"),
        &out,
        &["Chat"],
    );
    o.retries = 1;
    let (report, lines) = run(&o);
    assert!(matches!(
        outcome(&report, "Chat"),
        Err(FetchError::Transport { .. })
    ));
    assert!(
        lines.iter().any(|l| l.contains("retry 1/1")),
        "connection errors are retried: {lines:?}"
    );
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn agents_default_to_the_files_already_in_the_folder() {
    let server = Server::start(|_, _| (200, TINY.into()));
    let out = temp_dir("existing");
    std::fs::write(out.join("Person.wsdl"), TINY).unwrap();
    std::fs::write(out.join("Chat.wsdl"), "old").unwrap();
    std::fs::write(out.join("notes.txt"), "not an agent").unwrap();
    let (report, _) = run(&options(&server.base, &out, &[]));
    let got: Vec<(&str, bool)> = report
        .agents
        .iter()
        .map(|(a, r)| (a.as_str(), matches!(r, Ok(Written::Changed))))
        .collect();
    assert_eq!(got, [("Chat", true), ("Person", false)]);
    assert_eq!(server.log.lock().unwrap().len(), 2);
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn agent_names_that_could_escape_are_refused_before_any_request() {
    let server = Server::start(|_, _| (200, TINY.into()));
    let out = temp_dir("names");
    let result = fetch(
        &options(&server.base, &out, &["Chat", "../etc/passwd"]),
        &mut |_| {},
    );
    assert!(matches!(result, Err(FetchError::AgentName(n)) if n == "../etc/passwd"));
    assert_eq!(server.log.lock().unwrap().len(), 0);
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn credentials_in_the_base_url_never_reach_messages() {
    let server = Server::start(|_, _| (404, "gone".into()));
    let out = temp_dir("secret");
    let base = server.base.replace("http://", "http://user:s3cret@");
    let (report, lines) = run(&options(&base, &out, &["Chat"]));
    let err = outcome(&report, "Chat").as_ref().unwrap_err().to_string();
    assert!(!err.contains("s3cret"), "{err}");
    assert!(err.contains("***@127.0.0.1"), "{err}");
    assert!(lines.iter().all(|l| !l.contains("s3cret")), "{lines:?}");
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_server_that_stalls_times_out_and_is_retried() {
    // The first answer comes after the timeout; the retry is answered at once.
    let server = Server::start(|_, seen| {
        if seen == 0 {
            std::thread::sleep(Duration::from_millis(2500));
        }
        (200, TINY.into())
    });
    let out = temp_dir("timeout");
    let mut o = options(&server.base, &out, &["Chat"]);
    o.timeout = Duration::from_millis(500);
    let (report, lines) = run(&o);
    assert!(
        matches!(outcome(&report, "Chat"), Ok(Written::Changed)),
        "{lines:?}"
    );
    assert_eq!(server.requests("Chat.svc?wsdl"), 2);
    assert!(lines.iter().any(|l| l.contains("retry 1/3")), "{lines:?}");
    std::fs::remove_dir_all(&out).unwrap();
}

// ---------------------------------------------------------------------------
// Origins: what imports and redirects may lead to.

/// A WSDL whose schema pulls in `location` with `reference`
/// (`import` or `include`).
fn schema_reference(reference: &str, location: &str) -> String {
    let namespace = if reference == "import" {
        r#" namespace="urn:b""#
    } else {
        ""
    };
    format!(
        r#"<wsdl:definitions targetNamespace="urn:t" xmlns:wsdl="{WSDL_NS}" xmlns:xs="{XS_NS}"><wsdl:types><xs:schema targetNamespace="urn:t"><xs:{reference}{namespace} schemaLocation="{location}"/><xs:element name="Here" type="xs:int"/></xs:schema></wsdl:types></wsdl:definitions>"#
    )
}

fn wsdl_import(location: &str) -> String {
    format!(
        r#"<wsdl:definitions targetNamespace="urn:t" xmlns:wsdl="{WSDL_NS}"><wsdl:import namespace="urn:t" location="{location}"/></wsdl:definitions>"#
    )
}

/// A schema document with one element `name`.
fn schema_doc(target_namespace: &str, name: &str) -> String {
    format!(
        r#"<xs:schema xmlns:xs="{XS_NS}" targetNamespace="{target_namespace}"><xs:element name="{name}" type="xs:int"/></xs:schema>"#
    )
}

/// Serves documents named after the last path segment of the target.
fn documents(docs: Vec<(&'static str, String)>) -> Server {
    Server::start(move |target, _| {
        let name = target.rsplit('/').next().unwrap();
        match docs.iter().find(|(n, _)| *n == name) {
            Some((_, body)) => (200, body.clone()),
            None => (404, String::new()),
        }
    })
}

#[test]
fn references_to_another_origin_are_refused_unless_allowed() {
    // The other origin: its documents would be inlined if fetched.
    let other = documents(vec![
        ("b.xsd", schema_doc("urn:b", "Foreign")),
        ("i.xsd", schema_doc("urn:t", "Included")),
        (
            "W.svc?wsdl=wsdl0",
            format!(
                r#"<wsdl:definitions targetNamespace="urn:t" xmlns:wsdl="{WSDL_NS}"><wsdl:message name="Foreign"/></wsdl:definitions>"#
            ),
        ),
    ]);
    let b = other.base.clone();
    let server = Server::start(move |target, _| {
        let body = match target.rsplit('/').next().unwrap() {
            "Imp.svc?wsdl" => schema_reference("import", &format!("{b}b.xsd")),
            "Inc.svc?wsdl" => schema_reference("include", &format!("{b}i.xsd")),
            "Wsdl.svc?wsdl" => wsdl_import(&format!("{b}W.svc?wsdl=wsdl0")),
            _ => return (404, String::new()),
        };
        (200, body)
    });
    let agents = ["Imp", "Inc", "Wsdl"];
    let out = temp_dir("origins");
    let (report, _) = run(&options(&server.base, &out, &agents));
    let other_origin = other.origin();
    for (agent, location) in [
        ("Imp", format!("{}b.xsd", other.base)),
        ("Inc", format!("{}i.xsd", other.base)),
        ("Wsdl", format!("{}W.svc?wsdl=wsdl0", other.base)),
    ] {
        let err = outcome(&report, agent).as_ref().unwrap_err();
        match err {
            FetchError::Refused {
                document,
                location: refused,
                reason: Refusal::OtherOrigin(origin),
            } => {
                assert_eq!(document, &format!("{}{agent}.svc?wsdl", server.base));
                assert_eq!(refused, &location);
                assert_eq!(origin, &other_origin);
            }
            other => panic!("{agent}: {other:?}"),
        }
        assert!(
            err.to_string()
                .contains(&format!("allow it with `--allow-origin {other_origin}`")),
            "{err}"
        );
        assert!(!out.join(format!("{agent}.wsdl")).exists());
    }
    assert!(
        other.log.lock().unwrap().is_empty(),
        "nothing is requested from a refused origin"
    );

    // Named explicitly, the origin is fetched and inlined.
    let mut allowed = options(&server.base, &out, &agents);
    allowed.allow_origins = vec![format!("{other_origin}/")];
    let (report, _) = run(&allowed);
    for (agent, inlined) in [
        ("Imp", r#"name="Foreign""#),
        ("Inc", r#"name="Included""#),
        ("Wsdl", r#"name="Foreign""#),
    ] {
        assert!(
            matches!(outcome(&report, agent), Ok(Written::Changed)),
            "{agent}: {:?}",
            outcome(&report, agent)
        );
        let text = std::fs::read_to_string(out.join(format!("{agent}.wsdl"))).unwrap();
        assert!(text.contains(inlined), "{agent}: {text}");
    }
    assert_eq!(other.log.lock().unwrap().len(), 3);
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn loopback_link_local_and_non_http_locations_are_just_other_origins() {
    // `localhost` is the same server as `127.0.0.1` here, but another origin.
    let holder: Arc<Mutex<String>> = Arc::default();
    let base = holder.clone();
    let server = Server::start(move |target, _| {
        let port = base.lock().unwrap().clone();
        let location = match target.rsplit('/').next().unwrap() {
            "Localhost.svc?wsdl" => format!("http://localhost:{port}/secret.xsd"),
            "Metadata.svc?wsdl" => "http://169.254.169.254/latest/meta-data/".to_owned(),
            "V6.svc?wsdl" => format!("http://[::1]:{port}/secret.xsd"),
            "File.svc?wsdl" => "file:///etc/passwd".to_owned(),
            _ => return (404, String::new()),
        };
        (200, schema_reference("import", &location))
    });
    let port = server.origin().rsplit(':').next().unwrap().to_owned();
    *holder.lock().unwrap() = port.clone();
    let out = temp_dir("loopback");
    let (report, _) = run(&options(
        &server.base,
        &out,
        &["Localhost", "Metadata", "V6", "File"],
    ));
    let reason = |agent| match outcome(&report, agent) {
        Err(FetchError::Refused { reason, .. }) => reason.clone(),
        other => panic!("{agent}: {other:?}"),
    };
    assert_eq!(
        reason("Localhost"),
        Refusal::OtherOrigin(format!("http://localhost:{port}"))
    );
    assert_eq!(
        reason("Metadata"),
        Refusal::OtherOrigin("http://169.254.169.254:80".into())
    );
    assert_eq!(
        reason("V6"),
        Refusal::OtherOrigin(format!("http://[::1]:{port}"))
    );
    assert_eq!(reason("File"), Refusal::NotHttp);
    assert_eq!(server.requests("secret.xsd"), 0);
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn redirects_are_followed_within_the_origin_and_refused_beyond_it() {
    let other = documents(vec![
        ("Moved.svc?wsdl", TINY.to_owned()),
        ("x.xsd", schema_doc("urn:b", "Foreign")),
    ]);
    let b = other.base.clone();
    let server = Server::replying(move |target, _| {
        let tail = target.strip_prefix("/Remote/Services88/").unwrap_or(target);
        match tail {
            // Same origin, relative Location; the moved document's relative
            // import resolves against where it was found.
            "Same.svc?wsdl" => redirect(302, "v2/Same.svc?wsdl"),
            "v2/Same.svc?wsdl" => (
                200,
                format!(r#"<wsdl:definitions targetNamespace="urn:t" xmlns:wsdl="{WSDL_NS}" xmlns:xs="{XS_NS}"><wsdl:types><xs:schema><xs:import namespace="urn:b" schemaLocation="?xsd=xsd0"/></xs:schema></wsdl:types></wsdl:definitions>"#),
            )
                .into(),
            "v2/Same.svc?xsd=xsd0" => redirect(308, "/Remote/Services88/v2/final.xsd"),
            "v2/final.xsd" => (200, schema_doc("urn:b", "Moved")).into(),
            "Away.svc?wsdl" => redirect(301, format!("{b}Moved.svc?wsdl")),
            "Import.svc?wsdl" => (200, schema_reference("import", "?xsd=xsd0")).into(),
            "Import.svc?xsd=xsd0" => redirect(307, format!("{b}x.xsd")),
            "Loop.svc?wsdl" => redirect(307, "Loop.svc?wsdl"),
            "Bare.svc?wsdl" => Reply {
                status: 302,
                location: None,
                body: String::new(),
            },
            _ => (404, String::new()).into(),
        }
    });
    let out = temp_dir("redirects");
    let agents = ["Same", "Away", "Import", "Loop", "Bare"];
    let (report, _) = run(&options(&server.base, &out, &agents));

    assert!(
        matches!(outcome(&report, "Same"), Ok(Written::Changed)),
        "{:?}",
        outcome(&report, "Same")
    );
    let same = std::fs::read_to_string(out.join("Same.wsdl")).unwrap();
    assert!(same.contains(r#"name="Moved""#), "{same}");

    let refused = |agent: &str| match outcome(&report, agent) {
        Err(FetchError::Redirect {
            url,
            location,
            reason,
        }) => (url.clone(), location.clone(), reason.clone()),
        other => panic!("{agent}: {other:?}"),
    };
    let origin = Refusal::OtherOrigin(other.origin());
    assert_eq!(
        refused("Away"),
        (
            format!("{}Away.svc?wsdl", server.base),
            format!("{}Moved.svc?wsdl", other.base),
            origin.clone()
        )
    );
    assert_eq!(
        refused("Import"),
        (
            format!("{}Import.svc?xsd=xsd0", server.base),
            format!("{}x.xsd", other.base),
            origin
        )
    );
    let (_, _, reason) = refused("Loop");
    assert_eq!(reason, Refusal::TooManyRedirects);
    assert_eq!(
        server.requests("Loop.svc?wsdl"),
        MAX_REDIRECTS as usize + 1,
        "a redirect loop is not retried"
    );
    assert_eq!(refused("Bare").2, Refusal::NoLocation);
    assert!(
        other.log.lock().unwrap().is_empty(),
        "nothing is requested from a refused origin"
    );
    for agent in ["Away", "Import", "Loop", "Bare"] {
        assert!(!out.join(format!("{agent}.wsdl")).exists(), "{agent}");
    }

    // Allowed, the other origin is followed to.
    let mut allowed = options(&server.base, &out, &["Away", "Import"]);
    allowed.allow_origins = vec![other.origin()];
    let (report, _) = run(&allowed);
    assert!(report.failures().next().is_none(), "{:?}", report.agents);
    assert_eq!(other.log.lock().unwrap().len(), 2);
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn the_timeout_covers_a_chain_of_slow_redirects() {
    // Each hop answers well within the timeout; the chain does not.
    let server = Server::replying(|target, _| {
        std::thread::sleep(Duration::from_millis(300));
        let hop: u32 = target.rsplit('=').next().unwrap().parse().unwrap_or(0);
        if hop < MAX_REDIRECTS {
            redirect(307, format!("Chat.svc?wsdl&hop={}", hop + 1))
        } else {
            (200, TINY.to_owned()).into()
        }
    });
    let out = temp_dir("slow-redirects");
    let mut o = options(&server.base, &out, &["Chat"]);
    o.timeout = Duration::from_millis(1000);
    o.retries = 0;
    let (report, _) = run(&o);
    assert!(
        matches!(outcome(&report, "Chat"), Err(FetchError::Transport { .. })),
        "{:?}",
        outcome(&report, "Chat")
    );
    assert!(server.log.lock().unwrap().len() < MAX_REDIRECTS as usize + 1);
    // With time for the whole chain, the same redirects are followed.
    o.timeout = Duration::from_secs(20);
    let (report, _) = run(&o);
    assert!(
        matches!(outcome(&report, "Chat"), Ok(Written::Changed)),
        "{:?}",
        outcome(&report, "Chat")
    );
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_refused_redirect_names_no_credentials() {
    let other = documents(vec![]);
    let b = other.base.clone();
    let server = Server::replying(move |_, _| redirect(302, format!("{b}Chat.svc?wsdl")));
    let out = temp_dir("redirect-secret");
    let base = server.base.replace("http://", "http://user:s3cret@");
    let (report, lines) = run(&options(&base, &out, &["Chat"]));
    let err = outcome(&report, "Chat").as_ref().unwrap_err().to_string();
    assert!(err.contains("refusing to follow the redirect"), "{err}");
    assert!(err.contains("***@127.0.0.1"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
    assert!(lines.iter().all(|l| !l.contains("s3cret")), "{lines:?}");
    assert!(other.log.lock().unwrap().is_empty());
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn cli_allow_origin_is_repeatable_and_checked() {
    let other = documents(vec![("b.xsd", schema_doc("urn:b", "Foreign"))]);
    let b = other.base.clone();
    let server = Server::start(move |_, _| (200, schema_reference("import", &format!("{b}b.xsd"))));
    let out = temp_dir("cli-origin");
    let run = |allow: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sogen"));
        cmd.args(["fetch", &server.base, "--out"]).arg(&out).args([
            "--agents",
            "Chat",
            "--retries",
            "0",
        ]);
        for a in allow {
            cmd.args(["--allow-origin", a]);
        }
        cmd.output().unwrap()
    };
    let refused = run(&[]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("--allow-origin {}", other.origin())),
        "{stderr}"
    );
    assert!(other.log.lock().unwrap().is_empty());

    let bad = run(&["http://127.0.0.1:1/schemas"]);
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("invalid URL http://127.0.0.1:1/schemas"),
        "{stderr}"
    );

    let origin = other.origin();
    let ok = run(&["https://unused.example", &origin]);
    let stderr = String::from_utf8_lossy(&ok.stderr);
    assert_eq!(ok.status.code(), Some(0), "{stderr}");
    assert!(std::fs::read_to_string(out.join("Chat.wsdl"))
        .unwrap()
        .contains(r#"name="Foreign""#));
    std::fs::remove_dir_all(&out).unwrap();
}
