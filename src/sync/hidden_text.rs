//! A received bundle's text, held to the rule typed text keeps (`text::clean`): no control,
//! zero-width or bidi character anywhere. A bundle made by Muster never holds one, since
//! everything in it was typed or imported through those checks; a signed bundle that does
//! (made by hand with a key someone trusted, or by a faulty tool) would carry it into the
//! records and from there into every terminal, report and workbook. So `open` refuses it,
//! naming where it is, before anything is read.
//!
//! The walk is a `serde` serializer that looks only at strings: every text field of every
//! record, whatever its type, without building anything: a bundle of 800,000 records is
//! walked in 0.18 s, about 1% of receiving it (`cargo bench --bench sync_bundle`).

use serde::ser::{self, Serialize};

use crate::chars::is_invisible;

/// Where a hidden character was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hidden {
    /// The kind of record (`people`, `attempts` …), or `header`.
    pub kind: String,
    /// The record's place in its list, from 1 (0 for the header).
    pub index: usize,
    pub field: String,
    /// `U+001B`.
    pub code_point: String,
}

/// The first hidden character in any string of `value`, if there is one. `kind` names the
/// value when it is not a struct of lists (the header).
pub fn first_hidden<T: Serialize>(value: &T, kind: &str) -> Option<Hidden> {
    let mut w = Walker {
        depth: 0,
        kind: kind.to_string(),
        index: 0,
        field: Field::Named(""),
        key: String::new(),
        key_next: false,
        found: None,
    };
    let _ = value.serialize(&mut w);
    w.found
}

/// Variation selectors pick an emoji's look in free text (`✔️`): typed text keeps them.
fn hidden(c: char) -> bool {
    is_invisible(c) && !matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

struct Walker {
    /// 0 outside everything, 1 in the top struct, 2 in one of its lists, 3+ in a record.
    depth: usize,
    kind: String,
    index: usize,
    field: Field,
    /// The last map key read, kept in one buffer (an audit trail of 100,000 entries has
    /// most of a million).
    key: String,
    /// The next string is a map's key (a flattened struct's field name).
    key_next: bool,
    found: Option<Hidden>,
}

/// The field being walked: a struct's (its name is static) or a flattened one's (the last
/// map key).
#[derive(Clone, Copy)]
enum Field {
    Named(&'static str),
    Key,
}

#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a hidden character")
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Stop
    }
}

type Done = Result<(), Stop>;

impl Walker {
    fn text(&mut self, s: &str) -> Done {
        if self.key_next {
            self.key_next = false;
            if self.depth <= 3 {
                self.key.clear();
                self.key.push_str(s);
                self.field = Field::Key;
            }
        }
        // One pass over the bytes for the usual ASCII text; characters from the first byte
        // that is a control or starts a longer character (always at a character's start).
        let bad = s
            .bytes()
            .position(|b| !(0x20..0x7F).contains(&b))
            .and_then(|i| s[i..].chars().find(|&c| hidden(c)));
        match bad {
            None => Ok(()),
            Some(c) => {
                self.found = Some(Hidden {
                    kind: self.kind.clone(),
                    index: self.index,
                    field: match self.field {
                        Field::Named(name) => name.to_string(),
                        Field::Key => self.key.clone(),
                    },
                    code_point: format!("U+{:04X}", c as u32),
                });
                Err(Stop)
            }
        }
    }

    fn enter(&mut self) -> Result<&mut Self, Stop> {
        self.depth += 1;
        Ok(self)
    }

    fn leave(&mut self) -> Done {
        self.depth -= 1;
        Ok(())
    }

    /// A field of the top struct names the list it holds; a field of a record is named.
    fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Done {
        match self.depth {
            1 if self.kind.is_empty() => {
                self.kind = key.to_string();
                self.index = 0;
                let r = value.serialize(&mut *self);
                self.kind.clear();
                r
            }
            1..=3 => {
                self.field = Field::Named(key);
                value.serialize(&mut *self)
            }
            _ => value.serialize(&mut *self),
        }
    }
}

/// Values with no text: nothing to look at.
macro_rules! ignore {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, _: $t) -> Done {
            Ok(())
        }
    )*};
}

