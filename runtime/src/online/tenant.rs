//! The tenant-state API: where a tenant's API currently lives and whether it is up.

use std::time::SystemTime;

use serde_json::Value;

use super::env::check_context_identifier;
use super::{clock, Environment, OnlineError, OnlineHttp};
use crate::types::DateTime;

const WHAT: &str = "tenant state API";

/// A tenant's state, from `GET {environment}/api/state/{context identifier}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantState {
    /// The tenant, as the service spells it.
    pub context_identifier: String,
    /// The tenant's root URL, such as `https://sod2.superoffice.com/Cust12345`: the base for
    /// API calls. It moves between numbered hosts for load balancing, so re-read the state
    /// after `valid_until` or when a call is answered `421 Misdirected Request`.
    pub endpoint: String,
    /// The functional state.
    pub state: TenantStatus,
    /// Whether the tenant serves API calls (`Running` or `OnlineMaintenance`).
    pub is_running: bool,
    /// When to ask again.
    pub valid_until: Option<SystemTime>,
    /// The `Api` member: a URL with API version details, when sent.
    pub api: Option<String>,
}

/// The documented tenant states (names and numbers as SuperOffice lists them).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TenantStatus {
    /// 0: unknown tenant, or something wrong with the environment.
    Unknown,
    /// 1: being provisioned.
    Provisioning,
    /// 2: running.
    Running,
    /// 3: deleted.
    Deleted,
    /// 4: in termination; APIs unavailable until the subscription is reactivated.
    Suspended,
    /// 5: background maintenance; APIs available.
    OnlineMaintenance,
    /// 6: offline for maintenance (upgrades); APIs unavailable, usually for minutes.
    OfflineMaintenance,
    /// 8: provisioning failed.
    ProvisioningFailed,
    /// 10: being deleted.
    Deleting,
    /// 11: deletion failed.
    DeleteFailed,
    /// 12: migration to Online not completed yet (often for days or weeks).
    MigrationPending,
    /// A state this version does not know, as sent (a name, or a number as text).
    Other(String),
}

impl TenantStatus {
    const ALL: [(TenantStatus, &'static str, u64); 11] = [
        (TenantStatus::Unknown, "Unknown", 0),
        (TenantStatus::Provisioning, "Provisioning", 1),
        (TenantStatus::Running, "Running", 2),
        (TenantStatus::Deleted, "Deleted", 3),
        (TenantStatus::Suspended, "Suspended", 4),
        (TenantStatus::OnlineMaintenance, "OnlineMaintenance", 5),
        (TenantStatus::OfflineMaintenance, "OfflineMaintenance", 6),
        (TenantStatus::ProvisioningFailed, "ProvisioningFailed", 8),
        (TenantStatus::Deleting, "Deleting", 10),
        (TenantStatus::DeleteFailed, "DeleteFailed", 11),
        (TenantStatus::MigrationPending, "MigrationPending", 12),
    ];

    /// The state named `name` (case-insensitively), else [`Other`](Self::Other).
    pub fn from_name(name: &str) -> Self {
        Self::ALL
            .iter()
            .find(|(_, n, _)| n.eq_ignore_ascii_case(name))
            .map_or_else(
                || TenantStatus::Other(name.to_owned()),
                |(s, _, _)| s.clone(),
            )
    }

    fn from_number(n: u64) -> Self {
        Self::ALL
            .iter()
            .find(|(_, _, v)| *v == n)
            .map_or_else(|| TenantStatus::Other(n.to_string()), |(s, _, _)| s.clone())
    }
}

/// The answer as sent; members are read leniently and checked afterwards.
#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Raw {
    context_identifier: Option<String>,
    endpoint: Option<String>,
    state: Option<Value>,
    is_running: Option<bool>,
    valid_until: Option<String>,
    api: Option<Value>,
}

/// Asks the environment's tenant-state API where `context_identifier` lives and whether
/// it runs. An answer for another tenant, without an endpoint, or with an unreadable
/// `ValidUntil`, is an [`OnlineError::InvalidAnswer`]; an endpoint the environment does not
/// allow (not `https`, with user info, on another host: [`Environment::check_endpoint`])
/// is [`OnlineError::EndpointNotAllowed`], so nothing is ever sent to it.
pub async fn tenant_state(
    http: &OnlineHttp,
    environment: &Environment,
    context_identifier: &str,
) -> Result<TenantState, OnlineError> {
    check_context_identifier(context_identifier)?;
    let url = environment.state_url(context_identifier)?;
    let reply = http.get(&url).await?;
    if !reply.is_success() {
        return Err(OnlineError::Http {
            status: reply.status,
            url: super::http::clean_url(&url),
        });
    }
    let state = parse(&reply.json::<Raw>(WHAT)?, context_identifier, environment)?;
    tracing::debug!(
        context = %state.context_identifier,
        endpoint = %state.endpoint,
        state = ?state.state,
        "tenant state"
    );
    Ok(state)
}

