//! The system-user exchange and JWT validation against a stand-in for SuperOffice's login
//! service and JWKS on 127.0.0.1.
#![cfg(feature = "online")]

use crate::online_common;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use online_common::*;
use serde_json::json;
use sogen_runtime::online::{Jwks, JwtError, OnlineError, OnlineHttp, TICKET_CLAIM};
use sogen_runtime::Secret;

#[tokio::test]
async fn system_user_accepted() {
    let f = Fixture::new().await;
    let jwks = f.jwks();
    let t = f.user.authenticate(&f.http, &jwks).await.unwrap();
    assert_eq!(t.ticket.expose(), TICKET);
    assert_eq!(t.netserver_url.as_deref(), Some(NETSERVER_URL));
    assert_eq!(t.webapi_url.as_deref(), Some(WEBAPI_URL));
    let exp = ticket_claims()["exp"].as_u64().unwrap();
    let got = t
        .jwt_expires_at
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(got.abs_diff(exp) <= 1, "{got} vs {exp}");
    assert!(t.jwt.expose().starts_with("eyJ"));

    // What went over the wire is the documented request.
    let bodies = f.stub.login_bodies.lock().unwrap().clone();
    assert_eq!(bodies.len(), 1);
    let body: serde_json::Value = serde_json::from_str(&bodies[0]).unwrap();
    assert_eq!(body["ApplicationToken"], CLIENT_SECRET);
    assert_eq!(body["ContextIdentifier"], CTX);
    assert_eq!(body["ReturnTokenType"], "JWT");
    check_signed_token(body["SignedSystemToken"].as_str().unwrap()).unwrap();

    // A second exchange reuses the cached keys.
    f.user.authenticate(&f.http, &jwks).await.unwrap();
    assert_eq!(f.stub.jwks_hits(), 1);
    let agents = f.stub.user_agents.lock().unwrap().clone();
    assert_eq!(
        agents,
        [sogen_runtime::USER_AGENT],
        "OnlineHttp says who it is"
    );

    let debug = format!("{t:?} {:?}", f.user);
    for secret in [TICKET, CLIENT_SECRET, SYSTEM_USER_TOKEN, t.jwt.expose()] {
        assert!(!debug.contains(secret), "{debug}");
    }
    assert!(
        debug.contains(NETSERVER_URL),
        "public fields stay visible: {debug}"
    );
}

#[tokio::test]
async fn a_webapi_url_the_environment_does_not_allow_fails_the_exchange() {
    let f = Fixture::new().await;
    for url in [
        "https://evil.example/Cust12345/api/",
        "http://sod2.superoffice.com/Cust12345/api/",
    ] {
        let mut claims = ticket_claims();
        claims["http://schemes.superoffice.net/identity/webapi_url"] = json!(url);
        let jwt = issuer_key().sign_jwt(Some("k1"), &claims);
        f.stub.set_login(checking_login(move || jwt.clone()));
        let err = f.user.authenticate(&f.http, &f.jwks()).await.unwrap_err();
        assert!(
            matches!(err, OnlineError::EndpointNotAllowed { .. }),
            "{url}: {err:?}"
        );
    }
}

#[tokio::test]
async fn system_user_rejected_without_echoing_secrets() {
    let f = Fixture::new().await;
    let mut user = f.user.clone();
    user.client_secret = Secret::from("wrong-secret-5c2d");
    let err = user.authenticate(&f.http, &f.jwks()).await.unwrap_err();
    let OnlineError::Rejected { message } = &err else {
        panic!("{err:?}")
    };
    assert!(message.contains("Unknown application token"), "{message}");
    assert!(
        message.contains("[redacted]"),
        "the echoed secret is cut out: {message}"
    );
    assert!(!err.to_string().contains("wrong-secret-5c2d"), "{err}");
    assert_eq!(f.stub.jwks_hits(), 0, "no JWT, no key fetch");

    // The service also echoes an unknown system user token.
    let mut user = f.user.clone();
    user.system_user_token = Secret::from("Other-Token-77");
    let err = user.authenticate(&f.http, &f.jwks()).await.unwrap_err();
    assert!(matches!(err, OnlineError::Rejected { .. }), "{err:?}");
    assert!(!err.to_string().contains("Other-Token-77"), "{err}");

    // Signed with another key than the registered one.
    let mut user = f.user.clone();
    user.key = issuer_key().private_key();
    let err = user.authenticate(&f.http, &f.jwks()).await.unwrap_err();
    assert_eq!(
        err,
        OnlineError::Rejected {
            message: "bad signature".into()
        }
    );
}

