//! Pricing an opportunity (OPP-2, §0 money): quantities in thousandths, line amounts rounded half-up per line, the amount as the lines' sum, one conversion to the base currency.

use super::{LineDraft, Opportunity, OpportunityLine};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::money::{self, FxRate};
use crate::domain::text;

/// Scale of quantities: thousandths.
const QTY_SCALE: i64 = 1000;
/// Largest quantity accepted, 10^9.
const QTY_MAX_MILLI: i64 = 1_000_000_000 * QTY_SCALE;

/// Parses a positive quantity with at most 3 decimals into thousandths.
pub(crate) fn parse_quantity(field: &str, s: &str) -> DomainResult<i64> {
    let bad = || DomainError::validation(field, "must be a positive decimal with at most 3 decimal places");
    let (int_part, frac) = match s.trim().split_once('.') {
        Some((i, f)) if !f.is_empty() => (i, f),
        Some(_) => return Err(bad()),
        None => (s.trim(), ""),
    };
    if int_part.is_empty() || int_part.len() > 10 || !int_part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let int: i64 = int_part.parse().map_err(|_| bad())?;
    let mut milli = 0;
    for i in 0..3 {
        milli = milli * 10 + frac.as_bytes().get(i).map_or(0, |b| i64::from(b - b'0'));
    }
    let q = int * QTY_SCALE + milli;
    if q == 0 {
        return Err(DomainError::validation(field, "must be greater than zero"));
    }
    if q > QTY_MAX_MILLI {
        return Err(DomainError::validation(field, "is too large"));
    }
    Ok(q)
}

/// A quantity in thousandths as its fixed-scale string (`2500` -> `"2.500"`).
pub(crate) fn format_quantity(milli: i64) -> String {
    format!("{}.{:03}", milli / QTY_SCALE, milli % QTY_SCALE)
}

/// The amount of a line: `quantity * unit_price`, rounded half-up to the minor unit (per line).
pub(crate) fn line_amount(quantity_milli: i64, unit_price: i64) -> DomainResult<i64> {
    let v = money::round_half_up_div(i128::from(quantity_milli) * i128::from(unit_price), i128::from(QTY_SCALE));
    i64::try_from(v)
        .ok()
        .filter(|a| *a <= money::MAX_AMOUNT)
        .ok_or_else(|| DomainError::validation("amount", "is too large"))
}

/// Validated lines and the opportunity's amount: with lines, the amount is their
/// sum (a given `amount` must equal it); without, the given amount or 0.
pub(crate) fn price_lines(lines: &[LineDraft], amount: Option<i64>) -> DomainResult<(Vec<OpportunityLine>, i64)> {
    let mut out = Vec::with_capacity(lines.len());
    let mut total: i64 = 0;
    for (i, l) in lines.iter().enumerate() {
        let q = parse_quantity(&format!("lines[{i}].quantity"), &l.quantity)?;
        money::validate_amount(&format!("lines[{i}].unit_price"), l.unit_price)?;
        let description = text::required(&format!("lines[{i}].description"), &l.description, text::NAME_MAX)?;
        let product_code =
            text::optional(&format!("lines[{i}].product_code"), l.product_code.as_deref(), text::SHORT_MAX)?;
        let a =
            line_amount(q, l.unit_price).map_err(|_| DomainError::validation(format!("lines[{i}]"), "is too large"))?;
        total = total
            .checked_add(a)
            .filter(|t| *t <= money::MAX_AMOUNT)
            .ok_or_else(|| DomainError::validation("lines", "the total is too large"))?;
        out.push(OpportunityLine {
            product_code,
            description,
            quantity: format_quantity(q),
            unit_price: l.unit_price,
            amount: a,
        });
    }
    let amount = match (lines.is_empty(), amount) {
        (true, Some(a)) => {
            money::validate_amount("amount", a)?;
            a
        }
        (true, None) => 0,
        (false, Some(a)) if a != total => {
            return Err(DomainError::validation("amount", "must equal the sum of the lines (or be omitted)"));
        }
        (false, _) => total,
    };
    Ok((out, amount))
}

/// How a create or an update prices an opportunity: the lines (`None`: unchanged), the amount, the currency and
/// the rate to the base currency, as the request gives them.
pub(crate) struct PriceChange<'a> {
    pub lines: Option<&'a [LineDraft]>,
    pub amount: Option<i64>,
    pub currency: Option<&'a str>,
    pub fx_rate: Option<FxRate>,
}

