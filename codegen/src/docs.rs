//! Method documentation from the WCF proxy's XML doc file
//! (`SuperOffice.Services.WcfProxy.xml`): summary, parameters and return
//! value per `ServicesNN`, agent and operation.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Why a docs file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    /// The file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not well-formed XML.
    #[error("{}:{line}:{column}: malformed XML: {message}", path.display())]
    Xml {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What the parser found.
        message: String,
    },
}

/// The documentation of one agent method.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MethodDoc {
    /// `<summary>`.
    pub summary: String,
    /// `<param name=..>` in order, names as documented (`chatSessionId`).
    pub params: Vec<(String, String)>,
    /// `<returns>`.
    pub returns: Option<String>,
}

impl MethodDoc {
    /// The text of parameter `name`, matched case-insensitively
    /// (`ChatSessionId` on the wire, `chatSessionId` in the docs).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, t)| t.as_str())
    }
}

/// Method docs keyed by (version, agent, operation).
#[derive(Debug, Clone, Default)]
pub struct Docs {
    methods: HashMap<(String, String, String), MethodDoc>,
}

const PROXY: &str = "M:SuperOffice.CRM.Services.WcfProxy.";

impl Docs {
    /// Reads a doc file.
    pub fn load(path: &Path) -> Result<Docs, DocsError> {
        let text = std::fs::read_to_string(path).map_err(|source| DocsError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Docs::parse(&text).map_err(|e| {
            let pos = e.pos();
            DocsError::Xml {
                path: path.to_path_buf(),
                line: pos.row,
                column: pos.col,
                message: e.to_string(),
            }
        })
    }

    /// Parses doc XML text.
    pub fn parse(text: &str) -> Result<Docs, roxmltree::Error> {
        let doc = roxmltree::Document::parse(text)?;
        let mut methods = HashMap::new();
        for m in doc.descendants().filter(|n| n.has_tag_name("member")) {
            let Some(key) = m.attribute("name").and_then(method_key) else {
                continue;
            };
            let mut md = MethodDoc::default();
            for c in m.children().filter(|c| c.is_element()) {
                match c.tag_name().name() {
                    "summary" => md.summary = render(c),
                    "returns" => md.returns = Some(render(c)),
                    "param" => {
                        let name = c.attribute("name").unwrap_or_default().to_string();
                        md.params.push((name, render(c)));
                    }
                    _ => {}
                }
            }
            // The synchronous form wins over `...Async` when both exist.
            let is_async = m.attribute("name").is_some_and(|n| n.contains("Async("));
            if !is_async || !methods.contains_key(&key) {
                methods.insert(key, md);
            }
        }
        Ok(Docs { methods })
    }

    /// The docs of `agent.operation` in `version` (`Services88`, `Chat`, `AddChatMessage`).
    pub fn method(&self, version: &str, agent: &str, operation: &str) -> Option<&MethodDoc> {
        self.methods.get(&(
            version.to_string(),
            agent.to_string(),
            operation.to_string(),
        ))
    }

    /// How many methods are documented.
    pub fn len(&self) -> usize {
        self.methods.len()
    }

    /// Whether nothing is documented.
    pub fn is_empty(&self) -> bool {
        self.methods.is_empty()
    }
}

/// `M:SuperOffice.CRM.Services.WcfProxy.Services88.ChatAgentWcfProxy.AddChatMessageAsync(...)`
/// -> (`Services88`, `Chat`, `AddChatMessage`).
fn method_key(name: &str) -> Option<(String, String, String)> {
    let rest = name.strip_prefix(PROXY)?;
    let rest = rest.split('(').next()?;
    let mut parts = rest.split('.');
    let (version, class, method) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !version.starts_with("Services") {
        return None;
    }
    let agent = class.strip_suffix("AgentWcfProxy")?;
    let op = method.strip_suffix("Async").unwrap_or(method);
    Some((version.to_string(), agent.to_string(), op.to_string()))
}

/// Text of a doc element as Markdown-ish plain text: `<see cref>` and
/// `<paramref>` become code spans; lines are trimmed so nothing turns into
/// an (accidentally compiled) indented code block.
fn render(node: roxmltree::Node<'_, '_>) -> String {
    let mut raw = String::new();
    collect(node, &mut raw);
    let lines: Vec<&str> = raw.lines().map(str::trim).collect();
    let mut out = String::new();
    let mut blank = false;
    for l in lines {
        if l.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push(' ');
        }
        blank = false;
        out.push_str(&l.replace("```", "'''"));
    }
    out
}

