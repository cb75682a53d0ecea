//! Generated details every phase shares: Chinese names with their pinyin, unique mobile numbers, landlines by city, weighted source channels.

use super::names::{CN_GIVEN, CN_SURNAMES, SOURCES};
use super::seeder::Seeder;

impl Seeder<'_> {
    /// A Chinese name and its pinyin (`wei.zhang`).
    pub(super) fn chinese_person(&mut self) -> (String, String) {
        let (sur, sur_py) = *self.rng.pick(CN_SURNAMES);
        let (g1, g1_py) = *self.rng.pick(CN_GIVEN);
        if self.rng.chance(0.6) {
            let (g2, g2_py) = *self.rng.pick(CN_GIVEN);
            (format!("{sur}{g1}{g2}"), format!("{g1_py}{g2_py}.{sur_py}"))
        } else {
            (format!("{sur}{g1}"), format!("{g1_py}.{sur_py}"))
        }
    }

    /// A mobile number, unique within one seeding.
    pub(super) fn mobile(&mut self) -> String {
        const PREFIXES: &[&str] = &["138", "139", "135", "186", "158", "177"];
        self.phone_serial += 1;
        let prefix = *self.rng.pick(PREFIXES);
        format!("{prefix}{:08}", (self.phone_serial * 7_919 + self.rng.below(7_000)) % 100_000_000)
    }

    /// A landline with the city's area code.
    pub(super) fn landline(&mut self, region: &str) -> String {
        let area = match region {
            "11/1100" => "010",
            "31/3100" => "021",
            "44/4401" => "020",
            "44/4403" => "0755",
            "33/3301" => "0571",
            "32/3201" => "025",
            "12/1200" => "022",
            "35/3502" => "0592",
            _ => "0532",
        };
        format!("{area}-{}", 60_000_000 + self.rng.below(30_000_000))
    }

    /// A source channel code, weighted.
    pub(super) fn source(&mut self) -> &'static str {
        let total: u32 = SOURCES.iter().map(|s| s.2).sum();
        let mut roll = self.rng.below(total as u64) as u32;
        for (code, _, weight) in SOURCES {
            if roll < *weight {
                return code;
            }
            roll -= weight;
        }
        SOURCES[0].0
    }
}
