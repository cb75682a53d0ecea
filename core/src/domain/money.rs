//! Money: integer minor-unit amounts, ISO 4217 currencies, FX rates and conversion to the base currency.
//!
//! Never floating point. An amount is an `i64` number of minor units (cents,
//! fen, ...) of its currency; an [`FxRate`] is a decimal with a fixed scale of
//! six. Conversions compute exactly in `i128` and round once, half away from
//! zero, to the base currency's minor unit (see [`convert_to_base`]).

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::domain::error::{DomainError, DomainResult};

/// An amount of money: `amount` minor units of the ISO 4217 `currency`
/// (e.g. `{ amount: 1999, currency: "CNY" }` is 19.99 yuan).
#[allow(dead_code, reason = "the amount type of the sales documents to come (DOC-1 to DOC-8); tested now")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct Money {
    /// Amount in minor units of `currency`.
    pub amount: i64,
    /// ISO 4217 alphabetic code, upper case.
    pub currency: String,
}

#[allow(dead_code, reason = "the amount type of the sales documents to come (DOC-1 to DOC-8); tested now")]
impl Money {
    pub(crate) fn new(amount: i64, currency: impl Into<String>) -> Self {
        Money { amount, currency: currency.into() }
    }

    /// Validates a stored or incoming amount: a known currency (field
    /// `<field>.currency`) and an amount within [`validate_amount`]'s range
    /// (field `<field>.amount`).
    pub(crate) fn validate(&self, field: &str) -> DomainResult<()> {
        validate_currency(&format!("{field}.currency"), &self.currency)?;
        validate_amount(&format!("{field}.amount"), self.amount)
    }
}

