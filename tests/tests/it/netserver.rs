//! Generated Chat and CustomerService agents of Services86-88 against the test NetServer
//! (`support/netserver.rs`): a real HTTP server on 127.0.0.1 that judges every request
//! with its own XML parser and answers like SuperOffice NetServer.
//!
//! Needs the agents generated from ../shared/wsdl (cfg `sogen_corpus`, set by build.rs;
//! build.rs fails when `CI` is set and the corpus is missing).
//!
//! Polymorphic values: none of the types Chat and CustomerService reach has derived types
//! or anyType fields, so there is no polymorphic case to exercise through these agents.
#![cfg(sogen_corpus)]

use crate::support;

use std::sync::Arc;

use sogen_runtime::{items, Client, Error, PresentItems, TimeZone};
use sogen_tests::generated::{services86, services87, services88};
use support::netserver::{
    child_in, elements, escape, text, ExpectedHeaders, NetServer, Reply, Request, APP_TOKEN,
    ARRAYS, TICKET, TZ_CODE, TZ_ID,
};

/// Fails with the judge's message if the server saw anything wrong.
fn assert_no_problems(server: &NetServer) {
    let problems = server.problems();
    assert!(problems.is_empty(), "the NetServer judged: {problems:#?}");
}

fn expect_op(req: &Request<'_, '_>, agent: &str, op: &str) -> Result<(), String> {
    if req.agent == agent && req.operation == op {
        Ok(())
    } else {
        Err(format!(
            "unexpected call {}.{} (expected {agent}.{op})",
            req.agent, req.operation
        ))
    }
}

/// A ChatSessionEntity as NetServer serialises it: nested carriers, dictionaries, flag
/// sets, nils, the three dateTime kinds, an escaped string and a field from a newer server.
const CHAT_SESSION_ENTITY: &str = r#"<TableRight><Mask>Select Update Delete</Mask><Reason/></TableRight><FieldProperties><FieldPropertyDictionaryKeyValuePair><Key>CustomerName</Key><Value><FieldRight><Mask>Read Write</Mask><Reason i:nil="true"/></FieldRight><FieldType>System.String</FieldType><FieldLength>255</FieldLength></Value></FieldPropertyDictionaryKeyValuePair><FieldPropertyDictionaryKeyValuePair><Key>Rating</Key><Value i:nil="true"/></FieldPropertyDictionaryKeyValuePair></FieldProperties><ChatSessionId>7</ChatSessionId><TopicId>2</TopicId><User><TableRight i:nil="true"/><FieldProperties/><AssociateId>5</AssociateId><Name>ADA</Name><PersonId>11</PersonId><Rank>1</Rank><Tooltip/><Type>InternalAssociate</Type><GroupIdx>0</GroupIdx><FullName>Ada Admin</FullName><FormalName i:nil="true"/><Deleted>false</Deleted><EjUserId>3</EjUserId><UserName>ada</UserName><ExtraFields><StringKeyValuePair><Key>x_badge</Key><Value>gold</Value></StringKeyValuePair></ExtraFields><CustomFields/></User><Person i:nil="true"/><CustomerAlias>Guest 1</CustomerAlias><CustomerHost>10.0.0.1</CustomerHost><CustomerName>Ola &amp; Kari &lt;AS&gt;</CustomerName><CustomerEmail>ola@example.com</CustomerEmail><CustomerPhone i:nil="true"/><CustomerConsented>true</CustomerConsented><CustomerCompanyName>Nordmann AS</CustomerCompanyName><Status>InQueue</Status><FirstMessage>Hei!</FirstMessage><LastMessage>Takk &#x263A;</LastMessage><WhenRequested>2024-03-01T10:15:30</WhenRequested><WhenStarted>2024-03-01T10:16:00.123+01:00</WhenStarted><WhenEnded>2024-03-01T09:30:00Z</WhenEnded><WhenIdle>0001-01-01T00:00:00</WhenIdle><WhenFetched>2024-03-01T10:16:00</WhenFetched><SessionKey>abc-123</SessionKey><InitialQueuePos>2</InitialQueuePos><AlertLevel>0</AlertLevel><Rank>1</Rank><Flags>UserIsTyping</Flags><Contact i:nil="true"/><Project i:nil="true"/><Sale i:nil="true"/><Ticket i:nil="true"/><TransferTo i:nil="true"/><ChatbotIsActive>false</ChatbotIsActive><Rating>4</Rating><AddedInServices99>ignored</AddedInServices99>"#;

