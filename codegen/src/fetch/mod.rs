//! `sogen fetch`: download each agent's WSDL from a NetServer into a folder.
//!
//! For every agent, `BASE_URL/<Agent>.svc?wsdl` is fetched; documents it
//! imports by location (WCF's `?wsdl=wsdl0`, `?xsd=xsd0` split) are fetched
//! too and inlined, so `DIR/<Agent>.wsdl` is one self-contained file the
//! reader can load. Several agents are fetched at once; transient failures
//! are retried with backoff; files are written atomically and only when
//! their content changed. Credentials in `BASE_URL` never reach messages.
//!
//! Only the base URL's origin (scheme, host, port) is contacted, plus those
//! in [`FetchOptions::allow_origins`]: an import naming another origin is a
//! [`FetchError::Refused`], a redirect to one a [`FetchError::Redirect`].
//! Redirects within the allowed origins are followed, at most
//! [`MAX_REDIRECTS`] in a row, never from https to http.
//!
//! ```no_run
//! use sogen_codegen::fetch::{fetch, FetchOptions};
//!
//! let mut options = FetchOptions::new("https://host/Cust12345/Remote/Services88/", "wsdl/Services88");
//! options.agents = Some(vec!["Chat".into(), "CustomerService".into()]);
//! let report = fetch(&options, &mut |line| eprintln!("{line}"))?;
//! for (agent, outcome) in &report.agents {
//!     if let Err(e) = outcome {
//!         eprintln!("{agent}: {e}");
//!     }
//! }
//! # Ok::<(), sogen_codegen::fetch::FetchError>(())
//! ```

mod agents;
mod http;
mod inline;
mod origin;
mod splice;
mod url;
mod write;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

pub use agents::DEFAULT_AGENTS;
pub use origin::Refusal;
pub use write::Written;

/// How many redirects in a row one request may follow.
pub const MAX_REDIRECTS: u32 = 5;

/// What to fetch and how hard to try.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The version's base URL, e.g. `https://host/Cust12345/Remote/Services88/`.
    pub base_url: String,
    /// The folder receiving `<Agent>.wsdl` files; created when missing.
    pub out: PathBuf,
    /// Agents to fetch; `None`: those with a `.wsdl` file in `out` already,
    /// or [`DEFAULT_AGENTS`] when there are none.
    pub agents: Option<Vec<String>>,
    /// Retries after a transient failure (connection error, timeout, HTTP
    /// 5xx, 408, 429). Default 3.
    pub retries: u32,
    /// Delay before the first retry, doubled for each further one. Default 500 ms.
    pub backoff: Duration,
    /// Connect and whole-request timeout per document, the redirects it
    /// follows included. Default 60 s.
    pub timeout: Duration,
    /// How many agents are fetched at the same time. Default 4.
    pub jobs: usize,
    /// Largest accepted document. Default 64 MiB (the largest agent WSDL
    /// of Services84-88 is under 1 MB).
    pub max_bytes: u64,
    /// Origins besides the base URL's that imports and redirects may lead
    /// to, each `scheme://host[:port]` (port defaults to 80 or 443).
    /// Default: none.
    pub allow_origins: Vec<String>,
}

impl FetchOptions {
    /// Options with the defaults above.
    pub fn new(base_url: impl Into<String>, out: impl Into<PathBuf>) -> Self {
        FetchOptions {
            base_url: base_url.into(),
            out: out.into(),
            agents: None,
            retries: 3,
            backoff: Duration::from_millis(500),
            timeout: Duration::from_secs(60),
            jobs: 4,
            max_bytes: 64 << 20,
            allow_origins: Vec::new(),
        }
    }
}

/// What happened to each agent, in the order the agents were listed.
#[derive(Debug)]
pub struct FetchReport {
    /// Agent name and its outcome.
    pub agents: Vec<(String, Result<Written, FetchError>)>,
}

impl FetchReport {
    /// The agents that failed.
    pub fn failures(&self) -> impl Iterator<Item = (&str, &FetchError)> {
        self.agents
            .iter()
            .filter_map(|(a, r)| r.as_ref().err().map(|e| (a.as_str(), e)))
    }
}