/// ISO 4217 codes known to the engine, with their minor-unit exponent.
const CURRENCIES: &[(&str, u32)] = &[
    ("AED", 2),
    ("AUD", 2),
    ("BHD", 3),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CLP", 0),
    ("CNY", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("EGP", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HKD", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("ISK", 0),
    ("JOD", 3),
    ("JPY", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("MOP", 2),
    ("MXN", 2),
    ("MYR", 2),
    ("NOK", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("QAR", 2),
    ("RUB", 2),
    ("SAR", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("THB", 2),
    ("TND", 3),
    ("TRY", 2),
    ("TWD", 2),
    ("UAH", 2),
    ("USD", 2),
    ("VND", 0),
    ("ZAR", 2),
];

/// The minor-unit exponent of an ISO 4217 code (`"CNY"` -> 2, `"JPY"` -> 0,
/// `"KWD"` -> 3), or `None` for a code the engine does not know. Codes are
/// matched exactly (upper case).
pub(crate) fn currency_exponent(code: &str) -> Option<u32> {
    CURRENCIES.iter().find(|(c, _)| *c == code).map(|(_, exp)| *exp)
}

/// Refuses a currency code the engine does not know.
pub(crate) fn validate_currency(field: &str, code: &str) -> DomainResult<()> {
    match currency_exponent(code) {
        Some(_) => Ok(()),
        None => Err(DomainError::validation(field, "must be a supported ISO 4217 currency code")),
    }
}

/// The largest amount, in minor units, the engine accepts on input (10^15).
pub const MAX_AMOUNT: i64 = 1_000_000_000_000_000;

/// Refuses a negative amount or one above [`MAX_AMOUNT`].
pub(crate) fn validate_amount(field: &str, amount: i64) -> DomainResult<()> {
    if amount < 0 {
        return Err(DomainError::validation(field, "must not be negative"));
    }
    if amount > MAX_AMOUNT {
        return Err(DomainError::validation(field, "is too large"));
    }
    Ok(())
}

/// Scale of an [`FxRate`]: six decimal places.
const FX_SCALE: i64 = 1_000_000;
/// Largest accepted rate, 10^9, in micros.
const FX_MAX_MICROS: i64 = 1_000_000_000 * FX_SCALE;

/// An exchange rate: units of the base currency per one unit of the document
/// currency, a positive decimal with a fixed scale of six (stored as
/// millionths, "micros"). In JSON it is the canonical decimal string
/// (`"7.1234"`), never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FxRate {
    micros: i64,
}

impl FxRate {
    /// The rate 1 (a document in the base currency).
    pub const ONE: FxRate = FxRate { micros: FX_SCALE };

    /// Parses a rate such as `"7.1234"`, `"1"` or `"0.000001"`: ASCII digits,
    /// optionally a `.` followed by one to six digits. Refuses an empty
    /// string, signs, exponents, whitespace, more than six decimals, zero and
    /// rates above 10^9.
    pub(crate) fn parse(field: &str, s: &str) -> DomainResult<FxRate> {
        let bad = || DomainError::validation(field, "must be a positive decimal with at most 6 decimal places");
        let (int_part, frac_part) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        if int_part.is_empty() || !int_part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let frac = frac_part.unwrap_or("");
        if frac_part.is_some() && frac.is_empty() {
            return Err(bad());
        }
        if frac.len() > 6 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let int_digits = int_part.trim_start_matches('0');
        // More than ten significant integer digits is certainly above 10^9.
        if int_digits.len() > 10 {
            return Err(DomainError::validation(field, "must be at most 1000000000"));
        }
        let int_value: i64 = if int_digits.is_empty() { 0 } else { int_digits.parse().map_err(|_| bad())? };
        let mut frac_value: i64 = 0;
        for i in 0..6 {
            let digit = frac.as_bytes().get(i).map_or(0, |b| i64::from(b - b'0'));
            frac_value = frac_value * 10 + digit;
        }
        let micros = int_value * FX_SCALE + frac_value;
        if micros == 0 {
            return Err(DomainError::validation(field, "must be greater than zero"));
        }
        if micros > FX_MAX_MICROS {
            return Err(DomainError::validation(field, "must be at most 1000000000"));
        }
        Ok(FxRate { micros })
    }

    /// The rate in millionths (`7.1234` -> `7_123_400`).
    pub(crate) fn micros(&self) -> i64 {
        self.micros
    }

    #[cfg(test)]
    /// Rebuilds a rate from its millionths, e.g. when loading from storage.
    /// `None` unless `0 < micros <= 10^15` (the range [`FxRate::parse`] allows).
    pub(crate) fn from_micros(micros: i64) -> Option<FxRate> {
        if micros > 0 && micros <= FX_MAX_MICROS { Some(FxRate { micros }) } else { None }
    }

    /// Whether this is exactly 1.
    pub(crate) fn is_one(&self) -> bool {
        *self == FxRate::ONE
    }
}

impl Default for FxRate {
    fn default() -> Self {
        FxRate::ONE
    }
}

impl fmt::Display for FxRate {
    /// The canonical decimal: trailing zeros trimmed, no `.` for whole rates.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let int = self.micros / FX_SCALE;
        let frac = self.micros % FX_SCALE;
        if frac == 0 {
            write!(f, "{int}")
        } else {
            let digits = format!("{frac:06}");
            write!(f, "{int}.{}", digits.trim_end_matches('0'))
        }
    }
}

impl FromStr for FxRate {
    type Err = DomainError;

    /// Parses like [`FxRate::parse`], reporting errors on field `fx_rate`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FxRate::parse("fx_rate", s)
    }
}

impl Serialize for FxRate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FxRate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = Cow::<'de, str>::deserialize(deserializer)?;
        FxRate::parse("fx_rate", &s).map_err(serde::de::Error::custom)
    }
}

/// Only with the `schema` feature (the build-time generators): a decimal string with its pattern.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for FxRate {
    fn schema_name() -> Cow<'static, str> {
        "FxRate".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]+(\\.[0-9]{1,6})?$",
            "description": "Exchange rate to the base currency: a positive decimal with at most 6 decimal places, as a string"
        })
    }
}

/// Integer division rounded half away from zero: `7 / 2` -> 4,
/// `-7 / 2` -> -4, `5 / 3` -> 2, `-5 / 3` -> -2.
///
/// # Panics
///
/// Panics when `denominator` is not positive; callers pass positive powers of
/// ten or other engine constants, never user input.
pub(crate) fn round_half_up_div(numerator: i128, denominator: i128) -> i128 {
    assert!(denominator > 0, "round_half_up_div needs a positive denominator");
    let quotient = numerator / denominator;
    let remainder = (numerator % denominator).abs();
    // remainder >= denominator / 2, written so it cannot overflow.
    if remainder >= denominator - remainder { quotient + numerator.signum() } else { quotient }
}

