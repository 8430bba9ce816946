//! `--fault-rate F`: that fraction of resource requests (everything below
//! `/apis/management.loft.sh/v1/<resource>`; discovery and OpenAPI are spared) fails,
//! in equal shares, with a 500 InternalError, a 503 ServiceUnavailable (with
//! `Retry-After: 1`), or a connection closed without an answer.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    Internal,
    Unavailable,
    Drop,
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
    match ((x / rate) * 3.0) as u32 {
        0 => Fault::Internal,
        1 => Fault::Unavailable,
        _ => Fault::Drop,
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
    }
}
