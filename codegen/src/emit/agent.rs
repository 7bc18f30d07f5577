//! One agent file: the `OperationInfo` statics and the agent struct with a
//! method per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ns::Namespaces;
use super::ty::{decode, encode, ident, owned, param};
use super::{doc, Options};
use crate::docs::MethodDoc;
use crate::model::SoapVersion;
use crate::plan::{AgentPlan, OperationPlan, RequestHeaders, ResponsePlan, RustTy, VersionPlan};

/// The file for agent `a` of version `v`.
pub fn agent_file(v: &VersionPlan, a: &AgentPlan, opts: &Options) -> TokenStream {
    let nss = Namespaces::new(&v.namespace);
    let types = quote!(types::);
    let (agent_name, path) = (&a.name, &a.service_path);
    let soap = match a.operations.first().map(|o| o.soap) {
        Some(SoapVersion::Soap12) => quote!(SoapVersion::Soap12),
        _ => quote!(SoapVersion::Soap11),
    };
    let statics = a.operations.iter().map(|op| {
        let (c, name, action) = (format_ident!("{}", op.constant), &op.name, &op.action);
        let docs = doc(&format!("`{name}`: SOAPAction `{action}`."));
        let info = quote!(op(#name, #action));
        let info = if op.headers.all() {
            info
        } else {
            // Rare (SoPrincipal): fewer request headers than the usual three.
            let RequestHeaders { application_token, credentials, time_zone } = op.headers;
            quote!(OperationInfo {
                headers: DeclaredHeaders { application_token: #application_token, credentials: #credentials, time_zone: #time_zone },
                ..#info
            })
        };
        quote!(#docs pub static #c: OperationInfo = #info;)
    });
    let ns = nss.get(&v.namespace);
    let methods: Vec<TokenStream> = a
        .operations
        .iter()
        .map(|op| method(v, a, op, &nss, &types, opts))
        .collect();
    let uses_types = a.operations.iter().any(|op| {
        op.params.iter().any(|p| mentions_types(&p.ty))
            || match &op.response {
                ResponsePlan::Void => false,
                ResponsePlan::Content(t) => mentions_types(t),
                ResponsePlan::Wrapper(_) => true,
            }
    });
    let use_types = if uses_types {
        quote!(
            use super::types;
        )
    } else {
        quote!()
    };
    // Import the traits only where the code names them (no unused imports).
    let code: String = methods.iter().map(|m| m.to_string()).collect();
    let use_encode = if code.contains(". encode (") {
        quote!(Encode,)
    } else {
        quote!()
    };
    let use_decode = if code.contains("Decode ::") || code.contains("as Decode") {
        quote!(Decode,)
    } else {
        quote!()
    };
    let decls = nss.decls();
    let rust = ident(&a.rust);
    let struct_doc = doc(&format!(
        "The {} agent of {}: `{}` under the client's base URL.\n\n\
         Every method returns a [`Call`]: `.await` it, `.with_headers().await` \
         for the response headers too, or `.blocking()` without an async runtime.",
        a.name, v.name, a.service_path
    ));
    quote! {
        use sogen_runtime::{Call, Client, DeclaredHeaders, #use_decode #use_encode OperationInfo, SoapVersion};
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
    }
}

fn mentions_types(t: &RustTy) -> bool {
    match t {
        RustTy::Prim(_) => false,
        RustTy::Named(_) => true,
        RustTy::Option(t) | RustTy::Boxed(t) | RustTy::Repeated(t) => mentions_types(t),
        RustTy::List { item, .. } => mentions_types(item),
        RustTy::Map { key, value, .. } => mentions_types(key) || mentions_types(value),
    }
}

fn simple_item(t: &RustTy) -> bool {
    matches!(t, RustTy::Prim(_) | RustTy::Named(_))
}

/// Whether `decode_response::<T>` can read the content directly.
fn content_via_helper(t: &RustTy) -> bool {
    matches!(t, RustTy::Prim(_) | RustTy::Named(_))
        || matches!(t, RustTy::Option(i) if matches!(**i, RustTy::Prim(_) | RustTy::Named(_)))
}

fn method(
    v: &VersionPlan,
    a: &AgentPlan,
    op: &OperationPlan,
    nss: &Namespaces,
    types: &TokenStream,
    opts: &Options,
) -> TokenStream {
    let name = ident(&op.method);
    let konst = format_ident!("{}", op.constant);
    let params = op.params.iter().map(|p| {
        let (id, ty) = (ident(&p.rust), param(&p.ty, types));
        quote!(#id: #ty)
    });
    let writes = op.params.iter().map(|p| {
        let id = ident(&p.rust);
        encode(&p.ty, quote!(#id), true, &p.xml_ns, &p.xml_name, nss)
    });
    let (req_ns, req_name) = (nss.get(&op.request_ns), &op.request_name);
    let (ret, decoder) = match &op.response {
        ResponsePlan::Void => (quote!(()), quote!(sogen_runtime::decode_void)),
        ResponsePlan::Wrapper(n) => {
            let n = ident(n);
            (quote!(types::#n), quote!(<types::#n as Decode>::decode))
        }
        ResponsePlan::Content(t) if content_via_helper(t) => {
            (owned(t, types), quote!(sogen_runtime::decode_response))
        }
        ResponsePlan::Content(t) => {
            // Lists and maps have no `Decode` of their own: the runtime finds
            // the `Response` child and hands it to the list/map reader.
            let inner = match t {
                RustTy::List { item, .. } if simple_item(item) => {
                    quote!(sogen_runtime::decode_list)
                }
                RustTy::Map { key, value, .. } if simple_item(key) && simple_item(value) => {
                    quote!(sogen_runtime::decode_map)
                }
                t => {
                    let value = decode(t);
                    quote!(|r, s| Ok(#value))
                }
            };
            (
                owned(t, types),
                quote!(|r, s| sogen_runtime::decode_response_with(r, s, #inner)),
            )
        }
    };
    let body = if op.params.is_empty() {
        quote!(|w| w.empty(#req_ns, #req_name))
    } else {
        quote!(|w| {
            w.open(#req_ns, #req_name);
            #(#writes)*
            w.close(#req_ns, #req_name);
        })
    };
    let docs = method_docs(v, a, op, opts);
    // Clippy's limit is 7 arguments, `&self` included; the WSDL decides.
    let allow = if op.params.len() + 1 > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    quote! {
        #docs
        #allow
        pub fn #name(&self, #(#params),*) -> Call<#ret> {
            self.client.call(&#konst, #body, #decoder)
        }
    }
}

/// Rustdoc from the WCF proxy documentation when it has the method,
/// otherwise from the WSDL.
fn method_docs(v: &VersionPlan, a: &AgentPlan, op: &OperationPlan, opts: &Options) -> TokenStream {
    let found: Option<&MethodDoc> = opts
        .docs
        .as_ref()
        .and_then(|d| d.method(&v.name, &a.name, &op.name));
    let mut text = String::new();
    match found {
        Some(m) => {
            text.push_str(&m.summary);
            let params: Vec<String> = op
                .params
                .iter()
                .filter_map(|p| {
                    let d = m.param(&p.xml_name)?;
                    Some(format!("- `{}`: {}", p.rust.trim_start_matches("r#"), d))
                })
                .collect();
            if !params.is_empty() {
                text += "\n\n# Arguments\n\n";
                text += &params.join("\n");
            }
            if let Some(r) = m.returns.as_deref().filter(|r| !r.is_empty()) {
                text += "\n\n# Returns\n\n";
                text += r;
            }
        }
        None => {
            text += &format!("Calls `{}`.", op.name);
            if let Some(d) = op.documentation.as_deref().filter(|d| !d.trim().is_empty()) {
                text += "\n\n";
                text += d.trim();
            }
        }
    }
    text += &format!("\n\nSOAPAction: `{}`.", op.action);
    doc(&text)
}
