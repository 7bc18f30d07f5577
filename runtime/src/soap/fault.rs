//! SOAP Fault, 1.1 (`faultcode`, `faultstring`, `faultactor`, `detail`) and 1.2 (`Code`,
//! `Reason`, `Node`, `Role`, `Detail`).

use super::SoapVersion;
use crate::codec::{DecodeError, XmlReader};

/// A SOAP Fault returned by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoapFault {
    /// The HTTP status it came with (usually 500).
    pub http_status: u16,
    /// 1.1 or 1.2 envelope.
    pub version: SoapVersion,
    /// Fault code as sent, such as `s:Client` or `env:Sender`.
    pub code: String,
    /// SOAP 1.2 `Subcode/Value`, such as `a:InternalServiceFault`.
    pub subcode: Option<String>,
    /// `faultstring` / the first `Reason/Text`.
    pub reason: String,
    /// `faultactor` / `Role`.
    pub actor: Option<String>,
    /// `detail` / `Detail`, as raw XML.
    pub detail: Option<String>,
}

/// Reads the `Fault` element just started.
pub(crate) fn read_fault(
    r: &mut XmlReader<'_>,
    version: SoapVersion,
    http_status: u16,
) -> Result<SoapFault, DecodeError> {
    let mut f = SoapFault {
        http_status,
        version,
        code: String::new(),
        subcode: None,
        reason: String::new(),
        actor: None,
        detail: None,
    };
    while let Some(c) = r.next_child()? {
        match c.local_name() {
            "faultcode" => f.code = r.text()?.trim().to_owned(),
            "faultstring" => f.reason = r.text()?.into_owned(),
            "faultactor" | "Role" => f.actor = Some(r.text()?.trim().to_owned()),
            "detail" | "Detail" => f.detail = Some(r.raw_inner()?.to_owned()),
            "Code" => {
                while let Some(v) = r.next_child()? {
                    match v.local_name() {
                        "Value" => f.code = r.text()?.trim().to_owned(),
                        "Subcode" => f.subcode = first_value(r)?,
                        _ => r.skip()?,
                    }
                }
            }
            "Reason" => {
                while let Some(t) = r.next_child()? {
                    if t.local_name() == "Text" && f.reason.is_empty() {
                        f.reason = r.text()?.into_owned();
                    } else {
                        r.skip()?;
                    }
                }
            }
            _ => r.skip()?,
        }
    }
    Ok(f)
}

/// The `Value` child of a 1.2 `Subcode` (nested subcodes are skipped).
fn first_value(r: &mut XmlReader<'_>) -> Result<Option<String>, DecodeError> {
    let mut value = None;
    while let Some(v) = r.next_child()? {
        if v.local_name() == "Value" && value.is_none() {
            value = Some(r.text()?.trim().to_owned());
        } else {
            r.skip()?;
        }
    }
    Ok(value)
}
