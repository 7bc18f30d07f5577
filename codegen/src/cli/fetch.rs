//! `sogen fetch BASE_URL --out DIR [--agents LIST] [--allow-origin ORIGIN]...`:
//! download agent WSDLs.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use sogen_codegen::fetch::{fetch, FetchOptions, Written};

/// Arguments of `sogen fetch`.
#[derive(clap::Args)]
pub struct Args {
    /// The version's base URL, e.g. `https://host/Cust12345/Remote/Services88/`;
    /// each agent is fetched from `BASE_URL/<Agent>.svc?wsdl`.
    #[arg(value_name = "BASE_URL")]
    base_url: String,
    /// Folder receiving `<Agent>.wsdl`.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Comma-separated agents. Default: those already in DIR, else all 60
    /// agents of Services88.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    agents: Option<Vec<String>>,
    /// Retries after a transient failure (connection error, timeout, 5xx).
    #[arg(long, default_value_t = 3)]
    retries: u32,
    /// Delay before the first retry in milliseconds, doubled for each next one.
    #[arg(long, value_name = "MS", default_value_t = 500)]
    backoff_ms: u64,
    /// How many agents to fetch at the same time.
    #[arg(long, default_value_t = 4)]
    jobs: usize,
    /// Timeout per document in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    timeout: u64,
    /// Another origin (`scheme://host[:port]`) that imports and redirects
    /// may lead to; repeatable. Default: only BASE_URL's origin.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    allow_origins: Vec<String>,
}

/// Fetches every agent, progress on stderr; exit 1 when any agent failed.
pub fn run(args: Args) -> ExitCode {
    let mut options = FetchOptions::new(args.base_url, args.out);
    options.agents = args.agents;
    options.retries = args.retries;
    options.backoff = Duration::from_millis(args.backoff_ms);
    options.timeout = Duration::from_secs(args.timeout);
    options.jobs = args.jobs;
    options.allow_origins = args.allow_origins;
    let report = match fetch(&options, &mut |line| eprintln!("{line}")) {
        Ok(report) => report,
        Err(e) => return super::fail(e),
    };
    let count = |w: Written| {
        report
            .agents
            .iter()
            .filter(|(_, r)| r.as_ref().is_ok_and(|x| *x == w))
            .count()
    };
    let failures: Vec<_> = report.failures().collect();
    eprintln!(
        "{} agents: {} written, {} unchanged, {} failed",
        report.agents.len(),
        count(Written::Changed),
        count(Written::Unchanged),
        failures.len()
    );
    for (agent, error) in &failures {
        eprintln!("sogen: fetch {agent}: {error}");
    }
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
