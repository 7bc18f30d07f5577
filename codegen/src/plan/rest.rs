//! The REST wire's facts the WSDL does not carry: how each operation sends its
//! parameters (`OperationPlan.rest`, from a shipped table) and which member tells the
//! types of a polymorphic carrier apart (`PolyPlan.discriminator`, four bases).
//!
//! Both come from SuperOffice's own REST client, `@superoffice/webapi` 12.4.1514 (npm,
//! ISC, generated from the same model as the WSDL): `src/*Agent.ts` for the shapes
//! (`rest_shapes.tsv`), `src/Converters.ts` for the discriminators. Neither follows from
//! names: the shape depends on an internal flag (`List.SaveListItemEntity` wraps its
//! carrier, `Contact.SaveContactEntity` does not), and `Checkbox` names `FieldInfoBool`.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{Discriminator, FieldPlan, RecordTag, RustTy, TaggedVariant, TypeItem, VersionPlan};
use crate::model::Builtin;

/// How an operation's parameters travel on the REST wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestShape {
    /// A JSON object with one member per parameter (PascalCase, the element names).
    Object,
    /// No body: the operation takes no parameters.
    None,
    /// The single (carrier) parameter as the whole body.
    Carrier,
    /// The single list parameter as the whole body, a bare array (its name, as the
    /// table gives it).
    Array(String),
    /// The single id as query parameter `?Name=value`, no body.
    Query(String),
}

impl RestShape {
    /// `object`, `none`, `carrier`, `array:x` or `query:Name`, as in the table.
    pub fn as_text(&self) -> String {
        match self {
            RestShape::Object => "object".into(),
            RestShape::None => "none".into(),
            RestShape::Carrier => "carrier".into(),
            RestShape::Array(p) => format!("array:{p}"),
            RestShape::Query(n) => format!("query:{n}"),
        }
    }

    fn parse(text: &str) -> Option<RestShape> {
        Some(match text.split_once(':') {
            None => match text {
                "object" => RestShape::Object,
                "none" => RestShape::None,
                "carrier" => RestShape::Carrier,
                _ => return None,
            },
            Some(("array", p)) if !p.is_empty() => RestShape::Array(p.into()),
            Some(("query", n)) if !n.is_empty() => RestShape::Query(n.into()),
            _ => return None,
        })
    }
}

/// The Services version the Agents API serves: `ServicesCurrent` of its `GET /api`
/// (SuperOffice's "Get WebAPI version" page shows `"ServicesCurrent": "Services88"`), the
/// latest WSDL version published. Its operations, and those of any later version, are
/// called on the REST wire even where the table lacks them.
pub const CURRENT_SERVICES: u32 = 88;

/// Whether the REST wire calls an operation of `version` (`Services86`) that the table
/// does (`in_current_api`) or does not list: see [`super::OperationPlan::on_rest`]. A
/// version without a number counts as current.
pub(super) fn on_rest(version: &str, in_current_api: bool) -> bool {
    let number = version.trim_start_matches(|c: char| !c.is_ascii_digit());
    in_current_api || !matches!(number.parse::<u32>(), Ok(n) if n < CURRENT_SERVICES)
}

/// The table: (agent, operation) -> shape, every operation of the current Agents API.
const TABLE: &str = include_str!("rest_shapes.tsv");

fn table() -> &'static HashMap<(&'static str, &'static str), RestShape> {
    static PARSED: OnceLock<HashMap<(&str, &str), RestShape>> = OnceLock::new();
    PARSED.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("agent\t"))
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let (agent, op, shape) = (cols.next()?, cols.next()?, cols.next()?);
                Some(((agent, op), RestShape::parse(shape)?))
            })
            .collect()
    })
}

/// The shape of `agent.op` with these parameters, and whether the current Agents API
/// lists the operation. Unlisted operations send an object; a listed shape that does
/// not fit the parameters this version declares (an older signature) falls back to an
/// object too, which is what an operation that changed binds best.
pub(super) fn request_shape(agent: &str, op: &str, params: &[FieldPlan]) -> (RestShape, bool) {
    let Some(listed) = table().get(&(agent, op)) else {
        return (RestShape::Object, false);
    };
    let single = match params {
        [p] => Some(&p.ty),
        _ => None,
    };
    let fits = match listed {
        RestShape::Object => true,
        RestShape::None => params.is_empty(),
        RestShape::Carrier => single.is_some(),
        RestShape::Array(_) => single.is_some_and(|t| {
            matches!(
                t.without_wrappers(),
                RustTy::List { .. } | RustTy::Repeated(_)
            )
        }),
        RestShape::Query(_) => single.is_some_and(|t| {
            matches!(
                t,
                RustTy::Prim(Builtin::Int | Builtin::Long | Builtin::Short | Builtin::String)
            )
        }),
    };
    let shape = if fits {
        listed.clone()
    } else {
        RestShape::Object
    };
    (shape, true)
}