impl Opportunity {
    /// Reprices the opportunity: a new currency resets the rate to 1 unless one is given; given lines replace
    /// the old ones and make the amount their sum (a given amount must equal it); without lines the amount is
    /// the given one; with lines kept, a different amount is refused. `amount_base` follows, in `base`.
    pub(crate) fn reprice(&mut self, change: PriceChange<'_>, base: &str) -> DomainResult<()> {
        if let Some(c) = change.currency {
            money::validate_currency("currency", c)?;
            if c != self.currency {
                self.currency = c.to_string();
                self.fx_rate = FxRate::ONE;
            }
        }
        if let Some(fx) = change.fx_rate {
            self.fx_rate = fx;
        }
        match change.lines {
            Some(l) => {
                let (lines, total) = price_lines(l, change.amount)?;
                self.lines = lines;
                self.amount = total;
            }
            None if self.lines.is_empty() => {
                if let Some(a) = change.amount {
                    money::validate_amount("amount", a)?;
                    self.amount = a;
                }
            }
            None => {
                if change.amount.is_some_and(|a| a != self.amount) {
                    return Err(DomainError::validation("amount", "must equal the sum of the lines (or be omitted)"));
                }
            }
        }
        self.amount_base = money::convert_to_base(self.amount, &self.currency, base, self.fx_rate)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::opportunity::tests::{opportunity, pipeline};

    #[test]
    fn opp_2_quantities_and_line_rounding() {
        assert_eq!(parse_quantity("q", "2.5").unwrap(), 2500);
        assert_eq!(format_quantity(2500), "2.500");
        assert!(parse_quantity("q", "0").is_err());
        assert!(parse_quantity("q", "1.2345").is_err());
        assert!(parse_quantity("q", "-1").is_err());
        assert!(parse_quantity("q", "1.").is_err());
        // 1.005 * 333 = 334.665 -> 335 (half-up per line)
        assert_eq!(line_amount(1005, 333).unwrap(), 335);
        assert_eq!(line_amount(1004, 333).unwrap(), 334);
    }

    #[test]
    fn opp_2_amount_is_the_sum_of_lines() {
        let lines = vec![
            LineDraft {
                product_code: Some("P1".into()),
                description: "A".into(),
                quantity: "2".into(),
                unit_price: 150,
            },
            LineDraft { product_code: None, description: "B".into(), quantity: "0.5".into(), unit_price: 99 },
        ];
        let (out, amount) = price_lines(&lines, None).unwrap();
        assert_eq!(out[1].amount, 50);
        assert_eq!(amount, 350);
        assert!(price_lines(&lines, Some(350)).is_ok());
        assert!(price_lines(&lines, Some(351)).is_err());
        assert_eq!(price_lines(&[], Some(42)).unwrap().1, 42);
        assert!(price_lines(&[], Some(-1)).is_err());
    }

    fn line(quantity: &str, unit_price: i64) -> LineDraft {
        LineDraft { product_code: None, description: "Pump".into(), quantity: quantity.into(), unit_price }
    }

    fn change<'a>(lines: Option<&'a [LineDraft]>, amount: Option<i64>) -> PriceChange<'a> {
        PriceChange { lines, amount, currency: None, fx_rate: None }
    }

    #[test]
    fn opp_2_repricing_keeps_the_amount_the_sum_of_the_lines() {
        let mut o = opportunity(&pipeline(), "lead");
        o.reprice(change(Some(&[line("2", 5000), line("1.5", 333)]), None), "CNY").unwrap();
        assert_eq!((o.amount, o.amount_base, o.lines.len()), (10500, 10500, 2));
        // Lines kept: only their sum is accepted as the amount.
        assert_eq!(o.reprice(change(None, Some(1)), "CNY").unwrap_err().field(), Some("amount"));
        o.reprice(change(None, Some(10500)), "CNY").unwrap();
        // No lines: the amount is free.
        o.reprice(change(Some(&[]), Some(700)), "CNY").unwrap();
        assert_eq!((o.amount, o.lines.len()), (700, 0));
        o.reprice(change(None, Some(900)), "CNY").unwrap();
        assert_eq!(o.amount, 900);
    }

    #[test]
    fn money_a_foreign_currency_converts_once_at_its_rate() {
        let mut o = opportunity(&pipeline(), "lead");
        let rate = FxRate::parse("fx_rate", "7.1234").unwrap();
        let usd = PriceChange { lines: None, amount: Some(10000), currency: Some("USD"), fx_rate: Some(rate) };
        o.reprice(usd, "CNY").unwrap();
        assert_eq!((o.currency.as_str(), o.amount, o.amount_base), ("USD", 10000, 71234));
        // Another currency without a rate starts again at 1.
        let eur = PriceChange { lines: None, amount: None, currency: Some("EUR"), fx_rate: None };
        o.reprice(eur, "CNY").unwrap();
        assert_eq!((o.fx_rate, o.amount_base), (FxRate::ONE, 10000));
        let bad = PriceChange { lines: None, amount: None, currency: Some("usd!"), fx_rate: None };
        assert_eq!(o.reprice(bad, "CNY").unwrap_err().field(), Some("currency"));
    }
}
