//! No secret reaches tracing output, `Debug` or error messages along the Online flows.
//!
//! One test in its own binary: the capturing subscriber is process-wide (set once), which
//! avoids tracing's callsite-interest cache deciding against a subscriber set later.
#![cfg(feature = "online")]

mod capture;
#[path = "it/online_common/mod.rs"]
mod online_common;

use std::fmt::Write as _;

use online_common::*;
use serde_json::json;
use sogen_runtime::online::{tenant_state, PrivateKey};
use sogen_runtime::Secret;

#[tokio::test]
async fn secrets_never_reach_logs_debug_or_errors() {
    let log = capture::install();

    let f = Fixture::new().await;
    let jwks = f.jwks();
    let mut shown = String::new();

    // Accepted.
    let ticket = f.user.authenticate(&f.http, &jwks).await.unwrap();
    let jwt = ticket.jwt.expose().to_owned();
    let signed = f.stub.login_bodies.lock().unwrap()[0].clone();
    let signed: serde_json::Value = serde_json::from_str(&signed).unwrap();
    let signed = signed["SignedSystemToken"].as_str().unwrap().to_owned();
    let _ = write!(shown, "{ticket:?} {ticket:#?} {:?} {:#?}", f.user, f.user);
    let claims = jwks.validate(&jwt, &f.http).await.unwrap();
    let _ = write!(shown, "{claims:?}");

    // Rejected: the service quotes the wrong secret it was sent.
    let mut wrong = f.user.clone();
    wrong.client_secret = Secret::from("wrong-secret-5c2d");
    let err = wrong.authenticate(&f.http, &jwks).await.unwrap_err();
    let _ = write!(shown, "{err} {err:?}");

    // A JWT that fails validation after its signature checked out (its ticket is real).
    let mut claims = ticket_claims();
    claims["iss"] = json!("someone else");
    let bad = issuer_key().sign_jwt(Some("k1"), &claims);
    let err = jwks.validate(&bad, &f.http).await.unwrap_err();
    let _ = write!(shown, "{err} {err:?}");
    let err = jwks
        .validate(&format!("{bad}x"), &f.http)
        .await
        .unwrap_err();
    let _ = write!(shown, "{err} {err:?}");

    // Keys, and a key that does not parse.
    let key = PrivateKey::parse(&app_key().xml).unwrap();
    let err = PrivateKey::parse(&app_key().xml.replace("<D>", "<D>!")).unwrap_err();
    let _ = write!(shown, "{key:?} {err} {err:?}");

    // The tenant-state request logs too.
    f.stub.set_state(Box::new(|_, _| {
        json_response(
            200,
            r#"{"ContextIdentifier":"Cust12345","Endpoint":"https://sod2.superoffice.com/Cust12345","State":"Running","IsRunning":true}"#,
        )
    }));
    let state = tenant_state(&f.http, &f.env, CTX).await.unwrap();
    let _ = write!(shown, "{state:?}");

    let log = log.lock().unwrap().clone();
    // The capture works: the flows were logged.
    for expected in [
        "span online_authenticate",
        "online request",
        "status=200",
        "fetched the JWKS",
        "system user rejected",
        "tenant state",
    ] {
        assert!(log.contains(expected), "{expected:?} missing from:\n{log}");
    }
    let key_material: Vec<&str> = app_key()
        .xml_parts
        .iter()
        .filter(|(name, _)| *name != "Modulus" && *name != "Exponent")
        .map(|(_, v)| &v[..24])
        .chain(app_key().pkcs8_pem.lines().skip(1).take(3))
        .collect();
    let secrets = [
        CLIENT_SECRET,
        "wrong-secret-5c2d",
        SYSTEM_USER_TOKEN,
        TICKET,
        &jwt,
        &jwt[jwt.len() - 40..], // the JWT's signature part
        &signed,
        &signed[signed.len() - 40..], // the signature of the signed token
    ];
    for secret in secrets.iter().copied().chain(key_material) {
        assert!(!log.contains(secret), "{secret:?} logged:\n{log}");
        assert!(!shown.contains(secret), "{secret:?} shown:\n{shown}");
    }
}
