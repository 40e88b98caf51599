//! The PDF signature's content: a CMS SignedData (RFC 5652) over the signed bytes, with one
//! Ed25519 signer (RFC 8419: SHA-512 digests) and a self-signed X.509 certificate that
//! names the installation, in the form PAdES baseline B-B asks for (`/ETSI.CAdES.detached`:
//! content-type, message-digest and signing-certificate-v2 signed attributes, no content).
//!
//! Everything here is deterministic, so a signature can be rebuilt from its parts: `open`
//! does exactly that and refuses any byte that differs from what `sign` would have written.

use der::asn1::{BitString, GeneralizedTime, OctetString, SetOfVec, UtcTime, Utf8StringRef};
use der::{Any, DateTime, Decode, Encode, Tag};
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use sha2::{Digest, Sha256, Sha512};
use x509_cert::attr::{Attribute, AttributeTypeAndValue};
use x509_cert::certificate::{Certificate, TbsCertificate, Version};
use x509_cert::ext::Extension;
use x509_cert::name::{RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{AlgorithmIdentifierOwned, ObjectIdentifier, SubjectPublicKeyInfoOwned};
use x509_cert::time::{Time, Validity};

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};

use super::key::InstallationKey;

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
const ID_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
const ID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const ID_COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const ID_ORGANIZATION: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.10");
const ID_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.15");

/// What a signature says about who made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub public_key: [u8; 32],
    /// The installation's name as its certificate gives it.
    pub name: String,
}

/// Which part of a signature is not as Muster writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Not a CMS SignedData Muster could have written.
    Structure,
    /// The certificate is not the self-signed one of the key it holds.
    Certificate,
    /// The signature value does not match its own signed attributes.
    Value,
    /// The signature is sound but was made over other bytes.
    Content,
}

fn alg(oid: ObjectIdentifier) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid,
        parameters: None,
    }
}

fn der_of(v: &impl Encode) -> Vec<u8> {
    v.to_der().expect("a structure Muster builds encodes")
}

fn name(installation: &str) -> RdnSequence {
    let rdn = |oid, s: &str| {
        let value = Any::new(Tag::Utf8String, s.as_bytes()).expect("UTF-8 string");
        RelativeDistinguishedName(
            SetOfVec::try_from(vec![AttributeTypeAndValue { oid, value }]).expect("one value"),
        )
    };
    RdnSequence(vec![
        rdn(ID_ORGANIZATION, "Muster"),
        rdn(ID_COMMON_NAME, installation),
    ])
}

/// The certificate's body for a key and a name: fixed validity (2000 to 9999, RFC 5280's
/// "no expiry"), serial number from the key's fingerprint, key usage digital signature and
/// non-repudiation.
fn tbs(public_key: &[u8; 32], installation: &str) -> TbsCertificate {
    let mut serial = Sha256::digest(public_key)[..16].to_vec();
    serial[0] &= 0x7f;
    serial[0] |= 0x40;
    let from = DateTime::new(2000, 1, 1, 0, 0, 0).expect("a date");
    let until = DateTime::new(9999, 12, 31, 23, 59, 59).expect("a date");
    // KeyUsage BIT STRING: digitalSignature (bit 0) and nonRepudiation (bit 1).
    let usage = der_of(&BitString::new(6, vec![0b1100_0000]).expect("bits"));
    TbsCertificate {
        version: Version::V3,
        serial_number: SerialNumber::new(&serial).expect("16 bytes"),
        signature: alg(ID_ED25519),
        issuer: name(installation),
        validity: Validity {
            not_before: Time::UtcTime(UtcTime::from_date_time(from).expect("before 2050")),
            not_after: Time::GeneralTime(GeneralizedTime::from_date_time(until)),
        },
        subject: name(installation),
        subject_public_key_info: SubjectPublicKeyInfoOwned {
            algorithm: alg(ID_ED25519),
            subject_public_key: BitString::from_bytes(public_key).expect("32 bytes"),
        },
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(vec![Extension {
            extn_id: ID_KEY_USAGE,
            critical: true,
            extn_value: OctetString::new(usage).expect("short"),
        }]),
    }
}

