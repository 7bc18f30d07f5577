//! The headers each wire derives from the client's settings and the call's: how the
//! credential travels, the application token, the time zone, language and culture.
//!
//! | setting | SOAP | REST |
//! |---|---|---|
//! | ticket | `Credentials/Ticket` in the envelope | `Authorization: SOTicket <ticket>` |
//! | access token (`AccessToken`) | exchanged for a ticket (`SoPrincipal`) | `Authorization: Bearer <token>` |
//! | user name and password | a ticket from `SoPrincipal` | the same, or `Authorization: Basic` when asked for (`UsernamePassword::basic`) |
//! | application token | `ApplicationToken` in the envelope | `SO-AppToken` |
//! | time zone | `TimeZone` in the envelope | `SO-TimeZone: <location code or id>` |
//! | language | `Accept-Language` and `SO-Language` | the same |
//! | culture | `SO-Culture` | the same |
//!
//! Sources: SuperOffice's authentication pages (`Authorization` schemes, `SO-AppToken`)
//! and HTTP headers page (`SO-TimeZone`, `SO-Language`, `SO-Culture`), and its TypeScript
//! client `@superoffice/webapi`, which sets `Accept-Language` and `SO-Language` together.
//! A client's or call's own header of the same name replaces any of these.

use crate::client::Shared;
use crate::soap::TimeZone;
use crate::Secret;

/// How a credential is sent on the REST wire (its `Authorization` scheme).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum AuthScheme {
    /// A NetServer ticket: `Authorization: SOTicket <ticket>` over REST, the
    /// `Credentials` header over SOAP.
    #[default]
    SoTicket,
    /// An access token sent as it is, `Authorization: Bearer <token>` (REST only; over
    /// SOAP an access token is exchanged for a ticket).
    Bearer,
    /// A user name and password, `Authorization: Basic base64(user:password)` (REST,
    /// onsite only, when asked for).
    Basic,
}

impl AuthScheme {
    /// The scheme as the `Authorization` header spells it (`SOTicket`, `Bearer`, `Basic`).
    pub fn name(self) -> &'static str {
        match self {
            AuthScheme::SoTicket => "SOTicket",
            AuthScheme::Bearer => "Bearer",
            AuthScheme::Basic => "Basic",
        }
    }
}

/// A credential ready to send: a ticket, a bearer token, or `user:password` for Basic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Credential {
    pub(crate) scheme: AuthScheme,
    pub(crate) value: Secret,
}

impl Credential {
    /// A ticket.
    pub(crate) fn ticket(value: Secret) -> Self {
        Credential {
            scheme: AuthScheme::SoTicket,
            value,
        }
    }

    /// The value of the `Authorization` header.
    fn authorization(&self) -> String {
        let value = self.value.expose();
        match self.scheme {
            AuthScheme::Basic => format!("Basic {}", base64_simd::STANDARD.encode_to_string(value)),
            scheme => format!("{} {value}", scheme.name()),
        }
    }

    /// Every form the credential travels in, for redaction: as it is and, for Basic, its
    /// base64 and the password alone (a server may quote either).
    pub(crate) fn forms(&self) -> Vec<Secret> {
        let mut forms = vec![self.value.clone()];
        if self.scheme == AuthScheme::Basic {
            let value = self.value.expose();
            let encoded = base64_simd::STANDARD.encode_to_string(value);
            forms.push(Secret::new(encoded));
            if let Some((_, password)) = value.split_once(':') {
                forms.push(Secret::new(password));
            }
        }
        forms
    }
}

/// The settings of one call: the client's, with the call's own over them.
pub(crate) struct Settings<'a> {
    application_token: Option<&'a Secret>,
    pub(crate) time_zone: Option<&'a TimeZone>,
    language: Option<&'a str>,
    culture: Option<&'a str>,
}

