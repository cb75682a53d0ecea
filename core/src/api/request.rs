//! Request parsing: JSON text to a method's request type, naming the offending field (`items[2].name`) on failure.
//!
//! Two steps keep what each request type adds to a build small. First one non-generic parse of the text
//! into a [`Node`] tree (serde_json's parser, instantiated once; object keys keep their order and
//! duplicates, unescaped strings are borrowed). Then the request type's `Deserialize` runs over that tree
//! through [`Cursor`], one small concrete deserializer that knows where it is. Each request type's
//! `Deserialize` is thus instantiated once, for `Cursor`, without the JSON parser or a path-tracking wrapper
//! inlined into it (serde_path_to_error over serde_json cost about 6.5 KB per request type in the wasm module).
//!
//! Errors are those the first parser (serde_path_to_error over streaming serde_json) gave, field for field,
//! which a test checks for every method on thousands of broken requests: keys joined by `.`, indexes as
//! `[2]`, the innermost place an error passed through, a missing field as the path it would have had, `?`
//! for a key that could not be read. Text that is not JSON still parses up to the fault, which the tree
//! marks ([`Node::Fault`]): the conversion meets the fault where a streaming parser would have, so a
//! type error before it is still the one reported. Messages say what was expected, never an input value.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Expected, Unexpected, Visitor};

use super::error::{ApiError, ApiResult, ErrorCode};

/// Parses a request, naming the offending field on failure (`items[2].name`). An empty text is `{}`.
/// Messages never quote the input's values.
#[inline(never)]
pub fn parse_request<T: DeserializeOwned>(json: &str) -> ApiResult<T> {
    let tree = Tree::parse(json);
    match T::deserialize(Cursor { node: &tree.root, path: &Path::Root }) {
        Ok(request) if tree.syntax.is_none() => Ok(request),
        Ok(_) => Err(Error::syntax().into_api_error(tree.syntax.as_deref())),
        Err(e) => Err(e.into_api_error(tree.syntax.as_deref())),
    }
}

// ---------------------------------------------------------------------------------------------
// Step one: the text as a tree.

/// A JSON document as parsed: objects keep their keys in order (duplicates too, so a request type
/// still refuses a field given twice), strings borrow from the text unless they had escapes.
enum Node<'a> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
    /// Where the text stopped being JSON: the last element of its array or object (and of each one
    /// enclosing it). Reading it fails with the syntax error.
    Fault(Fault),
}

impl Node<'_> {
    /// Whether the text broke inside this value (only the last element of a container can be a fault).
    fn has_fault(&self) -> bool {
        match self {
            Node::Fault(_) => true,
            Node::Array(items) => items.last().is_some_and(Node::has_fault),
            Node::Object(entries) => entries.last().is_some_and(|(_, node)| node.has_fault()),
            _ => false,
        }
    }
}

/// Where exactly the text broke, relative to the element the fault stands for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// In the value itself (`tru`, an unterminated string): the error is at the element's path.
    Value,
    /// Around the value (a missing `:` or `,`): the error is at the enclosing array's or object's path.
    Around,
    /// In an object key: the error is at the object's path plus `?`.
    Key,
}

/// The parsed request, and serde_json's syntax error (with its line and column) if the text was not JSON.
struct Tree<'a> {
    root: Node<'a>,
    syntax: Option<String>,
}

impl<'a> Tree<'a> {
    /// Parses `json` (empty: `{}`). A request is exactly one JSON value: text after it other than white
    /// space is a syntax error (`{"name":"A"} {"name":"B"}` would otherwise create A and drop B).
    fn parse(json: &'a str) -> Tree<'a> {
        let json = if json.trim().is_empty() { "{}" } else { json };
        let mut trail = Trail { partial: None, entered: false };
        let mut de = serde_json::Deserializer::from_str(json);
        match NodeSeed(&mut trail).deserialize(&mut de) {
            Ok(root) => match de.end() {
                Ok(()) => Tree { root, syntax: None },
                Err(e) => Tree { root, syntax: Some(syntax_message(&e)) },
            },
            Err(e) => Tree { root: trail.take_failed(), syntax: Some(syntax_message(&e)) },
        }
    }
}

#[cold]
fn syntax_message(e: &serde_json::Error) -> String {
    format!("the request is not valid JSON (at line {} column {})", e.line(), e.column())
}

/// What the parse knows while it unwinds from a syntax error.
struct Trail<'a> {
    /// The array or object that failed, as far as it was read, ending in its fault.
    partial: Option<Node<'a>>,
    /// Whether the current element's value was reached (else the error came from around it).
    entered: bool,
}

