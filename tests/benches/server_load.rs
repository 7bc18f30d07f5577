//! Throughput of the generated server: calls/s and p50/p99 latency at 1, 16 and 100
//! concurrent calls, for GetChatMessages answering 100 messages and for a small call
//! (DeleteChatSessionEntity), from the sogen client and from zeep (requests, threads)
//! against the same server in one run, with each client's peak memory and the server's.
//!
//! ```sh
//! pip install zeep
//! cargo bench -p sogen-tests --bench server_load            # the table, ~2 minutes
//! cargo bench -p sogen-tests --bench server_load -- --seconds 10
//! ```
//!
//! The server runs in a child process (`serve`), each client in its own (`client` here,
//! `tests/benches/zeep_load.py`), so peak memory is each one's own (VmHWM / ru_maxrss).
//! Needs the generated Services88 Chat of the official WSDL (cfg `sogen_corpus`).

#[cfg(sogen_corpus)]
#[path = "server_load/load.rs"]
mod load;

#[cfg(sogen_corpus)]
fn main() {
    load::main();
}

#[cfg(not(sogen_corpus))]
fn main() {
    eprintln!("skipping: the tests package was built without ../shared/wsdl");
}
