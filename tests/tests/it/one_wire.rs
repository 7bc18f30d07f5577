//! The wire switch at the agents' level: agents generated for both wires write the
//! request of the client's wire; agents generated for one wire (`Builder::wire`) fail on
//! a client of the other with a typed error when awaited (nothing sent, no panic); a
//! value JSON cannot carry fails the call the same way; the generated server answers a
//! REST call per the operation's request shape (in process: `Service::serve_json`).

use sogen_runtime::json::decode_json;
use sogen_runtime::server::{RequestContext, ServiceError};
use sogen_runtime::{Client, Error, Limits, Map, Nil, Wire};
use sogen_tests::generated::{services88, services99};
use sogen_tests::generated_shapes::services99 as shapes;

fn client(wire: Wire) -> Client {
    Client::builder("http://127.0.0.1:9/Remote/Services88/")
        .wire(wire)
        .build()
        .unwrap()
}

#[test]
fn both_wires_write_the_client_s_request() {
    let soap = services88::ChatAgent::new(client(Wire::Soap)).delete_chat_session_entity(5);
    assert!(soap.json_request().is_none());
    let envelope = String::from_utf8(soap.envelope()).unwrap();
    assert!(
        envelope.contains("<ChatSessionEntityId>5</ChatSessionEntityId>"),
        "{envelope}"
    );
    let rest = services88::ChatAgent::new(client(Wire::Rest)).delete_chat_session_entity(5);
    assert!(rest.envelope().is_empty());
    let request = rest.json_request().unwrap();
    assert_eq!(request.query, [("ChatSessionEntityId", "5".to_string())]);
}