impl<'a> Trail<'a> {
    /// What stands for the element that failed: the array or object it had become, or a fault.
    #[cold]
    fn take_failed(&mut self) -> Node<'a> {
        match self.partial.take() {
            Some(node) => node,
            None if self.entered => Node::Fault(Fault::Value),
            None => Node::Fault(Fault::Around),
        }
    }
}

/// Parses one value of the tree.
struct NodeSeed<'t, 'a>(&'t mut Trail<'a>);

impl<'de> DeserializeSeed<'de> for NodeSeed<'_, 'de> {
    type Value = Node<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Node<'de>, D::Error> {
        self.0.entered = true;
        deserializer.deserialize_any(NodeVisitor(self.0))
    }
}

struct NodeVisitor<'t, 'a>(&'t mut Trail<'a>);

impl<'de> Visitor<'de> for NodeVisitor<'_, 'de> {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node<'de>, E> {
        Ok(Node::I64(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node<'de>, E> {
        Ok(Node::U64(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node<'de>, E> {
        Ok(Node::F64(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node<'de>, E> {
        Ok(Node::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::Str(Cow::Borrowed(v)))
    }
    fn visit_string<E>(self, v: String) -> Result<Node<'de>, E> {
        Ok(Node::Str(Cow::Owned(v)))
    }
    fn visit_unit<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let trail = self.0;
        let mut items = Vec::new();
        loop {
            trail.entered = false;
            match seq.next_element_seed(NodeSeed(trail)) {
                Ok(Some(node)) => items.push(node),
                Ok(None) => return Ok(Node::Array(items)),
                Err(e) => {
                    items.push(trail.take_failed());
                    trail.partial = Some(Node::Array(items));
                    return Err(e);
                }
            }
        }
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let trail = self.0;
        let mut entries = Vec::new();
        loop {
            let key = match map.next_key_seed(KeySeed) {
                Ok(Some(key)) => key,
                Ok(None) => return Ok(Node::Object(entries)),
                Err(e) => {
                    entries.push((Cow::Borrowed("?"), Node::Fault(Fault::Key)));
                    trail.partial = Some(Node::Object(entries));
                    return Err(e);
                }
            };
            trail.entered = false;
            match map.next_value_seed(NodeSeed(trail)) {
                Ok(value) => entries.push((key, value)),
                Err(e) => {
                    entries.push((key, trail.take_failed()));
                    trail.partial = Some(Node::Object(entries));
                    return Err(e);
                }
            }
        }
    }
}

/// Reads an object key, borrowed when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }
    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

/// A key as an error's field shows it: itself when it reads as a field name (letters, digits, `_`, `-`,
/// at most 64 bytes), else `?`, so that a caller's text never comes back through `field` either.
fn shown_key(key: &str) -> &str {
    let name_like =
        !key.is_empty() && key.len() <= 64 && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if name_like { key } else { "?" }
}

fn push_key(out: &mut String, key: &str) {
    if !out.is_empty() {
        out.push('.');
    }
    out.push_str(key);
}

// ---------------------------------------------------------------------------------------------
// Step two: the tree as the request type.

/// Where a value sits in the request: a chain of frames on the stack, rendered only for an error.
enum Path<'p> {
    Root,
    Key(&'p str, &'p Path<'p>),
    Index(usize, &'p Path<'p>),
    /// The content of an enum variant written as `{"variant": ...}`.
    Variant(&'p str, &'p Path<'p>),
}

impl Path<'_> {
    /// serde_path_to_error's rendering: `items[2].name`; empty at the root.
    fn render(&self) -> String {
        let mut frames = Vec::new();
        let mut at = self;
        loop {
            match at {
                Path::Root => break,
                Path::Key(_, parent) | Path::Index(_, parent) | Path::Variant(_, parent) => {
                    frames.push(at);
                    at = parent;
                }
            }
        }
        let mut out = String::new();
        for frame in frames.into_iter().rev() {
            match frame {
                Path::Index(i, _) => out.push_str(&format!("[{i}]")),
                Path::Key(key, _) | Path::Variant(key, _) => push_key(&mut out, shown_key(key)),
                Path::Root => {}
            }
        }
        out
    }
}

/// Why a request does not fit its type: a message without input values, the missing field if that is
/// the reason, and where (set by the innermost place the error passes through).
pub(crate) struct Error(Box<ErrorInner>);

struct ErrorInner {
    message: String,
    missing: Option<&'static str>,
    path: Option<String>,
    /// The text is not JSON here: the message is the tree's syntax error, with its line and column.
    syntax: bool,
}

impl Error {
    #[cold]
    fn new(message: String) -> Error {
        Error(Box::new(ErrorInner { message, missing: None, path: None, syntax: false }))
    }

    /// The conversion reached the place where the text stopped being JSON.
    #[cold]
    fn syntax() -> Error {
        let mut err = Error::new(String::new());
        err.0.syntax = true;
        err
    }

    /// Places the error at `path` unless a deeper place already has it.
    #[cold]
    fn at(mut self, path: &Path<'_>) -> Error {
        if self.0.path.is_none() {
            self.0.path = Some(path.render());
        }
        self
    }

    #[cold]
    fn into_api_error(self, syntax: Option<&str>) -> ApiError {
        let ErrorInner { mut message, missing, path, syntax: at_fault } = *self.0;
        if at_fault {
            message = syntax.unwrap_or("the request is not valid JSON").to_string();
        }
        let path = path.unwrap_or_default();
        let field = match missing {
            Some(name) if path.is_empty() => Some(name.to_string()),
            Some(name) => Some(format!("{path}.{name}")),
            None if path.is_empty() => None,
            None => Some(path),
        };
        let err = ApiError::new(ErrorCode::MalformedRequest, message);
        match field {
            Some(field) => err.with_field(field),
            None => err,
        }
    }

    /// A value of the wrong type: what was expected, not what was given.
    #[cold]
    fn expected(expected: &dyn Expected) -> Error {
        Error::new(format!("invalid type: expected {expected}"))
    }

    /// `node` is not what the type reads: a type error, or the syntax error where the text broke.
    #[cold]
    fn mismatch(node: &Node<'_>, expected: &dyn Expected) -> Error {
        match node {
            Node::Fault(_) => Error::syntax(),
            _ => Error::expected(expected),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at {:?})", self.0.message, self.0.path)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error::new(custom_message(msg.to_string()))
    }
    fn invalid_type(_unexpected: Unexpected<'_>, expected: &dyn Expected) -> Error {
        Error::expected(expected)
    }
    fn invalid_value(_unexpected: Unexpected<'_>, expected: &dyn Expected) -> Error {
        Error::new(format!("invalid value: expected {expected}"))
    }
    fn invalid_length(_len: usize, expected: &dyn Expected) -> Error {
        Error::new(format!("invalid length: expected {expected}"))
    }
    fn unknown_variant(_variant: &str, expected: &'static [&'static str]) -> Error {
        Error::new(match expected {
            [] => "unknown variant: there are no variants".to_string(),
            names => format!("unknown variant: expected {}", one_of(names)),
        })
    }
    fn unknown_field(_field: &str, expected: &'static [&'static str]) -> Error {
        // The key is the last segment of the error's field (when it reads as a name); the message
        // never repeats it, since a caller may have put anything there.
        Error::new(match expected {
            [] => "unknown field: there are no fields".to_string(),
            names => format!("unknown field: expected {}", one_of(names)),
        })
    }
    fn missing_field(field: &'static str) -> Error {
        let mut err = Error::new(format!("missing field `{field}`"));
        err.0.missing = Some(field);
        err
    }
    fn duplicate_field(field: &'static str) -> Error {
        Error::new(format!("duplicate field `{field}`"))
    }
}

/// serde's wording of a list of names: `` `a` ``, `` `a` or `b` ``, `` one of `a`, `b`, `c` ``.
fn one_of(names: &[&str]) -> String {
    match names {
        [one] => format!("`{one}`"),
        [a, b] => format!("`{a}` or `{b}`"),
        _ => format!("one of {}", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")),
    }
}

/// A message from a type's own `Deserialize` (dates, rates, tagged enums): kept when it only says what
/// was expected (the text before `:` and after `, expected`), else a fixed sentence, since it may quote the value.
#[cold]
fn custom_message(msg: String) -> String {
    if let Some(idx) = msg.find(", expected ") {
        let head = msg.split(':').next().unwrap_or("invalid value");
        format!("{head}: {}", &msg[idx + 2..])
    } else if msg.starts_with("missing field") {
        msg
    } else {
        "a value has the wrong type or form".to_string()
    }
}

/// Drives a type's `Deserialize` over one node of the tree.
struct Cursor<'p, 'de> {
    node: &'de Node<'de>,
    path: &'p Path<'p>,
}

impl<'de> Cursor<'_, 'de> {
    #[inline(always)]
    fn visit_array<V: Visitor<'de>>(&self, items: &'de [Node<'de>], visitor: V) -> Result<V::Value, Error> {
        let mut access = Items { items: items.iter(), index: 0, path: self.path };
        let value = visitor.visit_seq(&mut access)?;
        access.finish()?;
        Ok(value)
    }

    #[inline(always)]
    fn visit_object<V: Visitor<'de>>(
        &self,
        entries: &'de [(Cow<'de, str>, Node<'de>)],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let mut access = Entries { entries: entries.iter(), value: None, reading_key: None, path: self.path };
        let value = visitor.visit_map(&mut access).map_err(|e| access.place(e))?;
        access.finish()?;
        Ok(value)
    }

