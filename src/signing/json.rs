//! The JSON report's signature: a `signature` member beside the report's own,
//!
//! ```json
//! "signature": {
//!   "algorithm": "Ed25519",
//!   "database_id": "…32 hex…",
//!   "fingerprint": "3F2A 9C01 77DE 5B40",
//!   "public_key": "…64 hex…",
//!   "signer": "KAZBAT-4 training office",
//!   "value": "…128 hex…"
//! }
//! ```
//!
//! `value` is the Ed25519 signature of the document's canonical form (keys sorted at every
//! level, no whitespace: `canonical_value`) with `signature.value` left out, so the
//! signature also covers who signed. The file's bytes must be exactly the document as
//! Muster prints it (keys sorted, two-space indent, one final newline): a file re-saved by
//! another program is refused even when its content is intact.

use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use serde_json::{Map, Value};

use super::key::{hex_lower, unhex, Fingerprint, InstallationKey};
use super::{Format, Issuer, SealError, Sealed};

pub const ALGORITHM: &str = "Ed25519";

/// The report document (`report::json_value`) signed and printed as the file's bytes.
pub fn sign(mut doc: Value, key: &InstallationKey, issuer: &Issuer) -> Vec<u8> {
    let mut sig = Map::new();
    sig.insert("algorithm".into(), ALGORITHM.into());
    sig.insert("database_id".into(), issuer.database_id.clone().into());
    sig.insert("fingerprint".into(), key.fingerprint().short().into());
    sig.insert("public_key".into(), hex_lower(&key.public_key()).into());
    sig.insert("signer".into(), key.name().into());
    let Value::Object(m) = &mut doc else {
        unreachable!("a report is an object")
    };
    m.insert("signature".into(), Value::Object(sig));
    let value = key.sign(canonical_value(&doc).as_bytes());
    if let Some(Value::Object(s)) = doc.get_mut("signature") {
        s.insert("value".into(), hex_lower(&value).into());
    }
    print(&doc).into_bytes()
}

/// The document as Muster prints it: the only bytes `open` accepts for it.
pub fn print(doc: &Value) -> String {
    serde_json::to_string_pretty(&sorted(doc.clone())).expect("serialisable") + "\n"
}

/// Any JSON value in the same canonical form: keys sorted at every level, no whitespace.
pub fn canonical_value(v: &serde_json::Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).expect("string"));
                out.push(':');
                write_canonical(&m[k], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&serde_json::to_string(other).expect("scalar")),
    }
}

/// Rebuilds every object with its keys inserted in sorted order, so the output is sorted
/// whether or not serde_json keeps insertion order.
pub fn sorted(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            let mut entries: Vec<(String, Value)> = m.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(sorted).collect()),
        other => other,
    }
}

fn text<'a>(sig: &'a Map<String, Value>, field: &'static str) -> Result<&'a str, SealError> {
    sig.get(field)
        .and_then(Value::as_str)
        .ok_or(SealError::Damaged(Format::Json, field))
}

pub fn open(file: &[u8]) -> Result<Sealed, SealError> {
    let f = Format::Json;
    let s = std::str::from_utf8(file).map_err(|_| SealError::NotAReport)?;
    let mut doc: Value = serde_json::from_str(s).map_err(|e| match e.classify() {
        serde_json::error::Category::Eof => SealError::Truncated(f),
        // A signed Muster report that no longer parses was edited by hand.
        _ if s.contains("\"format\": \"muster-report/") && s.contains("\"signature\": {") => {
            SealError::Tampered(f)
        }
        _ => SealError::NotAReport,
    })?;
    let Value::Object(m) = &mut doc else {
        return Err(SealError::NotAReport);
    };
    if !m.contains_key("format") || !m.contains_key("header") {
        return Err(SealError::NotAReport);
    }
    let Some(Value::Object(sig)) = m.get("signature") else {
        return Err(SealError::Unsigned(f));
    };
    let mut sig = sig.clone();
    let value = text(&sig, "value")?;
    let value: [u8; 64] = unhex(value.as_bytes())
        .and_then(|v| v.try_into().ok())
        .ok_or(SealError::Damaged(f, "value"))?;
    let public_key: [u8; 32] = unhex(text(&sig, "public_key")?.as_bytes())
        .and_then(|v| v.try_into().ok())
        .ok_or(SealError::Damaged(f, "public_key"))?;
    if text(&sig, "algorithm")? != ALGORITHM {
        return Err(SealError::Damaged(f, "algorithm"));
    }
    let key =
        VerifyingKey::from_bytes(&public_key).map_err(|_| SealError::Damaged(f, "public_key"))?;
    sig.remove("value");
    m.insert("signature".into(), Value::Object(sig.clone()));
    let message = canonical_value(&doc);
    key.verify(message.as_bytes(), &Signature::from_bytes(&value))
        .map_err(|_| SealError::Tampered(f))?;
    // The signature holds; now the bytes must be exactly Muster's.
    let fingerprint = Fingerprint::of(&public_key).short();
    if text(&sig, "fingerprint")? != fingerprint {
        return Err(SealError::Damaged(f, "fingerprint"));
    }
    let signer_name = text(&sig, "signer")?.to_string();
    let database_id = text(&sig, "database_id")?.to_string();
    let Value::Object(m) = &mut doc else {
        unreachable!("checked above")
    };
    if let Some(Value::Object(s)) = m.get_mut("signature") {
        s.insert("value".into(), hex_lower(&value).into());
    }
    if print(&doc).as_bytes() != file {
        // Re-saved by another program, its content as signed; unless some object names a
        // member twice: the signature held for the copy a parser keeping the last one reads,
        // and one keeping the first reads another report.
        return Err(if duplicate_members(file) {
            SealError::Tampered(f)
        } else {
            SealError::Reformatted
        });
    }
    let report_sha256 = doc
        .get("validation")
        .and_then(|v| v.get("sha256"))
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok(Sealed {
        format: f,
        public_key,
        signer_name,
        database_id,
        report_sha256,
        json: Some(s.to_string()),
    })
}

/// Whether some object of the JSON text names one member twice.
fn duplicate_members(file: &[u8]) -> bool {
    serde_json::from_slice::<Distinct>(file).is_err()
}

/// A JSON value every object of which names each member once (reading it fails otherwise).
struct Distinct;

impl<'de> serde::Deserialize<'de> for Distinct {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DistinctVisitor)
    }
}

struct DistinctVisitor;

impl<'de> serde::de::Visitor<'de> for DistinctVisitor {
    type Value = Distinct;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Distinct, E> {
        Ok(Distinct)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Distinct, E> {
        Ok(Distinct)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Distinct, E> {
        Ok(Distinct)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Distinct, E> {
        Ok(Distinct)
    }
    fn visit_str<E>(self, _: &str) -> Result<Distinct, E> {
        Ok(Distinct)
    }
    fn visit_unit<E>(self) -> Result<Distinct, E> {
        Ok(Distinct)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut s: A) -> Result<Distinct, A::Error> {
        while s.next_element::<Distinct>()?.is_some() {}
        Ok(Distinct)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Distinct, A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(k) = m.next_key::<String>()? {
            if !seen.insert(k) {
                return Err(serde::de::Error::custom("a member named twice"));
            }
            m.next_value::<Distinct>()?;
        }
        Ok(Distinct)
    }
}
