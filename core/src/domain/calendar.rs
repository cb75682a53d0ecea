//! Calendar time: UTC instants, calendar dates and the organisation's UTC offset that defines "today".
//!
//! Instants are UTC and travel as RFC 3339 strings with millisecond precision
//! and a `Z` suffix ([`format_instant`]), so string order equals time order.
//! Due dates, birthdays and plan months are calendar dates (`YYYY-MM-DD`).
//! The organisation's UTC offset, in minutes, maps an instant to its local
//! date ([`local_date`]) and a local date to its span of instants
//! ([`local_day_bounds`]). Nothing here reads the clock.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeDelta, Utc};

use crate::domain::error::{DomainError, DomainResult};

/// Smallest organisation offset: UTC-12:00.
pub const MIN_UTC_OFFSET_MINUTES: i32 = -720;
/// Largest organisation offset: UTC+14:00.
pub const MAX_UTC_OFFSET_MINUTES: i32 = 840;

/// Refuses an offset outside UTC-12:00..=UTC+14:00 (`-720..=840` minutes).
pub(crate) fn validate_utc_offset_minutes(field: &str, minutes: i32) -> DomainResult<()> {
    if (MIN_UTC_OFFSET_MINUTES..=MAX_UTC_OFFSET_MINUTES).contains(&minutes) {
        Ok(())
    } else {
        Err(DomainError::validation(field, "must be between -720 and 840 minutes"))
    }
}

/// The calendar date at `instant` for an organisation `offset_minutes` east
/// of UTC. (At the extreme ends of chrono's range, where the shift would
/// overflow, the UTC date is returned.)
pub(crate) fn local_date(instant: DateTime<Utc>, offset_minutes: i32) -> NaiveDate {
    let utc = instant.naive_utc();
    utc.checked_add_signed(TimeDelta::minutes(i64::from(offset_minutes))).unwrap_or(utc).date()
}

/// The half-open span `[start, end)` of instants that fall on local `date`
/// for an organisation `offset_minutes` east of UTC; `end` is the start of
/// the next local day. Saturates at chrono's representable range.
pub(crate) fn local_day_bounds(date: NaiveDate, offset_minutes: i32) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = local_midnight_utc(date, offset_minutes);
    let end = match date.succ_opt() {
        Some(next) => local_midnight_utc(next, offset_minutes),
        None => DateTime::<Utc>::MAX_UTC,
    };
    (start, end)
}

fn local_midnight_utc(date: NaiveDate, offset_minutes: i32) -> DateTime<Utc> {
    let local = NaiveDateTime::new(date, NaiveTime::MIN);
    let shift = TimeDelta::minutes(i64::from(offset_minutes));
    match local.checked_sub_signed(shift) {
        Some(utc) => utc.and_utc(),
        None if offset_minutes > 0 => DateTime::<Utc>::MIN_UTC,
        None => DateTime::<Utc>::MAX_UTC,
    }
}

/// Parses a calendar date written strictly as `YYYY-MM-DD` (four-digit year,
/// two-digit month and day, no surrounding whitespace) that exists in the
/// calendar.
pub(crate) fn parse_date(field: &str, s: &str) -> DomainResult<NaiveDate> {
    let bad = || DomainError::validation(field, "must be a date in YYYY-MM-DD format");
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err(bad());
    }
    let year: i32 = s[0..4].parse().map_err(|_| bad())?;
    let month: u32 = s[5..7].parse().map_err(|_| bad())?;
    let day: u32 = s[8..10].parse().map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(bad)
}

/// Formats a calendar date as `YYYY-MM-DD`.
pub(crate) fn format_date(date: NaiveDate) -> String {
    let year = date.year();
    if !(0..=9999).contains(&year) {
        // chrono's `Display` of a date is `%Y-%m-%d`, with the sign ISO 8601 wants outside 0000..=9999
        // (`+10000-01-05`); its `format` would link the pattern interpreter into the wasm module.
        return date.to_string();
    }
    // By hand: chrono's format interprets the pattern on every call, and storage formats a date per row.
    let (y, m, d) = (year as u32, date.month(), date.day());
    let digits = [y / 1000, y / 100 % 10, y / 10 % 10, y % 10, 10, m / 10, m % 10, 10, d / 10, d % 10];
    digits.iter().map(|&n| if n == 10 { '-' } else { char::from(b'0' + n as u8) }).collect()
}

/// Parses an RFC 3339 timestamp with any offset (`2026-01-05T16:00:00+08:00`,
/// `2026-01-05T08:00:00Z`) and converts it to UTC.
pub(crate) fn parse_instant(field: &str, s: &str) -> DomainResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| DomainError::validation(field, "must be an RFC 3339 timestamp"))
}

