//! Mutations of a generated request: at the value level, the text level, and (for the C entry points) the byte level.
//!
//! Value level: type swaps, removed and extra keys (names of other methods, keys that do not read as
//! names, the secret canary), huge strings, deep nesting, numbers out of range, unicode edge cases, ids
//! of the wrong kind, arrays for objects, oversized arrays. Text level: trailing text, truncation,
//! duplicate keys, number literals no type holds, escapes (lone surrogates, NUL), whole-text swaps.
//! Byte level: invalid UTF-8 (stray continuation bytes, overlong forms, surrogates, code points past
//! U+10FFFF, truncated sequences) and NUL bytes.

use serde_json::{Map, Value, json};

use super::choices::Choices;
use super::fixture::MAX_REQUEST_BYTES;
use super::generate::Generator;

/// Personal data a message must never repeat (the one issue 13 found echoed).
pub const SECRET: &str = "13800138000 张三身份证";

const MAX_PATHS: usize = 4096;
const MAX_DEPTH: usize = 32;

/// A path to a node of a JSON value: object keys and array indexes.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// Every path of `value`, at most [`MAX_PATHS`] of them and [`MAX_DEPTH`] deep (a nested or repeated value
/// would otherwise make this quadratic: 1001 copies of a 129-deep item took gigabytes).
fn paths(value: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    if out.len() >= MAX_PATHS || here.len() > MAX_DEPTH {
        return;
    }
    out.push(here.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                here.push(Step::Key(k.clone()));
                paths(v, here, out);
                here.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                here.push(Step::Index(i));
                paths(v, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'v>(value: &'v mut Value, path: &[Step]) -> &'v mut Value {
    let mut node = value;
    for step in path {
        node = match (step, node) {
            (Step::Key(k), Value::Object(map)) => map.get_mut(k).expect("a path of this value"),
            (Step::Index(i), Value::Array(items)) => &mut items[*i],
            _ => unreachable!("paths are taken from the value"),
        };
    }
    node
}

/// A random node of `value` (the root included), preferring leaves.
fn some_node<'v>(value: &'v mut Value, c: &mut Choices) -> &'v mut Value {
    let mut all = Vec::new();
    paths(value, &mut Vec::new(), &mut all);
    let path = c.pick(&all).clone();
    node_mut(value, &path)
}

/// A random node of `value` satisfying `pred`, if any.
fn node_where<'v>(value: &'v mut Value, c: &mut Choices, pred: impl Fn(&Value) -> bool) -> Option<&'v mut Value> {
    let mut all = Vec::new();
    paths(value, &mut Vec::new(), &mut all);
    let snapshot: &Value = value;
    let fitting: Vec<Vec<Step>> = all.into_iter().filter(|p| pred(node_ref(snapshot, p))).collect();
    if fitting.is_empty() {
        return None;
    }
    let path = c.pick(&fitting).clone();
    Some(node_mut(value, &path))
}

fn node_ref<'v>(value: &'v Value, path: &[Step]) -> &'v Value {
    let mut node = value;
    for step in path {
        node = match (step, node) {
            (Step::Key(k), Value::Object(map)) => &map[k],
            (Step::Index(i), Value::Array(items)) => &items[*i],
            _ => unreachable!("paths are taken from the value"),
        };
    }
    node
}

/// Strings at the edges of Unicode and of what text fields expect.
const EDGE_STRINGS: &[&str] = &[
    "\0",
    "a\0b",
    "\u{FEFF}",
    "\u{202E}lortnoc",
    "e\u{301}\u{301}\u{301}",
    "👨‍👩‍👧‍👦",
    "\u{FFFF}",
    "\u{10FFFF}",
    "𠀀𠀁",
    "   ",
    "\t\r\n",
    "ǅİßΩ",
    "\u{200B}",
    "１２３４５",
    "\\",
    "\"",
    "%s%n%x",
    "'; DROP TABLE customers; --",
    "../../../etc/passwd",
    "<script>alert(1)</script>",
    "9999-99-99",
    "2026-02-30",
    "2026-03-02T25:61:00Z",
    "-1",
    "1e400",
    "NaN",
];

/// Numbers at the edges of the integer and float types.
fn edge_number(c: &mut Choices) -> Value {
    match c.below(15) {
        0 => json!(i64::MAX),
        1 => json!(i64::MIN),
        2 => json!(u64::MAX),
        3 => json!(-1),
        4 => json!(0),
        5 => json!(1e308),
        6 => json!(-1e308),
        7 => json!(9_007_199_254_740_993i64),
        8 => json!(4_294_967_296i64),
        9 => json!(256),
        10 => json!(65536),
        11 => json!(-0.0),
        12 => json!(0.5),
        13 => json!(i32::MIN),
        _ => json!(1e-320),
    }
}

