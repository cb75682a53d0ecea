//! "No message quotes an input value": the texts a request holds, and whether an error repeats one.
//!
//! The needles are every string value and key of the request (and the actor id and method name when they
//! are not declared names) of at least 4 characters (6 for digit strings), minus the declared names of the
//! schemas ([`super::schema::Schemas::declared`]) and the organisation's custom field keys. A message must
//! contain none of them. A `field` may name a key of the request only when the key reads as a field name
//! (letters, digits, `_`, `-`, at most 64 bytes: the rule of `core/src/api/request.rs`); values never.
//!
//! Two things keep the check from crying wolf: the engine's own message text (the words of the string
//! literals in `core/src`) may coincide with a request's plain-English text, so a needle made only of
//! those words is skipped; and the numbers a message legitimately carries (a syntax error's line and
//! column, the maximum request size) are cut from the message before it is searched.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::Value;

use super::schema::repo_root;

/// What may be repeated, and the engine's own words.
pub struct Names {
    pub declared: BTreeSet<String>,
    vocabulary: &'static BTreeSet<String>,
}

/// One text of the input that no answer may repeat.
#[derive(Debug, Clone)]
pub struct Needle {
    pub text: String,
    /// A key of the request that reads as a field name: it may appear in `field`.
    pub name_like_key: bool,
}

impl Names {
    pub fn new(declared: BTreeSet<String>) -> Names {
        Names { declared, vocabulary: vocabulary() }
    }

    /// The needles of one call.
    pub fn needles(&self, actor: Option<&str>, method: &str, request: &[u8]) -> Vec<Needle> {
        let mut found: Vec<(String, bool)> = Vec::new();
        let text = String::from_utf8_lossy(request);
        match serde_json::from_str::<Value>(&text) {
            Ok(value) => walk(&value, &mut found),
            // Not JSON: every quoted run and every bare word of the text.
            Err(_) => lexical(&text, &mut found),
        }
        if let Some(actor) = actor {
            found.push((actor.to_string(), false));
        }
        found.push((method.to_string(), false));
        let mut needles: Vec<Needle> = Vec::new();
        for (text, is_key) in found {
            let chars = text.chars().count();
            let digits = text.chars().all(|c| c.is_ascii_digit() || "+-. ".contains(c));
            if chars < 4 || (digits && chars < 6) || text.trim().chars().count() < 4 {
                continue;
            }
            if self.declared.contains(&text) || self.is_engine_text(&text) {
                continue;
            }
            let name_like_key = is_key && name_like(&text);
            match needles.iter_mut().find(|n| n.text == text) {
                Some(n) => n.name_like_key |= name_like_key,
                None => needles.push(Needle { text, name_like_key }),
            }
        }
        needles
    }

    /// Whether `text` could be the engine's own wording: ASCII words that all occur in its string literals.
    fn is_engine_text(&self, text: &str) -> bool {
        text.is_ascii()
            && text.chars().any(|c| c.is_ascii_alphabetic())
            && text
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .all(|w| !w.bytes().all(|b| b.is_ascii_digit()) && self.vocabulary.contains(&w.to_ascii_lowercase()))
    }

    /// The needle a message repeats, if any.
    pub fn quoted_in_message<'n>(&self, message: &str, needles: &'n [Needle]) -> Option<&'n Needle> {
        let message = without_positions(message);
        needles.iter().find(|n| contains(&message, &n.text))
    }

    /// The needle a `field` repeats, if any. A field is segments joined by `.` with `[i]` indexes; a segment
    /// that is a key of the request reading as a name may be anything (the parser's rule), others must not
    /// contain a needle.
    pub fn quoted_in_field<'n>(&self, field: &str, needles: &'n [Needle]) -> Option<&'n Needle> {
        let keys: Vec<&str> = needles.iter().filter(|n| n.name_like_key).map(|n| n.text.as_str()).collect();
        field
            .split('.')
            .map(|segment| segment.find('[').map_or(segment, |i| &segment[..i]))
            .filter(|segment| !keys.contains(segment))
            .find_map(|segment| needles.iter().find(|n| !n.name_like_key && contains(segment, &n.text)))
    }
}

/// Whether `haystack` repeats `needle`: a needle of one ASCII word matches a whole word only (`cust` is
/// not quoted by `customer`), anything else as a substring.
fn contains(haystack: &str, needle: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    if needle.chars().all(word) {
        haystack.split(|c: char| !word(c)).any(|w| w == needle)
    } else {
        haystack.contains(needle)
    }
}

