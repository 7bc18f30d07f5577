//! Polymorphic values through the test NetServer (`support/netserver.rs`, a real HTTP
//! server on 127.0.0.1 judging requests with its own XML parser): the generated Services88
//! Workflow agent sends and receives types derived from `WorkflowStepBase` and
//! `WorkflowStepOptionBase`. On the wire each derived value carries an `xsi:type` naming
//! its type in the Services88 namespace (checked by the server, prefixes resolved); back
//! from the server, `xsi:type` picks the variant, with or without a prefix, and an element
//! without one decodes as the base.
//!
//! Needs the corpus build (cfg `sogen_corpus`): Workflow exists only in ../shared/wsdl.
#![cfg(sogen_corpus)]

// Each test binary uses part of the shared helpers.
#[allow(dead_code)]
use crate::support;

use roxmltree::Node;
use sogen_runtime::{items, PresentItems};
use sogen_tests::generated::services88::types::{
    EmailFlow, WorkflowStepBase, WorkflowStepBaseKind, WorkflowStepOptionBaseKind,
    WorkflowStepOptionLinkClicked, WorkflowStepSendEmail, WorkflowStepSplit, WorkflowStepType,
    WorkflowStepWaitForTime, WorkflowTimeWaitIntervalType,
};
use sogen_tests::generated::services88::WorkflowAgent;
use support::netserver::{elements, text, NetServer, Reply, Request, XSI};

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

fn agent(server: &NetServer) -> WorkflowAgent {
    let client = server.client("Services88");
    WorkflowAgent::new(client)
}

/// Fails with the judge's message if the server saw anything wrong.
fn assert_no_problems(server: &NetServer) {
    let problems = server.problems();
    assert!(problems.is_empty(), "the NetServer judged: {problems:#?}");
}

/// The `xsi:type` of `node` as (namespace URI, local name), its prefix resolved in scope;
/// `None` when absent.
fn xsi_type(node: Node<'_, '_>) -> Result<Option<(String, String)>, String> {
    let Some(value) = node.attribute((XSI, "type")) else {
        return Ok(None);
    };
    let (prefix, local) = match value.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, value),
    };
    let uri = node
        .lookup_namespace_uri(prefix)
        .ok_or_else(|| format!("xsi:type {value:?}: prefix not declared"))?;
    Ok(Some((uri.to_owned(), local.to_owned())))
}

/// The one child element `name` (Services88 namespace) of `node`.
fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Result<Node<'a, 'i>, String> {
    let found: Vec<_> = elements(node)
        .into_iter()
        .filter(|c| c.has_tag_name((NS, name)))
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        _ => Err(format!(
            "<{}> has {} <{name}> children, expected 1",
            node.tag_name().name(),
            found.len()
        )),
    }
}

/// Checks that `node` is typed `expected` (a Services88 type) and returns it.
fn typed<'a, 'i>(node: Node<'a, 'i>, expected: &str) -> Result<Node<'a, 'i>, String> {
    match xsi_type(node)? {
        Some((ns, name)) if ns == NS && name == expected => Ok(node),
        other => Err(format!(
            "<{}> has xsi:type {other:?}, expected ({NS}, {expected})",
            node.tag_name().name()
        )),
    }
}

/// The steps of a flow: a base step, a wait, and a split whose link-clicked option holds
/// an e-mail step (polymorphic values nested inside polymorphic values).
fn flow() -> EmailFlow {
    let send = WorkflowStepSendEmail {
        workflow_step_id: 31,
        step_type: WorkflowStepType::SendEmail,
        subject: Some("Welcome & thanks".into()),
        attachments: Some(vec![4, 5]),
        ..Default::default()
    };
    let option = WorkflowStepOptionLinkClicked {
        workflow_step_option_id: 21,
        name: Some("clicked".into()),
        steps: items([WorkflowStepBaseKind::WorkflowStepSendEmail(send)]),
        link_id: 77,
        ..Default::default()
    };
    EmailFlow {
        email_flow_id: 9,
        name: Some("Onboarding".into()),
        steps: items([
            WorkflowStepBaseKind::WorkflowStepBase(WorkflowStepBase {
                workflow_step_id: 1,
                rank: 1,
                ..Default::default()
            }),
            WorkflowStepBaseKind::WorkflowStepWaitForTime(WorkflowStepWaitForTime {
                workflow_step_id: 2,
                step_type: WorkflowStepType::WaitForTime,
                num_intervals: 3,
                interval_type: WorkflowTimeWaitIntervalType::Days,
                ..Default::default()
            }),
            WorkflowStepBaseKind::WorkflowStepSplit(WorkflowStepSplit {
                workflow_step_id: 3,
                step_type: WorkflowStepType::Split,
                options: items([WorkflowStepOptionBaseKind::WorkflowStepOptionLinkClicked(
                    option,
                )]),
                ..Default::default()
            }),
        ]),
        ..Default::default()
    }
}