/// Formats an instant as RFC 3339 in UTC with exactly three fractional
/// digits and a `Z` suffix, e.g. `2026-01-05T08:00:00.000Z` (sub-millisecond
/// precision is truncated). For years 0000..=9999 string order equals time
/// order; this is the one format used in JSON and storage.
pub(crate) fn format_instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[cfg(test)]
/// Whole days from `a` to `b`: positive when `b` is later, negative when
/// earlier (`days_between(2026-01-01, 2026-01-31)` is 30).
pub(crate) fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    b.signed_duration_since(a).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn date(s: &str) -> NaiveDate {
        parse_date("date", s).unwrap()
    }

    fn instant(s: &str) -> DateTime<Utc> {
        parse_instant("at", s).unwrap()
    }

    fn field_of(err: DomainError) -> String {
        match err {
            DomainError::Validation { field, .. } => field,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn utc_offset_range() {
        for ok in [-720, -300, 0, 330, 345, 480, 840] {
            assert!(validate_utc_offset_minutes("utc_offset_minutes", ok).is_ok(), "{ok}");
        }
        for bad in [-721, 841, 1440, i32::MIN, i32::MAX] {
            let err = validate_utc_offset_minutes("utc_offset_minutes", bad).unwrap_err();
            assert_eq!(field_of(err), "utc_offset_minutes");
        }
    }

    #[test]
    fn local_date_follows_offset() {
        let t = instant("2026-01-05T20:00:00Z");
        assert_eq!(local_date(t, 0), date("2026-01-05"));
        assert_eq!(local_date(t, 480), date("2026-01-06"));
        assert_eq!(local_date(t, 239), date("2026-01-05"));
        assert_eq!(local_date(t, 240), date("2026-01-06"));
        assert_eq!(local_date(t, -720), date("2026-01-05"));
        let t = instant("2026-01-05T03:00:00Z");
        assert_eq!(local_date(t, -180), date("2026-01-05"));
        assert_eq!(local_date(t, -181), date("2026-01-04"));
        assert_eq!(local_date(t, 840), date("2026-01-05"));
    }

    #[test]
    fn local_date_at_range_ends_does_not_panic() {
        assert_eq!(local_date(DateTime::<Utc>::MAX_UTC, 840), DateTime::<Utc>::MAX_UTC.date_naive());
        assert_eq!(local_date(DateTime::<Utc>::MIN_UTC, -720), DateTime::<Utc>::MIN_UTC.date_naive());
    }

    #[test]
    fn local_day_bounds_in_utc() {
        let (start, end) = local_day_bounds(date("2026-01-06"), 480);
        assert_eq!(format_instant(start), "2026-01-05T16:00:00.000Z");
        assert_eq!(format_instant(end), "2026-01-06T16:00:00.000Z");

        let (start, end) = local_day_bounds(date("2026-01-06"), 0);
        assert_eq!(format_instant(start), "2026-01-06T00:00:00.000Z");
        assert_eq!(format_instant(end), "2026-01-07T00:00:00.000Z");

        let (start, end) = local_day_bounds(date("2026-03-01"), -330);
        assert_eq!(format_instant(start), "2026-03-01T05:30:00.000Z");
        assert_eq!(format_instant(end), "2026-03-02T05:30:00.000Z");
    }

    #[test]
    fn local_day_bounds_agree_with_local_date() {
        for offset in [-720, -330, 0, 345, 480, 840] {
            let d = date("2024-02-29");
            let (start, end) = local_day_bounds(d, offset);
            assert_eq!(end - start, TimeDelta::days(1));
            assert_eq!(local_date(start, offset), d);
            assert_eq!(local_date(end - TimeDelta::milliseconds(1), offset), d);
            assert_eq!(local_date(end, offset), d.succ_opt().unwrap());
            assert_eq!(local_date(start - TimeDelta::milliseconds(1), offset), d.pred_opt().unwrap());
        }
    }

    #[test]
    fn local_day_bounds_at_range_ends_does_not_panic() {
        let (start, end) = local_day_bounds(NaiveDate::MAX, 0);
        assert!(start <= end);
        assert_eq!(end, DateTime::<Utc>::MAX_UTC);
        let (start, _) = local_day_bounds(NaiveDate::MIN, 840);
        assert_eq!(start, DateTime::<Utc>::MIN_UTC);
        let (_, end) = local_day_bounds(NaiveDate::MAX, -720);
        assert_eq!(end, DateTime::<Utc>::MAX_UTC);
    }

    #[test]
    fn parse_date_accepts_valid_dates() {
        assert_eq!(date("2026-01-05"), NaiveDate::from_ymd_opt(2026, 1, 5).unwrap());
        assert_eq!(date("2024-02-29"), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        assert_eq!(date("0001-01-01"), NaiveDate::from_ymd_opt(1, 1, 1).unwrap());
        assert_eq!(date("9999-12-31"), NaiveDate::from_ymd_opt(9999, 12, 31).unwrap());
    }

    #[test]
    fn parse_date_is_strict() {
        for bad in [
            "",
            "2026-1-5",
            "2026-01-5",
            "26-01-05",
            "02026-01-05",
            "2026/01/05",
            "2026-01-05 ",
            " 2026-01-05",
            "2026-01-05T00:00:00Z",
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "2026-01-32",
            "+026-01-05",
            "-026-01-05",
            "2026-+1-05",
            "２０２６-01-05",
            "yesterday",
        ] {
            let err = parse_date("due_date", bad).unwrap_err();
            assert_eq!(field_of(err), "due_date", "{bad:?}");
        }
    }

    #[test]
    fn format_date_round_trips() {
        for s in ["2026-01-05", "0001-01-01", "9999-12-31", "2024-02-29"] {
            assert_eq!(format_date(date(s)), s);
        }
    }

    #[test]
    fn format_date_and_the_period_are_chronos_patterns_for_every_year() {
        use crate::domain::funnel;
        // Years outside 0000..=9999 too (signed, as chrono writes them), and the period is the date less its day.
        for year in [-262_143, -10_000, -9_999, -1_000, -1, 0, 1, 999, 1_000, 2_026, 9_999, 10_000, 262_142] {
            for (month, day) in [(1, 1), (2, 28), (12, 31)] {
                let d = NaiveDate::from_ymd_opt(year, month, day).unwrap();
                assert_eq!(format_date(d), d.format("%Y-%m-%d").to_string(), "{year}-{month}-{day}");
                let noon = d.and_hms_opt(12, 0, 0).unwrap().and_utc();
                assert_eq!(funnel::period_of(noon, 0), d.format("%Y-%m").to_string(), "{year}-{month}");
                assert_eq!(funnel::month_of(d), d.format("%Y-%m").to_string(), "{year}-{month}");
            }
        }
    }

    #[test]
    fn parse_instant_converts_to_utc() {
        let expected = Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap();
        assert_eq!(instant("2026-01-05T08:00:00Z"), expected);
        assert_eq!(instant("2026-01-05T16:00:00+08:00"), expected);
        assert_eq!(instant("2026-01-05T03:00:00-05:00"), expected);
        assert_eq!(instant("2026-01-05T08:00:00.000Z"), expected);
        assert_eq!(instant("2026-01-05T08:00:00.123456Z"), expected + TimeDelta::microseconds(123_456));
    }

    #[test]
    fn parse_instant_rejects_non_rfc3339() {
        for bad in [
            "",
            "2026-01-05",
            "2026-01-05T08:00:00",
            "2026-01-05 08:00",
            "1767600000",
            "yesterday",
            "2026-02-30T08:00:00Z",
        ] {
            let err = parse_instant("due_at", bad).unwrap_err();
            assert_eq!(field_of(err), "due_at", "{bad:?}");
        }
    }

    #[test]
    fn format_instant_uses_millis_and_z() {
        let t = Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap();
        assert_eq!(format_instant(t), "2026-01-05T08:00:00.000Z");
        let t = t + TimeDelta::microseconds(123_999);
        assert_eq!(format_instant(t), "2026-01-05T08:00:00.123Z");
        assert_eq!(format_instant(instant("2026-01-05T16:00:00.5+08:00")), "2026-01-05T08:00:00.500Z");
        let s = "2026-01-05T08:00:00.123Z";
        assert_eq!(format_instant(instant(s)), s);
    }

    #[test]
    fn format_instant_string_order_is_time_order() {
        let mut times: Vec<DateTime<Utc>> = [
            "2026-01-05T08:00:00.000Z",
            "2026-01-05T08:00:00.001Z",
            "2026-01-05T08:00:00.010Z",
            "2026-01-05T08:00:01Z",
            "1999-12-31T23:59:59.999Z",
            "2026-01-05T07:00:00-02:00",
            "2026-01-05T10:00:00+09:00",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999Z",
        ]
        .iter()
        .map(|s| instant(s))
        .collect();
        let mut strings: Vec<String> = times.iter().map(|t| format_instant(*t)).collect();
        times.sort();
        strings.sort();
        let expected: Vec<String> = times.iter().map(|t| format_instant(*t)).collect();
        assert_eq!(strings, expected);
    }

    #[test]
    fn days_between_is_signed() {
        assert_eq!(days_between(date("2026-01-01"), date("2026-01-31")), 30);
        assert_eq!(days_between(date("2026-01-31"), date("2026-01-01")), -30);
        assert_eq!(days_between(date("2026-01-01"), date("2026-01-01")), 0);
        assert_eq!(days_between(date("2024-02-28"), date("2024-03-01")), 2);
        assert_eq!(days_between(date("2025-01-01"), date("2026-01-01")), 365);
        assert!(days_between(NaiveDate::MIN, NaiveDate::MAX) > 0);
    }
}
