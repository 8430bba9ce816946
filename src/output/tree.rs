//! A page of a list as a borrowed JSON tree, for printing it without building
//! `serde_json::Value`s: strings point into the page's text (copied only when they hold
//! an escape), an object is a vector of members, nothing is hashed. A `Value` costs
//! about a hundred allocations per user (an IndexMap and a hash table per object, a
//! `String` per key and per string); a [`Node`] costs one per object and per array.
//! The profile of `user get -o json` of 10,000 users showed malloc and free at 40% of
//! the client's CPU; `json` and `name` print lists from these trees.
//!
//! [`JsonNode`] is what the JSON writer (`output::json`) reads, so one writer prints
//! both a `Value` and a `Node` byte for byte alike.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// A JSON value borrowing its strings from the text it was parsed from.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    /// Members in the order of the text.
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
}

impl<'a> Node<'a> {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        match self {
            Node::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    /// Add the member `key: value` to an object that lacks it (a list's items may come
    /// without `apiVersion` and `kind`).
    pub fn insert_missing(&mut self, key: &'a str, value: &'a str) {
        if let Node::Object(members) = self
            && !members.iter().any(|(k, _)| k == key)
        {
            members.push((Cow::Borrowed(key), Node::String(Cow::Borrowed(value))));
        }
    }

    /// Drop the member `key` of an object.
    pub fn remove(&mut self, key: &str) {
        if let Node::Object(members) = self {
            members.retain(|(k, _)| k != key);
        }
    }

    /// The member `key` of an object, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node<'a>> {
        match self {
            Node::Object(members) => members.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

impl Node<'_> {
    /// The same value as a `serde_json::Value` (everything copied).
    pub fn to_value(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::String(s) => Value::String(s.to_string()),
            Node::Array(a) => Value::Array(a.iter().map(Node::to_value).collect()),
            Node::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, v)| (k.to_string(), v.to_value()))
                    .collect(),
            ),
        }
    }

    /// Only the members at `paths` (dotted: `spec.email`) of this object, as a `Value`:
    /// what a table reads of a user, without building the rest of it.
    pub fn project(&self, paths: &[&str]) -> Value {
        let mut out = Map::new();
        for path in paths {
            let mut keys = path.split('.');
            let Some(first) = keys.next() else {
                continue;
            };
            let mut node = self.get(first);
            let mut at = vec![first];
            for key in keys {
                node = node.and_then(|n| n.get(key));
                at.push(key);
            }
            if let Some(node) = node {
                insert_at(&mut out, &at, node.to_value());
            }
        }
        Value::Object(out)
    }
}

/// Put `value` at the path `at` in `map`, making the objects on the way.
fn insert_at(map: &mut Map<String, Value>, at: &[&str], value: Value) {
    match at {
        [] => {}
        [last] => {
            map.insert((*last).to_string(), value);
        }
        [first, rest @ ..] => {
            let child = map
                .entry((*first).to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(child) = child {
                insert_at(child, rest, value);
            }
        }
    }
}

/// What the JSON writer sees of a value: its kind and, for an object, its members in
/// Go's order (keys sorted byte-wise).
pub enum View<'v, T> {
    Null,
    Bool(bool),
    Number(&'v Number),
    String(&'v str),
    Array(&'v [T]),
    Object(Vec<(&'v str, &'v T)>),
}

/// A JSON tree the writer can print: `serde_json::Value` or [`Node`].
pub trait JsonNode: Sized {
    fn view(&self) -> View<'_, Self>;
}

/// Members sorted by key (byte-wise), unless they already are.
fn sorted_members<'v, T>(mut v: Vec<(&'v str, &'v T)>) -> Vec<(&'v str, &'v T)> {
    if !v.windows(2).all(|w| w[0].0 <= w[1].0) {
        v.sort_unstable_by(|a, b| a.0.cmp(b.0));
    }
    v
}

impl JsonNode for Value {
    fn view(&self) -> View<'_, Self> {
        match self {
            Value::Null => View::Null,
            Value::Bool(b) => View::Bool(*b),
            Value::Number(n) => View::Number(n),
            Value::String(s) => View::String(s),
            Value::Array(a) => View::Array(a),
            Value::Object(m) => View::Object(sorted_members(
                m.iter().map(|(k, v)| (k.as_str(), v)).collect(),
            )),
        }
    }
}

impl JsonNode for Node<'_> {
    fn view(&self) -> View<'_, Self> {
        match self {
            Node::Null => View::Null,
            Node::Bool(b) => View::Bool(*b),
            Node::Number(n) => View::Number(n),
            Node::String(s) => View::String(s),
            Node::Array(a) => View::Array(a),
            Node::Object(m) => View::Object(sorted_members(
                m.iter().map(|(k, v)| (k.as_ref(), v)).collect(),
            )),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Node<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut scratch = Scratch::default();
        d.deserialize_any(NodeVisitor(&mut scratch))
    }
}

/// Where the members of the objects (and the items of the arrays) being parsed are
/// gathered, one run after another (a nested object's run is moved out before its
/// parent's next member comes), then moved into a vector of exactly their size: one
/// allocation per object and array (none when empty), not a vector grown by doubling
/// (serde_json gives no size).
#[derive(Default)]
struct Scratch<'a> {
    items: Vec<Node<'a>>,
    members: Vec<(Cow<'a, str>, Node<'a>)>,
}