/// The parts of a tuple: each walked in turn.
macro_rules! elements {
    ($($part:ident :: $method:ident),*) => {$(
        impl ser::$part for &mut Walker {
            type Ok = ();
            type Error = Stop;
            fn $method<T: ?Sized + Serialize>(&mut self, v: &T) -> Done {
                v.serialize(&mut **self)
            }
            fn end(self) -> Done {
                self.leave()
            }
        }
    )*};
}

/// The fields of a struct: each walked under its name.
macro_rules! fields {
    ($($part:ident),*) => {$(
        impl ser::$part for &mut Walker {
            type Ok = ();
            type Error = Stop;
            fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, v: &T) -> Done {
                self.field(key, v)
            }
            fn end(self) -> Done {
                self.leave()
            }
        }
    )*};
}

impl<'a> ser::Serializer for &'a mut Walker {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = &'a mut Walker;
    type SerializeTuple = &'a mut Walker;
    type SerializeTupleStruct = &'a mut Walker;
    type SerializeTupleVariant = &'a mut Walker;
    type SerializeMap = &'a mut Walker;
    type SerializeStruct = &'a mut Walker;
    type SerializeStructVariant = &'a mut Walker;

    ignore!(
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_f32: f32,
        serialize_f64: f64,
        serialize_bytes: &[u8]
    );
    fn serialize_char(self, c: char) -> Done {
        self.text(c.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, s: &str) -> Done {
        self.text(s)
    }
    fn serialize_none(self) -> Done {
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Done {
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> Done {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        v: &T,
    ) -> Done {
        v.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Stop> {
        self.enter()
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Stop> {
        self.enter()
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Stop> {
        self.enter()
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Stop> {
        self.enter()
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Stop> {
        self.enter()
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Stop> {
        self.enter()
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Stop> {
        self.enter()
    }
}

impl ser::SerializeSeq for &mut Walker {
    type Ok = ();
    type Error = Stop;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Done {
        if self.depth == 2 {
            self.index += 1;
        }
        v.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.leave()
    }
}

elements!(
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Walker {
    type Ok = ();
    type Error = Stop;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> Done {
        self.key_next = true;
        let r = k.serialize(&mut **self);
        self.key_next = false;
        r
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Done {
        v.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.leave()
    }
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{SyncPerson, SyncRecords};

    fn person(sn: &str, family: &str, unit: &str) -> SyncPerson {
        let json = serde_json::json!({
            "service_number": sn, "family_name": family, "given_name": "Айдос",
            "patronymic": null, "rank": "", "category": "enlisted", "gender": "M",
            "role": "", "unit": unit, "created_at": "2026-12-05T07:00:00.000Z",
            "updated_at": ""
        });
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn clean_records_pass_and_each_hidden_character_is_found_where_it_is() {
        let mut r = SyncRecords {
            people: vec![
                person("KZ1", "Сейітқали", "1 взвод ✔️"),
                person("KZ2", "Omarov", "2"),
            ],
            ..SyncRecords::default()
        };
        assert_eq!(first_hidden(&r, ""), None);
        for (bad, code) in [
            ("\u{1b}]0;x\u{7}", "U+001B"),
            ("Ome\u{202E}rov", "U+202E"),
            ("O\u{200B}marov", "U+200B"),
            ("O\nmarov", "U+000A"),
            ("\u{7F}", "U+007F"),
        ] {
            r.people[1].family_name = bad.into();
            assert_eq!(
                first_hidden(&r, ""),
                Some(Hidden {
                    kind: "people".into(),
                    index: 2,
                    field: "family_name".into(),
                    code_point: code.into(),
                }),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_flattened_field_and_a_nested_one_are_named() {
        let r: SyncRecords = serde_json::from_value(serde_json::json!({
            "contingents": [], "modules": [], "people": [], "assignments": [],
            "attempts": [], "voidings": [], "validations": [],
            "audit": [{
                "origin": "0123456789abcdef0123456789abcdef", "origin_id": 7,
                "at": "2026-12-05T07:00:00.000Z", "actor": "Lt\u{1b}[2J", "action": "add",
                "entity": "person", "entity_id": "KZ1", "old_value": null, "new_value": null
            }]
        }))
        .unwrap();
        let found = first_hidden(&r, "").unwrap();
        assert_eq!((found.kind.as_str(), found.index), ("audit", 1));
        assert_eq!(found.field, "actor");
    }
}
