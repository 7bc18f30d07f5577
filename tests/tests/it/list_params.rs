//! What a list parameter puts on the wire for each way of passing it: `&[]`, an array,
//! `&vec`, items that may be nil, and `Nil`. Services99 `Constructs.Tag` takes a nillable
//! list of text (`Names`) and of numbers (`Ids`); the test NetServer on 127.0.0.1 reads
//! each request with its own XML parser and answers how many items it found.

use sogen_runtime::Nil;
use sogen_tests::generated::services99::ConstructsAgent;

use crate::support::netserver::{elements, text, NetServer, Reply, Request, ARRAYS, XSI};

/// A list parameter as the server read it: nil, or its items (`None` for a nil item).
#[derive(Debug, PartialEq)]
enum Seen {
    Nil,
    Items(Vec<Option<String>>),
}

fn seen(req: &Request<'_, '_>, name: &str, item: &str) -> Result<Seen, String> {
    let list = req.child(req.wrapper, name)?;
    if list.attribute((XSI, "nil")) == Some("true") {
        if !elements(list).is_empty() || list.text().is_some_and(|t| !t.trim().is_empty()) {
            return Err(format!("<{name}> is nil and has content"));
        }
        return Ok(Seen::Nil);
    }
    let items = elements(list)
        .into_iter()
        .map(|i| {
            if !i.has_tag_name((ARRAYS, item)) {
                return Err(format!("<{name}> item {:?}", i.tag_name()));
            }
            match i.attribute((XSI, "nil")) {
                Some("true") => Ok(None),
                _ => text(i).map(Some),
            }
        })
        .collect::<Result<_, _>>()?;
    Ok(Seen::Items(items))
}

fn items(texts: &[Option<&str>]) -> Seen {
    Seen::Items(texts.iter().map(|t| t.map(str::to_owned)).collect())
}

#[tokio::test]
async fn every_way_of_passing_a_list_sends_what_it_says() {
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sent = log.clone();
    let server = NetServer::start(move |req| {
        let names = seen(req, "Names", "string")?;
        let ids = seen(req, "Ids", "int")?;
        let count = |s: &Seen| match s {
            Seen::Nil => 0,
            Seen::Items(i) => i.len(),
        };
        let n = count(&names) + count(&ids);
        sent.lock().unwrap().push((names, ids));
        Ok(Reply::Response(n.to_string()))
    })
    .await;
    let agent = ConstructsAgent::new(server.client("Services99"));

    // An empty list: an empty element, not nil.
    assert_eq!(agent.tag(&[], &[]).await.unwrap(), 0);
    // Arrays of items.
    assert_eq!(agent.tag(&["a"], &[1, 2]).await.unwrap(), 3);
    // A Vec (of String, or of any item type) by reference.
    let names = vec!["x".to_owned(), "y".to_owned()];
    let ids: Vec<i32> = vec![7];
    assert_eq!(agent.tag(&names, &ids).await.unwrap(), 3);
    // Nil, for the list or for an item.
    assert_eq!(agent.tag(Nil, Nil).await.unwrap(), 0);
    assert_eq!(agent.tag(&[Some("a"), None], Nil).await.unwrap(), 2);
    // A slice, and a list as a response carried it.
    let received: Option<Vec<Option<String>>> = Some(vec![None]);
    assert_eq!(agent.tag(&received, &ids[..]).await.unwrap(), 2);

    assert_eq!(
        *log.lock().unwrap(),
        [
            (items(&[]), Seen::Items(vec![])),
            (items(&[Some("a")]), items(&[Some("1"), Some("2")])),
            (items(&[Some("x"), Some("y")]), items(&[Some("7")])),
            (Seen::Nil, Seen::Nil),
            (items(&[Some("a"), None]), Seen::Nil),
            (items(&[None]), items(&[Some("7")])),
        ]
    );
    assert!(server.problems().is_empty(), "{:?}", server.problems());
}
