//! Kubernetes name rules (apimachinery `validation`): DNS-1123 subdomains, qualified
//! names (label and annotation keys) and label values.

fn is_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// A DNS-1123 label: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters.
pub fn is_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && is_alnum(b[0])
        && is_alnum(b[b.len() - 1])
        && b.iter().all(|&c| is_alnum(c) || c == b'-')
}

/// kube-apiserver's message for a name that is not a DNS-1123 subdomain.
pub const DNS1123_SUBDOMAIN_MESSAGE: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/// A DNS-1123 subdomain: labels joined by `.`, at most 253 characters.
pub fn is_dns1123_subdomain(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|l| {
            let b = l.as_bytes();
            !b.is_empty()
                && is_alnum(b[0])
                && is_alnum(b[b.len() - 1])
                && b.iter().all(|&c| is_alnum(c) || c == b'-')
        })
}

fn is_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    let an = |c: u8| c.is_ascii_alphanumeric();
    !b.is_empty()
        && b.len() <= 63
        && an(b[0])
        && an(b[b.len() - 1])
        && b.iter()
            .all(|&c| an(c) || c == b'-' || c == b'_' || c == b'.')
}

/// A qualified name (label and annotation keys): `[prefix/]name`, the prefix a
/// DNS-1123 subdomain, the name at most 63 characters of `[A-Za-z0-9._-]`, starting
/// and ending with an alphanumeric. Returns the reason when it is not one.
pub fn qualified_name_error(s: &str) -> Option<String> {
    let (prefix, name) = match s.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, s),
    };
    if let Some(p) = prefix {
        if p.is_empty() {
            return Some("the prefix before \"/\" must not be empty".into());
        }
        if !is_dns1123_subdomain(p) {
            return Some("the prefix must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.', at most 253 characters)".into());
        }
    }
    if name.is_empty() {
        return Some("the name part must not be empty".into());
    }
    if name.len() > 63 {
        return Some("the name part must be at most 63 characters".into());
    }
    if !is_name_part(name) || name.contains('/') {
        return Some("the name part must consist of alphanumerics, '-', '_' or '.', and start and end with an alphanumeric".into());
    }
    None
}

pub fn is_qualified_name(s: &str) -> bool {
    qualified_name_error(s).is_none()
}

/// A label value: empty, or at most 63 characters of `[A-Za-z0-9._-]` starting and
/// ending with an alphanumeric.
pub fn is_label_value(s: &str) -> bool {
    s.is_empty() || is_name_part(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in ["a", "my-user", "a.b-c.d", "0abc", &"a".repeat(253)] {
            assert!(is_dns1123_subdomain(ok), "{ok}");
        }
        for bad in ["", "A", "-a", "a-", "a..b", "a_b", "ü", &"a".repeat(254)] {
            assert!(!is_dns1123_subdomain(bad), "{bad}");
        }
        for ok in ["app", "example.com/app", "App_1.x", "a/b"] {
            assert!(is_qualified_name(ok), "{ok}");
        }
        for bad in [
            "",
            "/a",
            "a/",
            "Example.com/a",
            "-a",
            "a/b/c",
            &"a".repeat(64),
        ] {
            assert!(!is_qualified_name(bad), "{bad}");
        }
        for ok in ["", "v1", "A-b_c.d"] {
            assert!(is_label_value(ok), "{ok}");
        }
        for bad in ["-", "a b", &"a".repeat(64)] {
            assert!(!is_label_value(bad), "{bad}");
        }
        assert!(is_dns1123_label("abc"));
    }
}