/// A polymorphic base of the Agents API: (base type, discriminator member, value ->
/// derived type).
type Base = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// The four polymorphic bases of the Agents API.
const DISCRIMINATORS: &[Base] = &[
    (
        "WorkflowStepBase",
        "StepType",
        &[
            ("AddToList", "WorkflowStepAddToList"),
            ("CreateFollowUp", "WorkflowStepCreateFollowUp"),
            ("CreateRequest", "WorkflowStepCreateRequest"),
            ("CreateSale", "WorkflowStepCreateSale"),
            ("DistributeToOwner", "WorkflowStepDistributeToOwner"),
            ("NotifyByEmail", "WorkflowStepNotifyByEmail"),
            ("NotifyBySMS", "WorkflowStepNotifyBySMS"),
            ("RemoveFromList", "WorkflowStepRemoveFromList"),
            ("RunScript", "WorkflowStepRunScript"),
            ("SendEmail", "WorkflowStepSendEmail"),
            ("SendSMS", "WorkflowStepSendSMS"),
            ("Split", "WorkflowStepSplit"),
            ("UpdateParticipant", "WorkflowStepUpdateParticipant"),
            ("WaitForAction", "WorkflowStepWaitForAction"),
            ("WaitForTime", "WorkflowStepWaitForTime"),
        ],
    ),
    (
        "WorkflowStepOptionBase",
        "OptionType",
        &[
            ("FormData", "WorkflowStepOptionFormData"),
            ("FormSubmission", "WorkflowStepOptionFormSubmission"),
            ("LinkClicked", "WorkflowStepOptionLinkClicked"),
            ("PersonData", "WorkflowStepOptionPersonData"),
            ("ProjectMembership", "WorkflowStepOptionProjectMembership"),
            (
                "SelectionMembership",
                "WorkflowStepOptionSelectionMembership",
            ),
        ],
    ),
    (
        "FieldInfoBase",
        "FieldType",
        &[
            ("Attachment", "FieldInfoAttachment"),
            ("Blob", "FieldInfoBlob"),
            ("Checkbox", "FieldInfoBool"),
            ("Date", "FieldInfoDate"),
            ("DateTime", "FieldInfoDateTime"),
            ("Decimal", "FieldInfoDecimal"),
            ("DynamicLink", "FieldInfoDynamicLink"),
            ("Integer", "FieldInfoInt"),
            ("MdoList", "FieldInfoMdoList"),
            ("ListText", "FieldInfoListText"),
            ("LongText", "FieldInfoLongText"),
            ("RelationTo", "FieldInfoRelation"),
            ("ShortText", "FieldInfoShortText"),
            ("Time", "FieldInfoTime"),
            ("TimeSpan", "FieldInfoTimeSpan"),
        ],
    ),
    (
        "BoardViewSettingsBase",
        "EntityType",
        &[
            ("ContactPerson", "ContactPersonBoardViewSettings"),
            ("Project", "ProjectBoardViewSettings"),
            ("Sale", "SaleBoardViewSettings"),
        ],
    ),
];