/// The rule of `core/src/api/request.rs` for a key shown as a field: letters, digits, `_`, `-`, 1-64 bytes.
pub fn name_like(key: &str) -> bool {
    !key.is_empty() && key.len() <= 64 && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Every string and key of a JSON value, with whether it is a key.
fn walk(value: &Value, out: &mut Vec<(String, bool)>) {
    match value {
        Value::String(s) => out.push((s.clone(), false)),
        Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
        Value::Object(map) => {
            for (k, v) in map {
                out.push((k.clone(), true));
                walk(v, out);
            }
        }
        _ => {}
    }
}

/// Texts of something that is not JSON: the runs between double quotes, and bare words.
fn lexical(text: &str, out: &mut Vec<(String, bool)>) {
    for (i, part) in text.split('"').enumerate() {
        if i % 2 == 1 {
            // A key is followed by `:`; taken as a key so its field form is allowed.
            out.push((part.to_string(), false));
            if name_like(part) {
                out.push((part.to_string(), true));
            }
        } else {
            for word in part.split(|c: char| c.is_whitespace() || "{}[]:,".contains(c)) {
                if !word.is_empty() && !matches!(word, "true" | "false" | "null") && word.parse::<f64>().is_err() {
                    out.push((word.to_string(), false));
                }
            }
        }
    }
}

/// The message without the numbers it may carry of its own: `line 1 column 15`, `size of 262144 bytes`.
fn without_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let words: Vec<&str> = message.split(' ').collect();
    let mut skip_next = false;
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if skip_next {
            skip_next = false;
            out.push('#');
            out.push_str(w.trim_start_matches(|c: char| c.is_ascii_digit()));
            continue;
        }
        out.push_str(w);
        skip_next = matches!(*w, "line" | "column" | "of" | "most" | "least") || w.ends_with("line");
    }
    out
}

/// The words of the string literals in `core/src` (demo names and tests left out): the engine's wording.
fn vocabulary() -> &'static BTreeSet<String> {
    static VOCABULARY: OnceLock<BTreeSet<String>> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let mut words = BTreeSet::new();
        let mut stack = vec![repo_root().join("core/src")];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    if path.file_name().is_some_and(|n| n != "demo") {
                        stack.push(path);
                    }
                } else if path.extension().is_some_and(|x| x == "rs") {
                    let source = std::fs::read_to_string(&path).unwrap_or_default();
                    let source = source.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
                    literal_words(source, &mut words);
                }
            }
        }
        words
    })
}

/// The words of the message-like string literals of Rust source (roughly: between unescaped double quotes,
/// with a space, not SQL), of two letters or more.
fn literal_words(source: &str, out: &mut BTreeSet<String>) {
    for line in source.lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let line = line.replace("'\"'", "").replace("\\\"", "");
        for (i, part) in line.split('"').enumerate() {
            // Message-like literals only: words with spaces between them, not SQL.
            let sql = ["SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "WITH", "PRAGMA"]
                .iter()
                .any(|k| part.trim_start().starts_with(k));
            if i % 2 == 1 && part.contains(' ') && !sql {
                for w in part.split(|c: char| !c.is_ascii_alphanumeric()) {
                    if w.len() >= 2 {
                        out.insert(w.to_ascii_lowercase());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names::new(
            ["name", "kind", "company", "individual", "customers.create"].iter().map(|s| s.to_string()).collect(),
        )
    }

    #[test]
    fn an_echoed_enum_value_is_caught_and_declared_names_are_not() {
        let n = names();
        let req = br#"{"name": "x", "kind": "13800138000 \u5f20\u4e09"}"#;
        let needles = n.needles(None, "customers.create", req);
        assert_eq!(needles.len(), 1, "{needles:?}");
        let echoed = "unknown variant `13800138000 张三`, expected `company` or `individual`";
        assert!(n.quoted_in_message(echoed, &needles).is_some());
        let fixed = "unknown variant: expected `company` or `individual`";
        assert!(n.quoted_in_message(fixed, &needles).is_none());
    }

    #[test]
    fn keys_that_read_as_names_may_be_fields_values_may_not() {
        let n = names();
        let needles = n.needles(None, "customers.create", br#"{"nmae": "Zhang Wei-Fong", "zq wv xy": 1}"#);
        assert!(n.quoted_in_field("nmae", &needles).is_none());
        assert!(n.quoted_in_field("zq wv xy", &needles).is_some());
        assert!(n.quoted_in_field("items[0].Zhang Wei-Fong", &needles).is_some());
        // A name-like key is shown whole, even when a bare word of broken text is part of it.
        let needles = n.needles(None, "customers.create", br#"{"idac0f-fd58-7c29"}fd58-7c29"#);
        assert!(n.quoted_in_field("idac0f-fd58-7c29", &needles).is_none());
    }

    #[test]
    fn positions_and_engine_words_are_not_quotes() {
        let n = names();
        let needles = n.needles(None, "customers.create", br#"{"name": "123456", "kind": "invalid value"}"#);
        assert!(needles.iter().all(|x| x.text != "invalid value"), "engine words are skipped: {needles:?}");
        assert!(n.quoted_in_message("the request is not valid JSON (at line 1 column 123456)", &needles).is_none());
        assert!(n.quoted_in_message("no such customer 123456", &needles).is_some());
        assert!(n.quoted_in_message("name cust", &n.needles(None, "x.y", br#"{"a": "customer"}"#)).is_none());
    }

    #[test]
    fn text_that_is_not_json_still_has_needles() {
        let n = names();
        let needles = n.needles(None, "customers.create", br#"{"name": "Qzx Wuv"} zqxtrail"#);
        assert!(needles.iter().any(|x| x.text == "Qzx Wuv"));
        assert!(needles.iter().any(|x| x.text == "zqxtrail"));
    }
}
