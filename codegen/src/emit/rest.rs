//! The REST wire's side of an agent method and of a served agent: the statements that
//! write a call's parameters into the runtime's `JsonBody` as the operation's
//! [`RestShape`] says, the reader of its JSON response, and the generated server's
//! `dispatch_json` (parameters read per shape, the result written as JSON). Values go
//! through the serde impls of `json.rs` and, where their Rust type's serde form is not
//! the REST one, a form ([`form`]).

use proc_macro2::TokenStream;
use quote::quote;

use super::json::form;
use super::ty::{ident, owned};
use crate::plan::{AgentPlan, FieldPlan, OperationPlan, ResponsePlan, RestShape, RustTy};

/// How a method takes a parameter, for writing it as JSON.
enum Taken {
    /// By value (`i32`: `borrow` it to write it) or by reference (`&T`, `&str`, `&[T]`).
    Value { borrow: bool },
    /// `impl Nillable<T>`.
    Nillable,
    /// `impl ItemList<T>`.
    Items,
    /// `Option<&[T]>` or `Option<&[(K, V)]>`.
    OptionalSlice,
}

/// How the parameter of type `ty` is taken (mirrors `RustTy::param_type`), and the form
/// of what it holds.
fn taken(ty: &RustTy) -> (Taken, Option<TokenStream>) {
    match ty {
        RustTy::Boxed(t) => taken(t),
        RustTy::Option(t) => match t.without_wrappers() {
            list @ RustTy::List { item, .. } if list.items_fit_item_list() => {
                (Taken::Items, form(item.without_wrappers()))
            }
            RustTy::List { item, .. } => {
                (Taken::OptionalSlice, form(item).map(|f| quote!(AsList<#f>)))
            }
            RustTy::Map { value, .. } => {
                let f = form(value).unwrap_or(quote!(AsIs));
                (Taken::OptionalSlice, Some(quote!(AsMap<#f>)))
            }
            inner => (Taken::Nillable, form(inner)),
        },
        list @ RustTy::List { item, .. }
            if matches!(**item, RustTy::Option(_)) && list.items_fit_item_list() =>
        {
            (Taken::Items, form(item.without_wrappers()))
        }
        RustTy::Map { value, .. } => {
            let f = form(value).unwrap_or(quote!(AsIs));
            (Taken::Value { borrow: false }, Some(quote!(AsMap<#f>)))
        }
        t => (
            Taken::Value {
                borrow: !t.param_by_ref(),
            },
            form(t),
        ),
    }
}

/// The statements writing `op`'s parameters into `w`, a `&mut JsonBody`.
pub fn request(op: &OperationPlan) -> Vec<TokenStream> {
    match &op.rest {
        RestShape::None => Vec::new(),
        RestShape::Query(name) => op
            .params
            .iter()
            .map(|p| {
                let id = ident(&p.rust);
                quote!(w.query(#name, &#id);)
            })
            .collect(),
        RestShape::Carrier | RestShape::Array(_) => op.params.iter().map(whole).collect(),
        RestShape::Object => op.params.iter().map(member).collect(),
    }
}

/// `w.field("Name", ..)` and its kin for a parameter of the body object.
fn member(p: &FieldPlan) -> TokenStream {
    let (id, name) = (ident(&p.rust), &p.xml_name);
    let (taken, form) = taken(&p.ty);
    let (method, arg) = match taken {
        Taken::Value { borrow } => ("field", if borrow { quote!(&#id) } else { quote!(#id) }),
        Taken::Nillable => ("nillable", quote!(&#id)),
        Taken::Items => ("items", quote!(&#id)),
        Taken::OptionalSlice => {
            return match form {
                Some(f) => quote!(w.field(#name, &#id.map(As::<#f, _>::new));),
                None => quote!(w.field(#name, &#id);),
            };
        }
    };
    match form {
        Some(f) => {
            let method = quote::format_ident!("{method}_as");
            quote!(w.#method::<#f, _>(#name, #arg);)
        }
        None => {
            let method = quote::format_ident!("{method}");
            quote!(w.#method(#name, #arg);)
        }
    }
}

/// `w.whole(..)`: the single parameter as the whole body.
fn whole(p: &FieldPlan) -> TokenStream {
    let id = ident(&p.rust);
    let (taken, form) = taken(&p.ty);
    let value = match taken {
        Taken::Value { borrow: true } => quote!(&#id),
        Taken::Value { borrow: false } => quote!(#id),
        Taken::Nillable => match &form {
            Some(f) => return quote!(w.whole(&#id.value().map(As::<#f, _>::new));),
            None => quote!(&#id.value()),
        },
        Taken::Items => match &form {
            Some(f) => {
                return quote!(w.whole(&#id.items().map(|l| {
                    l.into_iter().map(|i| i.map(As::<#f, _>::new)).collect::<Vec<_>>()
                }));)
            }
            None => quote!(&#id.items()),
        },
        Taken::OptionalSlice => match &form {
            Some(f) => return quote!(w.whole(&#id.map(As::<#f, _>::new));),
            None => quote!(&#id),
        },
    };
    match (taken, form) {
        (Taken::Value { .. }, Some(f)) => quote!(w.whole_as::<#f, _>(#value);),
        _ => quote!(w.whole(#value);),
    }
}

/// A method's doc line on the REST route of `op` and how its parameters travel.
pub fn route_doc(a: &AgentPlan, op: &OperationPlan) -> String {
    let route = format!("api/v1/Agents/{}/{}", a.name, op.name);
    let param = |i: usize| op.params.get(i).map_or(String::new(), |p| p.rust.clone());
    let how = match &op.rest {
        RestShape::Object if op.params.is_empty() => format!("`POST {route}`"),
        RestShape::Object => format!("`POST {route}`, the parameters as a JSON object"),
        RestShape::None => format!("`POST {route}`, no body"),
        RestShape::Carrier | RestShape::Array(_) => {
            format!("`POST {route}`, `{}` as the whole body", param(0))
        }
        RestShape::Query(name) => format!("`POST {route}?{name}=`"),
    };
    if !op.on_rest {
        return format!(
            "REST: not in the current Agents API: on a REST client the call fails before \
             any request (`{route}` serves the current version only)."
        );
    }
    let note = if op.in_current_api {
        ""
    } else {
        " (not in SuperOffice's list of the current Agents API)"
    };
    format!("REST: {how}{note}.")
}

/// The JSON reader of `op`'s response, a `JsonDecodeFn`.
pub fn decoder(op: &OperationPlan) -> TokenStream {
    match &op.response {
        ResponsePlan::Content(t) => match form(t) {
            Some(f) => quote!(decode_json_as::<#f, _>),
            None => quote!(decode_json),
        },
        ResponsePlan::Void | ResponsePlan::Wrapper(_) => quote!(decode_json),
    }
}

/// The generated server's `dispatch_json` for agent `a`.
pub fn dispatch(a: &AgentPlan) -> TokenStream {
    let arms: Vec<TokenStream> = (a.operations.iter().enumerate())
        .map(|(i, op)| arm(i, op))
        .collect();
    // Name only the inputs some operation reads: unused parameters would warn.
    let reads = |f: fn(&RestShape, usize) -> bool| {
        a.operations.iter().any(|op| f(&op.rest, op.params.len()))
    };
    let name = |used: bool, id: &str| {
        let id = if used {
            id.to_owned()
        } else {
            format!("_{id}")
        };
        let id = proc_macro2::Ident::new(&id, proc_macro2::Span::call_site());
        quote!(#id)
    };
    let body = name(
        reads(|s, n| {
            matches!(s, RestShape::Object) && n > 0
                || matches!(s, RestShape::Carrier | RestShape::Array(_))
        }),
        "body",
    );
    let query = name(reads(|s, _| matches!(s, RestShape::Query(_))), "query");
    let limits = name(
        reads(|s, n| {
            matches!(s, RestShape::Object) && n > 0
                || matches!(s, RestShape::Carrier | RestShape::Array(_))
        }),
        "limits",
    );
    quote! {
        fn dispatch_json(
            &self,
            operation: usize,
            #body: &[u8],
            #query: &[(String, String)],
            #limits: &Limits,
            cx: RequestContext,
        ) -> Result<Pending, DecodeError> {
            match operation {
                #(#arms)*
                _ => Ok(Box::pin(not_implemented(AGENT.name))),
            }
        }
    }
}

/// The JSON dispatch arm of operation `i`: read the parameters, call, write the result.
fn arm(i: usize, op: &OperationPlan) -> TokenStream {
    let locals: Vec<proc_macro2::Ident> = (0..op.params.len())
        .map(|n| proc_macro2::Ident::new(&format!("p{n}"), proc_macro2::Span::call_site()))
        .collect();
    let lets = op.params.iter().zip(&locals).map(|(p, l)| {
        let ty = owned(&p.ty, "types::");
        quote!(let mut #l: #ty = Default::default();)
    });
    let read = match (&op.rest, &locals[..]) {
        (_, []) | (RestShape::None, _) => quote!(),
        (RestShape::Query(name), [l, ..]) => quote!(json_query(query, #name, &mut #l)?;),
        (RestShape::Carrier | RestShape::Array(_), [l, ..]) => {
            let f = form(&op.params[0].ty).unwrap_or(quote!(AsIs));
            quote!(json_param::<#f, _>(body, limits, &mut #l)?;)
        }
        (RestShape::Object, _) => {
            let names = op.params.iter().map(|p| &p.xml_name);
            let reads = op
                .params
                .iter()
                .zip(&locals)
                .enumerate()
                .map(|(n, (p, l))| {
                    let n = proc_macro2::Literal::usize_unsuffixed(n);
                    match form(&p.ty) {
                        Some(f) => quote!(#n => v.read_as::<#f, _>(&mut #l),),
                        None => quote!(#n => v.read(&mut #l),),
                    }
                });
            quote! {
                json_params(body, limits, &[#(#names),*], |i, v| match i {
                    #(#reads)*
                    _ => Ok(()),
                })?;
            }
        }
    };
    let method = ident(&op.method);
    let write = match &op.response {
        ResponsePlan::Void => quote!(|_| Ok(Vec::new())),
        ResponsePlan::Content(t) => match form(t) {
            Some(f) => quote!(|v| to_json(&As::<#f, _>::new(v))),
            None => quote!(to_json),
        },
        ResponsePlan::Wrapper(_) => quote!(to_json),
    };
    let i = proc_macro2::Literal::usize_unsuffixed(i);
    quote! {
        #i => {
            #(#lets)*
            #read
            Ok(respond_json(self.0.clone(), cx, move |imp, cx| Box::pin(imp.#method(cx, #(#locals),*)), #write))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Builtin;

    fn param(ty: RustTy) -> FieldPlan {
        FieldPlan {
            rust: "p".into(),
            xml_name: "P".into(),
            xml_ns: String::new(),
            ty,
            secret: false,
        }
    }

    fn text(t: TokenStream) -> String {
        t.to_string().replace(' ', "")
    }

    #[test]
    fn each_way_of_taking_a_parameter_writes_its_json() {
        let prim = |b| RustTy::Prim(b);
        let opt = |t| RustTy::Option(Box::new(t));
        let list = |t| RustTy::List {
            item_ns: String::new(),
            item_name: "i".into(),
            item: Box::new(t),
        };
        let cases = [
            (prim(Builtin::Int), "w.field(\"P\",&p);"),
            (prim(Builtin::String), "w.field(\"P\",p);"),
            (
                prim(Builtin::Base64Binary),
                "w.field_as::<AsBase64,_>(\"P\",p);",
            ),
            (prim(Builtin::Double), "w.field_as::<AsFloat,_>(\"P\",&p);"),
            (opt(prim(Builtin::String)), "w.nillable(\"P\",&p);"),
            (
                opt(prim(Builtin::Base64Binary)),
                "w.nillable_as::<AsBase64,_>(\"P\",&p);",
            ),
            (opt(list(prim(Builtin::Int))), "w.items(\"P\",&p);"),
            (list(prim(Builtin::Int)), "w.field(\"P\",p);"),
            (
                list(prim(Builtin::Float)),
                "w.field_as::<AsList<AsFloat>,_>(\"P\",p);",
            ),
        ];
        for (ty, expected) in cases {
            assert_eq!(text(member(&param(ty))), expected);
        }
        assert_eq!(
            text(whole(&param(opt(RustTy::Named("E".into()))))),
            "w.whole(&p.value());"
        );
        assert_eq!(
            text(whole(&param(opt(list(prim(Builtin::Int)))))),
            "w.whole(&p.items());"
        );
    }
}
