//! [`Config`]: every choice about what to generate, in one value that the
//! [`Builder`](crate::Builder) fills, validates once, and passes by reference
//! to the plan and the emitter (as prost-build's `Config`).

use crate::docs::Docs;

/// How the generated modules are tied together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// `mod.rs`, `services88/mod.rs`, `services88/chat.rs`, ...: a normal
    /// module tree to check in (`mod soap;` with the files in `src/soap/`).
    #[default]
    ModuleTree,
    /// One top file `mod.rs` declaring every module inline around an
    /// `include!` of its file, for `include!(concat!(env!("OUT_DIR"), "/mod.rs"))`.
    Include,
}

/// Which wires the generated agents speak (their codecs are generated for these).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Wire {
    /// SOAP and REST: the XML and the JSON codec, agents that work on a client of either
    /// wire (`sogen_runtime::Wire`), chosen at run time.
    #[default]
    Both,
    /// SOAP only: no JSON codec (about a third fewer lines to compile, see
    /// BENCHMARKS.md); the agents fail with a typed error on a REST client. The runtime's
    /// `rest` feature may then be off.
    Soap,
    /// REST only: no XML codec; the agents fail with a typed error on a SOAP client.
    Rest,
}

impl Wire {
    /// Whether the XML codec is generated.
    pub fn soap(self) -> bool {
        self != Wire::Rest
    }

    /// Whether the JSON codec is generated.
    pub fn rest(self) -> bool {
        self != Wire::Soap
    }
}

/// What to generate.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Agent names (`Chat`, `CustomerService`) to emit; empty means all.
    pub agents: Vec<String>,
    /// Module layout.
    pub layout: Layout,
    /// The wires the agents speak: both by default. With REST, every type gets
    /// `serde::Serialize`/`Deserialize` in the REST Agents API's JSON form (in the
    /// private `json` module, through `sogen-runtime`'s `rest` feature).
    pub wire: Wire,
    /// Method documentation from the WCF proxy's XML docs.
    pub docs: Option<Docs>,
    /// Emit `proptest::arbitrary::Arbitrary` impls (`Parameters` = depth of
    /// nested generated types), drawing primitives from this module path of
    /// the including crate, which provides `string`, `word`, `f32`, `f64`,
    /// `char`, `bytes`, `decimal`, `date_time`, `duration`, `guid`, `qname`,
    /// `any_value`, `extension_data` (each `-> BoxedStrategy<_>`),
    /// `nested::<T>(depth: u32) -> BoxedStrategy<T>`,
    /// `enumeration::<T>(listed: Vec<T>, unlisted: BoxedStrategy<T>)`,
    /// `variants::<T>(base: BoxedStrategy<T>, derived: Vec<BoxedStrategy<T>>)` and
    /// `dictionary::<K, V>(pairs: BoxedStrategy<Vec<(K, V)>>) -> BoxedStrategy<Map<K, V>>`
    /// (see `tests/src/arb.rs`).
    pub arbitrary: Option<String>,
    /// Also emit the server side: per agent a service trait and its dispatch
    /// (`services88::server::ChatService`), served by `sogen-runtime`'s
    /// `server` feature. Off by default: client-only output is unchanged.
    pub server: bool,
    /// Fields whose `Debug` shows `[redacted]` beyond those the naming rule
    /// finds ([`plan::is_secret_name`](crate::plan::is_secret_name)), as
    /// (type or wrapper element name, field element name) on the wire.
    pub secret_fields: Vec<(String, String)>,
}

/// A [`Config`] value that cannot work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// `arbitrary` is not a Rust module path.
    #[error("Builder::arbitrary: `{0}` is not a Rust module path (such as `crate::arb`)")]
    ArbitraryPath(String),
    /// An empty agent name.
    #[error("Builder::agents: an agent name is empty")]
    EmptyAgent,
    /// A secret field named by an empty type or field name.
    #[error("Builder::secret_field: type and field names must not be empty")]
    EmptySecretField,
}

impl Config {
    /// Checks the values that the plan and the emitter take for granted.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if let Some(path) = &self.arbitrary {
            if syn::parse_str::<syn::Path>(path).is_err() {
                return Err(ConfigError::ArbitraryPath(path.clone()));
            }
        }
        if self.agents.iter().any(|a| a.trim().is_empty()) {
            return Err(ConfigError::EmptyAgent);
        }
        if self
            .secret_fields
            .iter()
            .any(|(t, f)| t.is_empty() || f.is_empty())
        {
            return Err(ConfigError::EmptySecretField);
        }
        Ok(())
    }

    /// Whether `agent` (a portType name) is selected.
    pub fn selects(&self, agent: &str) -> bool {
        self.agents.is_empty() || self.agents.iter().any(|w| w.eq_ignore_ascii_case(agent))
    }
}