/// A string of `len` characters built from a short pattern.
fn long_string(len: usize, c: &mut Choices) -> String {
    let pattern = *c.pick(&["Ab3", "客", "x", "é", "🙂"]);
    pattern.chars().cycle().take(len).collect()
}

/// One value-level mutation of `root`, a request for `method`.
pub fn value(root: &mut Value, g: &Generator, method: &str, c: &mut Choices) {
    match c.below(12) {
        0 => {
            let node = some_node(root, c);
            *node = match c.below(11) {
                0 => Value::Null,
                1 => json!(true),
                2 => json!(0),
                3 => json!(-1),
                4 => json!(1.5),
                5 => json!(""),
                6 => json!("x"),
                7 => json!([]),
                8 => json!({}),
                9 => json!([node.clone()]),
                _ => json!({ "value": node.clone() }),
            };
        }
        1 => {
            if let Some(Value::Object(map)) = node_where(root, c, |v| v.as_object().is_some_and(|m| !m.is_empty())) {
                let keys: Vec<String> = map.keys().cloned().collect();
                map.remove(c.pick(&keys));
            }
        }
        2 => {
            let other: Vec<&String> = g.schemas.declared.iter().collect();
            let key = match c.below(7) {
                0 => "fz_extra".to_string(),
                1 => c.pick(&other).to_string(),
                2 => SECRET.to_string(),
                3 => String::new(),
                4 => "__proto__".to_string(),
                5 => "k".repeat(100),
                _ => "\u{0}key".to_string(),
            };
            let v = if c.chance(50) { json!(SECRET) } else { json!(1) };
            match node_where(root, c, Value::is_object) {
                Some(Value::Object(map)) => {
                    map.insert(key, v);
                }
                _ => *root = Value::Object(Map::from_iter([(key, v)])),
            }
        }
        3 => {
            let len = *c.pick(&[1_000, 5_000, 70_000, MAX_REQUEST_BYTES / 3, MAX_REQUEST_BYTES + 10]);
            let s = long_string(len, c);
            match node_where(root, c, Value::is_string) {
                Some(node) => *node = Value::String(s),
                None => *some_node(root, c) = Value::String(s),
            }
        }
        4 => {
            // Around serde_json's recursion limit (128); deeper nesting is a text mutation.
            let depth = *c.pick(&[10, 100, 126, 127, 128, 129]);
            let node = some_node(root, c);
            let mut inner = node.take();
            let as_object = c.chance(50);
            for _ in 0..depth {
                inner = if as_object { json!({ "a": inner }) } else { json!([inner]) };
            }
            *node = inner;
        }
        5 => {
            let n = edge_number(c);
            match node_where(root, c, Value::is_number) {
                Some(node) => *node = n,
                None => *some_node(root, c) = n,
            }
        }
        6 => {
            let s = json!(c.pick(EDGE_STRINGS));
            match node_where(root, c, Value::is_string) {
                Some(node) => *node = s,
                None => *some_node(root, c) = s,
            }
        }
        7 => {
            let kinds: Vec<&str> = g.world.ids.keys().copied().collect();
            let id = g.id(c.one_of(&kinds), c);
            if let Some(node) = node_where(root, c, Value::is_string) {
                *node = json!(id);
            }
        }
        8 => {
            if let Some(node) = node_where(root, c, Value::is_string) {
                *node = json!(SECRET);
            }
        }
        9 => {
            let to_array = |node: &mut Value| {
                if let Value::Object(map) = node.take() {
                    *node = Value::Array(map.into_iter().map(|(_, v)| v).collect());
                }
            };
            if c.chance(50) {
                to_array(root);
            } else if let Some(node) = node_where(root, c, Value::is_object) {
                to_array(node);
            }
        }
        10 => {
            if let Some(Value::Array(items)) = node_where(root, c, |v| v.as_array().is_some_and(|a| !a.is_empty())) {
                let first = items[0].clone();
                // Past the batch limit when the item is small; never a request of hundreds of MB.
                let size = first.to_string().len().max(1);
                let copies = (*c.pick(&[2, 50, 1001])).min(MAX_REQUEST_BYTES * 2 / size);
                items.extend(std::iter::repeat_n(first, copies));
            }
        }
        _ => {
            // Another method's request: the right shape for the wrong method.
            let other = *c.pick(&g.methods);
            if other != method {
                *root = g.request(other, c);
            }
        }
    }
}

