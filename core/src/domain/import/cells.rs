//! A row's text read into a record's draft: a serde deserializer over mapped cells that parses numbers, booleans, lists and enums from text as the draft's fields ask.
//!
//! CSV cells are text; the draft's `Deserialize` says what each field is, so the cell parses itself
//! when asked for an integer (`"320"`), a boolean (`true`, `是`, `1`), a list (`a;b`, split on `;` or
//! `|`) or an enum variant. JSON-lines values are taken as JSON. Errors name the field they are about
//! (`custom.employees`, `lines.quantity`), which the import maps back to the source column.

use std::fmt;

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// A CSV cell's text (never empty: an empty cell is left out, so the field takes its default).
    Text(String),
    /// A JSON-lines value, or a constant of the mapping.
    Json(Value),
    /// An object: the row itself, its `custom` values, one order line.
    Map(Vec<(String, Cell)>),
    /// A list: an order's lines.
    Seq(Vec<Cell>),
}

/// Why a row could not be read into its draft: the field (dotted path) and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CellError {
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CellError {}

impl de::Error for CellError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        CellError { field: None, message: msg.to_string() }
    }

    fn missing_field(field: &'static str) -> Self {
        CellError { field: Some(field.to_string()), message: "is required".into() }
    }

    fn unknown_field(field: &str, _expected: &'static [&'static str]) -> Self {
        CellError { field: Some(field.to_string()), message: "is not a field of the record".into() }
    }
}

impl CellError {
    /// Places an error that names no field yet at `path`; a nested field is prefixed with `path`.
    fn at(mut self, path: &str) -> Self {
        self.field = Some(match self.field.take() {
            None => path.to_string(),
            Some(inner) if inner.is_empty() => path.to_string(),
            Some(inner) => format!("{path}.{inner}"),
        });
        self
    }
}

/// Reads a row (the top-level `Map`) into the draft `T`.
pub(crate) fn read_row<T: DeserializeOwned>(row: &Cell) -> Result<T, CellError> {
    T::deserialize(row)
}