/// What the server requires of the SaveEmailFlow request carrying [`flow`].
fn judge_saved_flow(req: &Request<'_, '_>) -> Result<(), String> {
    if (req.agent, req.operation) != ("Workflow", "SaveEmailFlow") {
        return Err(format!("unexpected call {}.{}", req.agent, req.operation));
    }
    let flow = child(req.wrapper, "EmailFlow")?;
    if xsi_type(flow)?.is_some() {
        return Err("EmailFlow has no derived types: no xsi:type expected".into());
    }
    let steps = elements(child(flow, "Steps")?);
    let [base, wait, split] = steps.as_slice() else {
        return Err(format!("{} steps, expected 3", steps.len()));
    };
    for s in &steps {
        if !s.has_tag_name((NS, "WorkflowStepBase")) {
            return Err(format!("step element {:?}", s.tag_name()));
        }
    }
    // The declared type itself: no xsi:type, or one naming the base.
    match xsi_type(*base)? {
        None => {}
        Some((ns, name)) if ns == NS && name == "WorkflowStepBase" => {}
        other => return Err(format!("base step typed {other:?}")),
    }
    let wait = typed(*wait, "WorkflowStepWaitForTime")?;
    if text(child(wait, "NumIntervals")?)? != "3" || text(child(wait, "IntervalType")?)? != "Days" {
        return Err("wait step fields".into());
    }
    let split = typed(*split, "WorkflowStepSplit")?;
    let options = elements(child(split, "Options")?);
    let [option] = options.as_slice() else {
        return Err(format!("{} options, expected 1", options.len()));
    };
    if !option.has_tag_name((NS, "WorkflowStepOptionBase")) {
        return Err(format!("option element {:?}", option.tag_name()));
    }
    let option = typed(*option, "WorkflowStepOptionLinkClicked")?;
    if text(child(option, "LinkId")?)? != "77" {
        return Err("LinkId".into());
    }
    let inner = elements(child(option, "Steps")?);
    let [send] = inner.as_slice() else {
        return Err(format!("{} nested steps, expected 1", inner.len()));
    };
    let send = typed(*send, "WorkflowStepSendEmail")?;
    if text(child(send, "Subject")?)? != "Welcome & thanks" {
        return Err("Subject".into());
    }
    Ok(())
}

/// The flow NetServer answers with, typed the ways a WCF server writes `xsi:type`: a
/// prefix bound on the element, the default namespace (no prefix), and no type at all.
const SAVED_FLOW: &str = r#"<EmailFlowId>10</EmailFlowId><Name>Onboarding (saved)</Name><Steps><WorkflowStepBase><WorkflowStepId>1</WorkflowStepId><WorkflowId>10</WorkflowId><StepType>None</StepType><Rank>1</Rank></WorkflowStepBase><WorkflowStepBase i:type="a:WorkflowStepWaitForTime" xmlns:a="http://www.superoffice.net/ws/crm/NetServer/Services88"><WorkflowStepId>2</WorkflowStepId><WorkflowId>10</WorkflowId><StepType>WaitForTime</StepType><Rank>2</Rank><TimeWaitAlgorithm>NumIntervals</TimeWaitAlgorithm><NumIntervals>3</NumIntervals><IntervalType>Days</IntervalType></WorkflowStepBase><WorkflowStepBase i:type="WorkflowStepSplit"><WorkflowStepId>3</WorkflowStepId><WorkflowId>10</WorkflowId><StepType>Split</StepType><Rank>3</Rank><SplitName>by click</SplitName><Options><WorkflowStepOptionBase i:type="WorkflowStepOptionLinkClicked"><OptionType>LinkClicked</OptionType><WorkflowStepOptionId>21</WorkflowStepOptionId><Name>clicked</Name><Steps><WorkflowStepBase i:type="WorkflowStepSendEmail"><WorkflowStepId>31</WorkflowStepId><StepType>SendEmail</StepType><Subject>Welcome &amp; thanks</Subject><Attachments xmlns:b="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><b:int>4</b:int><b:int>5</b:int></Attachments></WorkflowStepBase></Steps><LinkId>77</LinkId></WorkflowStepOptionBase></Options></WorkflowStepBase></Steps>"#;

