//! A SuperOffice Online tenant's endpoint, looked up in the tenant state API and kept until
//! its `ValidUntil` passes or a call's answer (`421 Misdirected Request`, `503 Service
//! Unavailable`, a connect failure) says it may have moved or stopped.
//!
//! One lookup at a time (calls wait for it and share its answer), and at least
//! [`LOOKUP_FLOOR`] between two lookups of the same cause: a state API whose `ValidUntil` is
//! always past, or an endpoint that refuses every call, costs the state API at most one
//! request a second per session, not one per call.

use std::time::{Duration, Instant, SystemTime};

use crate::online::{tenant_state, Environment, OnlineHttp, TenantState};
use crate::Error;

/// The least time between two lookups for an expired `ValidUntil`, and between two lookups
/// for refused calls.
pub(super) const LOOKUP_FLOOR: Duration = Duration::from_secs(1);

/// The cached answer and its generation (raised by every lookup).
#[derive(Debug, Default)]
struct Cached {
    state: Option<TenantState>,
    generation: u64,
    /// The last lookup, whatever its cause.
    looked_up: Option<Instant>,
    /// The last lookup caused by a refused call.
    refused: Option<Instant>,
}

#[derive(Debug)]
pub(super) struct TenantEndpoint {
    environment: Environment,
    context_identifier: String,
    http: OnlineHttp,
    cached: tokio::sync::Mutex<Cached>,
}

fn within_floor(at: Option<Instant>) -> bool {
    at.is_some_and(|t| t.elapsed() < LOOKUP_FLOOR)
}

impl TenantEndpoint {
    pub(super) fn new(environment: Environment, context_identifier: String) -> Result<Self, Error> {
        Ok(TenantEndpoint {
            environment,
            context_identifier,
            http: OnlineHttp::new()?,
            cached: tokio::sync::Mutex::new(Cached::default()),
        })
    }

    /// The tenant's current site and the generation of that answer; looks it up when
    /// there is none yet, or its `ValidUntil` has passed and the last lookup is at least
    /// [`LOOKUP_FLOOR`] old. A tenant that does not run is [`Error::TenantNotRunning`].
    pub(super) async fn site(&self) -> Result<(String, u64), Error> {
        // Holding the lock across the lookup: concurrent calls share one request.
        let mut cached = self.cached.lock().await;
        let due = match &cached.state {
            None => true,
            Some(s) => {
                s.valid_until.is_some_and(|t| t <= SystemTime::now())
                    && !within_floor(cached.looked_up)
            }
        };
        if due {
            self.look_up(&mut cached).await?;
        }
        let state = running(&cached)?;
        Ok((
            state.endpoint.trim_end_matches('/').to_owned(),
            cached.generation,
        ))
    }

    /// The endpoint of generation `seen` refused a call (421, 503, no connection): looks
    /// it up again, unless another call already did since or a lookup for a refusal was
    /// made less than [`LOOKUP_FLOOR`] ago. Whether the endpoint changed; a tenant that
    /// no longer runs is [`Error::TenantNotRunning`].
    pub(super) async fn refused(&self, seen: u64) -> Result<bool, Error> {
        let mut cached = self.cached.lock().await;
        if cached.generation != seen {
            running(&cached)?;
            return Ok(true);
        }
        if within_floor(cached.refused) {
            return Ok(false);
        }
        cached.refused = Some(Instant::now());
        let before = cached.state.as_ref().map(|s| s.endpoint.clone());
        self.look_up(&mut cached).await?;
        running(&cached)?;
        Ok(cached.state.as_ref().map(|s| &s.endpoint) != before.as_ref())
    }

    async fn look_up(&self, cached: &mut Cached) -> Result<(), Error> {
        cached.looked_up = Some(Instant::now());
        let state = tenant_state(&self.http, &self.environment, &self.context_identifier).await?;
        tracing::debug!(endpoint = %state.endpoint, "tenant endpoint");
        cached.state = Some(state);
        cached.generation += 1;
        Ok(())
    }
}

/// The cached state if the tenant runs; [`Error::TenantNotRunning`] if it does not.
fn running(cached: &Cached) -> Result<&TenantState, Error> {
    let Some(state) = cached.state.as_ref() else {
        return Err(Error::Config("the tenant state API gave no state".into()));
    };
    if !state.is_running {
        return Err(Error::TenantNotRunning {
            context_identifier: state.context_identifier.clone(),
            state: format!("{:?}", state.state),
        });
    }
    Ok(state)
}
