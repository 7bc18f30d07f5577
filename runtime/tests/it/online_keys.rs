//! The application's private key in its three forms, and the signed system user token,
//! checked against OpenSSL.
#![cfg(feature = "online")]

use crate::online_common;

use std::process::Command;
use std::time::{Duration, UNIX_EPOCH};

use base64::Engine as _;
use online_common::*;
use sogen_runtime::online::{system_user_token, OnlineError, PrivateKey};
use sogen_runtime::Secret;

/// Whether `openssl dgst -sha256 -verify` accepts `signature` over `message`.
fn openssl_verifies(key: &TestKey, message: &[u8], signature: &[u8]) -> bool {
    let dir = temp_dir();
    let (public, msg, sig) = (dir.join("pub.pem"), dir.join("msg"), dir.join("sig"));
    std::fs::write(&public, &key.public_pem).unwrap();
    std::fs::write(&msg, message).unwrap();
    std::fs::write(&sig, signature).unwrap();
    let status = Command::new("openssl")
        .args(["dgst", "-sha256", "-verify"])
        .arg(&public)
        .arg("-signature")
        .arg(&sig)
        .arg(&msg)
        .output()
        .unwrap()
        .status;
    std::fs::remove_dir_all(&dir).unwrap();
    status.success()
}

#[test]
fn pem_pkcs8_pem_pkcs1_and_xml_forms_sign_alike() {
    let key = app_key();
    let message = b"TestApp-SuToken42xyz.202402290905";
    let forms = [
        PrivateKey::from_pem(&key.pkcs8_pem).unwrap(),
        PrivateKey::from_pem(&key.pkcs1_pem).unwrap(),
        PrivateKey::from_rsa_key_value_xml(&key.xml).unwrap(),
        PrivateKey::parse(&key.xml).unwrap(),
        PrivateKey::parse(&key.pkcs1_pem).unwrap(),
    ];
    let signatures: Vec<Vec<u8>> = forms
        .iter()
        .map(|k| k.sign_pkcs1_sha256(message).unwrap())
        .collect();
    // PKCS#1 v1.5 is deterministic: one key, one signature.
    assert!(signatures.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(signatures[0].len(), 256);
    assert_eq!(forms[2].modulus_bits(), 2048);
    assert_eq!(
        signatures[0],
        key.sign(message),
        "same as ring signing the DER directly"
    );
    assert!(openssl_verifies(key, message, &signatures[0]));
    assert!(!openssl_verifies(key, b"another message", &signatures[0]));
    assert!(!openssl_verifies(issuer_key(), message, &signatures[0]));
}

#[test]
fn xml_as_dotnet_writes_it_with_declaration_whitespace_and_any_order() {
    let key = app_key();
    // Pretty-printed, elements reordered, base64 wrapped: still the same key.
    let mut parts = key.xml_parts.clone();
    parts.reverse();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<RSAKeyValue>\n");
    for (name, value) in &parts {
        let wrapped: Vec<String> = value
            .as_bytes()
            .chunks(64)
            .map(|c| String::from_utf8(c.to_vec()).unwrap())
            .collect();
        xml.push_str(&format!(
            "\t<{name}>\n\t\t{}\n\t</{name}>\n",
            wrapped.join("\n\t\t")
        ));
    }
    xml.push_str("</RSAKeyValue>\n");
    let k = PrivateKey::from_rsa_key_value_xml(&xml).unwrap();
    let m = b"message";
    assert_eq!(k.sign_pkcs1_sha256(m).unwrap(), key.sign(m));
}

#[test]
fn inconsistent_or_short_keys_are_refused_when_loaded() {
    let key = app_key();
    // Another key's private values with this key's modulus.
    let mut parts = key.xml_parts.clone();
    parts[2..].clone_from_slice(&issuer_key().xml_parts[2..]);
    let mixed = rsa_key_value(&parts);
    let err = PrivateKey::from_rsa_key_value_xml(&mixed).unwrap_err();
    assert!(matches!(err, OnlineError::InvalidKey { .. }), "{err:?}");

    // ring signs with 2048- to 4096-bit keys only.
    let short = TestKey::generate(1024);
    for text in [&short.pkcs8_pem, &short.xml] {
        let err = PrivateKey::parse(text).unwrap_err();
        assert_eq!(
            err,
            OnlineError::InvalidKey {
                reason: "rejected by ring: TooSmall".into()
            }
        );
    }
}

#[test]
fn private_key_debug_and_errors_show_no_material() {
    let key = app_key();
    let k = PrivateKey::parse(&key.pkcs8_pem).unwrap();
    assert_eq!(format!("{k:?}"), "PrivateKey(RSA-2048, [redacted])");
    // A broken PEM: the error names no line of it.
    let broken = key.pkcs8_pem.replacen('M', "!", 1);
    let err = PrivateKey::parse(&broken).unwrap_err();
    let text = format!("{err} {err:?}");
    let body_line = key.pkcs8_pem.lines().nth(1).unwrap();
    assert!(!text.contains(&body_line[..20]), "{text}");
}

#[test]
fn system_user_token_is_token_stamp_and_standard_base64_signature() {
    let key = app_key().private_key();
    let token = Secret::from(SYSTEM_USER_TOKEN);
    // 2024-02-29T09:05:59Z
    let now = UNIX_EPOCH + Duration::from_secs(1_709_197_559);
    let signed = system_user_token(&token, &key, now).unwrap();
    assert_eq!(format!("{signed:?}"), "[redacted]");
    let text = signed.expose();
    let data = format!("{SYSTEM_USER_TOKEN}.202402290905");
    assert_eq!(
        utc_stamp(1_709_197_559),
        "202402290905",
        "independent clock check"
    );
    let sig_b64 = text
        .strip_prefix(&format!("{data}."))
        .unwrap_or_else(|| panic!("{text}"));
    // Standard alphabet with padding, as .NET's Convert.ToBase64String writes it.
    let sig = base64::engine::general_purpose::STANDARD
        .decode(sig_b64)
        .unwrap();
    assert_eq!(sig_b64.len(), 344);
    assert!(sig_b64.ends_with('='));
    assert!(openssl_verifies(app_key(), data.as_bytes(), &sig));

    // Single-digit month, day, hour and minute are zero-padded.
    let early = UNIX_EPOCH + Duration::from_secs(1_704_071_040); // 2024-01-01T01:04:00Z
    let signed = system_user_token(&token, &key, early).unwrap();
    assert!(signed
        .expose()
        .starts_with(&format!("{SYSTEM_USER_TOKEN}.202401010104.")));
    assert_eq!(utc_stamp(1_704_071_040), "202401010104");
}