#[tokio::test]
async fn services88_get_chat_session_entity_decodes_nested_carriers_and_headers() {
    let server = NetServer::start(|req| {
        expect_op(req, "Chat", "GetChatSessionEntity")?;
        req.expect_arg("ChatSessionEntityId", "7")?;
        Ok(Reply::Response(CHAT_SESSION_ENTITY.into()))
    })
    .await;
    let chat = services88::ChatAgent::new(server.client("Services88"));
    let response = chat
        .get_chat_session_entity(7)
        .with_headers()
        .await
        .unwrap();
    assert_no_problems(&server);

    use services88::types::*;
    let e = response.value.expect("a ChatSessionEntity");
    assert_eq!(e.chat_session_id, 7);
    assert_eq!(e.topic_id, 2);
    let mask = &e.table_right.as_ref().unwrap().mask;
    assert!(mask.contains(&ETableRightItem::Update) && !mask.contains(&ETableRightItem::Insert));
    let props = e.field_properties.as_ref().expect("FieldProperties");
    assert_eq!(props.len(), 2);
    assert_eq!(props[0].0.as_deref(), Some("CustomerName"));
    let prop = props.get("CustomerName").unwrap().as_ref().unwrap();
    assert_eq!(prop.field_length, 255);
    assert!(prop
        .field_right
        .as_ref()
        .unwrap()
        .mask
        .contains(&EFieldRightItem::Write));
    assert_eq!(props[1].0.as_deref(), Some("Rating"));
    let user = e.user.as_ref().expect("User");
    assert_eq!(user.associate_id, 5);
    assert_eq!(user.full_name.as_deref(), Some("Ada Admin"));
    assert_eq!(user.r#type, UserType::InternalAssociate);
    assert_eq!(user.formal_name, None);
    let extra = user.extra_fields.as_ref().expect("ExtraFields");
    assert_eq!(extra.get("x_badge"), Some(&Some("gold".to_owned())));
    assert_eq!(extra.len(), 1);
    assert_eq!(user.custom_fields.as_ref().map(|m| m.len()), Some(0));
    assert_eq!(e.person, None);
    assert_eq!(e.customer_name.as_deref(), Some("Ola & Kari <AS>"));
    assert_eq!(e.customer_phone, None);
    assert!(e.customer_consented);
    assert_eq!(e.status, ChatSessionStatus::InQueue);
    assert_eq!(e.last_message.as_deref(), Some("Takk \u{263A}"));
    assert_eq!(e.when_requested.to_string(), "2024-03-01T10:15:30");
    assert_eq!(e.when_started.to_string(), "2024-03-01T10:16:00.123+01:00");
    assert_eq!(e.when_ended.to_string(), "2024-03-01T09:30:00Z");
    assert_eq!(e.flags.0, vec![ChatSessionFlag::UserIsTyping]);
    assert_eq!(e.rating, 4);

    let h = &response.headers;
    assert_eq!(h.succeeded, Some(true));
    assert_eq!(h.extra("judge"), Some("netserver"));
    assert_eq!(
        h.time_zone,
        Some(TimeZone {
            id: TZ_ID,
            location_code: Some(TZ_CODE.into())
        })
    );
}

#[tokio::test]
async fn services88_void_operations_send_their_arguments() {
    let server = NetServer::start(|req| match req.operation {
        "DeleteChatSessionEntity" => {
            req.expect_arg("ChatSessionEntityId", "42")?;
            Ok(Reply::Void)
        }
        "DeleteChatTopicUserAgent" => {
            req.expect_arg("ChatTopicId", "3")?;
            req.expect_arg("Username", "ada & bob")?;
            Ok(Reply::Void)
        }
        other => Err(format!("unexpected operation {other}")),
    })
    .await;
    let chat = services88::ChatAgent::new(server.client("Services88"));
    chat.delete_chat_session_entity(42).await.unwrap();
    chat.delete_chat_topic_user_agent(3, "ada & bob")
        .await
        .unwrap();
    assert_no_problems(&server);
    assert_eq!(server.requests(), 2);
}

/// `<Ids><int xmlns=Arrays>1</int>...</Ids>`: the request's ints, in order.
fn int_array(req: &Request<'_, '_>, name: &str) -> Result<Vec<String>, String> {
    let list = req.child(req.wrapper, name)?;
    elements(list)
        .into_iter()
        .map(|item| {
            if item.has_tag_name((ARRAYS, "int")) {
                text(item)
            } else {
                Err(format!(
                    "<{name}> item is {:?}, expected Arrays:int",
                    item.tag_name()
                ))
            }
        })
        .collect()
}

macro_rules! delete_chat_sessions {
    ($test:ident, $module:ident, $version:literal) => {
        #[tokio::test]
        async fn $test() {
            let server = NetServer::start(|req| {
                expect_op(req, "CustomerService", "DeleteChatSessions")?;
                let ids = int_array(req, "Ids")?;
                if ids != ["1", "-2", "2147483647"] {
                    return Err(format!("Ids are {ids:?}"));
                }
                Ok(Reply::Void)
            })
            .await;
            let cs = $module::CustomerServiceAgent::new(server.client($version));
            cs.delete_chat_sessions(&[1, -2, i32::MAX]).await.unwrap();
            cs.delete_chat_sessions(&[]).await.unwrap_err();
            assert_eq!(server.problems(), ["Ids are []"]);
        }
    };
}
delete_chat_sessions!(
    services86_customer_service_void_with_int_array,
    services86,
    "Services86"
);
delete_chat_sessions!(
    services87_customer_service_void_with_int_array,
    services87,
    "Services87"
);
delete_chat_sessions!(
    services88_customer_service_void_with_int_array,
    services88,
    "Services88"
);

const PRESENCE: &str = r#"<ChatPresence><TableRight i:nil="true"/><FieldProperties/><UserId>5</UserId><DisplayName>Ada</DisplayName><OngoingChats>2</OngoingChats><Present>true</Present><ChatTopics xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><a:int>1</a:int><a:int>4</a:int></ChatTopics></ChatPresence><ChatPresence><TableRight i:nil="true"/><FieldProperties/><UserId>6</UserId><DisplayName i:nil="true"/><OngoingChats>0</OngoingChats><Present>false</Present><ChatTopics xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays"/></ChatPresence>"#;

/// SaveChatPresence's request: each ChatPresence's UserId, Present and topics.
fn saved_presence(req: &Request<'_, '_>) -> Result<Vec<(String, String, usize)>, String> {
    let list = req.child(req.wrapper, "ChatPresence")?;
    let ns = req.ns();
    elements(list)
        .into_iter()
        .map(|p| {
            if !p.has_tag_name((ns.as_str(), "ChatPresence")) {
                return Err(format!("item {:?}, expected ChatPresence", p.tag_name()));
            }
            let topics = elements(child_in(p, &ns, "ChatTopics")?).len();
            Ok((
                text(child_in(p, &ns, "UserId")?)?,
                text(child_in(p, &ns, "Present")?)?,
                topics,
            ))
        })
        .collect()
}

macro_rules! chat_presence_arrays {
    ($test:ident, $module:ident, $version:literal) => {
        #[tokio::test]
        async fn $test() {
            let server = NetServer::start(|req| match req.operation {
                "GetChatPresence" => Ok(Reply::Response(PRESENCE.into())),
                "SaveChatPresence" => {
                    let saved = saved_presence(req)?;
                    if saved
                        != [
                            ("5".into(), "true".into(), 2),
                            ("6".into(), "false".into(), 0),
                        ]
                    {
                        return Err(format!("saved {saved:?}"));
                    }
                    Ok(Reply::Void)
                }
                other => Err(format!("unexpected operation {other}")),
            })
            .await;
            let chat = $module::ChatAgent::new(server.client($version));
            let presence = chat.get_chat_presence().await.unwrap();
            let items: Vec<_> = presence.present().collect();
            assert_eq!(items.len(), 2);
            assert_eq!(items[0].user_id, 5);
            assert_eq!(items[0].display_name.as_deref(), Some("Ada"));
            assert_eq!(items[0].ongoing_chats, 2);
            assert!(items[0].present);
            assert_eq!(items[0].chat_topics, Some(vec![1, 4]));
            assert_eq!(items[1].display_name, None);
            assert_eq!(items[1].chat_topics, Some(vec![]), "empty, not nil");
            chat.save_chat_presence(&presence).await.unwrap();
            assert_no_problems(&server);
        }
    };
}
chat_presence_arrays!(services86_chat_arrays_round_trip, services86, "Services86");
chat_presence_arrays!(services87_chat_arrays_round_trip, services87, "Services87");
chat_presence_arrays!(services88_chat_arrays_round_trip, services88, "Services88");

fn chat_messages(n: usize) -> String {
    (1..=n)
        .map(|i| {
            format!(
                "<ChatMessage><ChatMessageId>{i}</ChatMessageId><ChatSessionId>7</ChatSessionId><Type>ToUser</Type><Message>message {i} &amp; more</Message><Author>Guest</Author><ReadByCustomer>1</ReadByCustomer><SpecialType>None</SpecialType><SpecialParam i:nil=\"true\"/><WhenPosted>2024-03-01T10:{:02}:00</WhenPosted></ChatMessage>",
                i % 60
            )
        })
        .collect()
}

#[tokio::test]
async fn services88_chat_messages_array_and_complex_request() {
    let server = NetServer::start(|req| match req.operation {
        "GetChatMessages" => {
            req.expect_arg("ChatSessionId", "7")?;
            req.expect_arg("After", "0")?;
            Ok(Reply::Response(chat_messages(250)))
        }
        "AddChatMessage" => {
            req.expect_arg("ChatSessionId", "7")?;
            let m = req.child(req.wrapper, "Message")?;
            let ns = req.ns();
            let field = |name| child_in(m, &ns, name).and_then(text);
            if field("Message")? != "Hello <b> & \"you\"" || field("Type")? != "ToCustomer" {
                return Err(format!("Message is {:?}", field("Message")));
            }
            if field("WhenPosted")? != "2024-03-01T10:20:00+02:00" {
                return Err(format!("WhenPosted is {:?}", field("WhenPosted")));
            }
            Ok(Reply::Response(format!(
                "<ChatMessageId>251</ChatMessageId><ChatSessionId>7</ChatSessionId><Type>ToCustomer</Type><Message>{}</Message><Author>ADA</Author><ReadByCustomer>0</ReadByCustomer><SpecialType>None</SpecialType><WhenPosted>2024-03-01T10:20:00+02:00</WhenPosted>",
                escape("Hello <b> & \"you\"")
            )))
        }
        other => Err(format!("unexpected operation {other}")),
    })
    .await;
    use services88::types::{ChatMessage, ChatMessageType};
    let chat = services88::ChatAgent::new(server.client("Services88"));
    let messages = chat.get_chat_messages(7, 0).await.unwrap();
    let messages: Vec<_> = messages.present().collect();
    assert_eq!(messages.len(), 250);
    assert_eq!(messages[249].chat_message_id, 250);
    assert_eq!(messages[0].message.as_deref(), Some("message 1 & more"));
    assert_eq!(messages[0].r#type, ChatMessageType::ToUser);
    assert_eq!(messages[0].special_param, None);
    let new = ChatMessage {
        chat_session_id: 7,
        r#type: ChatMessageType::ToCustomer,
        message: Some("Hello <b> & \"you\"".into()),
        when_posted: "2024-03-01T10:20:00+02:00".parse().unwrap(),
        ..Default::default()
    };
    let added = chat.add_chat_message(7, &new).await.unwrap().unwrap();
    assert_eq!(added.chat_message_id, 251);
    assert_eq!(added.message, new.message);
    assert_eq!(added.when_posted, new.when_posted);
    assert_no_problems(&server);
}

/// `<InputValues><StringKeyValuePair><Key/><Value/></...>`: the request's pairs.
fn string_pairs(
    req: &Request<'_, '_>,
    node: roxmltree::Node<'_, '_>,
    name: &str,
) -> Result<Vec<(String, String)>, String> {
    let ns = req.ns();
    let map = child_in(node, &ns, name)?;
    elements(map)
        .into_iter()
        .map(|pair| {
            if !pair.has_tag_name((ns.as_str(), "StringKeyValuePair")) {
                return Err(format!("<{name}> entry is {:?}", pair.tag_name()));
            }
            Ok((
                text(child_in(pair, &ns, "Key")?)?,
                text(child_in(pair, &ns, "Value")?)?,
            ))
        })
        .collect()
}

macro_rules! event_handler_dictionaries {
    ($test:ident, $module:ident, $version:literal) => {
        #[tokio::test]
        async fn $test() {
            let server = NetServer::start(|req| {
                expect_op(req, "CustomerService", "ExecuteEventHandlers")?;
                let data = req.child(req.wrapper, "EventData")?;
                let input = string_pairs(req, data, "InputValues")?;
                let expected = [("ticket.id", "12"), ("ticket.title", "Printer <on fire> & smoking")];
                if input.iter().map(|(k, v)| (k.as_str(), v.as_str())).ne(expected) {
                    return Err(format!("InputValues are {input:?}"));
                }
                let state = string_pairs(req, data, "StateValues")?;
                if state != [("step".to_owned(), "1".to_owned())] {
                    return Err(format!("StateValues are {state:?}"));
                }
                Ok(Reply::Response(
                    r#"<TableRight i:nil="true"/><FieldProperties/><Type>SalesBeforeSaveContact</Type><InputValues/><BlockExecution>true</BlockExecution><NavigateTo i:nil="true"/><Message>Blocked by script</Message><ShowDialog i:nil="true"/><OutputValues><StringKeyValuePair><Key>ticket.priority</Key><Value>high</Value></StringKeyValuePair><StringKeyValuePair><Key>empty</Key><Value/></StringKeyValuePair></OutputValues><StateValues><StringKeyValuePair><Key>step</Key><Value>2</Value></StringKeyValuePair></StateValues><Exception i:nil="true"/><ParserValues/><CgiVariables/><CgiContent i:nil="true"/><Headers/>"#
                        .into(),
                ))
            })
            .await;
            use $module::types::{EventData, EventHandlerType};
            let cs = $module::CustomerServiceAgent::new(server.client($version));
            let data = EventData {
                r#type: EventHandlerType::SalesBeforeSaveContact,
                input_values: items([
                    ("ticket.id".to_owned(), "12".to_owned()),
                    ("ticket.title".to_owned(), "Printer <on fire> & smoking".to_owned()),
                ]),
                state_values: items([("step".to_owned(), "1".to_owned())]),
                ..Default::default()
            };
            let out = cs.execute_event_handlers(&data).await.unwrap().expect("EventData");
            assert_no_problems(&server);
            assert_eq!(out.r#type, EventHandlerType::SalesBeforeSaveContact);
            assert!(out.block_execution);
            assert_eq!(out.message.as_deref(), Some("Blocked by script"));
            assert_eq!(
                out.output_values,
                items([
                    ("ticket.priority".to_owned(), "high".to_owned()),
                    ("empty".to_owned(), String::new())
                ])
            );
            assert_eq!(out.state_values, items([("step".to_owned(), "2".to_owned())]));
            assert_eq!(out.input_values, items([]), "empty, not nil");
        }
    };
}
event_handler_dictionaries!(
    services87_customer_service_dictionaries,
    services87,
    "Services87"
);
event_handler_dictionaries!(
    services88_customer_service_dictionaries,
    services88,
    "Services88"
);

#[tokio::test]
async fn services86_customer_service_scalars() {
    let server = NetServer::start(|req| match req.operation {
        "SessionIsValid" => {
            req.expect_arg("CsSessionKey", "key & <1>")?;
            Ok(Reply::Response("true".into()))
        }
        "RemoveSession" => {
            req.expect_arg("LoginId", "-5")?;
            Ok(Reply::Void)
        }
        other => Err(format!("unexpected operation {other}")),
    })
    .await;
    let cs = services86::CustomerServiceAgent::new(server.client("Services86"));
    assert!(cs.session_is_valid("key & <1>").await.unwrap());
    cs.remove_session(-5).await.unwrap();
    assert_no_problems(&server);
}

#[tokio::test]
async fn soap_fault_becomes_error_fault() {
    let server = NetServer::start(|req| {
        expect_op(req, "Chat", "GetChatTopicEntity")?;
        Ok(Reply::Fault {
            code: "s:Server".into(),
            reason: "Object reference not set to an instance of an object.".into(),
            detail: r#"<ExceptionDetail xmlns="http://schemas.datacontract.org/2004/07/System.ServiceModel"><Message>NullReferenceException</Message></ExceptionDetail>"#.into(),
        })
    })
    .await;
    let chat = services88::ChatAgent::new(server.client("Services88"));
    match chat.get_chat_topic_entity(1).await {
        Err(Error::Fault(f)) => {
            assert_eq!(f.http_status, 500);
            assert_eq!(f.code, "s:Server");
            assert_eq!(
                f.reason,
                "Object reference not set to an instance of an object."
            );
            assert!(
                f.detail
                    .as_deref()
                    .unwrap_or("")
                    .contains("NullReferenceException"),
                "{f:?}"
            );
        }
        other => panic!("expected a fault, got {other:?}"),
    }
    assert_no_problems(&server);
}

const EXCEPTION: &str = r#"<Message>Ticket has expired</Message><StackTrace>   at SuperOffice.CRM.Security.SoPrincipal.Check()</StackTrace><FriendlyText>Please log in again</FriendlyText><ExceptionType>SoSecurityException</ExceptionType><Source>SoCore</Source><InnerException><Message>Session 12 not found</Message><StackTrace i:nil="true"/><FriendlyText i:nil="true"/><ExceptionType>KeyNotFoundException</ExceptionType><Source i:nil="true"/><InnerException i:nil="true"/><Parameters i:nil="true"/></InnerException><Parameters><SoExceptionInfoParametersKeyValuePair><Key>AssociateId</Key><Value>5</Value></SoExceptionInfoParametersKeyValuePair></Parameters>"#;

macro_rules! exception_info {
    ($test:ident, $module:ident, $version:literal) => {
        #[tokio::test]
        async fn $test() {
            let server = NetServer::start(|req| {
                expect_op(req, "Chat", "IsWithinOpeningHours")?;
                req.expect_arg("ChatTopicId", "4")?;
                Ok(Reply::Failure(EXCEPTION.into()))
            })
            .await;
            let chat = $module::ChatAgent::new(server.client($version));
            match chat.is_within_opening_hours(4).await {
                Err(Error::SuperOffice(x)) => {
                    assert_eq!(x.message, "Ticket has expired");
                    assert_eq!(x.exception_type, "SoSecurityException");
                    assert_eq!(x.friendly_text, "Please log in again");
                    assert!(x.stack_trace.contains("SoPrincipal.Check"));
                    let inner = x.inner.as_ref().expect("inner exception");
                    assert_eq!(inner.message, "Session 12 not found");
                    assert_eq!(inner.exception_type, "KeyNotFoundException");
                    assert_eq!(x.parameters, vec![("AssociateId".into(), "5".into())]);
                }
                other => panic!("expected a SuperOffice failure, got {other:?}"),
            }
            assert_no_problems(&server);
        }
    };
}
exception_info!(
    services86_exception_info_with_succeeded_false,
    services86,
    "Services86"
);
exception_info!(
    services87_exception_info_with_succeeded_false,
    services87,
    "Services87"
);
exception_info!(
    services88_exception_info_with_succeeded_false,
    services88,
    "Services88"
);

/// The judge is not a rubber stamp: wrong credentials, a missing header or the wrong
/// version's agent are refused with a fault that says what was wrong.
#[tokio::test]
async fn the_judge_refuses_wrong_requests_with_a_readable_fault() {
    let server = NetServer::start(|req| {
        expect_op(req, "Chat", "IsWithinOpeningHours")?;
        Ok(Reply::Response("true".into()))
    })
    .await;
    let reason = |r: Result<bool, Error>| match r {
        Err(Error::Fault(f)) => f.reason,
        other => panic!("expected the judge's fault, got {other:?}"),
    };
    let wrong_ticket = server.client("Services88").with_ticket("7T:someone-else");
    let r = services88::ChatAgent::new(wrong_ticket)
        .is_within_opening_hours(1)
        .await;
    assert_eq!(
        reason(r),
        "NetServer judge: Credentials/Ticket header has the wrong value"
    );

    let no_tz = Client::builder(server.base_url("Services88"))
        .application_token(APP_TOKEN)
        .ticket(TICKET)
        .build()
        .unwrap();
    let r = services88::ChatAgent::new(no_tz)
        .is_within_opening_hours(1)
        .await;
    assert_eq!(
        reason(r),
        "NetServer judge: TimeZone header present: false, expected: true"
    );

    // A Services86 agent pointed at a Services88 endpoint sends the wrong SOAPAction.
    let r = services86::ChatAgent::new(server.client("Services88"))
        .is_within_opening_hours(1)
        .await;
    assert!(reason(r).contains("SOAPAction is \"\\\"http://www.superoffice.net/ws/crm/NetServer/Services86/Chat/IsWithinOpeningHours\\\"\""));
    assert_eq!(server.problems().len(), 3);

    let ok = services88::ChatAgent::new(server.client("Services88"));
    assert!(ok.is_within_opening_hours(1).await.unwrap());
}

/// Headers are sent only when configured: a client with none sends an empty header set.
#[tokio::test]
async fn headers_are_sent_only_when_set() {
    let none = ExpectedHeaders {
        application_token: None,
        ticket: None,
        time_zone: None,
    };
    let server = NetServer::start_expecting(
        none,
        Arc::new(|req| {
            expect_op(req, "Chat", "IsWithinOpeningHours")?;
            Ok(Reply::Response("false".into()))
        }),
    )
    .await;
    let bare = Client::builder(server.base_url("Services87"))
        .build()
        .unwrap();
    assert!(!services87::ChatAgent::new(bare)
        .is_within_opening_hours(2)
        .await
        .unwrap());
    assert_no_problems(&server);
}

/// 100 calls started at once on one client: the client's cap on requests in flight
/// (`max_connections`, default 16) bounds the TCP connections the server accepts, since
/// HTTP/1.1 carries one request per connection at a time; without the cap there would be 100.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_concurrent_calls_reuse_connections() {
    let server = NetServer::start(|req| {
        expect_op(req, "Chat", "GetChatSessionEntity")?;
        let id = req.arg("ChatSessionEntityId")?;
        Ok(Reply::Response(format!(
            "<ChatSessionId>{id}</ChatSessionId><CustomerName>guest {id}</CustomerName>"
        )))
    })
    .await;
    let chat = services88::ChatAgent::new(server.client("Services88"));
    let mut calls = tokio::task::JoinSet::new();
    for id in 0..100 {
        let chat = chat.clone();
        calls.spawn(async move { (id, chat.get_chat_session_entity(id).await) });
    }
    let mut seen = Vec::new();
    while let Some(done) = calls.join_next().await {
        let (id, result) = done.unwrap();
        let e = result.unwrap().expect("entity");
        assert_eq!(e.chat_session_id, id);
        assert_eq!(e.customer_name, Some(format!("guest {id}")));
        seen.push(id);
    }
    seen.sort_unstable();
    assert_eq!(seen, (0..100).collect::<Vec<_>>());
    assert_no_problems(&server);
    assert_eq!(server.requests(), 100);
    let connections = server.connections();
    assert!(
        (1..=sogen_runtime::DEFAULT_MAX_CONNECTIONS).contains(&connections),
        "{connections} TCP connections for 100 calls at once, cap {}",
        sogen_runtime::DEFAULT_MAX_CONNECTIONS
    );
}

/// The blocking entry point, from a thread without an async runtime.
#[test]
fn blocking_calls_work_without_an_async_runtime() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(NetServer::start(|req| {
        expect_op(req, "Chat", "ChatSessionsForUser")?;
        Ok(Reply::Response(format!(
            "<ChatSessionEntity>{CHAT_SESSION_ENTITY}</ChatSessionEntity>"
        )))
    }));
    let chat = services88::ChatAgent::new(server.client("Services88"));
    let sessions = chat.chat_sessions_for_user().blocking().unwrap();
    let sessions: Vec<_> = sessions.present().collect();
    assert_eq!(sessions.len(), 1);
    assert_eq!(
        sessions[0].customer_email.as_deref(),
        Some("ola@example.com")
    );
    let with_headers = chat
        .chat_sessions_for_user()
        .blocking_with_headers()
        .unwrap();
    assert_eq!(with_headers.headers.succeeded, Some(true));
    assert_no_problems(&server);
    drop(server);
}