/// The field names of a struct type, from its own `Deserialize` (serde hands them to `deserialize_struct`).
pub(crate) fn struct_fields<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Probe;
    #[derive(Debug)]
    struct Fields(&'static [&'static str]);
    impl fmt::Display for Fields {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("probe")
        }
    }
    impl std::error::Error for Fields {}
    impl de::Error for Fields {
        fn custom<M: fmt::Display>(_: M) -> Self {
            Fields(&[])
        }
    }
    impl<'de> de::Deserializer<'de> for Probe {
        type Error = Fields;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Fields> {
            Err(Fields(&[]))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Fields> {
            Err(Fields(fields))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    match T::deserialize(Probe) {
        Ok(_) => &[],
        Err(Fields(fields)) => fields,
    }
}

impl<'de> de::Deserializer<'de> for &'de Cell {
    type Error = CellError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        match self {
            Cell::Text(s) => visitor.visit_str(s),
            Cell::Json(v) => json(v.deserialize_any(visitor)),
            Cell::Map(entries) => visitor.visit_map(Entries { entries, next: 0 }),
            Cell::Seq(items) => visitor.visit_seq(Items { items, next: 0 }),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        match self {
            Cell::Text(s) => match s.trim().to_lowercase().as_str() {
                "true" | "yes" | "y" | "1" | "是" | "真" => visitor.visit_bool(true),
                "false" | "no" | "n" | "0" | "否" | "假" => visitor.visit_bool(false),
                _ => Err(de::Error::custom("must be true or false (also yes/no, 1/0, 是/否)")),
            },
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        match self {
            Cell::Text(s) => visitor.visit_i64(integer(s)?),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        match self {
            Cell::Text(s) => {
                let n = integer(s)?;
                visitor.visit_u64(u64::try_from(n).map_err(|_| de::Error::custom("must not be negative"))?)
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        match self {
            Cell::Text(s) => visitor.visit_f64(s.trim().parse().map_err(|_| de::Error::custom("must be a number"))?),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        match self {
            Cell::Json(Value::Null) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, CellError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        match self {
            Cell::Text(s) => {
                let parts: Vec<Cell> = s
                    .split([';', '|', '；'])
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(|p| Cell::Text(p.to_string()))
                    .collect();
                visitor.visit_seq(OwnedItems { items: parts.into_iter() })
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CellError> {
        match self {
            Cell::Text(s) => {
                let text: StrDeserializer<'_, CellError> = s.trim().into_deserializer();
                de::Deserializer::deserialize_enum(text, name, variants, visitor)
            }
            Cell::Json(v) => json(v.deserialize_enum(name, variants, visitor)),
            _ => Err(de::Error::custom("must be one of its named values")),
        }
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i128 u8 u16 u128 f32 char str string bytes byte_buf unit unit_struct tuple tuple_struct map
        struct identifier ignored_any
    }
}

/// A whole number from a cell (thousands separators `,` and spaces are allowed: `1,200,000`).
fn integer(s: &str) -> Result<i64, CellError> {
    let digits: String = s.trim().chars().filter(|c| *c != ',' && *c != ' ').collect();
    digits.parse().map_err(|_| de::Error::custom("must be a whole number"))
}

/// A JSON value's own deserializer, its error brought over.
fn json<T>(r: Result<T, serde_json::Error>) -> Result<T, CellError> {
    r.map_err(|e| de::Error::custom(e.to_string()))
}

struct Entries<'a> {
    entries: &'a [(String, Cell)],
    next: usize,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = CellError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, CellError> {
        let Some((key, _)) = self.entries.get(self.next) else { return Ok(None) };
        let key: StrDeserializer<'_, CellError> = key.as_str().into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, CellError> {
        let (key, cell) = &self.entries[self.next];
        self.next += 1;
        seed.deserialize(cell).map_err(|e| e.at(key))
    }
}

struct Items<'a> {
    items: &'a [Cell],
    next: usize,
}

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = CellError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, CellError> {
        let Some(cell) = self.items.get(self.next) else { return Ok(None) };
        let index = self.next;
        self.next += 1;
        seed.deserialize(cell).map(Some).map_err(|e| e.at(&format!("[{index}]")))
    }
}

/// The parts of a list written in one cell.
struct OwnedItems {
    items: std::vec::IntoIter<Cell>,
}

impl<'de> SeqAccess<'de> for OwnedItems {
    type Error = CellError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, CellError> {
        match self.items.next() {
            None => Ok(None),
            Some(Cell::Text(s)) => seed.deserialize(s.into_deserializer()).map(Some),
            Some(_) => Err(de::Error::custom("must be text")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Draft {
        name: String,
        #[serde(default)]
        limit: Option<i64>,
        #[serde(default)]
        vip: bool,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        kind: Option<Kind>,
        #[serde(default)]
        custom: serde_json::Map<String, Value>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Company,
        Individual,
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn text_cells_parse_as_the_draft_asks() {
        let row = Cell::Map(vec![
            ("name".into(), text("华强电子")),
            ("limit".into(), text("1,200,000")),
            ("vip".into(), text("是")),
            ("tags".into(), text("key-account; vip")),
            ("kind".into(), text("individual")),
            ("custom".into(), Cell::Map(vec![("employees".into(), Cell::Json(serde_json::json!(320)))])),
        ]);
        let d: Draft = read_row(&row).unwrap();
        assert_eq!(d.limit, Some(1_200_000));
        assert!(d.vip);
        assert_eq!(d.tags, vec!["key-account", "vip"]);
        assert_eq!(d.kind, Some(Kind::Individual));
        assert_eq!(d.custom["employees"], serde_json::json!(320));
    }

    #[test]
    fn errors_name_their_field() {
        let row = Cell::Map(vec![("name".into(), text("A")), ("limit".into(), text("lots"))]);
        let e = read_row::<Draft>(&row).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("limit"));
        let row = Cell::Map(vec![("limit".into(), text("3"))]);
        assert_eq!(read_row::<Draft>(&row).unwrap_err().field.as_deref(), Some("name"));
        let row = Cell::Map(vec![("name".into(), text("A")), ("kind".into(), text("robot"))]);
        assert_eq!(read_row::<Draft>(&row).unwrap_err().field.as_deref(), Some("kind"));
    }

    #[test]
    fn a_struct_names_its_fields() {
        assert_eq!(struct_fields::<Draft>(), &["name", "limit", "vip", "tags", "kind", "custom"]);
    }
}