fn certificate(key: &InstallationKey) -> Certificate {
    let tbs = tbs(&key.public_key(), key.name());
    let signature = key.sign(&der_of(&tbs));
    Certificate {
        tbs_certificate: tbs,
        signature_algorithm: alg(ID_ED25519),
        signature: BitString::from_bytes(&signature).expect("64 bytes"),
    }
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Attribute {
    Attribute {
        oid,
        values: SetOfVec::try_from(vec![value]).expect("one value"),
    }
}

/// content-type id-data, message-digest SHA-512 of the signed bytes, and
/// signing-certificate-v2 (ESSCertIDv2 with the default SHA-256 of the certificate).
fn signed_attributes(digest: &[u8; 64], cert_der: &[u8]) -> SetOfVec<Attribute> {
    let cert_hash = OctetString::new(Sha256::digest(cert_der).to_vec()).expect("32 bytes");
    // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
    // ESSCertIDv2 ::= SEQUENCE { certHash OCTET STRING }
    let ess_cert_id = Any::new(Tag::Sequence, der_of(&cert_hash)).expect("sequence");
    let certs = Any::new(Tag::Sequence, der_of(&ess_cert_id)).expect("sequence");
    let signing_certificate = Any::new(Tag::Sequence, der_of(&certs)).expect("sequence");
    SetOfVec::try_from(vec![
        attribute(ID_CONTENT_TYPE, Any::encode_from(&ID_DATA).expect("oid")),
        attribute(
            ID_MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(digest.to_vec()).expect("64 bytes"))
                .expect("octets"),
        ),
        attribute(ID_SIGNING_CERTIFICATE_V2, signing_certificate),
    ])
    .expect("three attributes")
}

fn content_info(cert: Certificate, attrs: SetOfVec<Attribute>, signature: &[u8]) -> Vec<u8> {
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: cert.tbs_certificate.issuer.clone(),
        serial_number: cert.tbs_certificate.serial_number.clone(),
    });
    let signer = SignerInfo {
        version: CmsVersion::V1,
        sid,
        digest_alg: alg(ID_SHA512),
        signed_attrs: Some(attrs),
        signature_algorithm: alg(ID_ED25519),
        signature: OctetString::new(signature.to_vec()).expect("64 bytes"),
        unsigned_attrs: None,
    };
    let sd = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![alg(ID_SHA512)]).expect("one"),
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(
            SetOfVec::try_from(vec![CertificateChoices::Certificate(cert)]).expect("one"),
        )),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer]).expect("one")),
    };
    der_of(&ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&sd).expect("signed data"),
    })
}

/// The DER of a CMS SignedData signing bytes whose SHA-512 is `digest`.
pub fn sign(key: &InstallationKey, digest: &[u8; 64]) -> Vec<u8> {
    let cert = certificate(key);
    let attrs = signed_attributes(digest, &der_of(&cert));
    let signature = key.sign(&der_of(&attrs));
    content_info(cert, attrs, &signature)
}

