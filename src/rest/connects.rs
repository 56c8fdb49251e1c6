//! Whether a request that timed out ever had a connection to write to. A connect that never
//! completes, or a TLS handshake that stalls, ends in the same timeout as a portal that never
//! answers; only the second may have run the request. reqwest does not say which, so its
//! connector is watched: per origin, how many connections were begun and how many completed.
//!
//! The answer is "never connected" only when it is certain: the exchange was the only one to
//! its origin from start to end (no other could have begun or used a connection meanwhile), a
//! connection to the origin was begun in that time (none was idle in the pool) and none
//! completed. Any doubt keeps "may have reached the portal".

#![cfg_attr(fuzzing, allow(dead_code))]

use std::collections::HashMap;
use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};

/// What happened on one origin while exchanges with it were in flight.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Counts {
    in_flight: u32,
    exchanges: u64,
    begun: u64,
    completed: u64,
}

/// Only origins with an exchange in flight are kept, so the map stays as small as the number
/// of calls at once.
/// Per process, like all of the transport's shared state (see `per_process`).
static ORIGINS: super::PerProcess<Mutex<HashMap<String, Counts>>> = super::PerProcess::new(Default::default);

fn origins() -> MutexGuard<'static, HashMap<String, Counts>> {
    ORIGINS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `scheme://host[:port]` as the URL parser writes it, so that both sides name an origin alike.
fn normal(url: &str) -> Option<String> {
    reqwest::Url::parse(url).ok().map(|url| url.origin().ascii_serialization()).filter(|o| o != "null")
}

/// One exchange being watched, from before it is sent until it is dropped.
pub(crate) struct Watch {
    origin: Option<String>,
    alone: bool,
    at_start: Counts,
}

/// Starts watching an exchange with `origin`.
pub(crate) fn watch(origin: &str) -> Watch {
    let Some(origin) = normal(origin) else {
        return Watch { origin: None, alone: false, at_start: Counts::default() };
    };
    let mut origins = origins();
    let counts = origins.entry(origin.clone()).or_default();
    let alone = counts.in_flight == 0;
    counts.in_flight += 1;
    counts.exchanges += 1;
    let at_start = *counts;
    Watch { origin: Some(origin), alone, at_start }
}

impl Watch {
    /// Whether, certainly, no connection carried this exchange: see the module's comment.
    pub(crate) fn never_connected(&self) -> bool {
        let Some(origin) = &self.origin else {
            return false;
        };
        let origins = origins();
        let Some(now) = origins.get(origin) else {
            return false;
        };
        self.alone
            && now.exchanges == self.at_start.exchanges
            && now.begun > self.at_start.begun
            && now.completed == self.at_start.completed
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let Some(origin) = &self.origin else {
            return;
        };
        let mut origins = origins();
        if let Some(counts) = origins.get_mut(origin) {
            counts.in_flight -= 1;
            if counts.in_flight == 0 {
                origins.remove(origin);
            }
        }
    }
}

/// Notes a connection begun (or completed) to `origin`, if an exchange with it is watched.
fn note(origin: &Option<String>, change: impl FnOnce(&mut Counts)) {
    if let Some(origin) = origin {
        if let Some(counts) = origins().get_mut(origin) {
            change(counts);
        }
    }
}

/// The layer reqwest's connector is wrapped in (`ClientBuilder::connector_layer`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WatchConnects;

impl<S> tower_layer::Layer<S> for WatchConnects {
    type Service = Watched<S>;

    fn layer(&self, inner: S) -> Watched<S> {
        Watched(inner)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Watched<S>(S);

type Connecting<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

impl<S, R> tower_service::Service<R> for Watched<S>
where
    S: tower_service::Service<R>,
    S::Future: Send + 'static,
    R: Debug,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Connecting<S::Response, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, destination: R) -> Self::Future {
        let origin = destination_origin(&format!("{destination:?}"));
        note(&origin, |counts| counts.begun += 1);
        let connecting = self.0.call(destination);
        Box::pin(async move {
            let connected = connecting.await;
            if connected.is_ok() {
                note(&origin, |counts| counts.completed += 1);
            }
            connected
        })
    }
}

/// The origin of the connector's destination. reqwest hands the connector its URI in a type
/// that only shows itself as `Unnameable(<uri>)`; should that ever change, no origin is found
/// and every timeout stays "may have reached the portal", as before.
fn destination_origin(shown: &str) -> Option<String> {
    let uri = shown.strip_prefix("Unnameable(")?.strip_suffix(')')?;
    normal(uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_destination_is_read_as_reqwest_shows_it() {
        assert_eq!(
            destination_origin("Unnameable(https://x.example:443/)").as_deref(),
            Some("https://x.example")
        );
        assert_eq!(
            destination_origin("Unnameable(http://127.0.0.1:81/)").as_deref(),
            Some("http://127.0.0.1:81")
        );
        assert_eq!(destination_origin("Other(http://x/)"), None);
    }

    #[test]
    fn only_a_lone_exchange_whose_connect_never_completed_never_connected() {
        let origin = Some("http://never-connected.example".to_string());
        let lone = watch("http://never-connected.example/");
        assert!(!lone.never_connected(), "no connect was begun: a pooled connection");
        note(&origin, |c| c.begun += 1);
        assert!(lone.never_connected());
        note(&origin, |c| c.completed += 1);
        assert!(!lone.never_connected());
        drop(lone);
        assert!(origins().get("http://never-connected.example").is_none(), "forgotten");

        let first = watch("http://never-connected.example");
        note(&origin, |c| c.begun += 1);
        let second = watch("http://never-connected.example");
        note(&origin, |c| c.begun += 1);
        assert!(!first.never_connected() && !second.never_connected(), "not alone");
    }
}
