//! Typing a checked document straight from its tree: `serde::Deserializer` for a
//! [`Node`], so that a manifest becomes a typed object without first being built as a
//! `serde_json::Value` and then dropped.
//!
//! It sees each node as [`Node::to_json`] would make it, and answers as serde_json's
//! `&Value` deserializer does (integers, out-of-range integers, non-finite floats,
//! options, enums, lengths left over): decoding a node gives what
//! `T::deserialize(&node.to_json())` gives, errors and all (the tests hold both side
//! by side).

use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, Unexpected,
    VariantAccess, Visitor,
};

use super::tree::{Key, Kind, Node};

/// Why a node is not a `T`: the message serde gives (no position: the caller has it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(String);

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DecodeError {}

impl de::Error for DecodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DecodeError(msg.to_string())
    }
}

/// The node as a `T`.
pub fn decode<T: DeserializeOwned>(node: &Node) -> Result<T, DecodeError> {
    T::deserialize(node)
}

impl Node {
    /// What the node is, for "invalid type" messages (as `Value::unexpected`).
    fn unexpected(&self) -> Unexpected<'_> {
        match &self.kind {
            Kind::Null => Unexpected::Unit,
            Kind::Bool(b) => Unexpected::Bool(*b),
            Kind::Int(i) if *i >= 0 => Unexpected::Unsigned(*i as u64),
            Kind::Int(i) => Unexpected::Signed(*i),
            Kind::BigInt(s) => match big_int(s) {
                Big::Unsigned(u) => Unexpected::Unsigned(u),
                Big::Float(f) => Unexpected::Float(f),
                Big::Text(s) => Unexpected::Str(s),
            },
            Kind::Float(f) if f.is_finite() => Unexpected::Float(*f),
            Kind::Float(_) => Unexpected::Unit,
            Kind::Str(s) => Unexpected::Str(s),
            Kind::Seq(_) => Unexpected::Seq,
            Kind::Map(_) => Unexpected::Map,
        }
    }
}

/// An integer too big for an int64, as `to_json` reads it.
enum Big<'a> {
    Unsigned(u64),
    Float(f64),
    Text(&'a str),
}

fn big_int(s: &str) -> Big<'_> {
    if let Ok(u) = s.parse::<u64>() {
        return Big::Unsigned(u);
    }
    match s.parse::<f64>() {
        Ok(f) if f.is_finite() => Big::Float(f),
        _ => Big::Text(s),
    }
}