#[tokio::test]
async fn derived_workflow_steps_travel_both_ways_with_xsi_type() {
    let server = NetServer::start(|req| {
        judge_saved_flow(req)?;
        Ok(Reply::Response(SAVED_FLOW.into()))
    })
    .await;
    let saved = agent(&server)
        .save_email_flow(&flow())
        .await
        .expect("SaveEmailFlow succeeds")
        .expect("a flow comes back");
    assert_no_problems(&server);
    assert_eq!(server.requests(), 1);

    assert_eq!(saved.email_flow_id, 10);
    assert_eq!(saved.name.as_deref(), Some("Onboarding (saved)"));
    let steps: Vec<_> = saved.steps.present().collect();
    let [base, wait, split] = steps.as_slice() else {
        panic!("three steps expected: {:?}", saved.steps);
    };
    // No xsi:type: the declared base type.
    let WorkflowStepBaseKind::WorkflowStepBase(base) = base else {
        panic!("untyped step decoded as {base:?}");
    };
    assert_eq!((base.workflow_step_id, base.rank), (1, 1));
    // A prefixed xsi:type.
    let WorkflowStepBaseKind::WorkflowStepWaitForTime(wait) = wait else {
        panic!("a:WorkflowStepWaitForTime decoded as {wait:?}");
    };
    assert_eq!(wait.step_type, WorkflowStepType::WaitForTime);
    assert_eq!(wait.num_intervals, 3);
    assert_eq!(wait.interval_type, WorkflowTimeWaitIntervalType::Days);
    // Unprefixed xsi:type (default namespace), and polymorphic values nested inside.
    let WorkflowStepBaseKind::WorkflowStepSplit(split) = split else {
        panic!("WorkflowStepSplit decoded as {split:?}");
    };
    assert_eq!(split.split_name.as_deref(), Some("by click"));
    let options: Vec<_> = split.options.present().collect();
    let [WorkflowStepOptionBaseKind::WorkflowStepOptionLinkClicked(option)] = options.as_slice()
    else {
        panic!("one link-clicked option expected: {:?}", split.options);
    };
    assert_eq!(option.link_id, 77);
    let steps: Vec<_> = option.steps.present().collect();
    let [WorkflowStepBaseKind::WorkflowStepSendEmail(send)] = steps.as_slice() else {
        panic!("one e-mail step expected: {:?}", option.steps);
    };
    assert_eq!(send.subject.as_deref(), Some("Welcome & thanks"));
    assert_eq!(send.attachments, Some(vec![4, 5]));
}

#[tokio::test]
async fn a_derived_step_is_a_typed_parameter() {
    let server = NetServer::start(|req| {
        if (req.agent, req.operation) != ("Workflow", "AddAfterWorkflowStep") {
            return Err(format!("unexpected call {}.{}", req.agent, req.operation));
        }
        req.expect_arg("WorkflowStepId", "5")?;
        let step = typed(child(req.wrapper, "SubStep")?, "WorkflowStepSendEmail")?;
        if text(child(step, "Subject")?)? != "Hi" {
            return Err("Subject".into());
        }
        // The server answers with the step as stored, its type left to the declared base.
        Ok(Reply::Response(
            "<WorkflowStepId>6</WorkflowStepId><WorkflowId>1</WorkflowId><StepType>SendEmail</StepType><Rank>2</Rank>".into(),
        ))
    })
    .await;
    let step = WorkflowStepBaseKind::WorkflowStepSendEmail(WorkflowStepSendEmail {
        step_type: WorkflowStepType::SendEmail,
        subject: Some("Hi".into()),
        ..Default::default()
    });
    let added = agent(&server)
        .add_after_workflow_step(5, &step)
        .await
        .expect("AddAfterWorkflowStep succeeds");
    assert_no_problems(&server);
    let Some(WorkflowStepBaseKind::WorkflowStepBase(added)) = added else {
        panic!("an untyped Response decodes as the base: {added:?}");
    };
    assert_eq!(added.workflow_step_id, 6);
    assert_eq!(added.step_type, WorkflowStepType::SendEmail);
}
