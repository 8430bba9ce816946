//! Where `token decode` reads its token and key: `TOKEN`, `-` (stdin), `@FILE`, or
//! stdin when no argument is given; `--key PEM_FILE`.
//!
//! Errors name the source (`stdin`, the file), never the token itself.

use std::io::Read;
use std::path::Path;

use super::key::Keys;
use super::token::MAX_TOKEN_LEN;
use crate::error::{CliError, Result};

/// Where the token comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    Literal(String),
    Stdin,
    File(String),
}

impl TokenSource {
    /// `None` and `-` → stdin, `@FILE` → file, anything else is the token itself.
    pub fn from_arg(arg: Option<&str>) -> TokenSource {
        match arg {
            None | Some("-") => TokenSource::Stdin,
            Some(a) => match a.strip_prefix('@') {
                Some(path) => TokenSource::File(path.to_string()),
                None => TokenSource::Literal(a.to_string()),
            },
        }
    }

    /// Read the token text. `stdin_tty`: stdin is a terminal, where waiting for a
    /// token nobody will type is refused.
    pub fn read(&self, stdin_tty: bool) -> Result<String> {
        match self {
            TokenSource::Literal(t) => Ok(t.clone()),
            TokenSource::Stdin => {
                if stdin_tty {
                    return Err(CliError::usage("no token given and stdin is a terminal")
                        .with_hint(
                            "pass TOKEN, @FILE, or pipe the token in: … | loftctl token decode",
                        ));
                }
                read_limited(std::io::stdin().lock(), "stdin")
            }
            TokenSource::File(path) => {
                if path.is_empty() {
                    return Err(CliError::usage("@FILE: the file name is empty"));
                }
                let file = std::fs::File::open(path)
                    .map_err(|e| CliError::other(format!("cannot read {path}: {e}")))?;
                read_limited(file, path)
            }
        }
    }
}

fn read_limited(reader: impl Read, what: &str) -> Result<String> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_TOKEN_LEN as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::other(format!("cannot read {what}: {e}")))?;
    if bytes.len() > MAX_TOKEN_LEN {
        return Err(CliError::other(format!(
            "not a JWT: {what} holds more than 1 MiB"
        )));
    }
    String::from_utf8(bytes)
        .map_err(|_| CliError::other(format!("not a JWT: {what} is not UTF-8 text")))
}

/// Read `--key FILE`. An unreadable or unusable key is exit 1 (not 8: nothing was
/// learnt about the token).
pub fn read_key(path: &Path) -> Result<Keys> {
    let shown = path.display();
    let meta = std::fs::metadata(path)
        .map_err(|e| CliError::other(format!("cannot read --key {shown}: {e}")))?;
    if meta.len() > 1024 * 1024 {
        return Err(CliError::other(format!(
            "cannot use --key {shown}: larger than 1 MiB, not a key"
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| CliError::other(format!("cannot read --key {shown}: {e}")))?;
    Keys::from_bytes(&bytes).map_err(|e| {
        CliError::other(format!("cannot use --key {shown}: {e}")).with_hint(
            "pass a PEM public key (RSA, EC P-256/P-384), an X.509 certificate, the signing key, or a JWK set",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources() {
        assert_eq!(TokenSource::from_arg(None), TokenSource::Stdin);
        assert_eq!(TokenSource::from_arg(Some("-")), TokenSource::Stdin);
        assert_eq!(
            TokenSource::from_arg(Some("@t.jwt")),
            TokenSource::File("t.jwt".into())
        );
        assert_eq!(
            TokenSource::from_arg(Some("eyJ")),
            TokenSource::Literal("eyJ".into())
        );
    }

    #[test]
    fn a_terminal_stdin_is_refused() {
        let e = TokenSource::Stdin.read(true).unwrap_err();
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn missing_files_name_the_file() {
        let e = TokenSource::File("/nonexistent/t.jwt".into())
            .read(false)
            .unwrap_err();
        assert_eq!(e.exit_code(), 1);
        assert!(
            e.message().starts_with("cannot read /nonexistent/t.jwt: "),
            "{}",
            e.message()
        );
        let e = read_key(Path::new("/nonexistent/k.pem")).unwrap_err();
        assert!(
            e.message()
                .starts_with("cannot read --key /nonexistent/k.pem: ")
        );
    }
}
