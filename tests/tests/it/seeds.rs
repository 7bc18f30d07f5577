//! The five documented SuperOffice examples in ../shared/seeds: for each,
//! the request body the generated agent writes for the documented values
//! equals the documented body (canonicalised: prefixes resolved, `xsi:type`
//! and whitespace dropped), and the documented response body decodes to the
//! documented values. Calls go through the real `Client` and `Call`, with a
//! transport that records the request and answers with the seed's response.

use std::sync::{Arc, Mutex};

use sogen_runtime::{
    BoxFuture, Client, DateTime, HttpRequest, HttpResponse, Transport, TransportError,
};
use sogen_tests::generated::{services86, services87, services88};
use sogen_tests::{canon, seeds};

/// Answers every request with one canned body and keeps the requests.
#[derive(Debug)]
struct Replay {
    response: Vec<u8>,
    requests: Mutex<Vec<HttpRequest>>,
}

impl Transport for Replay {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.requests.lock().unwrap().push(request);
        let body = self.response.clone();
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                content_type: Some("text/xml; charset=utf-8".into()),
                body,
            })
        })
    }
}

/// A client for `version` whose transport replays `seed`'s response.
fn client(version: &str, seed: &seeds::Seed) -> (Client, Arc<Replay>) {
    let replay = Arc::new(Replay {
        response: seed.response.clone().into_bytes(),
        requests: Mutex::new(Vec::new()),
    });
    let client = Client::builder(format!("https://sod.example/Cust12345/Remote/{version}/"))
        .application_token("1234567-1234-9876")
        .ticket("7T:1234abcxyzExample==")
        .transport(replay.clone())
        .build()
        .expect("client builds");
    (client, replay)
}

/// Checks the one request sent: URL, SOAPAction and canonical body.
fn assert_request(seed: &seeds::Seed, replay: &Replay, svc: &str, action: &str) {
    let requests = replay.requests.lock().unwrap();
    assert_eq!(requests.len(), 1, "{}", seed.file);
    let req = &requests[0];
    assert!(req.url.ends_with(svc), "{}: url {}", seed.file, req.url);
    let soap_action = req
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("SOAPAction"))
        .map(|(_, v)| v.trim_matches('"').to_string());
    assert_eq!(soap_action.as_deref(), Some(action), "{}", seed.file);
    let ours = canon::body(std::str::from_utf8(&req.body).unwrap()).unwrap();
    let documented = canon::body(&seed.request).unwrap();
    assert_eq!(ours, documented, "{}: request body differs", seed.file);
}

const NS88: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

#[test]
fn seed_000_chat_delete_chat_session_entity() {
    let Some(seed) = seeds::load("000") else {
        return;
    };
    let (client, replay) = client("Services88", &seed);
    let agent = services88::ChatAgent::new(client);
    let value: () = agent.delete_chat_session_entity(0).blocking().unwrap();
    assert_eq!(value, ());
    assert_request(
        &seed,
        &replay,
        "Services88/Chat.svc",
        &format!("{NS88}/Chat/DeleteChatSessionEntity"),
    );
}

#[test]
fn seed_001_customer_service_delete_chat_sessions() {
    let Some(seed) = seeds::load("001") else {
        return;
    };
    let (client, replay) = client("Services86", &seed);
    let agent = services86::CustomerServiceAgent::new(client);
    agent.delete_chat_sessions(&[0]).blocking().unwrap();
    assert_request(
        &seed,
        &replay,
        "Services86/CustomerService.svc",
        "http://www.superoffice.net/ws/crm/NetServer/Services86/CustomerService/DeleteChatSessions",
    );
}

/// The message both AddChatMessage examples document, posted at `when`.
fn documented_message(when: &str) -> services88::types::ChatMessage {
    services88::types::ChatMessage {
        chat_message_id: 0,
        chat_session_id: 0,
        r#type: services88::types::ChatMessageType::Invalid,
        message: Some(String::new()),
        author: Some(String::new()),
        read_by_customer: 0,
        special_type: services88::types::ChatMessageSpecialType::None,
        special_param: Some(String::new()),
        when_posted: when.parse::<DateTime>().unwrap(),
        extension_data: Default::default(),
    }
}

fn add_chat_message(prefix: &str, when: &str) {
    let Some(seed) = seeds::load(prefix) else {
        return;
    };
    let (client, replay) = client("Services88", &seed);
    let agent = services88::ChatAgent::new(client);
    let message = documented_message(when);
    let added = agent.add_chat_message(0, &message).blocking().unwrap();
    assert_eq!(added, Some(message));
    assert_request(
        &seed,
        &replay,
        "Services88/Chat.svc",
        &format!("{NS88}/Chat/AddChatMessage"),
    );
}

#[test]
fn seed_002_chat_add_chat_message_web_page() {
    add_chat_message("002", "2026-05-27T01:23:32Z");
}

#[test]
fn seed_003_chat_add_chat_message_markdown() {
    add_chat_message("003", "2021-03-25T21:36:53Z");
}

#[test]
fn seed_004_customer_service_chat_sessions_for_user() {
    let Some(seed) = seeds::load("004") else {
        return;
    };
    let (client, replay) = client("Services87", &seed);
    let agent = services87::CustomerServiceAgent::new(client);
    let sessions = agent.chat_sessions_for_user().blocking().unwrap();
    let expected = services87::types::ChatSession {
        chat_session_id: 0,
        ..Default::default()
    };
    assert_eq!(sessions, Some(vec![Some(expected)]));
    assert_request(
        &seed,
        &replay,
        "Services87/CustomerService.svc",
        "http://www.superoffice.net/ws/crm/NetServer/Services87/CustomerService/ChatSessionsForUser",
    );
}

/// The same call, awaited and with headers: the response headers are
/// reachable and the value is the same.
#[test]
fn awaited_call_with_headers_gives_the_same_value() {
    let Some(seed) = seeds::load("002") else {
        return;
    };
    let (client, _) = client("Services88", &seed);
    let agent = services88::ChatAgent::new(client);
    let message = documented_message("2026-05-27T01:23:32Z");
    let rt = std::thread::spawn(move || {
        let call = agent.add_chat_message(0, &message);
        futures_lite_block_on(call.with_headers())
    });
    let response = rt.join().unwrap().unwrap();
    assert_eq!(
        response.value,
        Some(documented_message("2026-05-27T01:23:32Z"))
    );
}

/// Drives a future on this thread (the runtime's futures need no reactor
/// of their own for a transport that answers at once).
fn futures_lite_block_on<F: std::future::Future>(f: F) -> F::Output {
    use std::task::{Context, Poll, Wake, Waker};
    struct Noop;
    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }
    let waker = Waker::from(Arc::new(Noop));
    let mut cx = Context::from_waker(&waker);
    let mut f = std::pin::pin!(f);
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::yield_now();
    }
}