/// Why a fetch failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The server answered with a non-success status (after retries, for 5xx).
    #[error("{url}: HTTP status {status}")]
    Status {
        /// The document's URL.
        url: String,
        /// The HTTP status code.
        status: u16,
    },
    /// No answer: connection refused, timeout, TLS or protocol failure.
    #[error("{url}: {message}")]
    Transport {
        /// The document's URL.
        url: String,
        /// What the HTTP client reported.
        message: String,
    },
    /// The document exceeded [`FetchOptions::max_bytes`].
    #[error("{url}: response larger than {limit} bytes")]
    TooLarge {
        /// The document's URL.
        url: String,
        /// The limit.
        limit: u64,
    },
    /// The document is not UTF-8.
    #[error("{url}: invalid UTF-8 at byte {offset}")]
    Encoding {
        /// The document's URL.
        url: String,
        /// Where the invalid bytes start.
        offset: usize,
    },
    /// The document is not well-formed XML, or not the expected element
    /// (an HTML error page, say).
    #[error("{url}:{line}:{column}: {message}")]
    Xml {
        /// The document's URL.
        url: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What was wrong.
        message: String,
    },
    /// A construct the inliner cannot turn into one file.
    #[error("{url}: {message}")]
    Unsupported {
        /// The document's URL.
        url: String,
        /// What and why.
        message: String,
    },
    /// A document names a URL that [`FetchOptions::allow_origins`] does not
    /// cover; nothing was requested from it.
    #[error("{document}: refusing to fetch {location}: {reason}")]
    Refused {
        /// The document that names the URL.
        document: String,
        /// The URL, resolved, credentials redacted.
        location: String,
        /// Why.
        reason: Refusal,
    },
    /// The server redirected somewhere it may not lead.
    #[error("{url}: refusing to follow the redirect to {location}: {reason}")]
    Redirect {
        /// The URL that answered with the redirect.
        url: String,
        /// Where it pointed, resolved, credentials redacted (empty when
        /// there was no usable `Location`).
        location: String,
        /// Why.
        reason: Refusal,
    },
    /// The base URL or an allowed origin is not a valid http(s) URL.
    #[error("invalid URL {url}: {message}")]
    InvalidUrl {
        /// The URL as given, credentials redacted.
        url: String,
        /// What is wrong with it.
        message: String,
    },
    /// Imports pulled in more documents than any real agent has.
    #[error("{url}: more than {limit} imported documents")]
    TooManyDocuments {
        /// The document that crossed the limit.
        url: String,
        /// The limit.
        limit: usize,
    },
    /// Writing a file failed.
    #[error(transparent)]
    Write(#[from] crate::output::OutputError),
    /// Reading the output folder or an existing file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// An agent name that is not a plain identifier.
    #[error("invalid agent name {0:?}: expected letters, digits and underscores")]
    AgentName(String),
}

/// Fetches every selected agent (see [`FetchOptions::agents`]) into
/// [`FetchOptions::out`], reporting progress lines through `progress`.
///
/// A failing agent does not stop the others; its error is in the report.
/// The `Err` case is reserved for failures before any agent is fetched
/// (an invalid agent name, base URL or allowed origin, an unreadable or
/// uncreatable output folder).
pub fn fetch(
    options: &FetchOptions,
    progress: &mut (dyn FnMut(&str) + Send),
) -> Result<FetchReport, FetchError> {
    let names = select_agents(options)?;
    let policy = origin::Policy::new(&options.base_url, &options.allow_origins)?;
    std::fs::create_dir_all(&options.out).map_err(|source| FetchError::Io {
        path: options.out.clone(),
        source,
    })?;
    let client = http::Client::new(options, policy);
    let base = options.base_url.trim_end_matches('/');
    let total = names.len();
    let progress = Mutex::new(progress);
    let say = |line: String| (progress.lock().unwrap_or_else(PoisonError::into_inner))(&line);
    // Workers take the next agent until none is left; results keep list order.
    let numbered: Vec<(usize, &String)> = names.iter().enumerate().collect();
    let outcomes = crate::par::ordered_map_on(options.jobs.max(1), &numbered, |&(i, name)| {
        let tag = format!("[{}/{total}] {name}", i + 1);
        let url = format!("{base}/{name}.svc?wsdl");
        say(format!("{tag}: {}", url::redact(&url)));
        let path = options.out.join(format!("{name}.wsdl"));
        let outcome = fetch_agent(&client, &url, &path, &mut |line| {
            say(format!("{tag}: {line}"))
        });
        say(match &outcome {
            Ok(Written::Changed) => format!("{tag}: written"),
            Ok(Written::Unchanged) => format!("{tag}: unchanged"),
            Err(e) => format!("{tag}: FAILED: {e}"),
        });
        outcome
    });
    let agents = names.into_iter().zip(outcomes).collect();
    Ok(FetchReport { agents })
}

fn select_agents(options: &FetchOptions) -> Result<Vec<String>, FetchError> {
    let names = match &options.agents {
        Some(list) => list.clone(),
        None => {
            let found = agents::agents_in(&options.out)?;
            if found.is_empty() {
                DEFAULT_AGENTS.iter().map(|s| s.to_string()).collect()
            } else {
                found
            }
        }
    };
    for name in &names {
        agents::check_name(name)?;
    }
    Ok(names)
}

fn fetch_agent(
    client: &http::Client,
    url: &str,
    path: &Path,
    progress: &mut dyn FnMut(&str),
) -> Result<Written, FetchError> {
    let main = client.get(url, None, progress)?;
    let mut get = |referrer: &str, u: &str| {
        progress(&format!("importing {}", url::redact(u)));
        client.get(u, Some(referrer), progress)
    };
    let (content, documents) = inline::inline(&main, &mut get)?;
    if documents > 1 {
        progress(&format!("inlined {documents} documents"));
    }
    write::write_if_changed(path, content.as_bytes())
}