fn collect(node: roxmltree::Node<'_, '_>, out: &mut String) {
    for c in node.children() {
        if c.is_text() {
            out.push_str(c.text().unwrap_or_default());
        } else if c.is_element() {
            match c.tag_name().name() {
                "see" | "seealso" => {
                    let target = c
                        .attribute("cref")
                        .or_else(|| c.attribute("langword"))
                        .or_else(|| c.attribute("href"))
                        .unwrap_or_default();
                    let short = target.split(['(']).next().unwrap_or(target);
                    let short = short.rsplit(['.', ':']).next().unwrap_or(short);
                    if c.has_children() {
                        collect(c, out);
                    } else {
                        out.push_str(&format!("`{short}`"));
                    }
                }
                "paramref" | "typeparamref" => {
                    out.push_str(&format!("`{}`", c.attribute("name").unwrap_or_default()));
                }
                "c" => {
                    out.push('`');
                    collect(c, out);
                    out.push('`');
                }
                "para" | "br" => {
                    out.push_str("\n\n");
                    collect(c, out);
                    out.push_str("\n\n");
                }
                _ => collect(c, out),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0"?><doc><members>
      <member name="M:SuperOffice.CRM.Services.WcfProxy.Services88.ChatAgentWcfProxy.AddChatMessageAsync(System.Int32,SuperOffice.CRM.Services.ChatMessage,System.Threading.CancellationToken)">
        <summary>
            Add a new message to a <see cref="T:SuperOffice.CRM.Services.ChatSession"/>
        </summary>
        <param name="chatSessionId">id of the chat session</param>
        <param name="message">Message to add</param>
        <returns>The chat message added</returns>
      </member>
      <member name="M:SuperOffice.CRM.Services.WcfProxy.Services86.CustomerServiceAgentWcfProxy.DeleteChatSessions(System.Int32[])">
        <summary>Deletes the specified chat sessions.</summary>
        <param name="ids">The ids</param>
      </member>
      <member name="T:SuperOffice.CRM.Services.WcfProxy.Other"><summary>x</summary></member>
    </members></doc>"#;

    #[test]
    fn methods_are_keyed_by_version_agent_and_operation() {
        let d = Docs::parse(SAMPLE).unwrap();
        assert_eq!(d.len(), 2);
        let m = d.method("Services88", "Chat", "AddChatMessage").unwrap();
        assert_eq!(m.summary, "Add a new message to a `ChatSession`");
        assert_eq!(m.param("ChatSessionId"), Some("id of the chat session"));
        assert_eq!(m.returns.as_deref(), Some("The chat message added"));
        let m = d
            .method("Services86", "CustomerService", "DeleteChatSessions")
            .unwrap();
        assert_eq!(m.param("Ids"), Some("The ids"));
        assert!(d.method("Services87", "Chat", "AddChatMessage").is_none());
    }

    #[test]
    fn malformed_docs_report_their_position() {
        let dir = std::env::temp_dir().join(format!("sogen-docs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("bad.xml");
        std::fs::write(&f, "<doc>\n  <members>\n</doc>").unwrap();
        let e = Docs::load(&f).unwrap_err().to_string();
        assert!(e.contains("bad.xml:3:"), "{e}");
        let e = Docs::load(&dir.join("missing.xml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing.xml: cannot read"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
