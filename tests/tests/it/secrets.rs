//! Generated records print no secret: for every record of `sogen_tests::generated_props`
//! (every type of Services86-88 when `SOGEN_TESTS_ALL_AGENTS` is set, as in CI) with a
//! field the plan marks secret (tickets, passwords, tokens), `{:?}` of a value holding
//! sentinels in those fields shows none of them.

use sogen_tests::generated_props::*;

#[test]
fn debug_of_every_record_with_secrets_redacts_them() {
    let mut checked = Vec::new();
    macro_rules! case {
        ($module:ident, $ty:ident, |$v:ident| $set:block) => {{
            let mut $v = $module::types::$ty::default();
            $set
            let shown = format!("{:?} {:#?}", $v, $v);
            assert!(
                !shown.contains("SOGEN-SECRET"),
                "{}::{} shows a secret: {shown}",
                stringify!($module),
                stringify!($ty)
            );
            assert!(shown.contains("[redacted]"), "{shown}");
            checked.push(concat!(stringify!($module), "::", stringify!($ty)));
        }};
    }
    include!(concat!(env!("OUT_DIR"), "/secret_cases.rs"));
    // The types every login and every NetServer call carry are among them.
    for expected in ["services98::Decode", "services98::SoCredentials"] {
        assert!(checked.contains(&expected), "{expected}: {checked:?}");
    }
    assert!(
        checked.contains(&"services88::SoCredentials"),
        "{checked:?}"
    );
}

/// The login response of SoPrincipal shows its ticket redacted, and the rest
/// as usual.
#[cfg(sogen_corpus)]
#[test]
fn the_login_response_redacts_the_ticket() {
    use sogen_tests::generated::services88::types::{
        SoCredentials, SoPrincipalAuthenticateResponse,
    };
    let response = SoPrincipalAuthenticateResponse {
        credentials: Some(SoCredentials {
            ticket: Some("7T:topsecret".into()),
            ..Default::default()
        }),
        authentication_succeeded: true,
        ..Default::default()
    };
    let shown = format!("{response:?}");
    assert!(!shown.contains("topsecret"), "{shown}");
    assert!(shown.contains("ticket: Some([redacted])"), "{shown}");
    assert!(shown.contains("authentication_succeeded: true"), "{shown}");
}