/// Converts `amount_minor` minor units of `from_currency` to minor units of
/// `base_currency` at `rate` (base units per one `from` unit).
///
/// The product `amount_minor * rate`, adjusted for the difference between
/// the two currencies' minor-unit exponents, is computed exactly in `i128`;
/// **rounding happens once, here, half away from zero to the base
/// currency's minor unit** (see [`round_half_up_div`]). For example 100 JPY
/// at 0.05 is 5.00 CNY, i.e. `500`.
///
/// Errors: an unknown currency (fields `currency` / `base_currency`); a rate
/// other than one when `from_currency == base_currency` (field `fx_rate`);
/// a result outside `i64` (field `amount`). Negative amounts (credits) are
/// converted symmetrically.
pub(crate) fn convert_to_base(
    amount_minor: i64,
    from_currency: &str,
    base_currency: &str,
    rate: FxRate,
) -> DomainResult<i64> {
    let from_exp = currency_exponent(from_currency)
        .ok_or_else(|| DomainError::validation("currency", "must be a supported ISO 4217 currency code"))?;
    let base_exp = currency_exponent(base_currency)
        .ok_or_else(|| DomainError::validation("base_currency", "must be a supported ISO 4217 currency code"))?;
    if from_currency == base_currency {
        if !rate.is_one() {
            return Err(DomainError::validation("fx_rate", "must be 1 when the currency is the base currency"));
        }
        return Ok(amount_minor);
    }
    // |amount| < 2^63, micros <= 10^15 and exponents <= 3, so the numerator
    // stays below 2^63 * 10^18 < 2^127: no overflow in i128.
    let numerator = i128::from(amount_minor) * i128::from(rate.micros()) * 10i128.pow(base_exp);
    let denominator = i128::from(FX_SCALE) * 10i128.pow(from_exp);
    let converted = round_half_up_div(numerator, denominator);
    i64::try_from(converted).map_err(|_| DomainError::validation("amount", "is too large to convert"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(s: &str) -> FxRate {
        FxRate::parse("fx_rate", s).unwrap()
    }

    fn field_of(err: DomainError) -> String {
        match err {
            DomainError::Validation { field, .. } => field,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn exponents_of_known_currencies() {
        for code in [
            "CNY", "HKD", "TWD", "USD", "EUR", "GBP", "SGD", "AUD", "CAD", "CHF", "INR", "IDR", "MYR", "THB", "PHP",
            "NZD", "SEK", "NOK", "DKK", "RUB", "BRL", "MXN", "ZAR", "AED", "SAR",
        ] {
            assert_eq!(currency_exponent(code), Some(2), "{code}");
        }
        for code in ["JPY", "KRW", "VND", "CLP", "ISK"] {
            assert_eq!(currency_exponent(code), Some(0), "{code}");
        }
        for code in ["KWD", "BHD", "OMR", "JOD", "TND"] {
            assert_eq!(currency_exponent(code), Some(3), "{code}");
        }
    }

    #[test]
    fn unknown_currencies() {
        for code in ["", "XXX", "cny", "RMB", "US", "USDD", " USD"] {
            assert_eq!(currency_exponent(code), None, "{code:?}");
            assert!(validate_currency("currency", code).is_err());
        }
    }

    #[test]
    fn currency_table_is_sorted_and_unique() {
        for pair in CURRENCIES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} / {}", pair[0].0, pair[1].0);
        }
        for (code, exp) in CURRENCIES {
            assert_eq!(code.len(), 3);
            assert!(code.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(*exp <= 3);
        }
    }

    #[test]
    fn validate_currency_reports_field() {
        assert!(validate_currency("currency", "CNY").is_ok());
        let err = validate_currency("lines.0.currency", "ABC").unwrap_err();
        assert_eq!(err, DomainError::validation("lines.0.currency", "must be a supported ISO 4217 currency code"));
    }

    #[test]
    fn validate_amount_range() {
        assert!(validate_amount("amount", 0).is_ok());
        assert!(validate_amount("amount", 1).is_ok());
        assert!(validate_amount("amount", MAX_AMOUNT).is_ok());
        assert_eq!(field_of(validate_amount("amount", -1).unwrap_err()), "amount");
        assert!(validate_amount("amount", MAX_AMOUNT + 1).is_err());
        assert!(validate_amount("amount", i64::MAX).is_err());
        assert!(validate_amount("amount", i64::MIN).is_err());
    }

    #[test]
    fn money_validate_and_serde() {
        let m = Money::new(1999, "CNY");
        assert!(m.validate("price").is_ok());
        assert_eq!(field_of(Money::new(1, "XYZ").validate("price").unwrap_err()), "price.currency");
        assert_eq!(field_of(Money::new(-1, "CNY").validate("price").unwrap_err()), "price.amount");
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"amount":1999,"currency":"CNY"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
    }

    #[test]
    fn fx_rate_parse_accepts_decimals() {
        assert_eq!(rate("7.1234").micros(), 7_123_400);
        assert_eq!(rate("1").micros(), 1_000_000);
        assert_eq!(rate("1"), FxRate::ONE);
        assert_eq!(rate("1.000000"), FxRate::ONE);
        assert_eq!(rate("0.000001").micros(), 1);
        assert_eq!(rate("0.05").micros(), 50_000);
        assert_eq!(rate("007.5").micros(), 7_500_000);
        assert_eq!(rate("1000000000").micros(), FX_MAX_MICROS);
        assert_eq!(rate("999999999.999999").micros(), FX_MAX_MICROS - 1);
    }

    #[test]
    fn fx_rate_parse_rejects_bad_input() {
        for bad in [
            "",
            " ",
            " 1",
            "1 ",
            "-1",
            "+1",
            "-0.5",
            "0",
            "0.0",
            "0.000000",
            "0.0000001",
            "1.1234567",
            "1e3",
            "1E-2",
            "abc",
            "1.2.3",
            ".5",
            "5.",
            ".",
            "1,5",
            "NaN",
            "inf",
            "1000000000.000001",
            "1000000001",
            "99999999999999999999999",
            "１",
        ] {
            let err = FxRate::parse("fx_rate", bad).unwrap_err();
            assert_eq!(field_of(err), "fx_rate", "{bad:?}");
        }
    }

    #[test]
    fn fx_rate_display_is_canonical() {
        assert_eq!(FxRate::ONE.to_string(), "1");
        assert_eq!(rate("7.1234").to_string(), "7.1234");
        assert_eq!(rate("7.123400").to_string(), "7.1234");
        assert_eq!(rate("0.000001").to_string(), "0.000001");
        assert_eq!(rate("0010.50").to_string(), "10.5");
        assert_eq!(rate("1000000000").to_string(), "1000000000");
        for s in ["7.1234", "1", "0.000001", "123.456789", "0.1"] {
            assert_eq!(rate(s).to_string(), s);
            assert_eq!(rate(&rate(s).to_string()), rate(s));
        }
    }

    #[test]
    fn fx_rate_from_micros() {
        assert_eq!(FxRate::from_micros(7_123_400), Some(rate("7.1234")));
        assert_eq!(FxRate::from_micros(1), Some(rate("0.000001")));
        assert_eq!(FxRate::from_micros(FX_MAX_MICROS), Some(rate("1000000000")));
        assert_eq!(FxRate::from_micros(0), None);
        assert_eq!(FxRate::from_micros(-5), None);
        assert_eq!(FxRate::from_micros(FX_MAX_MICROS + 1), None);
        assert_eq!(FxRate::default(), FxRate::ONE);
        assert!(FxRate::ONE.is_one());
    }

    #[test]
    fn fx_rate_serde_as_string() {
        let r = rate("7.1234");
        assert_eq!(serde_json::to_string(&r).unwrap(), r#""7.1234""#);
        assert_eq!(serde_json::from_str::<FxRate>(r#""7.1234""#).unwrap(), r);
        assert!(serde_json::from_str::<FxRate>("7.1234").is_err());
        assert!(serde_json::from_str::<FxRate>(r#""-1""#).is_err());
        assert_eq!("0.5".parse::<FxRate>().unwrap().micros(), 500_000);
    }

    #[cfg(feature = "schema")]
    #[test]
    fn fx_rate_schema_is_a_string() {
        let schema = schemars::schema_for!(FxRate);
        assert_eq!(schema.get("type").and_then(|v| v.as_str()), Some("string"));
    }

    #[test]
    fn round_half_up_div_rounds_half_away_from_zero() {
        assert_eq!(round_half_up_div(7, 2), 4);
        assert_eq!(round_half_up_div(-7, 2), -4);
        assert_eq!(round_half_up_div(5, 3), 2);
        assert_eq!(round_half_up_div(-5, 3), -2);
        assert_eq!(round_half_up_div(4, 3), 1);
        assert_eq!(round_half_up_div(-4, 3), -1);
        assert_eq!(round_half_up_div(149, 100), 1);
        assert_eq!(round_half_up_div(150, 100), 2);
        assert_eq!(round_half_up_div(-150, 100), -2);
        assert_eq!(round_half_up_div(-149, 100), -1);
        assert_eq!(round_half_up_div(0, 7), 0);
        assert_eq!(round_half_up_div(6, 3), 2);
        assert_eq!(round_half_up_div(-6, 3), -2);
        assert_eq!(round_half_up_div(1, 1), 1);
        assert_eq!(round_half_up_div(i128::MAX, i128::MAX), 1);
        assert_eq!(round_half_up_div(i128::MAX / 2 + 1, i128::MAX), 1);
        assert_eq!(round_half_up_div(i128::MAX / 2, i128::MAX), 0);
    }

    #[test]
    #[should_panic(expected = "positive denominator")]
    fn round_half_up_div_panics_on_zero_denominator() {
        round_half_up_div(1, 0);
    }

    #[test]
    fn convert_jpy_to_cny() {
        // 100 JPY at 0.05 = 5.00 CNY.
        assert_eq!(convert_to_base(100, "JPY", "CNY", rate("0.05")), Ok(500));
    }

    #[test]
    fn convert_usd_to_cny_rounds_half_up() {
        // 10.00 USD at 7.1234 = 71.234 CNY -> 71.23.
        assert_eq!(convert_to_base(1000, "USD", "CNY", rate("7.1234")), Ok(7123));
        // 0.01 USD at 7.15 = 0.0715 CNY -> 0.07.
        assert_eq!(convert_to_base(1, "USD", "CNY", rate("7.15")), Ok(7));
        // 0.01 USD at 0.5 = 0.005 -> 0.01 (half up).
        assert_eq!(convert_to_base(1, "USD", "CNY", rate("0.5")), Ok(1));
        // 0.01 USD at 0.499999 -> 0.00.
        assert_eq!(convert_to_base(1, "USD", "CNY", rate("0.499999")), Ok(0));
        // Negative amounts round away from zero symmetrically.
        assert_eq!(convert_to_base(-1, "USD", "CNY", rate("0.5")), Ok(-1));
        assert_eq!(convert_to_base(-1000, "USD", "CNY", rate("7.1234")), Ok(-7123));
    }

    #[test]
    fn convert_across_exponents() {
        // 1.000 KWD (3 decimals) at 23.5 = 23.50 CNY.
        assert_eq!(convert_to_base(1000, "KWD", "CNY", rate("23.5")), Ok(2350));
        // 1.00 CNY at 20 = 20 JPY.
        assert_eq!(convert_to_base(100, "CNY", "JPY", rate("20")), Ok(20));
        // 0.50 CNY at 20.5 = 10.25 JPY -> 10.
        assert_eq!(convert_to_base(50, "CNY", "JPY", rate("20.5")), Ok(10));
        // 0.75 CNY at 2 = 1.5 JPY -> 2.
        assert_eq!(convert_to_base(75, "CNY", "JPY", rate("2")), Ok(2));
        // 5 JPY at 0.048 = 0.240 KWD.
        assert_eq!(convert_to_base(5, "JPY", "KWD", rate("0.048")), Ok(240));
        assert_eq!(convert_to_base(0, "USD", "CNY", rate("7.1")), Ok(0));
    }

    #[test]
    fn convert_same_currency_needs_rate_one() {
        assert_eq!(convert_to_base(12345, "CNY", "CNY", FxRate::ONE), Ok(12345));
        assert_eq!(convert_to_base(-5, "CNY", "CNY", FxRate::ONE), Ok(-5));
        let err = convert_to_base(12345, "CNY", "CNY", rate("1.000001")).unwrap_err();
        assert_eq!(field_of(err), "fx_rate");
    }

    #[test]
    fn convert_rejects_unknown_currencies() {
        let err = convert_to_base(1, "XXX", "CNY", FxRate::ONE).unwrap_err();
        assert_eq!(field_of(err), "currency");
        let err = convert_to_base(1, "USD", "XXX", FxRate::ONE).unwrap_err();
        assert_eq!(field_of(err), "base_currency");
    }

    #[test]
    fn convert_overflow_is_a_validation_error() {
        let err = convert_to_base(i64::MAX, "USD", "CNY", rate("2")).unwrap_err();
        assert_eq!(field_of(err), "amount");
        let err = convert_to_base(i64::MIN, "JPY", "KWD", rate("1000000000")).unwrap_err();
        assert_eq!(field_of(err), "amount");
        // Largest inputs never overflow the i128 intermediate.
        assert_eq!(convert_to_base(i64::MAX, "KWD", "JPY", rate("0.000001")), Ok(9_223_372_037));
        assert_eq!(convert_to_base(MAX_AMOUNT, "USD", "CNY", rate("1")), Ok(MAX_AMOUNT));
    }
}
