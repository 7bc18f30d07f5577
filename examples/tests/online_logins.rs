//! The README's SuperOffice Online login programs, `login_access_token` and
//! `login_system_user`, run as processes against servers on 127.0.0.1: stand-ins for
//! SuperOffice's login service, JWKS and tenant state API (axum), and the tenant's
//! NetServer (the generated Chat of `build.rs`, and SoPrincipal's
//! `AuthenticateWithAccessToken` written by hand as generated code writes it: the
//! repository's small WSDL declares `AuthenticateUsernamePassword` alone).
//!
//! Both read `SUPEROFFICE_ENVIRONMENT` (`sod` when unset), so the whole logins run here
//! against the stand-ins: the access token exchanged at SoPrincipal for a ticket, the
//! system user's token signed with the application's key, exchanged, its JWT verified
//! against the JWKS, the tenant's endpoint looked up, Chat called with the ticket, and a
//! ticket that expires mid-run renewed. Without the variable they go to sod: run through
//! an HTTPS proxy on 127.0.0.1 that refuses every tunnel, they ask for
//! `sod.superoffice.com:443` and nothing else, and fail with exit 1 without printing a
//! secret.
#![cfg(feature = "online")]

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use ring::rsa::PublicKeyComponents;
use ring::signature::{RsaKeyPair, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256};
use serde_json::{json, Value};
use sogen_runtime::server::{
    write_reply, AgentInfo, Dispatch, Pending, RequestContext, RunningServer, ServedOperation,
    Server, Service, ServiceError,
};
use sogen_runtime::{
    Decode, DecodeError, ElementStart, Encode, ExceptionInfo, SoapVersion, XmlReader,
};

use sogen_examples::generated::services88::server::{chat, ChatService};
use sogen_examples::generated::services88::types::{
    AuthenticateResponse, SoCredentials, SoPrincipalCarrier,
};

const CTX: &str = "Cust12345";
const CLIENT_SECRET: &str = "cs-ExampleClientSecret-4b7e";
const ACCESS_TOKEN: &str = "8A:Cust12345.AccessToken-d93f";
const SYSTEM_USER_TOKEN: &str = "ExampleApp-SuToken-61c2";
const SERIAL: &str = "1801550193";
const ISSUER: &str = "SuperOffice AS";

/// The ticket of the `n`th login (from 1), whichever service hands it out.
fn ticket(n: usize) -> String {
    format!("7T:OnlineTicket{n}q8Zr==")
}

// What the servers saw.

#[derive(Debug, Default)]
struct Seen {
    /// Every request to the Online stand-in: `METHOD /path`.
    online: Vec<String>,
    /// Every header value of those requests (the credentials belong in a body or nowhere).
    online_headers: String,
    /// Each system user exchange: its JSON body, and what the stand-in found wrong with it.
    exchanges: Vec<(Value, Result<(), String>)>,
    /// Each `AuthenticateWithAccessToken`: `<AccessToken> app=<ApplicationToken header>`.
    logins: Vec<String>,
    /// Each Chat call: `Operation <id> ticket=<ticket> app=<ApplicationToken header>`.
    calls: Vec<String>,
}

type Shared = Arc<Mutex<Seen>>;

fn taken(seen: &Shared) -> Seen {
    std::mem::take(&mut *seen.lock().unwrap())
}

// RSA keys: made by the openssl CLI (ring cannot make RSA keys), used through ring.

struct Key {
    /// `BEGIN PRIVATE KEY`, as `openssl genpkey` writes it.
    pem: String,
    pair: RsaKeyPair,
    public: PublicKeyComponents<Vec<u8>>,
}

impl Key {
    fn generate() -> Key {
        let out = Command::new("openssl")
            .args([
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
            ])
            .output()
            .expect("the openssl CLI is needed to generate test keys");
        assert!(out.status.success(), "openssl: {out:?}");
        let pem = String::from_utf8(out.stdout).unwrap();
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let pair = RsaKeyPair::from_pkcs8(&STANDARD.decode(body).unwrap()).unwrap();
        let public = PublicKeyComponents::<Vec<u8>>::from(pair.public());
        Key { pem, pair, public }
    }

