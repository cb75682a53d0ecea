//! Text field rules shared by every entity: trimming, required and optional values, lengths, codes, patches.

use serde::{Deserialize, Deserializer};

use super::error::{DomainError, DomainResult};

/// Maximum characters of a name or title.
pub const NAME_MAX: usize = 200;
/// Maximum characters of a free-text field (notes, descriptions, outcomes).
pub const LONG_TEXT_MAX: usize = 10_000;
/// Maximum characters of a short code-like field (region, source, external_ref).
pub const SHORT_MAX: usize = 100;

/// A required text: trimmed, not empty, at most `max` characters.
pub(crate) fn required(field: &str, value: &str, max: usize) -> DomainResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(DomainError::validation(field, "is required"));
    }
    if v.chars().count() > max {
        return Err(DomainError::validation(field, format!("must be at most {max} characters")));
    }
    Ok(v.to_string())
}

/// An optional text: trimmed; empty becomes `None`; at most `max` characters.
pub(crate) fn optional(field: &str, value: Option<&str>, max: usize) -> DomainResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) if v.chars().count() > max => {
            Err(DomainError::validation(field, format!("must be at most {max} characters")))
        }
        Some(v) => Ok(Some(v.to_string())),
    }
}

/// A machine code (stage code, pipeline code, tag): letters, digits, `_`, `-`, `.`, `/`; 1..=64 chars.
pub(crate) fn code(field: &str, value: &str) -> DomainResult<String> {
    let v = value.trim();
    let ok = !v.is_empty()
        && v.chars().count() <= 64
        && v.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'));
    if ok {
        Ok(v.to_string())
    } else {
        Err(DomainError::validation(field, "must be 1 to 64 letters, digits or _ - . /"))
    }
}

/// A hierarchical region code such as `44/4403` (province/city): digits and
/// letters separated by `/`, no empty segment.
pub(crate) fn region(field: &str, value: Option<&str>) -> DomainResult<Option<String>> {
    let Some(v) = optional(field, value, SHORT_MAX)? else { return Ok(None) };
    let ok = v.split('/').all(|seg| !seg.is_empty() && seg.chars().all(|c| c.is_ascii_alphanumeric()));
    if ok {
        Ok(Some(v))
    } else {
        Err(DomainError::validation(field, "must be segments of letters and digits separated by / (e.g. 44/4403)"))
    }
}

/// Whether `region` lies at or under `prefix` (`44` covers `44` and `44/4403`, not `440`).
pub(crate) fn region_under(region: &str, prefix: &str) -> bool {
    region == prefix || region.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/'))
}

/// An update field: absent = leave as is, `null` = clear, a value = set.
pub type Patch<T> = Option<Option<T>>;

/// Deserializer for [`Patch`] fields (use with `#[serde(default, deserialize_with = "patch")]`).
pub(crate) fn patch<'de, D, T>(de: D) -> Result<Patch<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_trims_and_limits() {
        assert_eq!(required("name", "  深圳科技  ", 10).unwrap(), "深圳科技");
        assert!(required("name", "   ", 10).is_err());
        assert!(required("name", "abcdefghijk", 10).is_err());
    }

    #[test]
    fn regions_are_hierarchical() {
        assert_eq!(region("region", Some("44/4403")).unwrap().as_deref(), Some("44/4403"));
        assert!(region("region", Some("44//4403")).is_err());
        assert!(region_under("44/4403", "44"));
        assert!(region_under("44", "44"));
        assert!(!region_under("440", "44"));
    }
}
