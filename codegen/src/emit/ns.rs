//! Namespace URIs as file-local constants (`NS`, `NS_ARRAYS`, named by the
//! plan), declared only in the files that use them.

use std::cell::RefCell;
use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::ty::ident;
use crate::plan::VersionPlan;

/// The namespace constants one generated file uses.
pub struct Namespaces<'p> {
    version: &'p VersionPlan,
    /// Indexes into `version.namespaces` that this file used.
    used: RefCell<BTreeSet<usize>>,
}

impl<'p> Namespaces<'p> {
    /// A table over the version's planned constants, none used yet.
    pub fn new(version: &'p VersionPlan) -> Self {
        Namespaces {
            version,
            used: RefCell::new(BTreeSet::new()),
        }
    }

    /// The expression for `uri`: its constant, or `""` for no namespace.
    pub fn get(&self, uri: &str) -> TokenStream {
        if uri.is_empty() {
            return quote!("");
        }
        match self.version.namespaces.iter().position(|n| n.uri == uri) {
            Some(i) => {
                self.used.borrow_mut().insert(i);
                let id = ident(&self.version.namespaces[i].rust);
                quote!(#id)
            }
            // Every URI of the version has a constant; a literal keeps the
            // output right should one be missing.
            None => quote!(#uri),
        }
    }

    /// `const` items for the namespaces used, the version's own first.
    pub fn decls(&self) -> TokenStream {
        let used = self.used.borrow();
        let items = used.iter().map(|&i| {
            let n = &self.version.namespaces[i];
            let (id, uri) = (ident(&n.rust), &n.uri);
            quote!(const #id: &str = #uri;)
        });
        quote!(#(#items)*)
    }
}