impl<'de> de::Deserializer<'de> for &'de Node {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match &self.kind {
            Kind::Null => visitor.visit_unit(),
            Kind::Bool(b) => visitor.visit_bool(*b),
            // serde_json keeps a non-negative integer as unsigned.
            Kind::Int(i) if *i >= 0 => visitor.visit_u64(*i as u64),
            Kind::Int(i) => visitor.visit_i64(*i),
            Kind::BigInt(s) => match big_int(s) {
                Big::Unsigned(u) => visitor.visit_u64(u),
                Big::Float(f) => visitor.visit_f64(f),
                Big::Text(s) => visitor.visit_borrowed_str(s),
            },
            Kind::Float(f) if f.is_finite() => visitor.visit_f64(*f),
            // JSON has no NaN or infinity: `to_json` makes them null.
            Kind::Float(_) => visitor.visit_unit(),
            Kind::Str(s) => visitor.visit_borrowed_str(s),
            Kind::Seq(items) => {
                let mut seq = Items(items.iter());
                let value = visitor.visit_seq(&mut seq)?;
                match seq.0.len() {
                    0 => Ok(value),
                    _ => Err(de::Error::invalid_length(
                        items.len(),
                        &"fewer elements in array",
                    )),
                }
            }
            Kind::Map(entries) => {
                let mut map = Entries {
                    entries: entries.iter(),
                    value: None,
                };
                let value = visitor.visit_map(&mut map)?;
                match map.entries.len() {
                    0 => Ok(value),
                    _ => Err(de::Error::invalid_length(
                        entries.len(),
                        &"fewer elements in map",
                    )),
                }
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match &self.kind {
            Kind::Null => visitor.visit_none(),
            Kind::Float(f) if !f.is_finite() => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        match &self.kind {
            Kind::Str(s) => visitor.visit_enum(Variant {
                name: s,
                value: None,
            }),
            Kind::Map(entries) => match entries.as_slice() {
                [(key, value)] => visitor.visit_enum(Variant {
                    name: &key.name,
                    value: Some(value),
                }),
                _ => Err(de::Error::invalid_value(
                    Unexpected::Map,
                    &"map with a single key",
                )),
            },
            _ => Err(de::Error::invalid_type(self.unexpected(), &"string or map")),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

struct Items<'de>(std::slice::Iter<'de, Node>);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DecodeError> {
        self.0.next().map(|node| seed.deserialize(node)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Entries<'de> {
    entries: std::slice::Iter<'de, (Key, Node)>,
    value: Option<&'de Node>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = DecodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DecodeError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(BorrowedStrDeserializer::new(&key.name))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DecodeError> {
        match self.value.take() {
            Some(node) => seed.deserialize(node),
            None => Err(de::Error::custom("value is missing")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An enum as a string (a unit variant) or a map of one entry (variant → content).
struct Variant<'de> {
    name: &'de str,
    value: Option<&'de Node>,
}

impl<'de> EnumAccess<'de> for Variant<'de> {
    type Error = DecodeError;
    type Variant = Content<'de>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Content<'de>), DecodeError> {
        let name = BorrowedStrDeserializer::<DecodeError>::new(self.name);
        Ok((seed.deserialize(name)?, Content(self.value)))
    }
}

struct Content<'de>(Option<&'de Node>);

impl<'de> VariantAccess<'de> for Content<'de> {
    type Error = DecodeError;

    fn unit_variant(self) -> Result<(), DecodeError> {
        match self.0 {
            None => Ok(()),
            Some(node) => serde::Deserialize::deserialize(node),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, DecodeError> {
        match self.0 {
            Some(node) => seed.deserialize(node),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"newtype variant",
            )),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.compound(|k| matches!(k, Kind::Seq(_)), "tuple variant", visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.compound(|k| matches!(k, Kind::Map(_)), "struct variant", visitor)
    }
}

impl<'de> Content<'de> {
    /// The content of a tuple or struct variant: a node of the `wanted` kind.
    fn compound<V: Visitor<'de>>(
        self,
        wanted: fn(&Kind) -> bool,
        what: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        match self.0 {
            Some(node) if wanted(&node.kind) => de::Deserializer::deserialize_any(node, visitor),
            Some(node) => Err(de::Error::invalid_type(node.unexpected(), &what)),
            None => Err(de::Error::invalid_type(Unexpected::UnitVariant, &what)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;
    use serde_json::Value;

    use super::*;
    use crate::api::User;
    use crate::validate::tree;

    /// The one document of `text`.
    fn node(text: &str) -> Node {
        let mut parsed = tree::parse(text);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        parsed.docs.remove(0).root
    }

    /// Decoding the node and decoding its JSON value give the same, errors included.
    fn same_as_json<T>(text: &str) -> Result<T, String>
    where
        T: DeserializeOwned + PartialEq + fmt::Debug,
    {
        let n = node(text);
        let direct = decode::<T>(&n).map_err(|e| e.to_string());
        let json = n.to_json();
        let via_json = T::deserialize(&json).map_err(|e| e.to_string());
        assert_eq!(direct, via_json, "{text}");
        direct
    }

    #[test]
    fn a_user_decodes_as_from_its_json_value() {
        let user = same_as_json::<User>(
            "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: alice\n  \
             labels: {team: a, n: '1'}\n  annotations: {x: y}\nspec:\n  username: alice\n  \
             email: a@example.com\n  groups: [dev, ops]\n  disabled: false\n  subject: alice\n  \
             unknownLater: {kept: [1, -2, 3.5, null, true]}\n",
        );
        let user = user.expect("a User");
        assert_eq!(user.metadata.name.as_deref(), Some("alice"));
        assert_eq!(
            user.spec.groups.as_deref(),
            Some(&["dev".to_string(), "ops".to_string()][..])
        );
        // The unknown field is kept as written, through the flattened remainder.
        let back = serde_json::to_value(&user).expect("encode");
        assert_eq!(
            back["spec"]["unknownLater"],
            serde_json::json!({"kept": [1, -2, 3.5, null, true]})
        );
    }

    #[test]
    fn wrong_types_fail_with_serde_json_s_message() {
        let err = same_as_json::<User>("kind: User\nmetadata: {name: [a]}\n").unwrap_err();
        assert!(
            err.contains("invalid type: sequence, expected a string"),
            "{err}"
        );
        let err = same_as_json::<User>("kind: User\nspec: {groups: x}\n").unwrap_err();
        assert!(err.contains("invalid type: string \"x\""), "{err}");
        let err = same_as_json::<User>("kind: User\nspec: {disabled: 1}\n").unwrap_err();
        assert!(
            err.contains("invalid type: integer `1`, expected a boolean"),
            "{err}"
        );
    }

    #[test]
    fn numbers_nulls_and_options_read_as_json_would() {
        // Integers beyond int64, beyond uint64, non-finite floats, negative numbers.
        let v = same_as_json::<Value>(
            "a: 18446744073709551615\nb: 18446744073709551616\nc: .nan\nd: -.inf\ne: -3\n\
             f: 2.5\ng: ~\nh: [1, {x: 'y'}]\n",
        );
        assert_eq!(
            v.expect("a value"),
            serde_json::json!({
                "a": 18446744073709551615u64, "b": 18446744073709551616.0, "c": null,
                "d": null, "e": -3, "f": 2.5, "g": null, "h": [1, {"x": "y"}]
            })
        );
        let m = same_as_json::<BTreeMap<String, Option<u8>>>("a: 1\nb: null\nc: .inf\n");
        assert_eq!(
            m.expect("a map"),
            BTreeMap::from([
                ("a".into(), Some(1)),
                ("b".into(), None),
                ("c".into(), None)
            ])
        );
        assert!(same_as_json::<BTreeMap<String, u8>>("a: 300\n").is_err());
        assert!(same_as_json::<BTreeMap<String, i8>>("a: -1\n").is_ok());
    }

    #[test]
    fn enums_and_lengths_read_as_json_would() {
        #[derive(Debug, PartialEq, Deserialize)]
        enum E {
            Unit,
            New(u8),
            Tuple(u8, u8),
            Struct { a: u8 },
        }
        for text in [
            "Unit",
            "{New: 1}",
            "{Tuple: [1, 2]}",
            "{Struct: {a: 1}}",
            "{Unit: null}",
            "{New: 1, Unit: null}",
            "[1]",
            "Nope",
            "{Tuple: 1}",
            "{Struct: [1]}",
            "New",
        ] {
            let _ = same_as_json::<E>(text);
        }
        // A tuple of two from a list of three: serde_json's "fewer elements" answer.
        let err = same_as_json::<(u8, u8)>("[1, 2, 3]").unwrap_err();
        assert!(err.contains("fewer elements in array"), "{err}");
    }
}
