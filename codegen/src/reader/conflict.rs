//! Says in a few words how two definitions of the same name differ.

use crate::model::{
    Attribute, ComplexShape, ComplexType, Element, Field, SimpleType, TypeDef, TypeRef,
};

/// The first difference between two type definitions, e.g.
/// ``field `Name`: type {…}string here, {…}int before``.
pub fn describe_type(first: &TypeDef, second: &TypeDef) -> String {
    match (first, second) {
        (TypeDef::Complex(a), TypeDef::Complex(b)) => complex(a, b),
        (TypeDef::Simple(a), TypeDef::Simple(b)) => simple(a, b),
        (TypeDef::Complex(_), TypeDef::Simple(_)) => {
            "a simple type here, a complex type before".into()
        }
        (TypeDef::Simple(_), TypeDef::Complex(_)) => {
            "a complex type here, a simple type before".into()
        }
    }
}

/// The first difference between two top-level elements.
pub fn describe_element(first: &Element, second: &Element) -> String {
    if first.nillable != second.nillable {
        return format!(
            "nillable {} here, {} before",
            second.nillable, first.nillable
        );
    }
    type_ref(&first.ty, &second.ty)
}

fn complex(a: &ComplexType, b: &ComplexType) -> String {
    if a.base != b.base {
        let show = |q: &Option<crate::model::QName>| {
            q.as_ref()
                .map_or("no base".to_string(), |q| format!("base {q}"))
        };
        return format!("{} here, {} before", show(&b.base), show(&a.base));
    }
    if a.is_abstract != b.is_abstract {
        return format!("abstract {} here, {} before", b.is_abstract, a.is_abstract);
    }
    for (i, (fa, fb)) in a.fields.iter().zip(&b.fields).enumerate() {
        if fa != fb {
            return format!("field {} {}", i + 1, field(fa, fb));
        }
    }
    if a.fields.len() != b.fields.len() {
        let names = |fs: &[Field]| {
            fs.iter()
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        return format!(
            "fields [{}] here, [{}] before",
            names(&b.fields),
            names(&a.fields)
        );
    }
    if a.attributes != b.attributes {
        return attributes(&a.attributes, &b.attributes);
    }
    if a.shape != b.shape {
        let show = |s: &ComplexShape| match s {
            ComplexShape::Record => "a record",
            ComplexShape::Array => "an array",
            ComplexShape::Dictionary { .. } => "a dictionary",
        };
        return format!("{} here, {} before", show(&b.shape), show(&a.shape));
    }
    "definitions differ".into()
}

fn field(a: &Field, b: &Field) -> String {
    if a.name != b.name {
        return format!("is `{}` here, `{}` before", b.name, a.name);
    }
    let what = if a.namespace != b.namespace {
        format!("namespace `{}` here, `{}` before", b.namespace, a.namespace)
    } else if a.min_occurs != b.min_occurs {
        format!("minOccurs {} here, {} before", b.min_occurs, a.min_occurs)
    } else if a.max_occurs != b.max_occurs {
        let show = |m: Option<u32>| m.map_or("unbounded".to_string(), |m| m.to_string());
        format!(
            "maxOccurs {} here, {} before",
            show(b.max_occurs),
            show(a.max_occurs)
        )
    } else if a.nillable != b.nillable {
        format!("nillable {} here, {} before", b.nillable, a.nillable)
    } else {
        type_ref(&a.ty, &b.ty)
    };
    format!("`{}`: {what}", a.name)
}

fn attributes(a: &[Attribute], b: &[Attribute]) -> String {
    let show = |xs: &[Attribute]| {
        xs.iter()
            .map(|x| x.name.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if show(a) != show(b) {
        return format!("attributes [{}] here, [{}] before", show(b), show(a));
    }
    let (x, y) = a
        .iter()
        .zip(b)
        .find(|(x, y)| x != y)
        .expect("attribute lists differ");
    if x.required != y.required {
        return format!(
            "attribute `{}`: required {} here, {} before",
            x.name.name, y.required, x.required
        );
    }
    format!("attribute `{}`: {}", x.name.name, type_ref(&x.ty, &y.ty))
}

fn type_ref(a: &TypeRef, b: &TypeRef) -> String {
    match (a, b) {
        (TypeRef::Anonymous(x), TypeRef::Anonymous(y)) => {
            format!("in its anonymous type, {}", describe_type(x, y))
        }
        _ => format!("type {} here, {} before", show_ref(b), show_ref(a)),
    }
}

fn show_ref(t: &TypeRef) -> String {
    match t {
        TypeRef::Builtin(b) => format!("{b:?}"),
        TypeRef::Named(q) => q.to_string(),
        TypeRef::Anonymous(_) => "an anonymous type".into(),
    }
}

fn simple(a: &SimpleType, b: &SimpleType) -> String {
    use SimpleType::*;
    match (a, b) {
        (Enumeration { base: x, .. }, Enumeration { base: y, .. })
        | (Restriction { base: x }, Restriction { base: y })
            if x != y =>
        {
            format!("base {y:?} here, {x:?} before")
        }
        (Enumeration { values: x, .. }, Enumeration { values: y, .. })
        | (FlagList { values: x }, FlagList { values: y }) => {
            let added: Vec<&str> = y
                .iter()
                .filter(|v| !x.iter().any(|w| w.name == v.name))
                .map(|v| v.name.as_str())
                .collect();
            let removed: Vec<&str> = x
                .iter()
                .filter(|v| !y.iter().any(|w| w.name == v.name))
                .map(|v| v.name.as_str())
                .collect();
            if !added.is_empty() || !removed.is_empty() {
                return format!(
                    "values added here: [{}], missing here: [{}]",
                    added.join(", "),
                    removed.join(", ")
                );
            }
            match x.iter().zip(y).find(|(v, w)| v != w) {
                Some((v, w)) if v.name == w.name => format!(
                    "value `{}` is {:?} here, {:?} before",
                    v.name, w.value, v.value
                ),
                _ => "the same values in a different order".into(),
            }
        }
        _ => {
            let kind = |s: &SimpleType| match s {
                Enumeration { .. } => "an enumeration",
                FlagList { .. } => "a flag list",
                Restriction { .. } => "a restriction",
            };
            format!("{} here, {} before", kind(b), kind(a))
        }
    }
}
