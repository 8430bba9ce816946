//! The Loft API versions the built-in schema knows, and sets of them.

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

/// A Loft management API version, oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ApiVersion {
    V3_4,
    V4_1,
    V4_3,
    V4_10,
    V4_11,
}

impl ApiVersion {
    /// Every version, oldest first.
    pub const ALL: [ApiVersion; 5] = [
        ApiVersion::V3_4,
        ApiVersion::V4_1,
        ApiVersion::V4_3,
        ApiVersion::V4_10,
        ApiVersion::V4_11,
    ];
    pub const NEWEST: ApiVersion = ApiVersion::V4_11;

    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V3_4 => "3.4",
            ApiVersion::V4_1 => "4.1",
            ApiVersion::V4_3 => "4.3",
            ApiVersion::V4_10 => "4.10",
            ApiVersion::V4_11 => "4.11",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ApiVersion {
    type Err = String;
    /// `4.11`, `v4.11`, `4.11.0` (a patch level is ignored).
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim().trim_start_matches(['v', 'V']);
        let mut parts = t.split('.');
        let key = match (parts.next(), parts.next(), parts.next()) {
            (Some(a), Some(b), None) => format!("{a}.{b}"),
            (Some(a), Some(b), Some(p)) if p.bytes().all(|c| c.is_ascii_digit()) => {
                format!("{a}.{b}")
            }
            _ => String::new(),
        };
        ApiVersion::ALL
            .into_iter()
            .find(|v| v.as_str() == key)
            .ok_or_else(|| {
                let known: Vec<&str> = ApiVersion::ALL.iter().map(|v| v.as_str()).collect();
                format!(
                    "unknown API version {s:?}: expected one of {}",
                    known.join(", ")
                )
            })
    }
}

/// A set of [`ApiVersion`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Versions(u8);

impl Versions {
    pub const ALL: Versions = Versions(0b1_1111);
    pub const NONE: Versions = Versions(0);

    pub fn contains(self, v: ApiVersion) -> bool {
        self.0 & (1 << v.index()) != 0
    }

    pub fn with(self, v: ApiVersion) -> Versions {
        Versions(self.0 | (1 << v.index()))
    }

    pub fn is_all(self) -> bool {
        self == Versions::ALL
    }

    /// The versions in the set, oldest first.
    pub fn iter(self) -> impl Iterator<Item = ApiVersion> {
        ApiVersion::ALL
            .into_iter()
            .filter(move |v| self.contains(*v))
    }

    /// An `x-loftctl-versions` marker (a list of version strings); absent is every
    /// version. Unknown strings are ignored.
    pub fn from_json(value: Option<&Value>) -> Versions {
        let Some(list) = value.and_then(Value::as_array) else {
            return Versions::ALL;
        };
        list.iter()
            .filter_map(Value::as_str)
            .filter_map(|s| s.parse::<ApiVersion>().ok())
            .fold(Versions::NONE, Versions::with)
    }

    /// Short text for messages: `3.4`, `4.3+` (up to the newest), `3.4 to 4.10` (a
    /// run), else a list (`3.4, 4.11`).
    pub fn describe(self) -> String {
        let list: Vec<ApiVersion> = self.iter().collect();
        match list.as_slice() {
            [] => "no version".to_string(),
            [one] => one.to_string(),
            [first, .., last] => {
                let run = last.index() - first.index() + 1 == list.len();
                if run && *last == ApiVersion::NEWEST {
                    format!("{first}+")
                } else if run {
                    format!("{first} to {last}")
                } else {
                    let names: Vec<&str> = list.iter().map(|v| v.as_str()).collect();
                    names.join(", ")
                }
            }
        }
    }

    /// Why a field or value of these versions is not in `target`: `removed in 4.11`
    /// when every version having it is older, `new in 4.3` when every one is newer,
    /// else `not in 4.1`.
    pub fn why_not_in(self, target: ApiVersion) -> String {
        let newest = self.iter().last();
        let oldest = self.iter().next();
        match (oldest, newest) {
            (_, Some(n)) if n < target => {
                let removed = ApiVersion::ALL
                    .into_iter()
                    .find(|v| *v > n)
                    .unwrap_or(target);
                format!("removed in {removed}")
            }
            (Some(o), _) if o > target => format!("new in {o}, not in {target}"),
            _ => format!("not in {target}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_describe() {
        assert_eq!("4.11".parse(), Ok(ApiVersion::V4_11));
        assert_eq!("v4.10.0".parse(), Ok(ApiVersion::V4_10));
        assert_eq!("3.4".parse(), Ok(ApiVersion::V3_4));
        assert!("4.2".parse::<ApiVersion>().is_err());
        assert!("4".parse::<ApiVersion>().is_err());
        let only_3_4 = Versions::NONE.with(ApiVersion::V3_4);
        assert_eq!(only_3_4.describe(), "3.4");
        assert_eq!(only_3_4.why_not_in(ApiVersion::V4_11), "removed in 4.1");
        let since = Versions::from_json(Some(&serde_json::json!(["4.3", "4.10", "4.11"])));
        assert_eq!(since.describe(), "4.3+");
        assert_eq!(since.why_not_in(ApiVersion::V4_1), "new in 4.3, not in 4.1");
        let until = Versions::from_json(Some(&serde_json::json!(["3.4", "4.1", "4.3", "4.10"])));
        assert_eq!(until.describe(), "3.4 to 4.10");
        assert_eq!(until.why_not_in(ApiVersion::V4_11), "removed in 4.11");
        assert!(Versions::from_json(None).is_all());
    }
}