struct NodeVisitor<'s, 'a>(&'s mut Scratch<'a>);

impl<'de: 'a, 'a> serde::de::DeserializeSeed<'de> for NodeVisitor<'_, 'a> {
    type Value = Node<'a>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Node<'a>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de: 'a, 'a> Visitor<'de> for NodeVisitor<'_, 'a> {
    type Value = Node<'a>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Node<'a>, E> {
        Ok(Node::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Node<'a>, E> {
        Ok(Node::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Node<'a>, E> {
        Ok(Node::Number(n.into()))
    }

    /// As `serde_json::Value`: a float JSON cannot hold is null.
    fn visit_f64<E>(self, f: f64) -> Result<Node<'a>, E> {
        Ok(Number::from_f64(f).map_or(Node::Null, Node::Number))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Node<'a>, E> {
        Ok(Node::String(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Node<'a>, E> {
        Ok(Node::String(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Node<'a>, E> {
        Ok(Node::String(Cow::Owned(s)))
    }

    fn visit_unit<E>(self) -> Result<Node<'a>, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node<'a>, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node<'a>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'a>, A::Error> {
        let start = self.0.items.len();
        while let Some(item) = seq.next_element_seed(NodeVisitor(&mut *self.0))? {
            self.0.items.push(item);
        }
        Ok(Node::Array(self.0.items.drain(start..).collect()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'a>, A::Error> {
        let start = self.0.members.len();
        while let Some(Key(key)) = map.next_key()? {
            let value = map.next_value_seed(NodeVisitor(&mut *self.0))?;
            self.0.members.push((key, value));
        }
        Ok(Node::Object(self.0.members.drain(start..).collect()))
    }
}

/// An object's key, borrowed from the text when it holds no escape (serde's own
/// `Cow<str>` always copies).
struct Key<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Key<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor<'a>(PhantomData<Key<'a>>);
        impl<'de: 'a, 'a> Visitor<'de> for KeyVisitor<'a> {
            type Value = Key<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'a>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Key<'a>, E> {
                Ok(Key(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E>(self, s: String) -> Result<Key<'a>, E> {
                Ok(Key(Cow::Owned(s)))
            }
        }
        d.deserialize_str(KeyVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree prints byte for byte as the `Value` of the same text (escapes, floats,
    /// large integers, unicode, nesting, key order).
    #[test]
    fn prints_as_the_value_of_the_same_text() {
        let text = r#"{"z": "a\"b\\c\u003c\n\u2028é", "b": [1, -2, 1.5, 1e-7, 18446744073709551615, true, null, {}],
            "a\u0041": {"y": [], "x": {"k": "v"}}, "metadata": {"name": "n", "managedFields": [{"m": 1}]}}"#;
        let node: Node = serde_json::from_str(text).unwrap();
        let value: Value = serde_json::from_str(text).unwrap();
        for strip in [false, true] {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            crate::output::json::write_pretty(&mut a, &node, strip);
            crate::output::json::write_pretty(&mut b, &value, strip);
            assert_eq!(String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap());
        }
        let (mut a, mut b) = (Vec::new(), Vec::new());
        crate::output::json::write_compact(&mut a, &node);
        crate::output::json::write_compact(&mut b, &value);
        assert_eq!(a, b);
    }

    /// Strings and keys without escapes borrow from the text; with one, they are copied
    /// (decoded).
    #[test]
    fn borrows_unless_escaped() {
        let text = r#"{"plain": "text", "esc\"aped": "a\nb"}"#;
        let node: Node = serde_json::from_str(text).unwrap();
        let Node::Object(members) = &node else {
            panic!("{node:?}")
        };
        assert!(matches!(members[0].0, Cow::Borrowed("plain")));
        assert!(matches!(&members[0].1, Node::String(Cow::Borrowed("text"))));
        assert!(matches!(&members[1].0, Cow::Owned(k) if k == "esc\"aped"));
        assert!(matches!(&members[1].1, Node::String(Cow::Owned(s)) if s == "a\nb"));
    }

    #[test]
    fn a_projection_holds_only_the_paths_given() {
        let text = r#"{"kind": "User", "metadata": {"name": "a", "uid": "u", "managedFields": [{}]},
            "spec": {"email": "e", "groups": ["g"], "clusterRoles": [{"name": "r"}]}}"#;
        let node: Node = serde_json::from_str(text).unwrap();
        let v = node.project(&[
            "kind",
            "metadata.name",
            "spec.groups",
            "spec.clusterRoles",
            "spec.nothing",
            "status.teams",
        ]);
        assert_eq!(
            v,
            serde_json::json!({"kind": "User", "metadata": {"name": "a"},
                               "spec": {"groups": ["g"], "clusterRoles": [{"name": "r"}]}})
        );
        let full: Value = serde_json::from_str(text).unwrap();
        assert_eq!(node.to_value(), full);
    }

    #[test]
    fn members_are_added_only_when_missing() {
        let mut node: Node = serde_json::from_str(r#"{"kind": "User", "metadata": {}}"#).unwrap();
        node.insert_missing("kind", "Other");
        node.insert_missing("apiVersion", "v1");
        assert_eq!(node.get("kind").and_then(Node::as_str), Some("User"));
        assert_eq!(node.get("apiVersion").and_then(Node::as_str), Some("v1"));
        node.remove("kind");
        assert!(node.get("kind").is_none());
    }
}
