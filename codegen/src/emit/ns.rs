//! Namespace URIs as file-local constants (`NS`, `NS_ARRAYS`), declared
//! only when a file uses them.

use std::cell::RefCell;
use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::ty::ident;
use crate::plan::names::{screaming, Registry};

/// The namespace constants of one generated file.
pub struct Namespaces {
    main: String,
    /// URI -> (constant name, used).
    names: RefCell<BTreeMap<String, (String, bool)>>,
    registry: RefCell<Registry>,
}

impl Namespaces {
    /// A table where `main` (the version's namespace) is `NS`.
    pub fn new(main: &str) -> Self {
        let mut registry = Registry::default();
        let ns = registry.claim(&["NS".to_string()], true);
        let names = BTreeMap::from([(main.to_string(), (ns, false))]);
        Namespaces {
            main: main.to_string(),
            names: RefCell::new(names),
            registry: RefCell::new(registry),
        }
    }

    /// The expression for `uri`: a constant, or `""` for no namespace.
    pub fn get(&self, uri: &str) -> TokenStream {
        if uri.is_empty() {
            return quote!("");
        }
        let mut names = self.names.borrow_mut();
        let entry = names.entry(uri.to_string()).or_insert_with(|| {
            let tag = uri
                .trim_end_matches('/')
                .rsplit(['/', ':'])
                .next()
                .unwrap_or("");
            let name = self
                .registry
                .borrow_mut()
                .claim(&[format!("NS_{}", screaming(tag))], true);
            (name, false)
        });
        entry.1 = true;
        let id = ident(&entry.0);
        quote!(#id)
    }

    /// `const` items for the namespaces used, the main one first.
    pub fn decls(&self) -> TokenStream {
        let names = self.names.borrow();
        let mut used: Vec<(&String, &String)> = names
            .iter()
            .filter(|(_, (_, used))| *used)
            .map(|(uri, (name, _))| (name, uri))
            .collect();
        used.sort_by_key(|(_, uri)| (**uri != self.main, (*uri).clone()));
        let items = used.into_iter().map(|(name, uri)| {
            let id = ident(name);
            quote!(const #id: &str = #uri;)
        });
        quote!(#(#items)*)
    }
}
