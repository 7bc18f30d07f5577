//! A SuperOffice Online tenant's endpoint, looked up in the tenant state API and kept until
//! its `ValidUntil`, a `421 Misdirected Request`, or a connect failure says it moved.

use std::time::SystemTime;

use crate::online::{tenant_state, Environment, OnlineHttp, TenantState};
use crate::Error;

/// The cached answer and its generation (raised by every lookup).
#[derive(Debug, Default)]
struct Cached {
    state: Option<TenantState>,
    generation: u64,
}

#[derive(Debug)]
pub(super) struct TenantEndpoint {
    environment: Environment,
    context_identifier: String,
    http: OnlineHttp,
    cached: tokio::sync::Mutex<Cached>,
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
    /// there is none yet or its `ValidUntil` has passed. A tenant that does not run is
    /// [`Error::TenantNotRunning`].
    pub(super) async fn site(&self) -> Result<(String, u64), Error> {
        // Holding the lock across the lookup: concurrent calls share one request.
        let mut cached = self.cached.lock().await;
        let stale = match &cached.state {
            None => true,
            Some(s) => s.valid_until.is_some_and(|t| t <= SystemTime::now()),
        };
        if stale {
            self.look_up(&mut cached).await?;
        }
        let Some(state) = cached.state.as_ref() else {
            return Err(Error::Config("the tenant state API gave no state".into()));
        };
        if !state.is_running {
            return Err(Error::TenantNotRunning {
                context_identifier: state.context_identifier.clone(),
                state: format!("{:?}", state.state),
            });
        }
        Ok((
            state.endpoint.trim_end_matches('/').to_owned(),
            cached.generation,
        ))
    }

    /// The endpoint of generation `seen` refused a call: looks it up again unless another
    /// call already did; whether the endpoint changed.
    pub(super) async fn refused(&self, seen: u64) -> Result<bool, Error> {
        let mut cached = self.cached.lock().await;
        if cached.generation != seen {
            return Ok(true);
        }
        let before = cached.state.as_ref().map(|s| s.endpoint.clone());
        self.look_up(&mut cached).await?;
        Ok(cached.state.as_ref().map(|s| &s.endpoint) != before.as_ref())
    }

    async fn look_up(&self, cached: &mut Cached) -> Result<(), Error> {
        let state = tenant_state(&self.http, &self.environment, &self.context_identifier).await?;
        tracing::debug!(endpoint = %state.endpoint, "tenant endpoint");
        cached.state = Some(state);
        cached.generation += 1;
        Ok(())
    }
}
