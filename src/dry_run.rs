//! The dry-run mode of a write (kubectl's `--dry-run=none|client|server`). A leaf
//! module: the flag that sets it is declared in `cli.rs`.

/// `--dry-run=none|client|server` (kubectl's flag).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DryRun {
    /// Really do it.
    #[default]
    None,
    /// Send no write: validate and print what would be done.
    Client,
    /// Send the writes with `dryRun=All`: the server checks them and persists nothing.
    Server,
}

impl DryRun {
    /// The suffix kubectl prints after the verb: ` (dry run)`, ` (server dry run)`.
    pub fn suffix(self) -> &'static str {
        match self {
            DryRun::None => "",
            DryRun::Client => " (dry run)",
            DryRun::Server => " (server dry run)",
        }
    }
    /// Does the server get `dryRun=All`?
    pub fn server(self) -> bool {
        self == DryRun::Server
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes() {
        assert_eq!(DryRun::None.suffix(), "");
        assert_eq!(DryRun::Client.suffix(), " (dry run)");
        assert_eq!(DryRun::Server.suffix(), " (server dry run)");
        assert!(DryRun::Server.server() && !DryRun::Client.server());
    }
}
