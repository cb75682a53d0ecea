//! Quantities of goods (DOC-1 to DOC-7): a fixed-scale decimal with three places, never floating point.
//!
//! A [`Quantity`] is stored as thousandths (`1.5` -> `1500`). In JSON it is written as its canonical
//! decimal string (`"1.5"`); a request may give a whole JSON integer (`2`) or a decimal string. Floats
//! are refused: `0.1 + 0.2` is not a quantity anyone ordered.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::{DomainError, DomainResult};

/// Thousandths per unit.
pub(crate) const QUANTITY_SCALE: i64 = 1_000;
/// The largest quantity of one line: 10^9 units.
const QUANTITY_MAX_MILLI: i64 = 1_000_000_000 * QUANTITY_SCALE;

/// A non-negative quantity with three decimal places.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quantity {
    milli: i64,
}

impl Quantity {
    pub const ZERO: Quantity = Quantity { milli: 0 };

    /// Parses `"12"`, `"1.5"` or `"0.125"`: ASCII digits, optionally `.` and one to three digits, at most
    /// 10^9. A leading `-` is refused with its own message (a negative quantity is a common mistake).
    pub(crate) fn parse(field: &str, s: &str) -> DomainResult<Quantity> {
        if s.starts_with('-') {
            return Err(DomainError::validation(field, "must not be negative"));
        }
        let bad = || DomainError::validation(field, "must be a decimal with at most 3 decimal places");
        let (int_part, frac) = match s.split_once('.') {
            Some((_, "")) => return Err(bad()),
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if int_part.is_empty() || frac.len() > 3 || !int_part.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let int_digits = int_part.trim_start_matches('0');
        if int_digits.len() > 10 {
            return Err(DomainError::validation(field, "must be at most 1000000000"));
        }
        let int_value: i64 = if int_digits.is_empty() { 0 } else { int_digits.parse().map_err(|_| bad())? };
        let frac_value =
            (0..3).fold(0i64, |acc, i| acc * 10 + frac.as_bytes().get(i).map_or(0, |b| i64::from(b - b'0')));
        Quantity::from_milli(int_value * QUANTITY_SCALE + frac_value)
            .ok_or_else(|| DomainError::validation(field, "must be at most 1000000000"))
    }

    /// A quantity of `milli` thousandths, if in range (0 to 10^9 units).
    pub(crate) fn from_milli(milli: i64) -> Option<Quantity> {
        (0..=QUANTITY_MAX_MILLI).contains(&milli).then_some(Quantity { milli })
    }

    /// Whole units (`Quantity::units(3)` is 3).
    pub fn units(units: i64) -> Quantity {
        Quantity::from_milli(units.saturating_mul(QUANTITY_SCALE)).unwrap_or(Quantity { milli: QUANTITY_MAX_MILLI })
    }

    /// The quantity in thousandths.
    pub fn milli(self) -> i64 {
        self.milli
    }

    pub fn is_zero(self) -> bool {
        self.milli == 0
    }

    /// `self + other`, if in range.
    pub(crate) fn checked_add(self, other: Quantity) -> Option<Quantity> {
        Quantity::from_milli(self.milli.checked_add(other.milli)?)
    }

    /// `self - other`, if not negative.
    pub(crate) fn checked_sub(self, other: Quantity) -> Option<Quantity> {
        Quantity::from_milli(self.milli.checked_sub(other.milli)?)
    }

    /// `self + other`, at most the largest quantity.
    pub(crate) fn saturating_add(self, other: Quantity) -> Quantity {
        Quantity { milli: (self.milli + other.milli).min(QUANTITY_MAX_MILLI) }
    }

    /// `self - other`, at least zero.
    pub(crate) fn saturating_sub(self, other: Quantity) -> Quantity {
        Quantity { milli: (self.milli - other.milli).max(0) }
    }
}

impl fmt::Display for Quantity {
    /// The canonical decimal: trailing zeros trimmed, no `.` for whole quantities.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (int, frac) = (self.milli / QUANTITY_SCALE, self.milli % QUANTITY_SCALE);
        if frac == 0 {
            write!(f, "{int}")
        } else {
            let digits = format!("{frac:03}");
            write!(f, "{int}.{}", digits.trim_end_matches('0'))
        }
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// What a request may hold for a quantity: a whole number or a decimal string.
#[derive(Deserialize)]
#[serde(untagged)]
enum QuantityInput<'a> {
    Whole(i64),
    #[serde(borrow)]
    Decimal(Cow<'a, str>),
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let parsed = match QuantityInput::deserialize(deserializer)
            .map_err(|_| serde::de::Error::custom("must be a whole number or a decimal string such as \"1.5\""))?
        {
            QuantityInput::Whole(n) if n < 0 => Err(DomainError::validation("quantity", "must not be negative")),
            QuantityInput::Whole(n) => n
                .checked_mul(QUANTITY_SCALE)
                .and_then(Quantity::from_milli)
                .ok_or_else(|| DomainError::validation("quantity", "must be at most 1000000000")),
            QuantityInput::Decimal(s) => Quantity::parse("quantity", &s),
        };
        parsed.map_err(|e| match e {
            DomainError::Validation { message, .. } => serde::de::Error::custom(message),
            other => serde::de::Error::custom(other),
        })
    }
}

/// Only with the `schema` feature (the build-time generators): a whole number or a decimal string.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Quantity {
    fn schema_name() -> Cow<'static, str> {
        "Quantity".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": ["string", "integer"],
            "pattern": "^[0-9]+(\\.[0-9]{1,3})?$",
            "minimum": 0,
            "description": "A quantity: a whole number, or a decimal string with at most 3 decimal places (answers always give the string)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_and_print_canonically() {
        for (text, milli, canonical) in [
            ("12", 12_000, "12"),
            ("1.5", 1_500, "1.5"),
            ("0.125", 125, "0.125"),
            ("007.100", 7_100, "7.1"),
            ("0", 0, "0"),
        ] {
            let q = Quantity::parse("quantity", text).unwrap();
            assert_eq!(q.milli(), milli, "{text}");
            assert_eq!(q.to_string(), canonical);
        }
        for bad in ["", ".5", "1.", "1.2345", "1e3", " 1", "+1", "-1", "1,5", "10000000001"] {
            assert!(Quantity::parse("quantity", bad).is_err(), "{bad:?}");
        }
        assert_eq!(Quantity::parse("q", "1000000000").unwrap().milli(), QUANTITY_MAX_MILLI);
    }

    #[test]
    fn json_takes_whole_numbers_and_decimal_strings_never_floats() {
        let q: Quantity = serde_json::from_str("3").unwrap();
        assert_eq!(q, Quantity::units(3));
        let q: Quantity = serde_json::from_str("\"2.25\"").unwrap();
        assert_eq!(q.milli(), 2_250);
        assert_eq!(serde_json::to_string(&q).unwrap(), "\"2.25\"");
        for bad in ["1.5", "-2", "\"-2\"", "true", "null", "\"abc\""] {
            assert!(serde_json::from_str::<Quantity>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn arithmetic_stays_in_range() {
        let a = Quantity::units(2);
        assert_eq!(a.checked_sub(Quantity::units(3)), None);
        assert_eq!(a.checked_add(Quantity::units(1)), Some(Quantity::units(3)));
    }
}