/// One text-level mutation of a request's JSON text.
pub fn text(mut text: String, c: &mut Choices) -> String {
    match c.below(10) {
        0 => text.push_str(c.one_of(&[" {\"name\":\"B\"}", "x", "}", "]", " null", ",", "\n\n", "/* c */", "\0"])),
        1 => {
            let cut = c.below(text.len().max(1));
            let cut = (0..=cut).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
            text.truncate(cut);
        }
        2 => text.insert_str(0, c.one_of(&["\u{FEFF}", " ", "//c\n", "[", "x", "\0"])),
        3 => {
            if let Some(i) = text.find('{') {
                let key = *c.pick(&["\"name\":\"dup\",", "\"id\":\"dup\",", "\"items\":[],", "\"\":0,"]);
                if text[i + 1..].trim_start().starts_with('}') {
                    text.insert_str(i + 1, key.trim_end_matches(','));
                } else {
                    text.insert_str(i + 1, key);
                }
            }
        }
        4 => {
            let positions: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            if !positions.is_empty() {
                let at = *c.pick(&positions);
                let ch = text[at..].chars().next().map_or(0, char::len_utf8);
                text.replace_range(at..at + ch, c.one_of(&["{", "}", "[", "]", "\"", ":", ",", "\\", "\0", "-", "a"]));
            }
        }
        5 => {
            let literal = *c.pick(&[
                "1e400",
                "-0",
                "123456789012345678901234567890",
                "1.7976931348623157e309",
                "NaN",
                "Infinity",
                "0x10",
                "01",
                "1.",
                "-",
            ]);
            match text.find(|ch: char| ch.is_ascii_digit()) {
                Some(start) => {
                    let end = text[start..].find(|ch: char| !ch.is_ascii_digit()).map_or(text.len(), |e| start + e);
                    text.replace_range(start..end, literal);
                }
                None => text = format!("{{\"limit\": {literal}}}"),
            }
        }
        6 => {
            let escape =
                *c.pick(&["\\ud800", "\\u0000", "\\udfff\\ud800", "\\x41", "\\'", "\\\n", "\\uD83D\\uDE00", "\\u00"]);
            match text.find(":\"") {
                Some(i) => text.insert_str(i + 2, escape),
                None => text = format!("{{\"name\": \"{escape}\"}}"),
            }
        }
        7 => {
            text = c
                .pick(&["", " ", "null", "[]", "0", "\"\"", "{", "}", "{}{}", "[{}]", "true", "\u{FEFF}{}"])
                .to_string()
        }
        8 => {
            // Nesting far past the parser's recursion limit, built as text (no recursion here).
            let depth = *c.pick(&[129, 1_000, 100_000]);
            let (open, close) = if c.chance(50) { ("[", "]") } else { ("{\"a\":", "}") };
            text = format!("{}{text}{}", open.repeat(depth), close.repeat(depth));
        }
        _ => {
            let n = *c.pick(&[1_000, MAX_REQUEST_BYTES + 1]);
            let at = text.find(',').or_else(|| text.find('{').map(|i| i + 1)).unwrap_or(0);
            text.insert_str(at, &" ".repeat(n));
        }
    }
    text
}

/// A method name that is not one: a typo, a case change, an empty or non-ASCII name.
pub fn method_name(real: &str, c: &mut Choices) -> String {
    match c.below(7) {
        0 => String::new(),
        1 => real.to_uppercase(),
        2 => format!("{real} "),
        3 => real.replace('.', "::"),
        4 => format!("{real}.{SECRET}"),
        5 => real.chars().rev().collect(),
        _ => format!("{}x", real),
    }
}

/// Makes `bytes` invalid UTF-8 (or plants a NUL, which a C string ends at).
pub fn corrupt_utf8(bytes: &mut Vec<u8>, c: &mut Choices) {
    let bad: &[u8] = c.one_of::<&[u8]>(&[
        &[0xff][..],
        &[0x80],
        &[0xc0, 0xaf],
        &[0xe0, 0x80, 0xaf],
        &[0xed, 0xa0, 0x80],
        &[0xf4, 0x90, 0x80, 0x80],
        &[0xc3],
        &[0xe4, 0xb8],
        &[0xfe, 0xfe, 0xff, 0xff],
        &[0x00],
    ]);
    let at = c.below(bytes.len() + 1);
    bytes.splice(at..at, bad.iter().copied());
}
