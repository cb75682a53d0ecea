//! One call as a fuzzer input or a corpus file: who calls, which method, what request bytes.
//!
//! Two forms share one decoder, so a corpus file means the same to the replay test and to the fuzz target:
//!
//! - **text**: `>` then the actor tag and the method on the first line, the request bytes after it:
//!   ```text
//!   >rep-out customers.create
//!   {"name": "x", "kind": "13800138000 张三身份证"}
//!   ```
//!   The tag is one of [`super::fixture::ACTOR_TAGS`] (`system` is the host itself); any other text is
//!   taken as the actor id. Readable, and what regressions are written as.
//! - **structured**: anything else. The bytes are the generator's decisions ([`super::choices::Choices`]):
//!   the actor, the method, the request built from its schema and how it is mutated. A coverage-guided
//!   fuzzer mutating these bytes explores requests that mostly reach the handlers.

use super::choices::Choices;
use super::generate::Generator;

/// One call to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// An actor tag ([`super::fixture::ACTOR_TAGS`]) or an actor id.
    pub actor: String,
    pub method: String,
    pub request: Vec<u8>,
}

impl Case {
    /// The input or corpus file that means this case (the text form).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = format!(">{} {}\n", self.actor, self.method).into_bytes();
        out.extend_from_slice(&self.request);
        out
    }

    /// The case an input means (either form).
    pub fn decode(data: &[u8], generator: &Generator) -> Case {
        match data.strip_prefix(b">") {
            Some(rest) => {
                let (head, request) = match rest.iter().position(|b| *b == b'\n') {
                    Some(i) => (&rest[..i], &rest[i + 1..]),
                    None => (rest, &[][..]),
                };
                let head = String::from_utf8_lossy(head);
                let (actor, method) = head.split_once(' ').unwrap_or(("system", &head));
                Case { actor: actor.to_string(), method: method.to_string(), request: request.to_vec() }
            }
            None => generator.case(&mut Choices::from_bytes(data)),
        }
    }

    /// A short description for reports: the text form, long requests cut.
    pub fn describe(&self) -> String {
        let request = String::from_utf8_lossy(&self.request);
        let shown: String = request.chars().take(300).collect();
        let more =
            if request.chars().count() > 300 { format!("... ({} bytes)", self.request.len()) } else { String::new() };
        format!(">{} {}\n{shown}{more}", self.actor, self.method)
    }
}
