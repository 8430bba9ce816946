//! Local checks of a User before `edit` and `patch` send it.
//!
//! A thin view of the shared validator (`crate::validate`) as edit and patch
//! use it: a path, a message, and whether it blocks the request.

use serde_json::Value;

/// One thing wrong with an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Dotted path: `spec.email`, `spec.access[0].verbs`.
    pub path: String,
    pub message: String,
    /// An error blocks the request; a warning does not.
    pub error: bool,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Everything wrong with this User, from the shared schema validator
/// ([`crate::validate::validate_value_against`], with the server's schema); empty when it may be sent. Warnings
/// (read-only or deprecated fields, which an object from the server carries) have
/// `error: false`.
pub fn problems(user: &Value, against: crate::validate::Against<'_>) -> Vec<Problem> {
    crate::validate::validate_value_against(user, against)
        .into_iter()
        .map(|d| Problem {
            path: d.path,
            message: d.message,
            error: d.severity == crate::validate::Severity::Error,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Against;
    use serde_json::json;

    fn user(spec: Value) -> Value {
        json!({"apiVersion": "management.loft.sh/v1", "kind": "User",
               "metadata": {"name": "alice"}, "spec": spec})
    }

    #[test]
    fn a_good_user_has_no_problems() {
        let u = user(
            json!({"email": "a@example.com", "groups": ["g"], "disabled": false,
            "access": [{"verbs": ["get"]}], "clusterRoles": [{"name": "r"}]}),
        );
        assert_eq!(problems(&u, Against::newest()), vec![]);
    }

    #[test]
    fn typos_types_and_names_are_caught() {
        let u = user(
            json!({"emial": "a@example.com", "disabled": "yes", "groups": "g",
            "access": [{"users": ["x"]}]}),
        );
        let found = problems(&u, Against::newest());
        let errors: Vec<&str> = found
            .iter()
            .filter(|p| p.error)
            .map(|p| p.path.as_str())
            .collect();
        for path in [
            "spec.emial",
            "spec.disabled",
            "spec.groups",
            "spec.access[0].verbs",
        ] {
            assert!(errors.contains(&path), "{path} in {found:?}");
        }
        let typo = found.iter().find(|p| p.path == "spec.emial").unwrap();
        assert!(typo.message.contains(r#"did you mean "email""#), "{typo}");
        let mut labels = user(json!({}));
        labels["metadata"]["labels"] = json!({"ok.io/team": "a_b-c.d", "team": "not valid!"});
        let errors: Vec<String> = problems(&labels, Against::newest())
            .into_iter()
            .filter(|p| p.error)
            .map(|p| p.path)
            .collect();
        assert_eq!(errors, [r#"metadata.labels["team"]"#]);
    }

    #[test]
    fn what_the_server_sends_back_is_not_an_error() {
        let mut u = user(json!({"email": "a@example.com"}));
        u["metadata"]["uid"] = json!("0a1b");
        u["metadata"]["resourceVersion"] = json!("12");
        u["metadata"]["generation"] = json!(1);
        u["metadata"]["creationTimestamp"] = json!("2024-01-01T00:00:00Z");
        u["status"] = json!({});
        let errors: Vec<Problem> = problems(&u, Against::newest())
            .into_iter()
            .filter(|p| p.error)
            .collect();
        assert_eq!(errors, vec![]);
    }
}
