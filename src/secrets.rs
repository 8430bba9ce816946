//! The secrets this process knows (access keys, tokens), so that nothing printed ever
//! shows one: every error, warning and debug line passes through [`mask_known`].
//! A leaf module: it imports nothing of the crate.

/// The secrets of every client built in this process, for [`mask_known`].
static KNOWN_SECRETS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Remember these secrets, so that [`mask_known`] hides them from anything printed
/// later — a server may quote the request's Authorization header in its error message.
pub fn remember_secrets(secrets: &[String]) {
    let mut known = KNOWN_SECRETS.lock().unwrap_or_else(|e| e.into_inner());
    for s in secrets {
        if !known.contains(s) {
            known.push(s.clone());
        }
    }
}

/// [`mask`] with every secret remembered so far (the printer applies it to every
/// error, warning and debug line).
pub fn mask_known(text: &str) -> String {
    let known = KNOWN_SECRETS.lock().unwrap_or_else(|e| e.into_inner());
    mask(text, &known)
}

/// Replace every secret in `text` by `***`. A secret of 4 characters or more is masked
/// wherever it appears; a shorter one (which would also match inside ordinary words)
/// wherever it stands alone: between characters that are not letters, digits, `-`, `_`
/// or `.` (as after `Bearer `, `=` or `:`).
pub fn mask(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    let mut long: Vec<&String> = secrets.iter().filter(|s| s.len() >= 4).collect();
    // Longest first: a secret that contains another is masked whole.
    long.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for s in long {
        out = out.replace(s.as_str(), "***");
    }
    for s in secrets.iter().filter(|s| !s.is_empty() && s.len() < 4) {
        out = mask_standalone(&out, s);
    }
    out
}

fn mask_standalone(text: &str, secret: &str) -> String {
    let word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(secret) {
        let before = rest[..i].chars().last().or_else(|| out.chars().last());
        let after = rest[i + secret.len()..].chars().next();
        out.push_str(&rest[..i]);
        if before.is_some_and(word) || after.is_some_and(word) {
            out.push_str(secret);
        } else {
            out.push_str("***");
        }
        rest = &rest[i + secret.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking() {
        let secrets = vec!["s3cret-key".to_string()];
        assert_eq!(mask("Bearer s3cret-key!", &secrets), "Bearer ***!");
    }

    #[test]
    fn short_secrets_are_masked_where_they_stand_alone() {
        let secrets = vec!["k1".to_string()];
        assert_eq!(mask("Bearer k1", &secrets), "Bearer ***");
        assert_eq!(mask("key=k1, next", &secrets), "key=***, next");
        assert_eq!(mask("k1", &secrets), "***");
        assert_eq!(mask("ok1 k1x k1", &secrets), "ok1 k1x ***");
        let secrets = vec!["abcd".to_string(), "abcdef".to_string()];
        assert_eq!(mask("x abcdef y", &secrets), "x *** y");
    }

    #[test]
    fn remembered_secrets_are_masked_everywhere() {
        assert_eq!(mask_known("k-remembered-1234"), "k-remembered-1234");
        remember_secrets(&["k-remembered-1234".to_string()]);
        remember_secrets(&["k-remembered-1234".to_string()]);
        assert_eq!(
            mask_known("you sent Bearer k-remembered-1234"),
            "you sent Bearer ***"
        );
    }
}
