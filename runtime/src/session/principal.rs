//! [`Principal`]: who a session is logged in as, as `SoPrincipal` answered.

use std::fmt;

use crate::codec::{Decode, DecodeError, ElementStart, Limits, XmlReader};

/// Who a session is logged in as: the `SoPrincipalCarrier` that `SoPrincipal` answered the
/// login with (user name and password, access token; see
/// [`Session::principal`](crate::Session::principal)).
///
/// The fields every version declares are here, typed; the whole carrier as received (roles,
/// licenses, function rights, ...) decodes into the generated `SoPrincipalCarrier` of the
/// version in use with [`carrier`](Self::carrier), so nothing the server sent is lost.
///
/// ```
/// use sogen_runtime::session::Principal;
/// use sogen_runtime::{Decode, Limits, XmlReader};
/// let xml = br#"<Response xmlns="urn:ns"><Associate>JANE</Associate><AssociateId>5</AssociateId>
///     <FullName>Jane Doe</FullName><Licenses/></Response>"#;
/// let mut r = XmlReader::new(xml, Limits::default()).unwrap();
/// let start = r.next_child().unwrap().unwrap();
/// let who = Principal::decode(&mut r, &start).unwrap();
/// assert_eq!((who.associate_id, who.associate.as_deref()), (5, Some("JANE")));
/// assert!(who.xml().contains("<Licenses/>"));
/// ```
#[derive(Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Principal {
    /// `Associate`: the login name of the user (associate).
    pub associate: Option<String>,
    /// `AssociateId`: the associate's id.
    pub associate_id: i32,
    /// `PersonId`: the person record of the associate.
    pub person_id: i32,
    /// `ContactId`: the company (contact) the associate's person belongs to.
    pub contact_id: i32,
    /// `GroupId`: the associate's primary user group.
    pub group_id: i32,
    /// `FullName`: the associate's full name.
    pub full_name: Option<String>,
    /// `EMailAddress`: the associate's e-mail address.
    pub email_address: Option<String>,
    /// `UserType`: `InternalAssociate`, `ExternalAssociate`, `SystemAssociate`, ...
    pub user_type: Option<String>,
    /// `RoleName`: the associate's role.
    pub role_name: Option<String>,
    /// `DatabaseContextIdentifier`: the tenant (`Cust12345`), where the server says.
    pub database_context_identifier: Option<String>,
    /// The carrier element as received, standing on its own.
    xml: String,
}

/// Reads the carrier element `r` has just started, through its end tag, keeping it whole.
impl Decode for Principal {
    fn decode(r: &mut XmlReader<'_>, _: &ElementStart<'_>) -> Result<Self, DecodeError> {
        let xml = r.raw_element()?;
        let mut principal = Principal::default();
        // The kept copy, read once more for the typed fields.
        let mut copy = XmlReader::new(xml.as_bytes(), Limits::default())?;
        if copy.next_child()?.is_some() {
            while let Some(c) = copy.next_child()? {
                let r = &mut copy;
                match c.local_name() {
                    "Associate" => principal.associate = Decode::decode(r, &c)?,
                    "AssociateId" => principal.associate_id = Decode::decode(r, &c)?,
                    "PersonId" => principal.person_id = Decode::decode(r, &c)?,
                    "ContactId" => principal.contact_id = Decode::decode(r, &c)?,
                    "GroupId" => principal.group_id = Decode::decode(r, &c)?,
                    "FullName" => principal.full_name = Decode::decode(r, &c)?,
                    "EMailAddress" => principal.email_address = Decode::decode(r, &c)?,
                    "UserType" => principal.user_type = Decode::decode(r, &c)?,
                    "RoleName" => principal.role_name = Decode::decode(r, &c)?,
                    "DatabaseContextIdentifier" => {
                        principal.database_context_identifier = Decode::decode(r, &c)?;
                    }
                    _ => r.skip()?,
                }
            }
        }
        principal.xml = xml;
        Ok(principal)
    }
}

impl Principal {
    /// The whole `SoPrincipalCarrier` element as received, with the namespace declarations
    /// it needs.
    pub fn xml(&self) -> &str {
        &self.xml
    }

    /// The whole carrier decoded as `T`, such as the generated
    /// `services88::types::SoPrincipalCarrier` (every field of that version).
    pub fn carrier<T: Decode>(&self) -> Result<T, DecodeError> {
        let mut r = XmlReader::new(self.xml.as_bytes(), Limits::default())?;
        match r.next_child()? {
            Some(start) => T::decode(&mut r, &start),
            None => Err(DecodeError::new(
                crate::DecodeErrorKind::EmptyBody,
                String::new(),
                Default::default(),
            )),
        }
    }
}

/// Shows the typed fields and the size of the carrier, not its content.
impl fmt::Debug for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Principal")
            .field("associate", &self.associate)
            .field("associate_id", &self.associate_id)
            .field("person_id", &self.person_id)
            .field("contact_id", &self.contact_id)
            .field("group_id", &self.group_id)
            .field("full_name", &self.full_name)
            .field("email_address", &self.email_address)
            .field("user_type", &self.user_type)
            .field("role_name", &self.role_name)
            .field(
                "database_context_identifier",
                &self.database_context_identifier,
            )
            .field("xml", &format_args!("{} bytes", self.xml.len()))
            .finish()
    }
}
