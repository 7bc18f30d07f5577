//! The server side of one agent (with `Config::server`), `services88/server/chat.rs`:
//! the service trait (one async method per operation, each defaulting to a "not
//! implemented" fault), the agent's `AgentInfo`, and the dispatch that decodes a request
//! element into the method's parameters and hands the call to the runtime's `respond`,
//! with a closure writing the result as the response element (no `async` block per
//! operation: they made `cargo check` of the generated code several times slower).
//! Parameters are the request wrapper's fields as owned values; results are what the
//! client's method returns. The codecs of `codec.rs` do the rest.

use proc_macro2::TokenStream;
use quote::quote;

use super::agent::{method_docs, uses_types};
use super::ns::Namespaces;
use super::source::doc;
use super::ty::{decode, encode, ident, owned, parse_type};
use crate::config::Wire;
use crate::model::SoapVersion;
use crate::plan::{AgentPlan, OperationPlan, ResponsePlan, RustTy, VersionPlan};

/// The server file for agent `a` of version `v`, answering the wires of `wire` (an
/// operation of a wire not generated answers "not implemented").
pub fn server_file(v: &VersionPlan, a: &AgentPlan, wire: Wire) -> TokenStream {
    let nss = Namespaces::new(v);
    let (version, agent_name, path) = (&v.name, &a.name, &a.service_path);
    let soap = match a.soap {
        SoapVersion::Soap12 => quote!(SoapVersion::Soap12),
        SoapVersion::Soap11 => quote!(SoapVersion::Soap11),
    };
    let ns = nss.get(&v.namespace);
    let infos: Vec<TokenStream> = a.operations.iter().map(|op| info(v, op, &nss)).collect();
    let methods: Vec<TokenStream> = a.operations.iter().map(trait_method).collect();
    let arms: Vec<TokenStream> = (a.operations.iter().enumerate())
        .filter(|_| wire.soap())
        .map(|(i, op)| arm(i, op, &nss))
        .collect();
    let json = if wire.rest() {
        super::rest::dispatch(a)
    } else {
        quote!()
    };
    let unknown = quote! {
        while r.next_child()?.is_some() { r.skip()?; }
        Ok(Box::pin(not_implemented(AGENT.name)))
    };
    let xml = if arms.is_empty() {
        // Without the XML codec (or operations) every SOAP request is "not implemented".
        quote!(let _ = (operation, cx); #unknown)
    } else {
        quote!(match operation { #(#arms)* _ => { #unknown } })
    };
    let use_types = if uses_types(a) {
        quote!(
            use super::super::types;
        )
    } else {
        quote!()
    };
    let decls = nss.decls();
    let service = ident(&a.service);
    let trait_doc = doc(&format!(
        "The {} agent of {}, served: one method per operation, taking its decoded \
         parameters and the [`RequestContext`] (ticket, application token, time zone, \
         SOAPAction, HTTP headers), returning the result or a [`ServiceError`] (a SOAP \
         fault, or a SuperOffice failure).\n\n\
         Every method answers a \"not implemented\" fault until implemented, so a mock \
         implements only what it needs (with `async fn`). Serve it with [`service`].",
        a.name, v.name
    ));
    let service_doc = doc(&format!(
        "Serves `imp` as the {} agent at `ServicesNN/{}`: mount it with \
         `sogen_runtime::server::Server::service`.",
        a.name, a.service_path
    ));
    quote! {
        use sogen_runtime::codegen::*;
        #use_types
        #decls
        const fn op(
            name: &'static str,
            action: &'static str,
            request_name: &'static str,
            response_name: &'static str,
        ) -> ServedOperation {
            ServedOperation {
                name,
                action,
                request_ns: #ns,
                request_name,
                response_ns: #ns,
                response_name,
                response_headers: true,
            }
        }
        static AGENT: AgentInfo = AgentInfo {
            version: #version,
            name: #agent_name,
            service_path: #path,
            soap: #soap,
            namespace: #ns,
            operations: &[#(#infos),*],
        };
        #trait_doc
        pub trait #service: Send + Sync + 'static {
            #(#methods)*
        }
        #service_doc
        pub fn service(imp: impl #service) -> Service {
            Service::new(&AGENT, Handler(std::sync::Arc::new(imp)))
        }
        struct Handler<S>(std::sync::Arc<S>);
        impl<S: #service> Dispatch for Handler<S> {
            fn dispatch(
                &self,
                operation: usize,
                r: &mut XmlReader<'_>,
                _: &ElementStart<'_>,
                cx: RequestContext,
            ) -> Result<Pending, DecodeError> {
                #xml
            }
            #json
        }
    }
}

/// The `server` module's items: one module per agent and its trait re-exported; with
/// `include`, each module around an `include!` of its file.
pub fn server_modules(v: &VersionPlan, include: bool) -> TokenStream {
    let items = v.agents.iter().map(|a| {
        let (m, s) = (ident(&a.module), ident(&a.service));
        let docs = doc(&format!(
            "The {} agent, served ([`{}`]).",
            a.name, a.service
        ));
        let module = if include {
            let file = format!(
                "{}/server/{}.rs",
                v.module,
                a.module.trim_start_matches("r#")
            );
            quote!(#docs pub mod #m { include!(#file); })
        } else {
            quote!(#docs pub mod #m;)
        };
        quote!(#module pub use #m::#s;)
    });
    quote!(#(#items)*)
}

/// `op(name, action, request, response)`, with the fields that differ from the usual
/// (elements in the version's namespace, NetServer's response headers) spelled out.
fn info(v: &VersionPlan, op: &OperationPlan, nss: &Namespaces<'_>) -> TokenStream {
    let (name, action) = (&op.name, &op.action);
    let r = &op.response_element;
    let (req_name, resp_name) = (&op.request_name, &r.name);
    let usual = quote!(op(#name, #action, #req_name, #resp_name));
    let mut fields = Vec::new();
    if op.request_ns != v.namespace {
        let ns = nss.get(&op.request_ns);
        fields.push(quote!(request_ns: #ns));
    }
    if r.ns != v.namespace {
        let ns = nss.get(&r.ns);
        fields.push(quote!(response_ns: #ns));
    }
    if !r.headers {
        fields.push(quote!(response_headers: false));
    }
    if fields.is_empty() {
        usual
    } else {
        quote!(ServedOperation { #(#fields,)* ..#usual })
    }
}

fn trait_method(op: &OperationPlan) -> TokenStream {
    let name = ident(&op.method);
    let ids: Vec<TokenStream> = op.params.iter().map(|p| ident(&p.rust)).collect();
    let params = op.params.iter().map(|p| {
        let (id, ty) = (ident(&p.rust), owned(&p.ty, "types::"));
        quote!(#id: #ty)
    });
    let ret = parse_type(&op.response.rust_type("types::"));
    let docs = method_docs(op);
    // Clippy's limit is 7 arguments, `&self` and `cx` included.
    let allow = if op.params.len() + 2 > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    let op_name = &op.name;
    quote! {
        #docs
        #allow
        fn #name(&self, cx: &RequestContext, #(#params),*)
            -> impl std::future::Future<Output = Result<#ret, ServiceError>> + Send {
            let _ = (cx, #(#ids),*);
            not_implemented(#op_name)
        }
    }
}

/// The dispatch arm of operation `i`: decode the parameters, call, write the reply.
fn arm(i: usize, op: &OperationPlan, nss: &Namespaces<'_>) -> TokenStream {
    let locals: Vec<TokenStream> = (0..op.params.len())
        .map(|n| {
            let id = proc_macro2::Ident::new(&format!("p{n}"), proc_macro2::Span::call_site());
            quote!(#id)
        })
        .collect();
    let lets = op.params.iter().zip(&locals).map(|(p, l)| {
        let ty = owned(&p.ty, "types::");
        quote!(let mut #l: #ty = Default::default();)
    });
    // A name repeated in the wrapper is read into the first parameter (as records do).
    let mut seen = std::collections::BTreeSet::new();
    let reads: Vec<TokenStream> = op
        .params
        .iter()
        .zip(&locals)
        .filter(|(p, _)| seen.insert(p.xml_name.as_str()))
        .map(|(p, l)| {
            let (xml, value) = (&p.xml_name, decode(&p.ty));
            match p.ty {
                RustTy::Repeated(_) => quote!(#xml => #l.push(#value),),
                _ => quote!(#xml => #l = #value,),
            }
        })
        .collect();
    let read = if reads.is_empty() {
        quote!(while r.next_child()?.is_some() {
            r.skip()?;
        })
    } else {
        quote!(while let Some(s) = r.next_child()? {
            match s.local_name() { #(#reads)* _ => r.skip()?, }
        })
    };
    let method = ident(&op.method);
    let e = &op.response_element;
    let (rns, rname) = (nss.get(&e.ns), &e.name);
    let body = match &op.response {
        ResponsePlan::Void => quote!(|w, _| w.empty(#rns, #rname)),
        ResponsePlan::Content(t) => {
            let write = encode(t, quote!(v), false, &e.content_ns, "Response", nss);
            quote!(|w, v| { w.open(#rns, #rname); #write w.close(#rns, #rname); })
        }
        ResponsePlan::Wrapper(_) => quote!(|w, v| v.encode(w, #rns, #rname)),
    };
    let i = proc_macro2::Literal::usize_unsuffixed(i);
    // No `async` here: `respond` runs the method and writes the reply.
    quote! {
        #i => {
            #(#lets)*
            #read
            Ok(respond(self.0.clone(), cx, move |imp, cx| Box::pin(imp.#method(cx, #(#locals),*)), #body))
        }
    }
}
