//! Human durations (`90s`, `30m`, `1h30m`, `7d`, `1w`, plain seconds). A leaf module.

use std::time::Duration;

/// Parse a human duration: `90s`, `30m`, `1h`, `7d`, `1w`, `1h30m`, or plain seconds
/// (`3600`). Units are humantime's (`w` is a week, `d` a day of 24 hours).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty duration: expected e.g. 90s, 30m, 1h, 7d or seconds".into());
    }
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    humantime::parse_duration(text).map_err(|e| {
        format!("invalid duration {text:?} ({e}): expected e.g. 90s, 30m, 1h, 7d or seconds")
    })
}

/// [`parse_duration`] for a timeout or a delay, which is added to a clock reading: at
/// most [`MAX`].
pub fn parse_timeout(text: &str) -> Result<Duration, String> {
    let parsed = parse_duration(text)?;
    if parsed > MAX {
        return Err(format!(
            "duration {:?} is too long: at most 100 years",
            text.trim()
        ));
    }
    Ok(parsed)
}

/// The longest duration accepted: far beyond any sensible timeout, and small enough that
/// adding it to a clock reading never overflows.
pub const MAX: Duration = Duration::from_secs(36525 * 86400);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("7d"), Ok(Duration::from_secs(7 * 86400)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("3600"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("1w"), Ok(Duration::from_secs(7 * 86400)));
        assert_eq!(parse_duration("1d"), Ok(Duration::from_secs(86400)));
        let err = parse_duration("soon").unwrap_err();
        assert!(err.contains("expected e.g. 90s"), "{err}");
        assert!(parse_duration("").is_err());
        assert!(parse_duration("-5s").is_err());
        assert!(parse_timeout("100y").is_ok());
        for huge in ["584542046090y", "18446744073709551615", "101y"] {
            let err = parse_timeout(huge).unwrap_err();
            assert!(err.contains("too long"), "{huge}: {err}");
        }
    }
}