#[tokio::test]
async fn error_statuses_and_redirects_are_typed() {
    let f = Fixture::new().await;
    f.stub
        .set_login(Box::new(|_| json_response(500, "<html>oops</html>")));
    let err = f.user.authenticate(&f.http, &f.jwks()).await.unwrap_err();
    assert_eq!(
        err,
        OnlineError::Http {
            status: 500,
            url: format!("{}/Login/api/PartnerSystemUser/Authenticate", f.base)
        }
    );

    // A 4xx with the documented body is the service's refusal.
    f.stub.set_login(Box::new(|_| {
        json_response(
            401,
            r#"{"IsSuccessful":false,"ErrorMessage":"Token expired"}"#,
        )
    }));
    let err = f.user.authenticate(&f.http, &f.jwks()).await.unwrap_err();
    assert_eq!(
        err,
        OnlineError::Rejected {
            message: "Token expired".into()
        }
    );

    // A redirect to another origin is not followed: the secret never gets there.
    let other = Stub::new();
    let other_base = serve(other.clone()).await;
    let location = format!(
        "{}/steal?ticket=x#frag",
        other_base.replace("http://", "http://user:pw@")
    );
    f.stub.set_login(Box::new(move |_| {
        axum::response::Response::builder()
            .status(307)
            .header("location", location.as_str())
            .body(axum::body::Body::empty())
            .unwrap()
    }));
    let err = f.user.authenticate(&f.http, &f.jwks()).await.unwrap_err();
    assert_eq!(
        err,
        OnlineError::Redirect {
            status: 307,
            location: format!("{other_base}/steal")
        }
    );
    assert_eq!(other.other_hits.load(Ordering::SeqCst), 0);
    assert!(other.login_bodies.lock().unwrap().is_empty());

    // Successful, but no token, or not JSON at all.
    f.stub
        .set_login(Box::new(|_| json_response(200, r#"{"IsSuccessful":true}"#)));
    let err = f.user.authenticate(&f.http, &f.jwks()).await.unwrap_err();
    assert!(matches!(err, OnlineError::InvalidAnswer { .. }), "{err:?}");
    f.stub.set_login(Box::new(|_| {
        json_response(200, r#"{"IsSuccessful":"yes"}"#)
    }));
    let err = f.user.authenticate(&f.http, &f.jwks()).await.unwrap_err();
    assert!(matches!(err, OnlineError::InvalidAnswer { .. }), "{err:?}");
}

/// Serves `token` as the login answer.
fn answer_with(f: &Fixture, token: String) {
    f.stub.set_login(checking_login(move || token.clone()));
}

#[tokio::test]
async fn jwt_with_bad_signature_is_refused() {
    let f = Fixture::new().await;
    // Signed by the application's key, claiming to be the issuer's k1.
    answer_with(&f, app_key().sign_jwt(Some("k1"), &ticket_claims()));
    let err = f.user.authenticate(&f.http, &f.jwks()).await.unwrap_err();
    assert_eq!(err, OnlineError::InvalidJwt(JwtError::BadSignature));

    // A genuine token whose claims were edited afterwards.
    let good = issuer_key().sign_jwt(Some("k1"), &ticket_claims());
    let parts: Vec<&str> = good.split('.').collect();
    let mut claims = ticket_claims();
    claims[TICKET_CLAIM] = json!("7T:ForgedTicket");
    let forged = format!("{}.{}.{}", parts[0], b64url(claims.to_string()), parts[2]);
    answer_with(&f, forged);
    let err = f.user.authenticate(&f.http, &f.jwks()).await.unwrap_err();
    assert_eq!(err, OnlineError::InvalidJwt(JwtError::BadSignature));

    // alg none is refused before any key is fetched.
    let jwks = f.jwks();
    let none = format!(
        "{}.{}.",
        b64url(r#"{"alg":"none","kid":"k1"}"#),
        b64url(ticket_claims().to_string())
    );
    let err = jwks.validate(&none, &f.http).await.unwrap_err();
    assert_eq!(
        err,
        OnlineError::InvalidJwt(JwtError::Algorithm("none".into()))
    );
    assert_eq!(
        f.stub.jwks_hits(),
        2,
        "only the two exchanges above fetched keys"
    );
}

#[tokio::test]
async fn jwt_with_wrong_issuer_audience_or_tenant_is_refused() {
    let f = Fixture::new().await;
    let mut claims = ticket_claims();
    claims["iss"] = json!("https://sod.superoffice.com");
    answer_with(&f, issuer_key().sign_jwt(Some("k1"), &claims));
    let err = f.user.authenticate(&f.http, &f.jwks()).await.unwrap_err();
    assert_eq!(
        err,
        OnlineError::InvalidJwt(JwtError::Issuer {
            expected: ISSUER.into(),
            found: "https://sod.superoffice.com".into()
        })
    );

    let mut claims = ticket_claims();
    claims["aud"] = json!("my-client-id");
    answer_with(&f, issuer_key().sign_jwt(Some("k1"), &claims));
    let err = f.user.authenticate(&f.http, &f.jwks()).await.unwrap_err();
    assert_eq!(
        err,
        OnlineError::InvalidJwt(JwtError::Audience {
            expected: format!("spn:{SERIAL}")
        })
    );

    let mut claims = ticket_claims();
    claims["http://schemes.superoffice.net/identity/ctx"] = json!("Cust99999");
    answer_with(&f, issuer_key().sign_jwt(Some("k1"), &claims));
    let err = f.user.authenticate(&f.http, &f.jwks()).await.unwrap_err();
    assert_eq!(
        err,
        OnlineError::InvalidJwt(JwtError::Tenant {
            expected: CTX.into()
        })
    );

    let mut claims = ticket_claims();
    claims.as_object_mut().unwrap().remove(TICKET_CLAIM);
    answer_with(&f, issuer_key().sign_jwt(Some("k1"), &claims));
    let err = f.user.authenticate(&f.http, &f.jwks()).await.unwrap_err();
    assert_eq!(err, OnlineError::InvalidJwt(JwtError::Claim("ticket")));
}

#[tokio::test]
async fn expired_jwt_is_refused() {
    let f = Fixture::new().await;
    let mut claims = ticket_claims();
    claims["exp"] = json!(now_secs() - 120); // beyond the 60 s leeway
    answer_with(&f, issuer_key().sign_jwt(Some("k1"), &claims));
    let err = f.user.authenticate(&f.http, &f.jwks()).await.unwrap_err();
    assert_eq!(err, OnlineError::InvalidJwt(JwtError::Expired));

    let mut claims = ticket_claims();
    claims["exp"] = json!(format!("{}", now_secs() + 3600)); // a string is not a NumericDate
    answer_with(&f, issuer_key().sign_jwt(Some("k1"), &claims));
    let err = f.user.authenticate(&f.http, &f.jwks()).await.unwrap_err();
    assert_eq!(err, OnlineError::InvalidJwt(JwtError::Claim("exp")));
}

#[tokio::test]
async fn jwks_fetched_once_for_many_validations() {
    let f = Fixture::new().await;
    *f.stub.jwks_delay.lock().unwrap() = Duration::from_millis(200);
    let jwks = Arc::new(f.jwks());
    let token = issuer_key().sign_jwt(Some("k1"), &ticket_claims());
    // Concurrent first validations wait for one fetch...
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (jwks, http, token) = (jwks.clone(), f.http.clone(), token.clone());
            tokio::spawn(async move { jwks.validate(&token, &http).await })
        })
        .collect();
    for t in tasks {
        let claims = t.await.unwrap().unwrap();
        assert_eq!(claims.get_str(TICKET_CLAIM), Some(TICKET));
    }
    // ...and later ones use the cache.
    for _ in 0..20 {
        jwks.validate(&token, &f.http).await.unwrap();
    }
    assert_eq!(f.stub.jwks_hits(), 1);
}

#[tokio::test]
async fn unknown_kid_refetches_then_accepts_a_rotated_key() {
    let f = Fixture::new().await;
    let jwks = f.jwks();
    let old = issuer_key().sign_jwt(Some("k1"), &ticket_claims());
    jwks.validate(&old, &f.http).await.unwrap();
    // The issuer rotates to k2; the cache still has k1 only.
    *f.stub.jwks.lock().unwrap() = jwks_of(&[(issuer_key(), "k1"), (rotated_issuer_key(), "k2")]);
    let new = rotated_issuer_key().sign_jwt(Some("k2"), &ticket_claims());
    let claims = jwks.validate(&new, &f.http).await.unwrap();
    assert_eq!(claims.get_str(TICKET_CLAIM), Some(TICKET));
    assert_eq!(f.stub.jwks_hits(), 2);
    // Both keys are now cached.
    jwks.validate(&old, &f.http).await.unwrap();
    jwks.validate(&new, &f.http).await.unwrap();
    assert_eq!(f.stub.jwks_hits(), 2);
}

#[tokio::test]
async fn unknown_kid_refetches_exactly_once_then_fails() {
    let f = Fixture::new().await;
    let jwks = f.jwks();
    jwks.validate(
        &issuer_key().sign_jwt(Some("k1"), &ticket_claims()),
        &f.http,
    )
    .await
    .unwrap();
    assert_eq!(f.stub.jwks_hits(), 1);
    let stranger = rotated_issuer_key().sign_jwt(Some("k9"), &ticket_claims());
    let err = jwks.validate(&stranger, &f.http).await.unwrap_err();
    assert_eq!(
        err,
        OnlineError::UnknownKey {
            kid: Some("k9".into())
        }
    );
    assert_eq!(f.stub.jwks_hits(), 2, "one refetch");

    // On an empty cache the first fetch is already fresh: no second one.
    let cold = f.jwks();
    let err = cold.validate(&stranger, &f.http).await.unwrap_err();
    assert_eq!(
        err,
        OnlineError::UnknownKey {
            kid: Some("k9".into())
        }
    );
    assert_eq!(f.stub.jwks_hits(), 3);
}

#[tokio::test]
async fn a_key_rotated_right_after_a_fetch_is_fetched_at_once_and_only_repeats_wait() {
    let f = Fixture::new().await;
    let jwks = Jwks::new(&f.env); // default: 10 s between refetches for unknown kids
    jwks.validate(
        &issuer_key().sign_jwt(Some("k1"), &ticket_claims()),
        &f.http,
    )
    .await
    .unwrap();
    // The issuer rotates to k2 a moment after the keys were fetched: the first token
    // signed with it is accepted, after one refetch at once.
    *f.stub.jwks.lock().unwrap() = jwks_of(&[(issuer_key(), "k1"), (rotated_issuer_key(), "k2")]);
    let rotated = rotated_issuer_key().sign_jwt(Some("k2"), &ticket_claims());
    let claims = jwks.validate(&rotated, &f.http).await.unwrap();
    assert_eq!(claims.get_str(TICKET_CLAIM), Some(TICKET));
    assert_eq!(f.stub.jwks_hits(), 2, "one refetch, without waiting");
    // Repeated unknown kids are what waits: none of these refetches again within 10 s.
    let stranger = rotated_issuer_key().sign_jwt(Some("k9"), &ticket_claims());
    for _ in 0..5 {
        let err = jwks.validate(&stranger, &f.http).await.unwrap_err();
        assert!(matches!(err, OnlineError::UnknownKey { .. }), "{err:?}");
    }
    assert_eq!(f.stub.jwks_hits(), 2, "unknown kids rate-limited");
}

#[tokio::test]
async fn token_without_kid_is_tried_against_each_key() {
    let f = Fixture::new().await;
    *f.stub.jwks.lock().unwrap() = jwks_of(&[(rotated_issuer_key(), "k2"), (issuer_key(), "k1")]);
    let jwks = f.jwks();
    let claims = jwks
        .validate(&issuer_key().sign_jwt(None, &ticket_claims()), &f.http)
        .await
        .unwrap();
    assert_eq!(claims.get_str(TICKET_CLAIM), Some(TICKET));
    let err = jwks
        .validate(&app_key().sign_jwt(None, &ticket_claims()), &f.http)
        .await
        .unwrap_err();
    assert_eq!(err, OnlineError::InvalidJwt(JwtError::BadSignature));
    assert_eq!(f.stub.jwks_hits(), 1);
}

#[tokio::test]
async fn hostile_jwks_answers_are_typed_errors() {
    let f = Fixture::new().await;
    let token = issuer_key().sign_jwt(Some("k1"), &ticket_claims());
    for body in ["not json", r#"{"keys":"x"}"#, r#"{"nokeys":[]}"#] {
        *f.stub.jwks.lock().unwrap() = body.into();
        let err = f.jwks().validate(&token, &f.http).await.unwrap_err();
        assert!(
            matches!(err, OnlineError::InvalidAnswer { what: "JWKS", .. }),
            "{body}: {err:?}"
        );
    }
    // Unusable keys (other types, encryption keys, short moduli) are skipped.
    let short = TestKey::generate(1024);
    let mut k1 = issuer_key().jwk("k1");
    k1["use"] = json!("enc");
    *f.stub.jwks.lock().unwrap() = json!({"keys": [
        {"kty": "EC", "kid": "k1", "crv": "P-256", "x": "AA", "y": "AA"},
        k1,
        short.jwk("k1"),
    ]})
    .to_string();
    let err = f.jwks().validate(&token, &f.http).await.unwrap_err();
    assert_eq!(
        err,
        OnlineError::UnknownKey {
            kid: Some("k1".into())
        }
    );

    // A JWKS larger than the cap.
    let small = OnlineHttp::new().unwrap().with_max_response_bytes(1024);
    *f.stub.jwks.lock().unwrap() = jwks_of(&[
        (issuer_key(), "k1"),
        (rotated_issuer_key(), "k2"),
        (app_key(), "k3"),
    ]);
    let err = f.jwks().validate(&token, &small).await.unwrap_err();
    assert_eq!(err, OnlineError::TooLarge { limit: 1024 });
}