impl<'a> Settings<'a> {
    pub(crate) fn of(shared: &'a Shared, call: &'a super::Locale) -> Self {
        Settings {
            application_token: shared.application_token.as_ref(),
            time_zone: (call.time_zone.as_ref()).or(shared.time_zone.as_ref()),
            language: (call.language.as_deref()).or(shared.language.as_deref()),
            culture: (call.culture.as_deref()).or(shared.culture.as_deref()),
        }
    }

    /// The headers both wires send for the language and culture.
    fn locale(&self, out: &mut Vec<(String, String)>) {
        if let Some(language) = self.language {
            out.push(("Accept-Language".into(), language.into()));
            out.push(("SO-Language".into(), language.into()));
        }
        if let Some(culture) = self.culture {
            out.push(("SO-Culture".into(), culture.into()));
        }
    }

    /// A SOAP call's HTTP headers besides its content type and action (the ticket,
    /// application token and time zone travel in the envelope).
    pub(crate) fn soap_headers(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.locale(&mut out);
        out
    }

    /// A REST call's headers: content negotiation, the credential, the application
    /// token, time zone, language and culture.
    pub(crate) fn rest_headers(
        &self,
        credential: Option<&Credential>,
        has_body: bool,
    ) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if has_body {
            out.push((
                "Content-Type".into(),
                "application/json; charset=utf-8".into(),
            ));
        }
        out.push(("Accept".into(), "application/json".into()));
        if let Some(c) = credential {
            out.push(("Authorization".into(), c.authorization()));
        }
        if let Some(token) = self.application_token {
            out.push(("SO-AppToken".into(), token.expose().into()));
        }
        if let Some(tz) = self.time_zone {
            out.push(("SO-TimeZone".into(), time_zone_value(tz)));
        }
        self.locale(&mut out);
        out
    }
}

/// `SO-TimeZone`'s value for `tz`: its location code (`NO`), else its id (`261`).
pub(crate) fn time_zone_value(tz: &TimeZone) -> String {
    match tz.location_code.as_deref().map(str::trim) {
        Some(code) if !code.is_empty() => code.to_owned(),
        _ => tz.id.to_string(),
    }
}

#[cfg(any(all(feature = "server", feature = "rest"), test))]
/// The time zone an `SO-TimeZone` value names (the server's reading): an id when it is
/// a number, else a location code; `, includeTZOffset` (any case, spaced or not) is not
/// part of it.
pub(crate) fn parse_time_zone(value: &str) -> Option<TimeZone> {
    let zone = value.split(',').next()?.trim();
    if zone.is_empty() {
        return None;
    }
    Some(match zone.parse::<i32>() {
        Ok(id) => TimeZone {
            id,
            location_code: None,
        },
        Err(_) => TimeZone {
            id: 0,
            location_code: Some(zone.to_owned()),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_and_their_forms() {
        let basic = Credential {
            scheme: AuthScheme::Basic,
            value: Secret::new("tje0:Tje0"),
        };
        // SuperOffice's documented sample: `Authorization: Basic dGplMDpUamUw`.
        assert_eq!(basic.authorization(), "Basic dGplMDpUamUw");
        let forms: Vec<String> = basic.forms().iter().map(|s| s.expose().into()).collect();
        assert_eq!(forms, ["tje0:Tje0", "dGplMDpUamUw", "Tje0"]);
        let ticket = Credential::ticket(Secret::new("7T:abc"));
        assert_eq!(ticket.authorization(), "SOTicket 7T:abc");
    }

    #[test]
    fn time_zones_both_ways() {
        let no = TimeZone {
            id: 7,
            location_code: Some("NO".into()),
        };
        assert_eq!(time_zone_value(&no), "NO");
        let by_id = TimeZone {
            id: 261,
            location_code: None,
        };
        assert_eq!(time_zone_value(&by_id), "261");
        assert_eq!(parse_time_zone("261"), Some(by_id));
        assert_eq!(
            parse_time_zone("NO, includeTZOffset").and_then(|t| t.location_code),
            Some("NO".into())
        );
        assert_eq!(parse_time_zone(" ,x"), None);
    }
}