/// Sets the discriminator of every polymorphic enum of `v` whose base is in the table
/// (and has the member, an enumeration listing the value), and the tag of each derived
/// record it names.
pub(super) fn discriminate(v: &mut VersionPlan) {
    let mut tags: Vec<(String, RecordTag)> = Vec::new();
    let mut found: Vec<(usize, Discriminator)> = Vec::new();
    for (i, item) in v.types.iter().enumerate() {
        let TypeItem::Poly(p) = item else { continue };
        let Some((_, member, rows)) = DISCRIMINATORS.iter().find(|d| d.0 == p.xml_name) else {
            continue;
        };
        // The base must have the member too, or nothing can be told apart.
        if member_of(v, &p.variants[0].record, member).is_none() {
            continue;
        }
        let mut variants = Vec::new();
        for (value, derived) in rows.iter() {
            let Some(pv) = p.variants.iter().skip(1).find(|pv| pv.xml_name == *derived) else {
                continue;
            };
            let Some(tag) = record_tag(v, &pv.record, member, value) else {
                continue;
            };
            tags.push((pv.record.clone(), tag));
            variants.push(TaggedVariant {
                value: value.to_string(),
                variant: pv.rust.clone(),
            });
        }
        if !variants.is_empty() {
            found.push((
                i,
                Discriminator {
                    member: member.to_string(),
                    variants,
                },
            ));
        }
    }
    for (i, d) in found {
        if let TypeItem::Poly(p) = &mut v.types[i] {
            p.discriminator = Some(d);
        }
    }
    for (record, tag) in tags {
        if let Some(i) = v.types.iter().position(|t| t.rust() == record) {
            if let TypeItem::Record(r) = &mut v.types[i] {
                r.tag = Some(tag);
            }
        }
    }
}

/// The field of record `record` whose element is `member`.
fn member_of<'v>(v: &'v VersionPlan, record: &str, member: &str) -> Option<&'v FieldPlan> {
    match v.type_item(record)? {
        TypeItem::Record(r) => r.fields.iter().find(|f| f.xml_name == member),
        _ => None,
    }
}

/// The tag of a derived record: its member `member` is an enumeration listing `value`.
fn record_tag(v: &VersionPlan, record: &str, member: &str, value: &str) -> Option<RecordTag> {
    let field = member_of(v, record, member)?;
    let RustTy::Named(e) = field.ty.without_wrappers() else {
        return None;
    };
    let TypeItem::Enum(e) = v.type_item(e)? else {
        return None;
    };
    let variant = e.variants.iter().find(|x| x.xml == value)?;
    Some(RecordTag {
        field: field.rust.clone(),
        value: value.to_string(),
        variant: variant.rust.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_has_the_documented_rows() {
        let t = table();
        assert_eq!(t.len(), 2017);
        let shape = |a, o| t.get(&(a, o)).cloned();
        assert_eq!(shape("Chat", "AddChatMessage"), Some(RestShape::Object));
        assert_eq!(
            shape("Chat", "DeleteChatSessionEntity"),
            Some(RestShape::Query("ChatSessionEntityId".into()))
        );
        assert_eq!(
            shape("Chat", "GetChatSessionEntity"),
            Some(RestShape::Query("chatSessionEntityId".into()))
        );
        assert_eq!(shape("Chat", "ChatSessionsForUser"), Some(RestShape::None));
        assert_eq!(
            shape("Contact", "SaveContactEntity"),
            Some(RestShape::Carrier)
        );
        assert_eq!(
            shape("Contact", "GetContactList"),
            Some(RestShape::Array("contactIds".into()))
        );
        assert_eq!(shape("List", "SaveListItemEntity"), Some(RestShape::Object));
        assert_eq!(shape("CustomerService", "DeleteChatSessions"), None);
        let counts = t.values().fold([0; 5], |mut c, s| {
            c[match s {
                RestShape::Object => 0,
                RestShape::None => 1,
                RestShape::Carrier => 2,
                RestShape::Array(_) => 3,
                RestShape::Query(_) => 4,
            }] += 1;
            c
        });
        assert_eq!(counts, [1375, 308, 85, 47, 202]);
    }

    #[test]
    fn a_shape_that_does_not_fit_the_parameters_is_an_object() {
        let param = |ty| FieldPlan {
            rust: "p".into(),
            xml_name: "P".into(),
            xml_ns: String::new(),
            ty,
            secret: false,
        };
        let int = param(RustTy::Prim(Builtin::Int));
        let q = request_shape(
            "Chat",
            "DeleteChatSessionEntity",
            std::slice::from_ref(&int),
        );
        assert_eq!(q, (RestShape::Query("ChatSessionEntityId".into()), true));
        let two = [int.clone(), int.clone()];
        assert_eq!(
            request_shape("Chat", "DeleteChatSessionEntity", &two),
            (RestShape::Object, true)
        );
        assert_eq!(
            request_shape("Contact", "GetContactList", &[int]),
            (RestShape::Object, true)
        );
        assert_eq!(request_shape("X", "Y", &[]), (RestShape::Object, false));
    }
}