/// Checks a SignedData against the SHA-512 of the bytes it should sign, and returns who
/// signed. Refuses anything Muster's `sign` would not have written byte for byte.
pub fn open(signed: &[u8], digest: &[u8; 64]) -> Result<Signer, Fault> {
    let ci = ContentInfo::from_der(signed).map_err(|_| Fault::Structure)?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err(Fault::Structure);
    }
    let sd: SignedData = ci.content.decode_as().map_err(|_| Fault::Structure)?;
    let [CertificateChoices::Certificate(cert)] = sd
        .certificates
        .as_ref()
        .map(|c| c.0.as_slice())
        .unwrap_or_default()
    else {
        return Err(Fault::Structure);
    };
    let [si] = sd.signer_infos.0.as_slice() else {
        return Err(Fault::Structure);
    };
    let attrs = si.signed_attrs.clone().ok_or(Fault::Structure)?;
    let signature = si.signature.as_bytes().to_vec();
    if content_info(cert.clone(), attrs.clone(), &signature) != signed {
        return Err(Fault::Structure);
    }
    // The certificate: Muster's own form for the key and name it holds, self-signed.
    let tbs_now = &cert.tbs_certificate;
    let public_key: [u8; 32] = tbs_now
        .subject_public_key_info
        .subject_public_key
        .as_bytes()
        .and_then(|b| b.try_into().ok())
        .ok_or(Fault::Certificate)?;
    let installation = common_name(&tbs_now.subject).ok_or(Fault::Certificate)?;
    if der_of(&tbs(&public_key, &installation)) != der_of(tbs_now)
        || cert.signature_algorithm != alg(ID_ED25519)
    {
        return Err(Fault::Certificate);
    }
    let vk = VerifyingKey::from_bytes(&public_key).map_err(|_| Fault::Certificate)?;
    let verify = |msg: &[u8], sig: &[u8]| {
        let sig = Signature::from_slice(sig).map_err(|_| ())?;
        vk.verify(msg, &sig).map_err(|_| ())
    };
    let cert_sig = cert.signature.as_bytes().ok_or(Fault::Certificate)?;
    verify(&der_of(tbs_now), cert_sig).map_err(|_| Fault::Certificate)?;
    verify(&der_of(&attrs), &signature).map_err(|_| Fault::Value)?;
    let expected = signed_attributes(digest, &der_of(cert));
    if expected != attrs {
        // The signature holds over its attributes; the bytes it names are other ones.
        let same_cert = signed_attributes(
            &message_digest(&attrs).ok_or(Fault::Structure)?,
            &der_of(cert),
        );
        return Err(if same_cert == attrs {
            Fault::Content
        } else {
            Fault::Certificate
        });
    }
    Ok(Signer {
        public_key,
        name: installation,
    })
}

fn message_digest(attrs: &SetOfVec<Attribute>) -> Option<[u8; 64]> {
    let a = attrs.iter().find(|a| a.oid == ID_MESSAGE_DIGEST)?;
    let v = a.values.get(0)?;
    let o: OctetString = v.decode_as().ok()?;
    o.as_bytes().try_into().ok()
}

fn common_name(name: &RdnSequence) -> Option<String> {
    name.0.iter().flat_map(|rdn| rdn.0.iter()).find_map(|atv| {
        (atv.oid == ID_COMMON_NAME)
            .then(|| atv.value.decode_as::<Utf8StringRef>().ok())
            .flatten()
            .map(|s| s.as_str().to_string())
    })
}

/// SHA-512 of the signed byte ranges, as the message-digest attribute holds it.
pub fn digest(parts: &[&[u8]]) -> [u8; 64] {
    let mut h = Sha512::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_opens_to_its_signer_and_refuses_other_bytes() {
        let key = InstallationKey::from_seed([3; 32], "KAZBAT-4 оқу бөлімі");
        let d = digest(&[b"hello"]);
        let sig = sign(&key, &d);
        assert!(sig.len() < 1500, "{}", sig.len());
        let s = open(&sig, &d).unwrap();
        assert_eq!(s.public_key, key.public_key());
        assert_eq!(s.name, "KAZBAT-4 оқу бөлімі");
        assert_eq!(sign(&key, &d), sig, "deterministic");
        assert_eq!(open(&sig, &digest(&[b"hellO"])), Err(Fault::Content));
        // Every single byte of the signature matters.
        for i in 0..sig.len() {
            let mut bad = sig.clone();
            bad[i] ^= 0x01;
            assert!(open(&bad, &d).is_err(), "byte {i} of {}", sig.len());
        }
    }
}
