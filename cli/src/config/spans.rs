//! A TOML document read with the position of every key, so that an error in `diesel.toml`
//! can name its line.
//!
//! serde's `Spanned` only survives when each map is read straight from toml's deserializer,
//! and `toml::Value` drops positions, so tables are walked here by hand.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// A TOML table whose keys keep their position in the file, at every depth.
pub(super) type SpannedTable = BTreeMap<Spanned<String>, Spanned<Node>>;

/// A TOML value whose tables, at every depth, keep their keys' positions.
#[derive(Debug, Clone)]
pub(super) enum Node {
    Table(SpannedTable),
    Value(toml::Value),
}

impl Node {
    pub(super) fn to_value(&self) -> toml::Value {
        match self {
            Node::Value(value) => value.clone(),
            Node::Table(table) => toml::Value::Table(
                table
                    .iter()
                    .map(|(k, v)| (k.get_ref().clone(), v.get_ref().to_value()))
                    .collect(),
            ),
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a TOML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Value(toml::Value::Boolean(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Value(toml::Value::Integer(v)))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Node, E> {
        i64::try_from(v)
            .map(|v| Node::Value(toml::Value::Integer(v)))
            .map_err(E::custom)
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Value(toml::Value::Float(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Value(toml::Value::String(v.to_owned())))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<toml::Value>()? {
            items.push(item);
        }
        Ok(Node::Value(toml::Value::Array(items)))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut table = SpannedTable::new();
        while let Some(Key(key)) = map.next_key::<Key>()? {
            let SpannedNode(value) = map.next_value::<SpannedNode>()?;
            table.insert(key, value);
        }
        Ok(Node::Table(table))
    }
}

/// A table's key with its position in the file.
struct Key(Spanned<String>);

/// A value with its position in the file.
///
/// A table that exists only through dotted headers (`[print_schema.one]` with no
/// `[print_schema]`) has no position of its own: toml hands it over as a plain table, whose
/// keys `Spanned` refuses. Such a table and its key get the position of the file's start;
/// what they hold keeps its own positions.
struct SpannedNode(Spanned<Node>);

/// The names through which toml hands a deserializer a value's position.
fn spanned_fields() -> (&'static str, &'static [&'static str]) {
    use serde_spanned::__unstable::{END_FIELD, NAME, START_FIELD, VALUE_FIELD};
    const FIELDS: &[&str] = &[START_FIELD, END_FIELD, VALUE_FIELD];
    (NAME, FIELDS)
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (name, fields) = spanned_fields();
        deserializer.deserialize_struct(name, fields, KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> serde::de::Visitor<'de> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a table key")
    }

    fn visit_str<E>(self, v: &str) -> Result<Key, E> {
        Ok(Key(Spanned::new(0..0, v.to_owned())))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Key, A::Error> {
        Spanned::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Key)
    }
}

impl<'de> Deserialize<'de> for SpannedNode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (name, fields) = spanned_fields();
        deserializer.deserialize_struct(name, fields, SpannedNodeVisitor)
    }
}

struct SpannedNodeVisitor;

fn unplaced<E>(node: Result<Node, E>) -> Result<SpannedNode, E> {
    node.map(|node| SpannedNode(Spanned::new(0..0, node)))
}

impl<'de> serde::de::Visitor<'de> for SpannedNodeVisitor {
    type Value = SpannedNode;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a TOML value")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<SpannedNode, E> {
        unplaced(NodeVisitor.visit_bool(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<SpannedNode, E> {
        unplaced(NodeVisitor.visit_i64(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<SpannedNode, E> {
        unplaced(NodeVisitor.visit_u64(v))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<SpannedNode, E> {
        unplaced(NodeVisitor.visit_f64(v))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<SpannedNode, E> {
        unplaced(NodeVisitor.visit_str(v))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<SpannedNode, A::Error> {
        unplaced(NodeVisitor.visit_seq(seq))
    }

    /// Either toml's positioned value (its three fields) or a table without a position.
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<SpannedNode, A::Error> {
        use serde_spanned::__unstable::{END_FIELD, START_FIELD, VALUE_FIELD};
        let (mut start, mut end, mut value) = (None, None, None);
        let mut table = SpannedTable::new();
        while let Some(Key(key)) = map.next_key::<Key>()? {
            match key.get_ref().as_str() {
                field if field == START_FIELD => start = Some(map.next_value::<usize>()?),
                field if field == END_FIELD => end = Some(map.next_value::<usize>()?),
                field if field == VALUE_FIELD => value = Some(map.next_value::<Node>()?),
                _ => {
                    let SpannedNode(node) = map.next_value::<SpannedNode>()?;
                    table.insert(key, node);
                }
            }
        }
        Ok(SpannedNode(match (start, end, value) {
            (Some(start), Some(end), Some(value)) => Spanned::new(start..end, value),
            _ => Spanned::new(0..0, Node::Table(table)),
        }))
    }
}
