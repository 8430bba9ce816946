//! `--fault-rate F`: that fraction of resource requests (everything below
//! `/apis/management.loft.sh/v1/<resource>`; discovery and OpenAPI are spared) fails,
//! in equal shares, with a 500 InternalError, a 503 ServiceUnavailable (with
//! `Retry-After: 1`), a connection closed without an answer before the request is
//! handled, or a lost answer: the request is handled (a write is committed) and then the
//! connection is closed without the answer, as when a network drops a reply.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    Internal,
    Unavailable,
    Drop,
    /// Handle the request, then drop the connection instead of answering.
    LostAnswer,
}

/// Is this path one that faults may hit?
pub fn eligible(path: &str) -> bool {
    let prefix = "/kubernetes/management/apis/management.loft.sh/v1/";
    path.strip_prefix(prefix)
        .is_some_and(|rest| !rest.is_empty())
}

/// Draw the fault for one request.
pub fn roll(rate: f64, path: &str) -> Fault {
    if rate <= 0.0 || !eligible(path) {
        return Fault::None;
    }
    let x: f64 = rand::random();
    if x >= rate {
        return Fault::None;
    }
    match ((x / rate) * 4.0) as u32 {
        0 => Fault::Internal,
        1 => Fault::Unavailable,
        2 => Fault::Drop,
        _ => Fault::LostAnswer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_resource_requests_fault() {
        assert!(eligible(
            "/kubernetes/management/apis/management.loft.sh/v1/users"
        ));
        assert!(!eligible(
            "/kubernetes/management/apis/management.loft.sh/v1"
        ));
        assert!(!eligible(
            "/kubernetes/management/apis/management.loft.sh/v1/"
        ));
        assert!(!eligible("/kubernetes/management/openapi/v2"));
        let p = "/kubernetes/management/apis/management.loft.sh/v1/users";
        assert_eq!(roll(0.0, p), Fault::None);
        assert_ne!(roll(1.0, p), Fault::None);
        let kinds: std::collections::HashSet<_> =
            (0..2000).map(|_| format!("{:?}", roll(1.0, p))).collect();
        assert_eq!(kinds.len(), 4, "every fault is drawn: {kinds:?}");
    }
}