fn invalid(reason: &str) -> OnlineError {
    OnlineError::InvalidAnswer {
        what: WHAT,
        reason: reason.to_owned(),
    }
}

fn parse(raw: &Raw, asked: &str, environment: &Environment) -> Result<TenantState, OnlineError> {
    let ctx = raw
        .context_identifier
        .as_deref()
        .ok_or_else(|| invalid("no ContextIdentifier"))?;
    if !ctx.eq_ignore_ascii_case(asked) {
        return Err(invalid("ContextIdentifier is another tenant's"));
    }
    let endpoint = raw
        .endpoint
        .as_deref()
        .ok_or_else(|| invalid("no Endpoint"))?;
    environment.check_endpoint(endpoint)?;
    let state = match &raw.state {
        Some(Value::String(s)) => TenantStatus::from_name(s),
        Some(Value::Number(n)) => n
            .as_u64()
            .map(TenantStatus::from_number)
            .ok_or_else(|| invalid("State is not a known kind of value"))?,
        _ => return Err(invalid("no State")),
    };
    let valid_until = match raw.valid_until.as_deref() {
        None | Some("") => None,
        Some(text) => Some(
            text.parse::<DateTime>()
                .ok()
                .as_ref()
                .and_then(clock::to_system_time)
                .ok_or_else(|| invalid("ValidUntil is not an xs:dateTime"))?,
        ),
    };
    let api = match &raw.api {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    Ok(TenantState {
        context_identifier: ctx.to_owned(),
        endpoint: endpoint.trim_end_matches('/').to_owned(),
        is_running: raw.is_running.unwrap_or(matches!(
            state,
            TenantStatus::Running | TenantStatus::OnlineMaintenance
        )),
        state,
        valid_until,
        api,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(json: &str) -> Raw {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn states_by_name_and_number() {
        assert_eq!(TenantStatus::from_name("running"), TenantStatus::Running);
        assert_eq!(
            TenantStatus::from_name("Hibernating"),
            TenantStatus::Other("Hibernating".into())
        );
        assert_eq!(
            TenantStatus::from_number(12),
            TenantStatus::MigrationPending
        );
        assert_eq!(
            TenantStatus::from_number(7),
            TenantStatus::Other("7".into())
        );
        let s = parse(
            &raw(r#"{"ContextIdentifier":"Cust1","Endpoint":"https://sod2.superoffice.com/Cust1/","State":4}"#),
            "cust1",
            &Environment::sod(),
        )
        .unwrap();
        assert_eq!(s.state, TenantStatus::Suspended);
        assert!(!s.is_running, "derived from State when IsRunning is absent");
        assert_eq!(s.endpoint, "https://sod2.superoffice.com/Cust1");
        assert_eq!(s.valid_until, None);
    }

    #[test]
    fn answers_that_do_not_fit_are_refused() {
        let cases = [
            (
                r#"{"Endpoint":"https://sod2.superoffice.com/C","State":"Running"}"#,
                "no ContextIdentifier",
            ),
            (
                r#"{"ContextIdentifier":"Cust2","Endpoint":"https://sod2.superoffice.com/C","State":"Running"}"#,
                "another tenant",
            ),
            (
                r#"{"ContextIdentifier":"Cust1","State":"Running"}"#,
                "no Endpoint",
            ),
            (
                r#"{"ContextIdentifier":"Cust1","Endpoint":"javascript:x","State":"Running"}"#,
                "not an absolute http(s)",
            ),
            (
                r#"{"ContextIdentifier":"Cust1","Endpoint":"http://sod2.superoffice.com/C","State":"Running"}"#,
                "not https",
            ),
            (
                r#"{"ContextIdentifier":"Cust1","Endpoint":"https://u:p@sod2.superoffice.com/C","State":"Running"}"#,
                "user info",
            ),
            (
                r#"{"ContextIdentifier":"Cust1","Endpoint":"https://evil.example/C","State":"Running"}"#,
                "host",
            ),
            (
                r#"{"ContextIdentifier":"Cust1","Endpoint":"https://sod2.superoffice.com/C"}"#,
                "no State",
            ),
            (
                r#"{"ContextIdentifier":"Cust1","Endpoint":"https://sod2.superoffice.com/C","State":-1}"#,
                "State is not",
            ),
            (
                r#"{"ContextIdentifier":"Cust1","Endpoint":"https://sod2.superoffice.com/C","State":"Running","ValidUntil":"soon"}"#,
                "ValidUntil",
            ),
        ];
        for (json, want) in cases {
            match parse(&raw(json), "Cust1", &Environment::sod()) {
                Err(OnlineError::InvalidAnswer { reason, .. }) => {
                    assert!(reason.contains(want), "{json}: {reason}")
                }
                Err(OnlineError::EndpointNotAllowed { reason, .. }) => {
                    assert!(reason.contains(want), "{json}: {reason}")
                }
                other => panic!("{json}: {other:?}"),
            }
        }
    }
}
