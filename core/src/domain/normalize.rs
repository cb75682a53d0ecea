//! Dedupe keys: normalised forms of names, phones and emails used to spot duplicates.
//!
//! A key is never shown to users; it only has to be equal for values a human
//! would call "the same". Keys are trimmed, case-folded (Unicode lowercase),
//! full-width ASCII is folded to half-width, phones become digits with their
//! country code and emails are lower-cased. Chinese text passes through
//! unchanged apart from full-width ASCII and the ideographic space.

/// Folds full-width ASCII variants (U+FF01..=U+FF5E) to their ASCII
/// counterparts (U+0021..=U+007E) and the ideographic space (U+3000) to a
/// plain space. Every other character is kept as is.
pub(crate) fn to_half_width(s: &str) -> String {
    s.chars().map(half_width_char).collect()
}

fn half_width_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => {
            // The full-width block is the ASCII block shifted by 0xFEE0.
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// Punctuation that carries no identity in a name ("ACME, Inc." is "Acme Inc").
/// Full-width parentheses are listed for clarity even though half-width
/// folding already turns them into ASCII ones; the katakana middle dot is the
/// common CJK variant of the interpunct.
fn is_name_noise(c: char) -> bool {
    matches!(c, '.' | ',' | '·' | '・' | '(' | ')' | '（' | '）' | '-' | '_')
}

/// The dedupe key of a person or organisation name: half-width, Unicode
/// lowercase, noise punctuation (`. , · ( ) （ ） - _`) removed, trimmed and
/// with internal whitespace runs collapsed to one space.
///
/// `"ACME, Inc."` and `"  acme   inc "` both give `"acme inc"`. A name that is
/// only noise gives the empty string.
pub(crate) fn name_key(s: &str) -> String {
    let folded = to_half_width(s).to_lowercase();
    let cleaned: String = folded.chars().filter(|c| !is_name_noise(*c)).collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Minimum number of digits (excluding an added default country code) for a
/// value to count as a phone number.
const MIN_PHONE_DIGITS: usize = 5;

/// The dedupe key of a phone number: its digits, starting with the country
/// code, e.g. `"8613800138000"`.
///
/// After half-width folding, a number written with a leading `+` or `00`
/// already carries its country code (the `00` is dropped). Otherwise one
/// leading trunk `0` is dropped and `default_country_code` (its digits only,
/// e.g. `"86"`) is prepended: `"0755-1234567"` gives `"867551234567"`.
/// Returns `None` when fewer than five digits of the number itself remain.
pub(crate) fn phone_key(raw: &str, default_country_code: &str) -> Option<String> {
    let half = to_half_width(raw);
    let trimmed = half.trim_start();
    let has_plus = trimmed.starts_with('+');
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();

    let (national, international) = if has_plus {
        (digits.as_str(), true)
    } else if let Some(rest) = digits.strip_prefix("00") {
        (rest, true)
    } else {
        (digits.strip_prefix('0').unwrap_or(&digits), false)
    };

    if national.len() < MIN_PHONE_DIGITS {
        return None;
    }
    if international {
        return Some(national.to_string());
    }
    let cc: String = to_half_width(default_country_code).chars().filter(char::is_ascii_digit).collect();
    Some(format!("{cc}{national}"))
}

/// The dedupe key of an email address: half-width, trimmed and lower-cased,
/// or `None` when it is not a plausible address (see [`is_valid_email`]).
pub(crate) fn email_key(raw: &str) -> Option<String> {
    let key = to_half_width(raw).trim().to_lowercase();
    if email_shape_ok(&key) { Some(key) } else { None }
}

/// Whether `raw` is a plausible email address once half-width folded and
/// trimmed: exactly one `@`, a non-empty local part, no whitespace, and a
/// domain containing a `.` whose dot-separated labels are all non-empty
/// (so `a@.com`, `a@b.` and `a@b..c` are refused).
pub(crate) fn is_valid_email(raw: &str) -> bool {
    email_key(raw).is_some()
}

fn email_shape_ok(s: &str) -> bool {
    if s.chars().any(char::is_whitespace) {
        return false;
    }
    let mut parts = s.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !local.is_empty() && domain.contains('.') && domain.split('.').all(|label| !label.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_folds_full_width_ascii_and_ideographic_space() {
        assert_eq!(to_half_width("ＡＢＣ１２３！～"), "ABC123!~");
        assert_eq!(to_half_width("张\u{3000}三"), "张 三");
        assert_eq!(to_half_width("（北京）"), "(北京)");
        assert_eq!(to_half_width("plain ascii"), "plain ascii");
        assert_eq!(to_half_width(""), "");
    }

    #[test]
    fn half_width_leaves_other_characters_alone() {
        // U+FF00 and U+FF5F lie just outside the folded range.
        assert_eq!(to_half_width("\u{FF00}\u{FF5F}"), "\u{FF00}\u{FF5F}");
        assert_eq!(to_half_width("中文名称"), "中文名称");
        assert_eq!(to_half_width("ｶﾀｶﾅ"), "ｶﾀｶﾅ");
    }

    #[test]
    fn name_key_folds_case_space_and_punctuation() {
        assert_eq!(name_key("ACME, Inc."), "acme inc");
        assert_eq!(name_key("Acme Inc"), "acme inc");
        assert_eq!(name_key("  acme\t\n  inc  "), "acme inc");
        assert_eq!(name_key("ＡＣＭＥ　Ｉｎｃ"), "acme inc");
        assert_eq!(name_key(name_key("ACME, Inc.").as_str()), "acme inc");
    }

    #[test]
    fn name_key_drops_noise_characters() {
        assert_eq!(name_key("Jean-Luc_Picard"), "jeanlucpicard");
        assert_eq!(name_key("约翰·史密斯"), "约翰史密斯");
        assert_eq!(name_key("约翰・史密斯"), "约翰史密斯");
        assert_eq!(name_key("华为（深圳）"), "华为深圳");
        assert_eq!(name_key("Foo (Bar) Ltd."), "foo bar ltd");
    }

    #[test]
    fn name_key_keeps_chinese_text() {
        assert_eq!(name_key("  张三 "), "张三");
        assert_eq!(name_key("深圳市 腾讯  计算机"), "深圳市 腾讯 计算机");
    }

    #[test]
    fn name_key_unicode_lowercase() {
        assert_eq!(name_key("ÉCOLE Ünïcode"), "école ünïcode");
    }

    #[test]
    fn name_key_empty_results() {
        assert_eq!(name_key(""), "");
        assert_eq!(name_key("   "), "");
        assert_eq!(name_key(" .,-_ () "), "");
    }

    #[test]
    fn phone_key_with_plus_country_code() {
        assert_eq!(phone_key("+86 138-0013-8000", "86").as_deref(), Some("8613800138000"));
        // An explicit country code wins over the default.
        assert_eq!(phone_key("+1 (415) 555-0100", "86").as_deref(), Some("14155550100"));
        assert_eq!(phone_key("  +86 138 0013 8000", "1").as_deref(), Some("8613800138000"));
    }

    #[test]
    fn phone_key_with_default_country_code() {
        assert_eq!(phone_key("138 0013 8000", "86").as_deref(), Some("8613800138000"));
        assert_eq!(phone_key("13800138000", "+86").as_deref(), Some("8613800138000"));
    }

    #[test]
    fn phone_key_with_double_zero_prefix() {
        assert_eq!(phone_key("0086 13800138000", "1").as_deref(), Some("8613800138000"));
    }

    #[test]
    fn phone_key_strips_one_trunk_zero() {
        assert_eq!(phone_key("(021) 5555 1234", "86").as_deref(), Some("862155551234"));
        assert_eq!(phone_key("0755-1234567", "86").as_deref(), Some("867551234567"));
    }

    #[test]
    fn phone_key_full_width_digits() {
        assert_eq!(phone_key("１３８００１３８０００", "86").as_deref(), Some("8613800138000"));
        assert_eq!(phone_key("＋８６　１３８００１３８０００", "1").as_deref(), Some("8613800138000"));
    }

    #[test]
    fn phone_key_same_number_written_differently_matches() {
        let forms =
            ["+86 138-0013-8000", "138 0013 8000", "0086 13800138000", "１３８００１３８０００", "+86(138)00138000"];
        for f in forms {
            assert_eq!(phone_key(f, "86").as_deref(), Some("8613800138000"), "{f}");
        }
    }

    #[test]
    fn phone_key_rejects_too_few_digits() {
        assert_eq!(phone_key("", "86"), None);
        assert_eq!(phone_key("n/a", "86"), None);
        assert_eq!(phone_key("1234", "86"), None);
        assert_eq!(phone_key("01234", "86"), None);
        assert_eq!(phone_key("+8612", "86"), None);
        assert_eq!(phone_key("001234", "86"), None);
        assert_eq!(phone_key("12345", "86").as_deref(), Some("8612345"));
    }

    #[test]
    fn email_key_normalises() {
        assert_eq!(email_key("  Zhang.San@Example.COM ").as_deref(), Some("zhang.san@example.com"));
        assert_eq!(email_key("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｎ").as_deref(), Some("zhang@example.cn"));
        assert_eq!(email_key("a+tag@sub.example.org").as_deref(), Some("a+tag@sub.example.org"));
    }

    #[test]
    fn email_key_rejects_bad_shapes() {
        for bad in [
            "",
            "   ",
            "plainaddress",
            "@example.com",
            "a@",
            "a@localhost",
            "a@@example.com",
            "a@b@example.com",
            "a b@example.com",
            "a@exa mple.com",
            "a@.com",
            "a@example.",
            "a@example..com",
        ] {
            assert_eq!(email_key(bad), None, "{bad:?}");
            assert!(!is_valid_email(bad), "{bad:?}");
        }
    }

    #[test]
    fn is_valid_email_accepts_good_addresses() {
        assert!(is_valid_email("a@b.co"));
        assert!(is_valid_email(" USER@EXAMPLE.COM "));
        assert!(is_valid_email("张三@例子.中国"));
    }
}