    fn sign(&self, message: &[u8]) -> Vec<u8> {
        let mut signature = vec![0; self.pair.public().modulus_len()];
        let rng = ring::rand::SystemRandom::new();
        self.pair
            .sign(&RSA_PKCS1_SHA256, &rng, message, &mut signature)
            .unwrap();
        signature
    }

    fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        self.public
            .verify(&RSA_PKCS1_2048_8192_SHA256, message, signature)
            .is_ok()
    }

    /// An RS256 JWT over `claims` naming key `k1`.
    fn jwt(&self, claims: &Value) -> String {
        let header = json!({"alg": "RS256", "typ": "JWT", "kid": "k1"});
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        format!(
            "{input}.{}",
            URL_SAFE_NO_PAD.encode(self.sign(input.as_bytes()))
        )
    }
}

/// The application's key: the program signs with it, the login service checks with it.
fn app_key() -> &'static Key {
    static KEY: OnceLock<Key> = OnceLock::new();
    KEY.get_or_init(Key::generate)
}

/// SuperOffice's key: it signs the JWTs, the JWKS publishes it as `k1`.
fn issuer_key() -> &'static Key {
    static KEY: OnceLock<Key> = OnceLock::new();
    KEY.get_or_init(Key::generate)
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Seconds since the epoch of a `yyyyMMddHHmm` UTC stamp (days from the civil date, as
/// Howard Hinnant's algorithm counts them).
fn stamp_seconds(stamp: &str) -> Option<i64> {
    if stamp.len() != 12 || !stamp.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let part = |r: std::ops::Range<usize>| stamp[r].parse::<i64>().unwrap();
    let (y, m, d) = (part(0..4), part(4..6), part(6..8));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    Some(days * 86_400 + part(8..10) * 3600 + part(10..12) * 60)
}

/// Checks a login request as SuperOffice's service does: `<system user token>.<stamp>.<base64
/// signature>` signed by the application's key, the stamp within minutes of now, the
/// client secret as `ApplicationToken`, this tenant, a JWT asked for.
fn check_exchange(body: &Value) -> Result<(), String> {
    let signed = body["SignedSystemToken"]
        .as_str()
        .ok_or("no SignedSystemToken")?;
    let (data, signature) = signed.rsplit_once('.').ok_or("no signature")?;
    let (token, stamp) = data.rsplit_once('.').ok_or("no stamp")?;
    if token != SYSTEM_USER_TOKEN {
        return Err("another system user token".into());
    }
    let at = stamp_seconds(stamp).ok_or("not a yyyyMMddHHmm stamp")?;
    if (at - now() as i64).abs() > 180 {
        return Err(format!("stamp {stamp} is not now"));
    }
    let signature = STANDARD.decode(signature).map_err(|_| "not base64")?;
    if !app_key().verifies(data.as_bytes(), &signature) {
        return Err("not signed by the application's key".into());
    }
    if body["ApplicationToken"] != CLIENT_SECRET {
        return Err("another ApplicationToken".into());
    }
    if body["ContextIdentifier"] != CTX || body["ReturnTokenType"] != "JWT" {
        return Err("another tenant or token type".into());
    }
    Ok(())
}

// SuperOffice Online: the login service, its JWKS, the tenant state API.

/// How the login service answers a system user.
#[derive(Clone, Copy, PartialEq)]
enum Exchange {
    /// A JWT signed by SuperOffice's key whose ticket is the `n`th.
    Jwt,
    /// `IsSuccessful: false`, its message quoting the tokens it was sent.
    Reject,
    /// A JWT with the right `kid`, signed by another key (the application's).
    Forged,
}

struct Online {
    seen: Shared,
    /// The tenant's endpoint: the NetServer's site.
    site: String,
    exchange: Exchange,
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [("content-type", "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

async fn online(
    State(online): State<Arc<Online>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_owned();
    let mut seen = online.seen.lock().unwrap();
    seen.online.push(format!("{method} {path}"));
    for value in headers.values() {
        seen.online_headers += &format!("{}\n", String::from_utf8_lossy(value.as_bytes()));
    }
    match (method, path.as_str()) {
        (Method::GET, "/api/state/Cust12345") => json_response(
            StatusCode::OK,
            &json!({
                "ContextIdentifier": CTX,
                "Endpoint": online.site,
                "State": "Running",
                "IsRunning": true,
            }),
        ),
        (Method::GET, "/login/.well-known/jwks") => {
            let key = &issuer_key().public;
            let jwk = json!({"kty": "RSA", "use": "sig", "alg": "RS256", "kid": "k1",
                             "n": URL_SAFE_NO_PAD.encode(&key.n), "e": URL_SAFE_NO_PAD.encode(&key.e)});
            json_response(StatusCode::OK, &json!({ "keys": [jwk] }))
        }
        (Method::POST, "/Login/api/PartnerSystemUser/Authenticate") => {
            let body: Value = serde_json::from_slice(&body).unwrap_or_default();
            let checked = check_exchange(&body);
            let signed = body["SignedSystemToken"].as_str().unwrap_or("").to_owned();
            seen.exchanges.push((body, checked.clone()));
            let n = seen.exchanges.len();
            let answer = match (checked, online.exchange) {
                (Err(problem), _) => json!({"IsSuccessful": false, "ErrorMessage": problem}),
                (Ok(()), Exchange::Reject) => json!({
                    "IsSuccessful": false,
                    "ErrorMessage": format!("Unknown system user token {SYSTEM_USER_TOKEN} ({signed})"),
                    "Token": null,
                }),
                (Ok(()), exchange) => {
                    let key = match exchange {
                        Exchange::Forged => app_key(),
                        _ => issuer_key(),
                    };
                    let jwt = key.jwt(&jwt_claims(&online.site, &ticket(n)));
                    json!({"IsSuccessful": true, "ErrorMessage": "", "Token": jwt})
                }
            };
            json_response(StatusCode::OK, &answer)
        }
        _ => json_response(StatusCode::NOT_FOUND, &json!({})),
    }
}

/// The claims of SuperOffice's system user JWT, valid for an hour.
fn jwt_claims(site: &str, ticket: &str) -> Value {
    let now = now();
    json!({
        "iss": ISSUER,
        "aud": format!("spn:{SERIAL}"),
        "exp": now + 3600,
        "nbf": now - 10,
        "iat": now - 10,
        "http://schemes.superoffice.net/identity/ticket": ticket,
        "http://schemes.superoffice.net/identity/serial": SERIAL,
        "http://schemes.superoffice.net/identity/ctx": CTX,
        "http://schemes.superoffice.net/identity/netserver_url": format!("{site}/Remote/Services88/"),
        "http://schemes.superoffice.net/identity/webapi_url": format!("{site}/api/"),
        "http://schemes.superoffice.net/identity/associateid": "5",
    })
}

/// Serves the Online stand-in on 127.0.0.1; returns its base URL.
async fn serve_online(seen: Shared, site: String, exchange: Exchange) -> String {
    let state = Arc::new(Online {
        seen,
        site,
        exchange,
    });
    let app = axum::Router::new().fallback(online).with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

// The tenant's NetServer.

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

/// SoPrincipal of Services88 with the one operation the access token uses, as generated
/// code serves an operation of the full WSDL.
static PRINCIPAL: AgentInfo = AgentInfo {
    version: "Services88",
    name: "SoPrincipal",
    service_path: "SoPrincipal.svc",
    soap: SoapVersion::Soap11,
    namespace: NS,
    operations: &[ServedOperation {
        name: "AuthenticateWithAccessToken",
        action: "http://www.superoffice.net/ws/crm/NetServer/Services88/SoPrincipal/AuthenticateWithAccessToken",
        request_ns: NS,
        request_name: "AuthenticateWithAccessToken",
        response_ns: NS,
        response_name: "AuthenticateResponse",
        response_headers: true,
    }],
};

/// Accepts [`ACCESS_TOKEN`] sent with the client secret as application token and no
/// ticket; answers the `n`th login with [`ticket`]`(n)`, anything else as NetServer
/// refuses a login (`AuthenticationSucceeded` false).
struct Principal {
    seen: Shared,
    accept: bool,
}

impl Dispatch for Principal {
    fn dispatch(
        &self,
        _operation: usize,
        r: &mut XmlReader<'_>,
        _start: &ElementStart<'_>,
        cx: RequestContext,
    ) -> Result<Pending, DecodeError> {
        let mut token: Option<String> = None;
        while let Some(s) = r.next_child()? {
            match s.local_name() {
                "AccessToken" => token = Decode::decode(r, &s)?,
                _ => r.skip()?,
            }
        }
        let app = cx.application_token().map(|t| t.expose().to_owned());
        let mut seen = self.seen.lock().unwrap();
        let shown = token.as_deref().unwrap_or("nil");
        seen.logins
            .push(format!("{shown} app={}", app.as_deref().unwrap_or("none")));
        let accepted = self.accept
            && token.as_deref() == Some(ACCESS_TOKEN)
            && app.as_deref() == Some(CLIENT_SECRET)
            && cx.ticket().is_none();
        let answer = if accepted {
            AuthenticateResponse {
                response: Some(SoPrincipalCarrier {
                    associate: Some("JANE".into()),
                    associate_id: 5,
                    ..Default::default()
                }),
                credentials: Some(SoCredentials {
                    ticket: Some(ticket(seen.logins.len())),
                    ..Default::default()
                }),
                authentication_succeeded: true,
                ..Default::default()
            }
        } else {
            AuthenticateResponse::default()
        };
        let reply = write_reply(&cx, |w| answer.encode(w, NS, "AuthenticateResponse"));
        Ok(Box::pin(async move { Ok(reply) }))
    }
}

/// Chat: records each call; refuses the first ticket as expired once `expire_first` (as
/// NetServer refuses a ticket whose session ended), anything without a ticket and the
/// client secret as a client fault.
struct Chat {
    seen: Shared,
    expire_first: bool,
}

impl ChatService for Chat {
    async fn delete_chat_session_entity(
        &self,
        cx: &RequestContext,
        chat_session_entity_id: i32,
    ) -> Result<(), ServiceError> {
        let sent = cx.ticket().map(|t| t.expose().to_owned());
        let app = cx.application_token().map(|t| t.expose().to_owned());
        self.seen.lock().unwrap().calls.push(format!(
            "{} {chat_session_entity_id} ticket={} app={}",
            cx.operation(),
            sent.as_deref().unwrap_or("none"),
            app.as_deref().unwrap_or("none"),
        ));
        if sent.is_none()
            || app.as_deref() != Some(CLIENT_SECRET)
            || cx.header("Authorization").is_some()
        {
            return Err(ServiceError::client(format!("wrong headers: {cx:?}")));
        }
        if self.expire_first && sent == Some(ticket(1)) {
            return Err(ExceptionInfo {
                message: "Authentication failed!".into(),
                exception_type: "SoSessionException".into(),
                source: "SoCore".into(),
                ..Default::default()
            }
            .into());
        }
        Ok(())
    }
}

/// How the servers behave in one run.
#[derive(Clone, Copy)]
struct Servers {
    /// SoPrincipal accepts the access token.
    accept_token: bool,
    exchange: Exchange,
    /// Chat refuses ticket 1 as expired.
    expire_first: bool,
}

const ALL_WELL: Servers = Servers {
    accept_token: true,
    exchange: Exchange::Jwt,
    expire_first: false,
};

/// The NetServer (`/Cust12345/Remote`) and the Online stand-in naming it as the tenant's
/// endpoint; the stand-in's base URL.
async fn start(servers: Servers, seen: &Shared) -> (RunningServer, String) {
    let netserver = Server::new()
        .base_path("/Cust12345/Remote")
        .service(Service::new(
            &PRINCIPAL,
            Principal {
                seen: seen.clone(),
                accept: servers.accept_token,
            },
        ))
        .service(chat::service(Chat {
            seen: seen.clone(),
            expire_first: servers.expire_first,
        }))
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let site = netserver.site().expect("served under /Remote");
    let base = serve_online(seen.clone(), site, servers.exchange).await;
    (netserver, base)
}

// The programs.

/// A program with no `SUPEROFFICE_*` or proxy variable inherited from the test's
/// environment.
fn program(path: &str) -> Command {
    let mut cmd = Command::new(path);
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy().to_ascii_uppercase();
        if name.starts_with("SUPEROFFICE_") || name.ends_with("_PROXY") {
            cmd.env_remove(&*name).env_remove(name.to_ascii_lowercase());
        }
    }
    cmd
}

async fn output(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().expect("the program runs"))
        .await
        .unwrap()
}

/// The app key as the file `SUPEROFFICE_PRIVATE_KEY` names; removed on drop.
struct KeyFile(PathBuf);

impl KeyFile {
    fn new() -> KeyFile {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "sogen-examples-{}-{}.pem",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, &app_key().pem).unwrap();
        KeyFile(path)
    }
}

impl Drop for KeyFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn access_token_program(path: &str) -> Command {
    let mut cmd = program(path);
    cmd.env("SUPEROFFICE_CTX", CTX)
        .env("SUPEROFFICE_CLIENT_SECRET", CLIENT_SECRET)
        .env("SUPEROFFICE_ACCESS_TOKEN", ACCESS_TOKEN);
    cmd
}

fn system_user_program(path: &str, key: &KeyFile) -> Command {
    let mut cmd = program(path);
    cmd.env("SUPEROFFICE_CTX", CTX)
        .env("SUPEROFFICE_CLIENT_SECRET", CLIENT_SECRET)
        .env("SUPEROFFICE_SYSTEM_USER_TOKEN", SYSTEM_USER_TOKEN)
        .env("SUPEROFFICE_PRIVATE_KEY", &key.0);
    cmd
}

/// Runs the access token program against servers behaving as `servers`.
async fn run_access_token(servers: Servers) -> (Output, Seen) {
    let seen = Shared::default();
    let (netserver, base) = start(servers, &seen).await;
    let mut cmd = access_token_program(env!("CARGO_BIN_EXE_login_access_token"));
    cmd.env("SUPEROFFICE_ENVIRONMENT", base);
    let out = output(cmd).await;
    netserver.shutdown().await;
    (out, taken(&seen))
}

/// Runs the system user program against servers behaving as `servers`.
async fn run_system_user(servers: Servers) -> (Output, Seen) {
    let seen = Shared::default();
    let (netserver, base) = start(servers, &seen).await;
    let key = KeyFile::new();
    let mut cmd = system_user_program(env!("CARGO_BIN_EXE_login_system_user"), &key);
    cmd.env("SUPEROFFICE_ENVIRONMENT", base);
    let out = output(cmd).await;
    netserver.shutdown().await;
    (out, taken(&seen))
}

/// What no output may contain: every credential of the tests, the private key's lines,
/// and the signed tokens and JWTs of `seen`.
fn assert_no_secrets(out: &Output, seen: &Seen) {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut secrets: Vec<String> = [CLIENT_SECRET, ACCESS_TOKEN, SYSTEM_USER_TOKEN, "7T:"]
        .map(String::from)
        .into();
    secrets.extend(
        app_key()
            .pem
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .map(String::from),
    );
    for (body, _) in &seen.exchanges {
        let signed = body["SignedSystemToken"].as_str().unwrap_or_default();
        // Its signature: the token and the stamp are checked above.
        secrets.extend(signed.rsplit('.').next().map(String::from));
    }
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        assert!(!all.contains(secret.as_str()), "{secret:?} printed: {all}");
    }
}

/// No credential went to the Online stand-in in a header.
fn assert_no_secrets_in_headers(seen: &Seen) {
    for secret in [CLIENT_SECRET, ACCESS_TOKEN, SYSTEM_USER_TOKEN, "7T:"] {
        assert!(
            !seen.online_headers.contains(secret),
            "{secret} in {}",
            seen.online_headers
        );
    }
}

const STATE: &str = "GET /api/state/Cust12345";
const EXCHANGE: &str = "POST /Login/api/PartnerSystemUser/Authenticate";
const JWKS: &str = "GET /login/.well-known/jwks";

fn login(token: &str) -> String {
    format!("{token} app={CLIENT_SECRET}")
}

fn call(ticket: &str) -> String {
    format!("DeleteChatSessionEntity 42 ticket={ticket} app={CLIENT_SECRET}")
}

// The access token.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_access_token_program_logs_in_at_the_tenant_endpoint_and_calls_chat() {
    let (out, seen) = run_access_token(ALL_WELL).await;
    assert!(out.status.success(), "{out:?}");
    // It prints nothing when all goes well.
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    // The tenant's endpoint looked up, and nothing else asked of SuperOffice Online.
    assert_eq!(seen.online, [STATE]);
    assert_no_secrets_in_headers(&seen);
    // The token in SoPrincipal's body, the client secret as application token; the
    // ticket it gave on the call.
    assert_eq!(seen.logins, [login(ACCESS_TOKEN)]);
    assert_eq!(seen.calls, [call(&ticket(1))]);
    assert!(seen.exchanges.is_empty());
    assert_no_secrets(&out, &seen);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_access_token_program_logs_in_again_when_its_ticket_expires() {
    let servers = Servers {
        expire_first: true,
        ..ALL_WELL
    };
    let (out, seen) = run_access_token(servers).await;
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    // The token exchanged again, the call repeated once with the new ticket; the
    // endpoint not looked up again.
    assert_eq!(seen.logins, [login(ACCESS_TOKEN), login(ACCESS_TOKEN)]);
    assert_eq!(seen.calls, [call(&ticket(1)), call(&ticket(2))]);
    assert_eq!(seen.online, [STATE]);
    assert_no_secrets(&out, &seen);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_access_token_exits_1_without_printing_it() {
    let servers = Servers {
        accept_token: false,
        ..ALL_WELL
    };
    let (out, seen) = run_access_token(servers).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stderr.contains("SoPrincipal.AuthenticateWithAccessToken")
            && stderr.contains("rejected the credentials"),
        "{stderr}"
    );
    assert_eq!(seen.logins, [login(ACCESS_TOKEN)]);
    assert!(seen.calls.is_empty(), "{:?}", seen.calls);
    assert_no_secrets(&out, &seen);
}

// The system user.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_system_user_program_signs_exchanges_verifies_and_calls_chat() {
    let (out, seen) = run_system_user(ALL_WELL).await;
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    // The endpoint looked up; the signed token exchanged once; the JWT checked against
    // the JWKS.
    assert_eq!(seen.online, [STATE, EXCHANGE, JWKS]);
    let [(body, checked)] = &seen.exchanges[..] else {
        panic!("{:?}", seen.exchanges)
    };
    assert_eq!(checked, &Ok(()), "{body}");
    assert_no_secrets_in_headers(&seen);
    // The JWT's ticket on the call, with the client secret; no SoPrincipal login.
    assert_eq!(seen.calls, [call(&ticket(1))]);
    assert!(seen.logins.is_empty(), "{:?}", seen.logins);
    assert_no_secrets(&out, &seen);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_system_user_program_exchanges_again_when_its_ticket_expires() {
    let servers = Servers {
        expire_first: true,
        ..ALL_WELL
    };
    let (out, seen) = run_system_user(servers).await;
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    // A second exchange (the JWKS kept), the call repeated with its ticket.
    assert_eq!(seen.online, [STATE, EXCHANGE, JWKS, EXCHANGE]);
    assert!(
        seen.exchanges.iter().all(|(_, c)| c.is_ok()),
        "{:?}",
        seen.exchanges
    );
    assert_eq!(seen.calls, [call(&ticket(1)), call(&ticket(2))]);
    assert_no_secrets(&out, &seen);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_system_user_exits_1_without_printing_its_tokens() {
    let servers = Servers {
        exchange: Exchange::Reject,
        ..ALL_WELL
    };
    let (out, seen) = run_system_user(servers).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    // The service's message, without the tokens it quoted.
    assert!(
        stderr.contains(
            "system user rejected by the login service: \
             Unknown system user token [redacted] ([redacted])"
        ),
        "{stderr}"
    );
    assert_eq!(seen.online, [STATE, EXCHANGE]);
    assert!(seen.calls.is_empty(), "{:?}", seen.calls);
    assert_no_secrets(&out, &seen);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_jwt_not_signed_by_the_jwks_keys_is_refused_before_any_call() {
    let servers = Servers {
        exchange: Exchange::Forged,
        ..ALL_WELL
    };
    let (out, seen) = run_system_user(servers).await;
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("BadSignature"), "{stderr}");
    assert_eq!(seen.online, [STATE, EXCHANGE, JWKS]);
    // Its ticket never reaches the NetServer.
    assert!(seen.calls.is_empty(), "{:?}", seen.calls);
    assert_no_secrets(&out, &seen);
}

// The README's programs as written.

/// An HTTPS proxy on 127.0.0.1 that refuses every tunnel; the request lines it got.
fn refusing_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = asked.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut head = Vec::new();
            let mut byte = [0];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            let head = String::from_utf8_lossy(&head).into_owned();
            log.lock()
                .unwrap()
                .push(head.lines().next().unwrap_or("").to_owned());
            let _ = stream.write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n");
        }
    });
    (url, asked)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_online_programs_go_to_sod_and_print_no_secret_when_it_fails() {
    let key = KeyFile::new();
    for (path, system_user) in [
        (env!("CARGO_BIN_EXE_login_access_token"), false),
        (env!("CARGO_BIN_EXE_login_system_user"), true),
    ] {
        let (proxy, asked) = refusing_proxy();
        let mut cmd = match system_user {
            false => access_token_program(path),
            true => system_user_program(path, &key),
        };
        cmd.env("HTTPS_PROXY", &proxy);
        let out = output(cmd).await;
        let name = Path::new(path).file_name().unwrap().to_string_lossy();
        assert_eq!(out.status.code(), Some(1), "{name}: {out:?}");
        // One tunnel asked for, to sod's login and state host; nothing else sent anywhere.
        assert_eq!(
            *asked.lock().unwrap(),
            ["CONNECT sod.superoffice.com:443 HTTP/1.1"],
            "{name}"
        );
        assert_no_secrets(&out, &Seen::default());
    }
}

#[test]
fn the_system_user_program_without_its_key_exits_1_before_sending_anything() {
    let (proxy, asked) = refusing_proxy();
    let missing = KeyFile(std::env::temp_dir().join("sogen-examples-no-such-key.pem"));
    let out = system_user_program(env!("CARGO_BIN_EXE_login_system_user"), &missing)
        .env("HTTPS_PROXY", &proxy)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stderr.contains("cannot read the private key"), "{stderr}");
    assert_no_secrets(&out, &Seen::default());
    assert!(asked.lock().unwrap().is_empty());
}
