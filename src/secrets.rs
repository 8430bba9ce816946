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

/// Replace every secret in `text` by `***`.
pub fn mask(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        out = out.replace(s.as_str(), "***");
    }
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