    #[inline(always)]
    fn number<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node {
            Node::U64(n) => visitor.visit_u64(*n),
            Node::I64(n) => visitor.visit_i64(*n),
            Node::F64(n) => visitor.visit_f64(*n),
            node => Err(Error::mismatch(node, &visitor)),
        }
    }

    #[inline(always)]
    fn string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node {
            Node::Str(s) => visitor.visit_borrowed_str(s),
            node => Err(Error::mismatch(node, &visitor)),
        }
    }

    #[inline(always)]
    fn sequence<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node {
            Node::Array(items) => self.visit_array(items, visitor),
            node => Err(Error::mismatch(node, &visitor)),
        }
    }
}

macro_rules! numbers {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.number(visitor)
        })*
    };
}

impl<'de> de::Deserializer<'de> for Cursor<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node {
            Node::Null => visitor.visit_unit(),
            Node::Bool(b) => visitor.visit_bool(*b),
            Node::U64(n) => visitor.visit_u64(*n),
            Node::I64(n) => visitor.visit_i64(*n),
            Node::F64(n) => visitor.visit_f64(*n),
            Node::Str(s) => visitor.visit_borrowed_str(s),
            Node::Array(items) => self.visit_array(items, visitor),
            Node::Object(entries) => self.visit_object(entries, visitor),
            Node::Fault(_) => Err(Error::syntax()),
        }
    }

    numbers!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
             deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
             deserialize_f32 deserialize_f64);

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node {
            Node::Bool(b) => visitor.visit_bool(*b),
            node => Err(Error::mismatch(node, &visitor)),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.string(visitor)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.string(visitor)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.string(visitor)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.string(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node {
            Node::Str(s) => visitor.visit_bytes(s.as_bytes()),
            Node::Array(items) => self.visit_array(items, visitor),
            node => Err(Error::mismatch(node, &visitor)),
        }
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node {
            Node::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node {
            Node::Null => visitor.visit_unit(),
            node => Err(Error::mismatch(node, &visitor)),
        }
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.sequence(visitor)
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.sequence(visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.sequence(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node {
            Node::Object(entries) => self.visit_object(entries, visitor),
            node => Err(Error::mismatch(node, &visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        // Only an object: serde_json also fills a struct from an array, which no schema allows and
        // which would compile a second reader into every request type.
        match self.node {
            Node::Object(entries) => self.visit_object(entries, visitor),
            node => Err(Error::mismatch(node, &visitor)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.node {
            // A unit variant by name.
            Node::Str(s) => visitor.visit_enum(BorrowedStrDeserializer::new(s)),
            // `{"variant": content}`.
            Node::Object(entries) => match entries.as_slice() {
                [(_, Node::Fault(Fault::Key))] => Err(Error::syntax()),
                [(variant, node)] => visitor.visit_enum(Variant { variant, node, path: self.path }),
                [.., (_, Node::Fault(_))] => Err(Error::syntax()),
                _ => Err(Error::expected(&"a variant name or an object with one key")),
            },
            node => Err(Error::mismatch(node, &"a variant name or an object with one key")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // A streaming parser reads an ignored value too, so a fault inside it still counts.
        match self.node.has_fault() {
            false => visitor.visit_unit(),
            true => Err(Error::syntax()),
        }
    }
}

/// The elements of an array, each at its index.
struct Items<'p, 'de> {
    items: std::slice::Iter<'de, Node<'de>>,
    index: usize,
    path: &'p Path<'p>,
}

impl<'de> Items<'_, 'de> {
    /// The next element and its index, or the fault that ends the array. Not generic: the code every
    /// element type shares stays out of each element type's reader.
    #[inline(never)]
    fn next_node(&mut self) -> Result<Option<(&'de Node<'de>, usize)>, Error> {
        match self.items.next() {
            None => Ok(None),
            // A missing `,`: the error belongs to the array, which the caller places.
            Some(Node::Fault(Fault::Around)) => Err(Error::syntax()),
            Some(node) => {
                self.index += 1;
                Ok(Some((node, self.index - 1)))
            }
        }
    }

    /// A visitor that stopped early (a tuple) leaves elements over: an error, as in serde_json.
    #[inline(never)]
    fn finish(&self) -> Result<(), Error> {
        match self.items.as_slice() {
            [] => Ok(()),
            [.., Node::Fault(_)] => Err(Error::syntax()),
            rest => Err(de::Error::invalid_length(self.index + rest.len(), &"fewer elements in array")),
        }
    }
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, Error> {
        let Some((node, index)) = self.next_node()? else { return Ok(None) };
        let path = Path::Index(index, self.path);
        seed.deserialize(Cursor { node, path: &path }).map(Some).map_err(|e| e.at(&path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The entries of an object, each value at its key.
struct Entries<'p, 'de> {
    entries: std::slice::Iter<'de, (Cow<'de, str>, Node<'de>)>,
    /// The entry whose key was just read.
    value: Option<&'de (Cow<'de, str>, Node<'de>)>,
    /// The key being read as a field name: an error meanwhile (an unknown field) is placed at it.
    reading_key: Option<&'de str>,
    path: &'p Path<'p>,
}

impl<'de> Entries<'_, 'de> {
    /// The next key, or the fault that ends the object (at `?`, a key that could not be read). Not
    /// generic, like the two below: what every struct shares stays out of each struct's reader.
    #[inline(never)]
    fn next_entry(&mut self) -> Result<Option<&'de str>, Error> {
        let Some(entry) = self.entries.next() else { return Ok(None) };
        if let Node::Fault(Fault::Key) = entry.1 {
            return Err(Error::syntax().at(&Path::Key("?", self.path)));
        }
        self.value = Some(entry);
        self.reading_key = Some(&entry.0);
        Ok(Some(&entry.0))
    }

    /// Places an error of the object's reader: at the key being read if it came from reading it.
    #[cold]
    fn place(&self, e: Error) -> Error {
        match self.reading_key {
            Some(key) => e.at(&Path::Key(key, self.path)),
            None => e,
        }
    }

    /// The value of the key just read.
    #[inline(never)]
    fn take_value(&mut self) -> Result<(&'de str, &'de Node<'de>), Error> {
        match self.value.take() {
            None => Err(Error::new("a value was read before its key".to_string())),
            // A missing `:`: the error belongs to the object, which the caller places.
            Some((_, Node::Fault(Fault::Around))) => Err(Error::syntax()),
            Some((key, node)) => Ok((key, node)),
        }
    }

    #[inline(never)]
    fn finish(&self) -> Result<(), Error> {
        match self.entries.as_slice() {
            [] => Ok(()),
            [.., (_, Node::Fault(_))] => Err(Error::syntax()),
            rest => Err(de::Error::invalid_length(rest.len(), &"fewer elements in map")),
        }
    }
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = Error;

    fn next_key_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, Error> {
        let Some(key) = self.next_entry()? else { return Ok(None) };
        // On error `reading_key` stays set, and `place` puts the error at the key.
        let field = seed.deserialize(BorrowedStrDeserializer::<Error>::new(key))?;
        self.reading_key = None;
        Ok(Some(field))
    }

    #[inline(never)]
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let (key, node) = self.take_value()?;
        let path = Path::Key(key, self.path);
        seed.deserialize(Cursor { node, path: &path }).map_err(|e| e.at(&path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An enum variant written as `{"variant": content}`; errors in the content are placed under the variant.
struct Variant<'p, 'de> {
    variant: &'de Cow<'de, str>,
    node: &'de Node<'de>,
    path: &'p Path<'p>,
}

impl<'de, 'p> de::EnumAccess<'de> for Variant<'p, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        let variant = seed.deserialize(BorrowedStrDeserializer::<Error>::new(self.variant))?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.node {
            Node::Null => Ok(()),
            node => Err(Error::mismatch(node, &"unit variant")),
        }
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        let path = Path::Variant(self.variant, self.path);
        seed.deserialize(Cursor { node: self.node, path: &path }).map_err(|e| e.at(&path))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        let path = Path::Variant(self.variant, self.path);
        de::Deserializer::deserialize_seq(Cursor { node: self.node, path: &path }, visitor).map_err(|e| e.at(&path))
    }

    fn struct_variant<V: Visitor<'de>>(self, _fields: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        let path = Path::Variant(self.variant, self.path);
        de::Deserializer::deserialize_map(Cursor { node: self.node, path: &path }, visitor).map_err(|e| e.at(&path))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::api::method::Method;

    /// A method's request type parsed two ways: by [`parse_request`] and by the first parser (serde_path_to_error
    /// over serde_json), whose error fields hosts have seen so far.
    pub(crate) struct Oracle {
        name: &'static str,
        example: &'static str,
        parse: fn(&str) -> ApiResult<()>,
        oracle: fn(&str) -> ApiResult<()>,
    }

    impl Oracle {
        pub(crate) const fn of<M: Method>(example: &'static str) -> Oracle {
            Oracle {
                name: M::NAME,
                example,
                parse: |json| parse_request::<M::Request>(json).map(|_| ()),
                oracle: |json| first_parser::<M::Request>(json).map(|_| ()),
            }
        }
    }

    /// The first parser, verbatim: streaming serde_json under serde_path_to_error.
    fn first_parser<T: DeserializeOwned>(json: &str) -> ApiResult<T> {
        let json = if json.trim().is_empty() { "{}" } else { json };
        let de = &mut serde_json::Deserializer::from_str(json);
        // The first parser ignored text after the value; both now refuse it, at no field.
        let parsed = serde_path_to_error::deserialize(&mut *de).map(|v| match de.end() {
            Ok(()) => Ok(v),
            Err(e) => Err(ApiError::new(ErrorCode::MalformedRequest, e.to_string())),
        });
        parsed.map_err(|e| {
            // Keys that do not read as names are shown as `?` (`shown_key`), by both parsers.
            let mut path = String::new();
            for segment in e.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Seq { index } => path.push_str(&format!("[{index}]")),
                    serde_path_to_error::Segment::Map { key } => push_key(&mut path, shown_key(key)),
                    serde_path_to_error::Segment::Enum { variant } => push_key(&mut path, shown_key(variant)),
                    serde_path_to_error::Segment::Unknown => push_key(&mut path, "?"),
                }
            }
            let path = if path.is_empty() { ".".to_string() } else { path };
            let inner = e.inner();
            let mut err = ApiError::new(ErrorCode::MalformedRequest, inner.to_string());
            let msg = inner.to_string();
            let missing = msg.strip_prefix("missing field `").and_then(|rest| rest.split('`').next());
            let field = match missing {
                Some(name) if path == "." => Some(name.to_string()),
                Some(name) => Some(format!("{path}.{name}")),
                None if path != "." && !path.is_empty() => Some(path),
                None => None,
            };
            if let Some(f) = field {
                err = err.with_field(f);
            }
            err
        })?
    }

    /// Every path to a value of `v`, as JSON pointers.
    fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
        out.push(at.clone());
        match v {
            Value::Object(map) => map.iter().for_each(|(k, v)| pointers(v, format!("{at}/{k}"), out)),
            Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| pointers(v, format!("{at}/{i}"), out)),
            _ => {}
        }
    }

    /// Requests around a valid example: every value replaced by values of other types, every key removed,
    /// unknown and duplicated keys, and the text cut short or with a stray character at many places.
    fn variants(example: &str) -> Vec<String> {
        let text = if example.trim().is_empty() { "{}" } else { example };
        let root: Value = serde_json::from_str(text).unwrap();
        // No arrays where the example has an object: serde_json filled a struct from an array, which
        // the parser refuses on purpose (`struct_from_an_array_is_refused`).
        let mut out = vec![text.to_string(), String::new(), "null".into(), "5".into(), "\"x\"".into()];
        let mut at = Vec::new();
        pointers(&root, String::new(), &mut at);
        let others = [
            json!(null),
            json!(true),
            json!(0),
            json!(-1),
            json!(1.5),
            json!(1e300),
            json!(""),
            json!("x"),
            json!("2026-02-30"),
            json!([]),
            json!([1]),
            json!([{}]),
            json!({}),
            json!({"bogus": 1}),
        ];
        for pointer in &at {
            let object = root.pointer(pointer).is_some_and(Value::is_object);
            for other in others.iter().filter(|o| !(object && o.is_array())) {
                let mut v = root.clone();
                *v.pointer_mut(pointer).unwrap() = other.clone();
                out.push(v.to_string());
            }
            if let Some(Value::Object(map)) = root.pointer(pointer) {
                for key in map.keys() {
                    let mut v = root.clone();
                    v.pointer_mut(pointer).unwrap().as_object_mut().unwrap().remove(key);
                    out.push(v.to_string());
                }
                let mut v = root.clone();
                v.pointer_mut(pointer).unwrap().as_object_mut().unwrap().insert("zz_bogus".into(), json!(1));
                out.push(v.to_string());
            }
        }
        let compact = root.to_string();
        if let Value::Object(map) = &root {
            for (key, value) in map {
                out.push(format!("{{{}:{value},{}", Value::String(key.clone()), &compact[1..]));
            }
        }
        for cut in 1..compact.len() {
            if compact.is_char_boundary(cut) {
                out.push(compact[..cut].to_string());
                for stray in ["}", ",", "x", "]", ":"] {
                    out.push(format!("{}{stray}{}", &compact[..cut], &compact[cut..]));
                }
            }
        }
        out
    }

    fn outcome(result: &ApiResult<()>) -> Result<(), (ErrorCode, Option<String>)> {
        result.as_ref().map(|_| ()).map_err(|e| (e.code, e.field.clone()))
    }

    #[test]
    fn fields_of_errors_are_those_of_the_first_parser_for_every_method() {
        let mut checked = 0;
        let mut failures = Vec::new();
        for oracle in crate::api::registry::ORACLE_MODULES.iter().flat_map(|m| m.iter()) {
            for request in variants(oracle.example) {
                let (new, old) = ((oracle.parse)(&request), (oracle.oracle)(&request));
                checked += 1;
                if outcome(&new) != outcome(&old) {
                    failures.push(format!("{} {request}\n  now: {:?}\n  was: {:?}", oracle.name, new.err(), old.err()));
                } else if let Err(e) = new {
                    // Messages say what was expected, never what was given.
                    for quoted in ["\"x\"", "`x`", "1.5", "2026-02-30", "bogus\"", "-1"] {
                        assert!(!e.message.contains(quoted), "{}: {request}: {}", oracle.name, e.message);
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{} of {checked} requests differ:\n{}", failures.len(), failures.join("\n"));
        assert!(checked > 10_000, "{checked} requests");
    }

    #[test]
    fn struct_from_an_array_is_refused() {
        #[derive(Debug, serde::Deserialize)]
        struct Line {
            #[allow(dead_code)]
            name: String,
        }
        #[derive(Debug, serde::Deserialize)]
        struct Lines {
            #[allow(dead_code)]
            items: Vec<Line>,
        }
        let err = parse_request::<Line>(r#"["ACME"]"#).unwrap_err();
        assert_eq!((err.field, err.message.as_str()), (None, "invalid type: expected struct Line"));
        let err = parse_request::<Lines>(r#"{"items": [{"name": "a"}, ["ACME"]]}"#).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("items[1]"));
    }

    #[test]
    fn paths_name_the_offending_field() {
        use crate::domain::common::{BatchRequest, IdRequest};
        use crate::domain::customer::CustomerDraft;
        let err =
            parse_request::<BatchRequest<CustomerDraft>>(r#"{"items": [{"name": "a"}, {"name": "b"}, {"name": 5}]}"#)
                .unwrap_err();
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::MalformedRequest, Some("items[2].name")));
        assert_eq!(err.message, "invalid type: expected a string");
        let err = parse_request::<BatchRequest<CustomerDraft>>(r#"{"items": [{"name": "a"}, {}]}"#).unwrap_err();
        assert_eq!((err.field.as_deref(), err.message.as_str()), (Some("items[1].name"), "missing field `name`"));
        let err = parse_request::<IdRequest>(r#"{"id": "a", "id": "b"}"#).unwrap_err();
        assert_eq!((err.field, err.message.as_str()), (None, "duplicate field `id`"));
        let err = parse_request::<IdRequest>(r#"{"id": "a", "secret": 1}"#).unwrap_err();
        assert_eq!((err.field.as_deref(), err.message.as_str()), (Some("secret"), "unknown field: expected `id`"));
        let err = parse_request::<IdRequest>("{\"id\":\n tru}").unwrap_err();
        assert_eq!(
            (err.field.as_deref(), err.message.as_str()),
            (Some("id"), "the request is not valid JSON (at line 2 column 5)")
        );
        // A type error before the place the text breaks is the one reported, as a streaming parser would.
        let err = parse_request::<BatchRequest<CustomerDraft>>(r#"{"items": [{"name": 5}, {"name": tru"#).unwrap_err();
        assert_eq!(
            (err.field.as_deref(), err.message.as_str()),
            (Some("items[0].name"), "invalid type: expected a string")
        );
        assert_eq!(parse_request::<IdRequest>(r#"{"id": "a\u00e9"}"#).unwrap().id, "aé");
    }
}
