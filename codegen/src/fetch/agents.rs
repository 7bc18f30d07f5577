//! Which agents to fetch: given, found in the output folder, or the default
//! list.

use std::path::Path;

use super::FetchError;

/// The agents of SuperOffice NetServer Services88 (all 60), fetched when
/// neither `--agents` nor existing `*.wsdl` files in the output folder say
/// otherwise. Older versions lack some of them: those fail with HTTP 404.
pub const DEFAULT_AGENTS: &[&str] = &[
    "AI",
    "Appointment",
    "Archive",
    "Associate",
    "BLOB",
    "Batch",
    "BlobManager",
    "BulkUpdate",
    "CRMScript",
    "Chat",
    "Configuration",
    "Contact",
    "CustomObject",
    "CustomerService",
    "Dash",
    "Database",
    "DatabaseTable",
    "Diagnostics",
    "Document",
    "DocumentMigration",
    "EMail",
    "ErpSync",
    "Favourite",
    "FileManager",
    "Find",
    "ForeignSystem",
    "FreeText",
    "Import",
    "License",
    "List",
    "MDO",
    "Marketing",
    "Messaging",
    "Navigator",
    "NewsFeed",
    "NumberAllocation",
    "Person",
    "PhoneList",
    "Pocket",
    "Preference",
    "Previews",
    "Project",
    "Quote",
    "Relation",
    "Report",
    "Resource",
    "Saint",
    "Sale",
    "Selection",
    "Sentry",
    "SoPrincipal",
    "Targets",
    "Ticket",
    "TimeZone",
    "Tooltips",
    "User",
    "UserDefinedFieldInfo",
    "ViewState",
    "Webhook",
    "Workflow",
];

/// Checks that an agent name is a plain identifier: it becomes both a URL
/// path segment and a file name, so nothing else may pass.
pub(super) fn check_name(name: &str) -> Result<(), FetchError> {
    let ok = !name.is_empty()
        && name.len() <= 100
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(FetchError::AgentName(name.to_owned()))
    }
}

/// The agents whose `<Agent>.wsdl` already exists in `dir`, sorted; empty
/// when `dir` does not exist yet.
pub(super) fn agents_in(dir: &Path) -> Result<Vec<String>, FetchError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(FetchError::Io {
                path: dir.to_owned(),
                source,
            })
        }
    };
    let mut names = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|source| FetchError::Io {
                path: dir.to_owned(),
                source,
            })?
            .path();
        if path.extension().is_some_and(|e| e == "wsdl") {
            if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                if check_name(stem).is_ok() {
                    names.push(stem.to_owned());
                }
            }
        }
    }
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::{check_name, DEFAULT_AGENTS};

    #[test]
    fn default_list_is_services88_sorted_and_valid() {
        assert_eq!(DEFAULT_AGENTS.len(), 60);
        assert!(DEFAULT_AGENTS.windows(2).all(|w| w[0] < w[1]));
        assert!(DEFAULT_AGENTS.iter().all(|a| check_name(a).is_ok()));
    }

    #[test]
    fn names_that_could_escape_the_folder_or_url_are_rejected() {
        for bad in ["", "../x", "a/b", "Chat.svc?x", "Chat wsdl", "Ch\u{e5}t"] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }
}
