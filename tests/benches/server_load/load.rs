//! The three roles of `server_load`: `serve`, `client`, and (no role) the driver that runs
//! both clients against one server and prints the table.

use std::io::{BufRead, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sogen_runtime::server::{RequestContext, Server, ServiceError};
use sogen_runtime::{items, Client, DateTime, PresentItems};
use sogen_tests::generated_props::services88::server::{chat, ChatService};
use sogen_tests::generated_props::services88::types::{ChatMessage, ChatMessageType};
use sogen_tests::generated_props::services88::ChatAgent;

const LOADS: [usize; 3] = [1, 16, 100];
const CALLS: [&str; 2] = ["GetChatMessages", "DeleteChatSessionEntity"];

pub fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    match args.first().map(String::as_str) {
        Some("serve") => serve(),
        Some("client") => client(
            &arg("--url").expect("--url"),
            &arg("--call").expect("--call"),
            arg("--concurrency")
                .expect("--concurrency")
                .parse()
                .unwrap(),
            arg("--seconds").expect("--seconds").parse().unwrap(),
        ),
        _ => drive(arg("--seconds").map_or(5.0, |s| s.parse().unwrap())),
    }
}

/// 100 messages, as a busy chat session's history.
struct Chat {
    messages: Vec<ChatMessage>,
}

impl ChatService for Chat {
    async fn get_chat_messages(
        &self,
        _cx: &RequestContext,
        chat_session_id: i32,
        _after: i32,
    ) -> Result<Option<Vec<Option<ChatMessage>>>, ServiceError> {
        Ok(items(self.messages.iter().map(|m| ChatMessage {
            chat_session_id,
            ..m.clone()
        })))
    }

    async fn delete_chat_session_entity(
        &self,
        _cx: &RequestContext,
        _id: i32,
    ) -> Result<(), ServiceError> {
        Ok(())
    }
}

fn messages() -> Vec<ChatMessage> {
    (1..=100)
        .map(|i| ChatMessage {
            chat_message_id: i,
            chat_session_id: 1,
            r#type: if i % 2 == 0 {
                ChatMessageType::ToCustomer
            } else {
                ChatMessageType::ToUser
            },
            message: Some(format!(
                "Message {i}: Hei, kan du hjelpe meg med bestillingen min? <&>"
            )),
            author: Some("Ola Nordmann".into()),
            when_posted: DateTime::new(2024, 3, 1, 10, 15, 30)
                .unwrap()
                .with_nanos(123_000_000),
            ..Default::default()
        })
        .collect()
}

/// Serves Chat on 127.0.0.1 until stdin closes; prints the base URL, then at the end the
/// peak RSS in KiB.
fn serve() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let chat = chat::service(Chat {
            messages: messages(),
        });
        let server = Server::new()
            .service(chat)
            .start("127.0.0.1:0")
            .await
            .unwrap();
        println!("{}", server.url("Services88"));
        std::io::stdout().flush().unwrap();
        tokio::task::spawn_blocking(|| {
            let mut line = String::new();
            while std::io::stdin()
                .lock()
                .read_line(&mut line)
                .is_ok_and(|n| n > 0)
            {}
        })
        .await
        .unwrap();
        server.shutdown().await;
    });
    println!("{}", peak_rss_kib());
}

/// The process's peak resident set (VmHWM), KiB.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// `concurrency` tasks calling `call` in a loop for `seconds` (after a warm-up); prints
/// one JSON line: calls, calls_per_s, p50_ms, p99_ms, peak_rss_kib.
fn client(url: &str, call: &str, concurrency: usize, seconds: f64) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = Client::builder(url)
        .max_connections(concurrency)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let agent = Arc::new(ChatAgent::new(client));
    let one = |agent: Arc<ChatAgent>, call: String| async move {
        if call == "GetChatMessages" {
            let m = agent.get_chat_messages(1, 0).await.unwrap();
            assert_eq!(m.present().count(), 100);
        } else {
            agent.delete_chat_session_entity(1).await.unwrap();
        }
    };
    let (calls, mut latencies, elapsed) = rt.block_on(async {
        // Warm-up: every connection opened once.
        let warm: Vec<_> = (0..concurrency)
            .map(|_| tokio::spawn(one(agent.clone(), call.to_owned())))
            .collect();
        for w in warm {
            w.await.unwrap();
        }
        let start = Instant::now();
        let end = start + Duration::from_secs_f64(seconds);
        let tasks: Vec<_> = (0..concurrency)
            .map(|_| {
                let (agent, call) = (agent.clone(), call.to_owned());
                tokio::spawn(async move {
                    let mut lat = Vec::new();
                    while Instant::now() < end {
                        let t = Instant::now();
                        one(agent.clone(), call.clone()).await;
                        lat.push(t.elapsed().as_secs_f64());
                    }
                    lat
                })
            })
            .collect();
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.unwrap());
        }
        (all.len(), all, start.elapsed().as_secs_f64())
    });
    latencies.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)] * 1000.0
    };
    println!(
        "{{\"calls\": {calls}, \"calls_per_s\": {:.1}, \"p50_ms\": {:.3}, \"p99_ms\": {:.3}, \"peak_rss_kib\": {}}}",
        calls as f64 / elapsed,
        pct(0.50),
        pct(0.99),
        peak_rss_kib()
    );
}

