//! One agent file: the `OperationInfo` statics and the agent struct with a
//! method per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::ns::Namespaces;
use super::source::doc;
use super::ty::{collection_reader, decode_at, encode_param, ident, param, parse_type};
use crate::config::Wire;
use crate::model::SoapVersion;
use crate::plan::{AgentPlan, DeclaredHeaders, OperationPlan, ResponsePlan, RustTy, VersionPlan};

/// The file for agent `a` of version `v`, its methods writing the requests of `wire`.
pub fn agent_file(v: &VersionPlan, a: &AgentPlan, wire: Wire) -> TokenStream {
    let nss = Namespaces::new(v);
    let (agent_name, path) = (&a.name, &a.service_path);
    let soap = match a.soap {
        SoapVersion::Soap12 => quote!(SoapVersion::Soap12),
        SoapVersion::Soap11 => quote!(SoapVersion::Soap11),
    };
    let statics = a.operations.iter().map(|op| {
        let (c, name, action) = (ident(&op.constant), &op.name, &op.action);
        let docs = doc(&format!("`{name}`: SOAPAction `{action}`."));
        let info = quote!(op(#name, #action));
        let info = if op.headers.all() {
            info
        } else {
            // Rare (SoPrincipal): fewer request headers than the usual three.
            let DeclaredHeaders { application_token, credentials, time_zone } = op.headers;
            quote!(OperationInfo {
                headers: DeclaredHeaders { application_token: #application_token, credentials: #credentials, time_zone: #time_zone },
                ..#info
            })
        };
        quote!(#docs pub static #c: OperationInfo = #info;)
    });
    let ns = nss.get(&v.namespace);
    let methods: Vec<TokenStream> = (a.operations.iter())
        .map(|op| method(a, op, &nss, wire))
        .collect();
    // A plan fact (does any signature name a generated type), not a search
    // of the emitted text.
    let use_types = if uses_types(a) {
        quote!(
            use super::types;
        )
    } else {
        quote!()
    };
    let decls = nss.decls();
    let rust = ident(&a.rust);
    let wires = match wire {
        Wire::Both => format!(
            "`{}` under the client's base URL (SOAP), or `api/v1/Agents/{}/...` (REST)",
            a.service_path, a.name
        ),
        Wire::Soap => format!(
            "`{}` under the client's base URL (SOAP only)",
            a.service_path
        ),
        Wire::Rest => format!("`api/v1/Agents/{}/...` (REST only)", a.name),
    };
    let struct_doc = doc(&format!(
        "The {} agent of {}: {wires}.\n\n\
         Every method returns a [`Call`]: `.await` it, `.with_headers().await` \
         for the response headers too, or `.blocking()` without an async runtime.",
        a.name, v.name
    ));
    quote! {
        use sogen_runtime::codegen::*;
        #use_types
        #decls
        const fn op(name: &'static str, action: &'static str) -> OperationInfo {
            OperationInfo { agent: #agent_name, service_path: #path, name, action, soap: #soap, namespace: #ns, headers: DeclaredHeaders::ALL }
        }
        #(#statics)*
        #struct_doc
        #[derive(Debug, Clone)]
        pub struct #rust { client: Client }
        impl #rust {
            /// An agent calling through `client` (cheap to clone and share).
            pub fn new(client: Client) -> Self { Self { client } }
            /// The client this agent calls through.
            pub fn client(&self) -> &Client { &self.client }
            #(#methods)*
        }
        impl Agent for #rust {
            const NAMESPACE: &'static str = #ns;
            fn from_client(client: Client) -> Self { Self::new(client) }
        }
    }
}

/// Whether any operation's signature names a generated type.
pub(super) fn uses_types(a: &AgentPlan) -> bool {
    a.operations.iter().any(|op| {
        op.params.iter().any(|p| p.ty.mentions_generated())
            || match &op.response {
                ResponsePlan::Void => false,
                ResponsePlan::Content(t) => t.mentions_generated(),
                ResponsePlan::Wrapper(_) => true,
            }
    })
}

/// Whether `decode_response::<T>` can read the content directly.
fn content_via_helper(t: &RustTy) -> bool {
    matches!(t, RustTy::Prim(_) | RustTy::Named(_))
        || matches!(t, RustTy::Option(i) if matches!(**i, RustTy::Prim(_) | RustTy::Named(_)))
}

fn method(a: &AgentPlan, op: &OperationPlan, nss: &Namespaces<'_>, wire: Wire) -> TokenStream {
    let name = ident(&op.method);
    let konst = ident(&op.constant);
    let params = op.params.iter().map(|p| {
        let (id, ty) = (ident(&p.rust), param(&p.ty, "types::"));
        quote!(#id: #ty)
    });
    let writes = op.params.iter().map(|p| {
        let id = ident(&p.rust);
        encode_param(&p.ty, quote!(#id), &p.xml_ns, &p.xml_name, nss)
    });
    let (req_ns, req_name) = (nss.get(&op.request_ns), &op.request_name);
    let ret = parse_type(&op.response.rust_type("types::"));
    let decoder = match &op.response {
        ResponsePlan::Void => quote!(decode_void),
        ResponsePlan::Wrapper(n) => {
            let n = ident(n);
            quote!(<types::#n as Decode>::decode)
        }
        ResponsePlan::Content(t) if content_via_helper(t) => quote!(decode_response),
        ResponsePlan::Content(t) => {
            // Lists and maps have no `Decode` of their own: the runtime finds
            // the `Response` child and hands it to the list/map reader.
            let inner = match t {
                RustTy::List { item, .. }
                    if matches!(**item, RustTy::Prim(_) | RustTy::Named(_)) =>
                {
                    quote!(decode_list)
                }
                RustTy::Map { key, value, .. }
                    if [key, value]
                        .iter()
                        .all(|t| matches!(***t, RustTy::Prim(_) | RustTy::Named(_))) =>
                {
                    quote!(decode_map)
                }
                RustTy::Option(c) if collection_reader(c).is_some() => {
                    let read = collection_reader(c);
                    quote!(|r, s| decode_nillable(r, s, #read))
                }
                t => {
                    let value = decode_at(t, quote!(s));
                    quote!(|r, s| Ok(#value))
                }
            };
            quote!(|r, s| decode_response_with(r, s, #inner))
        }
    };
    let xml = if op.params.is_empty() {
        quote!(w.empty(#req_ns, #req_name))
    } else {
        quote!({
            w.open(#req_ns, #req_name);
            #(#writes)*
            w.close(#req_ns, #req_name);
        })
    };
    // An older version's operation the Agents API no longer has: refused on REST (its
    // parameters, then unused on a REST-only agent, named as used).
    let json = if op.on_rest {
        super::rest::request(op)
    } else if wire == Wire::Rest && !op.params.is_empty() {
        let ids = op.params.iter().map(|p| ident(&p.rust));
        vec![quote!(let _ = (#(&#ids,)*);), quote!(w.not_in_api();)]
    } else {
        vec![quote!(w.not_in_api();)]
    };
    let json_decoder = super::rest::decoder(op);
    let call = match wire {
        // Unchanged from before the REST wire: the SOAP body alone.
        Wire::Soap => quote!(self.client.call(&#konst, |w| #xml, #decoder)),
        Wire::Both => {
            let json = if json.is_empty() {
                quote!(Body::Json(_) => {})
            } else {
                quote!(Body::Json(w) => { #(#json)* })
            };
            quote! {
                self.client.call_wire(
                    &#konst,
                    |w| match w {
                        Body::Xml(w) => #xml,
                        #json
                    },
                    Decoders::both(#decoder, #json_decoder),
                )
            }
        }
        Wire::Rest if json.is_empty() => {
            quote!(self.client.call_wire(&#konst, |_| {}, Decoders::json(#json_decoder)))
        }
        Wire::Rest => quote! {
            self.client.call_wire(
                &#konst,
                |w| if let Body::Json(w) = w { #(#json)* },
                Decoders::json(#json_decoder),
            )
        },
    };
    let docs = method_docs(op);
    let rest_docs = if wire.rest() {
        doc(&format!("\n{}", super::rest::route_doc(a, op)))
    } else {
        quote!()
    };
    // Clippy's limit is 7 arguments, `&self` included; the WSDL decides.
    let allow = if op.params.len() + 1 > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    quote! {
        #docs
        #rest_docs
        #allow
        pub fn #name(&self, #(#params),*) -> Call<#ret> {
            #call
        }
    }
}

/// The planned docs, with the SOAPAction last.
pub(super) fn method_docs(op: &OperationPlan) -> TokenStream {
    let d = &op.docs;
    let mut text = d.summary.clone();
    if !d.params.is_empty() {
        text += "\n\n# Arguments\n\n";
        let lines: Vec<String> = d
            .params
            .iter()
            .map(|(p, t)| format!("- `{p}`: {t}"))
            .collect();
        text += &lines.join("\n");
    }
    if let Some(r) = &d.returns {
        text += "\n\n# Returns\n\n";
        text += r;
    }
    text += &format!("\n\nSOAPAction: `{}`.", op.action);
    doc(&text)
}