#[test]
fn a_one_wire_agent_on_the_other_wire_is_a_typed_error() {
    use sogen_tests::generated_rest_only::services88::ChatAgent as RestOnly;
    use sogen_tests::generated_soap_only::services88::ChatAgent as SoapOnly;
    let soap_only = SoapOnly::new(client(Wire::Rest));
    let e = soap_only
        .delete_chat_session_entity(5)
        .blocking()
        .unwrap_err();
    assert!(
        matches!(&e, Error::Config(m) if m.contains("without the REST codec")),
        "{e}"
    );
    let rest_only = RestOnly::new(client(Wire::Soap));
    let e = rest_only
        .delete_chat_session_entity(5)
        .blocking()
        .unwrap_err();
    assert!(
        matches!(&e, Error::Config(m) if m.contains("without the SOAP codec")),
        "{e}"
    );
    // Each writes its own wire's request.
    let call = RestOnly::new(client(Wire::Rest)).add_chat_message(1, Nil);
    assert_eq!(
        call.json_request().and_then(|r| r.body.as_deref()),
        Some(&br#"{"ChatSessionId":1,"Message":null}"#[..])
    );
    let call = SoapOnly::new(client(Wire::Soap)).delete_chat_session_entity(5);
    assert!(!call.envelope().is_empty());
}

/// Versions on the REST wire: an older version's operation that the current Agents API no
/// longer has (CustomerService.DeleteChatSessions of Services86) fails before any request
/// (the client points at a closed port: a request would be `Error::Connect`), whether its
/// agent was generated for both wires or REST only; over SOAP it is sent.
#[test]
fn an_older_version_s_operation_gone_from_the_api_fails_on_rest_without_a_request() {
    use sogen_tests::generated::services86::CustomerServiceAgent as Both;
    use sogen_tests::generated_rest_only::services86::CustomerServiceAgent as RestOnly;
    let refused = |e: &Error| matches!(e, Error::Config(m) if m.contains("CustomerService.DeleteChatSessions of Services86 is not in the REST Agents API"));
    let e = Both::new(client(Wire::Rest))
        .delete_chat_sessions(&[1, 2])
        .blocking()
        .unwrap_err();
    assert!(refused(&e), "{e}");
    let e = RestOnly::new(client(Wire::Rest))
        .delete_chat_sessions(&[1, 2])
        .blocking()
        .unwrap_err();
    assert!(refused(&e), "{e}");
    let e = Both::new(client(Wire::Soap))
        .delete_chat_sessions(&[1, 2])
        .blocking()
        .unwrap_err();
    assert!(matches!(e, Error::Connect { .. }), "sent over SOAP: {e}");
    // The current version's operations are sent on REST.
    let e = services88::ChatAgent::new(client(Wire::Rest))
        .delete_chat_session_entity(5)
        .blocking()
        .unwrap_err();
    assert!(matches!(e, Error::Connect { .. }), "sent over REST: {e}");
}

#[test]
fn a_value_json_cannot_carry_fails_the_call() {
    use services99::types::Everything;
    let nil_key = Everything {
        values: Some(Map(vec![(None, sogen_runtime::AnyValue::Int(1))])),
        ..Default::default()
    };
    let agent = services99::ConstructsAgent::new(client(Wire::Rest));
    let call = agent.exercise(Some(&nil_key), Nil, 0);
    assert!(call.json_request().is_none());
    let e = call.blocking().unwrap_err();
    assert!(matches!(&e, Error::Encode(m) if m.contains("nil")), "{e}");
    // Over SOAP the same value is fine: `xsi:nil` keys exist there.
    let soap = services99::ConstructsAgent::new(client(Wire::Soap));
    assert!(!soap.exercise(Some(&nil_key), Nil, 0).envelope().is_empty());
}

/// A mock of the Contact agent of Services99, one operation per request shape.
struct Contacts;

impl shapes::server::ContactService for Contacts {
    async fn save_contact_entity(
        &self,
        _: &RequestContext,
        entity: Option<shapes::types::ContactEntity>,
    ) -> Result<Option<shapes::types::ContactEntity>, ServiceError> {
        Ok(entity.map(|mut e| {
            e.contact_id = 10;
            e
        }))
    }

    async fn get_contact_list(
        &self,
        _: &RequestContext,
        ids: Option<Vec<i32>>,
    ) -> Result<Option<Vec<Option<shapes::types::ContactEntity>>>, ServiceError> {
        let ids = ids.ok_or_else(|| ServiceError::client("no ids"))?;
        Ok(Some(
            ids.into_iter()
                .map(|id| {
                    Some(shapes::types::ContactEntity {
                        contact_id: id,
                        ..Default::default()
                    })
                })
                .collect(),
        ))
    }

    async fn get_contact_entity(
        &self,
        _: &RequestContext,
        id: i32,
    ) -> Result<Option<shapes::types::ContactEntity>, ServiceError> {
        Ok((id > 0).then(|| shapes::types::ContactEntity {
            contact_id: id,
            rating: f64::NAN,
            ..Default::default()
        }))
    }

    async fn delete_contact_entity(&self, _: &RequestContext, _: i32) -> Result<(), ServiceError> {
        Ok(())
    }

    async fn get_contact_photo(
        &self,
        _: &RequestContext,
        id: i32,
        scale: f64,
    ) -> Result<Option<Vec<u8>>, ServiceError> {
        Ok(Some(vec![id as u8, scale as u8]))
    }
}

#[tokio::test]
async fn the_generated_server_reads_each_request_shape() {
    use shapes::types::ContactEntity;
    let service = shapes::server::contact::service(Contacts);
    let agent = shapes::ContactAgent::new(client(Wire::Rest));
    let serve = |op: &'static str, call: &sogen_runtime::JsonRequest| {
        let service = service.clone();
        let body = call.body.clone().unwrap_or_default();
        let query: Vec<(String, String)> = (call.query.iter())
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        async move {
            (service.serve_json(op, &body, &query, &Limits::default(), Default::default())).await
        }
    };
    let limits = Limits::default();

    // carrier: the entity is the body.
    let entity = ContactEntity {
        name: Some("Acme".into()),
        photo: Some(vec![0, 255]),
        rating: f64::INFINITY,
        score: 0.5,
        ..Default::default()
    };
    let call = agent.save_contact_entity(&entity);
    let request = call.json_request().unwrap();
    let text = String::from_utf8(request.body.clone().unwrap()).unwrap();
    assert_eq!(
        text,
        r#"{"ContactId":0,"Name":"Acme","Photo":"AP8=","Rating":"Infinity","Score":0.5}"#
    );
    let reply = serve("SaveContactEntity", request).await.unwrap();
    let saved: Option<ContactEntity> = decode_json(&reply, &limits, None).unwrap();
    assert_eq!(
        saved,
        Some(ContactEntity {
            contact_id: 10,
            ..entity
        })
    );

    // array: the ids are the body.
    let call = agent.get_contact_list(&[3, 4]);
    let request = call.json_request().unwrap();
    assert_eq!(request.body.as_deref(), Some(&b"[3,4]"[..]));
    let reply = serve("GetContactList", request).await.unwrap();
    let list: Option<Vec<Option<ContactEntity>>> = decode_json(&reply, &limits, None).unwrap();
    let ids: Vec<i32> = list
        .unwrap()
        .iter()
        .flatten()
        .map(|c| c.contact_id)
        .collect();
    assert_eq!(ids, [3, 4]);

    // query: the id in the query, no body; a null reply is None.
    let call = agent.get_contact_entity(0);
    let request = call.json_request().unwrap();
    assert_eq!((request.body.as_ref(), request.query.len()), (None, 1));
    let reply = serve("getcontactentity", request).await.unwrap();
    assert_eq!(reply, b"null");
    let none: Option<ContactEntity> = decode_json(&reply, &limits, None).unwrap();
    assert_eq!(none, None);
    let reply = serve(
        "GetContactEntity",
        agent.get_contact_entity(7).json_request().unwrap(),
    )
    .await
    .unwrap();
    let found: Option<ContactEntity> = decode_json(&reply, &limits, None).unwrap();
    assert!(found.is_some_and(|c| c.contact_id == 7 && c.rating.is_nan()));

    // void: no content.
    let reply = serve(
        "DeleteContactEntity",
        agent.delete_contact_entity(7).json_request().unwrap(),
    )
    .await
    .unwrap();
    assert!(reply.is_empty());

    // object, with a float parameter and a base64 result.
    let call = agent.get_contact_photo(2, 3.0);
    let request = call.json_request().unwrap();
    assert_eq!(
        request.body.as_deref(),
        Some(&br#"{"ContactId":2,"Scale":3.0}"#[..])
    );
    let reply = serve("GetContactPhoto", request).await.unwrap();
    assert_eq!(reply, br#""AgM=""#);

    // A request the server cannot read, a missing query parameter, an unknown operation.
    let broken = sogen_runtime::JsonRequest {
        body: Some(br#"{"ContactId": 1, "contactid": 2}"#.to_vec()),
        query: Vec::new(),
    };
    let e = serve("GetContactPhoto", &broken).await.unwrap_err();
    assert!(e.to_string().contains("twice"), "{e}");
    let e = serve("GetContactEntity", &Default::default())
        .await
        .unwrap_err();
    assert!(e.to_string().contains("contactEntityId"), "{e}");
    assert!(serve("Nothing", &Default::default()).await.is_err());
}
