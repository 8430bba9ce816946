//! "Did you mean": the closest candidate by edit distance.

/// Levenshtein distance, by characters (two rows; inputs are field names).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The candidate closest to `input`, if close enough: distance on the lower-cased
/// forms without `-`/`_` (so `loftCLI` finds `loft-cli`), at most a third of the
/// length (and at least 2), ties broken by the raw distance.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Inputs longer than any field name can be are not worth comparing.
    if input.chars().count() > 256 {
        return None;
    }
    let norm = normalize(input);
    let limit = (norm.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| {
            (
                edit_distance(&norm, &normalize(c)),
                edit_distance(input, c),
                c,
            )
        })
        .filter(|(d, _, _)| *d <= limit)
        .min_by_key(|(d, raw, _)| (*d, *raw))
        .map(|(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(did_you_mean("emial", ["email", "username"]), Some("email"));
        assert_eq!(
            did_you_mean("loftCLI", ["agent", "loft-cli", "runner"]),
            Some("loft-cli")
        );
        assert_eq!(did_you_mean("xyzzy", ["email", "username"]), None);
        assert_eq!(
            did_you_mean("clusterrole", ["clusterRoles", "clusterAccountTemplates"]),
            Some("clusterRoles")
        );
    }
}