/// A client's result line.
#[derive(Debug, Default, Clone)]
struct Row {
    calls_per_s: f64,
    p50_ms: f64,
    p99_ms: f64,
    peak_rss_kib: f64,
}

fn parse(line: &str) -> Row {
    let get = |key: &str| -> f64 {
        let at = line
            .find(&format!("\"{key}\": "))
            .unwrap_or_else(|| panic!("{key} in {line}"));
        let rest = &line[at + key.len() + 4..];
        let end = rest.find([',', '}']).unwrap();
        rest[..end].trim().parse().unwrap()
    };
    Row {
        calls_per_s: get("calls_per_s"),
        p50_ms: get("p50_ms"),
        p99_ms: get("p99_ms"),
        peak_rss_kib: get("peak_rss_kib"),
    }
}

fn run(cmd: &mut Command) -> Row {
    let out = cmd
        .stderr(Stdio::inherit())
        .output()
        .expect("the client runs");
    assert!(out.status.success(), "{cmd:?} failed");
    let text = String::from_utf8_lossy(&out.stdout);
    parse(text.lines().last().expect("a result line"))
}

/// Starts the server, runs every (call, concurrency) with both clients, prints the table.
fn drive(seconds: f64) {
    let me = std::env::current_exe().unwrap();
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let wsdl = here.join("../../shared/wsdl/Services88/Chat.wsdl");
    let zeep = here.join("benches/zeep_load.py");
    let mut server = Command::new(&me)
        .arg("serve")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(server.stdout.take().unwrap());
    let mut url = String::new();
    out.read_line(&mut url).unwrap();
    let url = url.trim().to_owned();
    eprintln!("server at {url}; {seconds} s per measurement");
    let mut rows = Vec::new();
    for call in CALLS {
        for n in LOADS {
            let secs = seconds.to_string();
            let n_s = n.to_string();
            let sogen = run(Command::new(&me).args([
                "client",
                "--url",
                &url,
                "--call",
                call,
                "--concurrency",
                &n_s,
                "--seconds",
                &secs,
            ]));
            let zeep = run(Command::new("python3").arg(&zeep).args([
                "--url",
                &url,
                "--wsdl",
                wsdl.to_str().unwrap(),
                "--call",
                call,
                "--concurrency",
                &n_s,
                "--seconds",
                &secs,
            ]));
            eprintln!("{call} x{n}: sogen {sogen:?}, zeep {zeep:?}");
            rows.push((call, n, sogen, zeep));
        }
    }
    drop(server.stdin.take());
    let mut rest = String::new();
    out.read_line(&mut rest).unwrap();
    let server_rss: f64 = rest.trim().parse().unwrap_or(0.0);
    server.wait().unwrap();

    println!("| call | concurrent | sogen calls/s | zeep calls/s | sogen vs zeep | sogen p50 / p99 ms | zeep p50 / p99 ms | sogen client peak MiB | zeep client peak MiB |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (call, n, s, z) in &rows {
        let label = if *call == "GetChatMessages" {
            "GetChatMessages (100 messages)"
        } else {
            "DeleteChatSessionEntity (small)"
        };
        println!(
            "| {label} | {n} | {:.0} | {:.0} | {:.1}x | {:.2} / {:.2} | {:.2} / {:.2} | {:.1} | {:.1} |",
            s.calls_per_s,
            z.calls_per_s,
            s.calls_per_s / z.calls_per_s,
            s.p50_ms,
            s.p99_ms,
            z.p50_ms,
            z.p99_ms,
            s.peak_rss_kib / 1024.0,
            z.peak_rss_kib / 1024.0,
        );
    }
    println!(
        "\nserver peak memory over the whole run: {:.1} MiB",
        server_rss / 1024.0
    );
}
