//! `loftctl token decode`: show what a JWT says, and check it.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Ctx;
use crate::error::{CliError, Kind, Result};
use crate::jwt::input::{self, TokenSource};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DecodeFormat {
    /// Header, claims, loft.sh scope, times, signature
    #[default]
    Text,
    /// {"header", "claims", "verified", "expired", "expiresAt"}
    Json,
}

/// Decode a JWT: header, claims, loft.sh scope, times; verify it with --key
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl token decode \"$TOKEN\"\n  loftctl token create --ttl 1h | loftctl token decode\n  loftctl token decode @token.jwt --key signing-key.pub.pem --check\n  loftctl token decode - -o json < token.jwt\n\nWith --check, exit 8 when the token is expired, not yet valid, unsigned, or (with\n--key) its signature does not verify. Without --check a bad signature is reported\n(\"signature INVALID\", a warning on stderr) and the exit code is 0."
)]
pub struct DecodeArgs {
    /// The token, - for stdin, or @FILE [default: stdin]
    #[arg(value_name = "TOKEN|-|@FILE")]
    pub token: Option<String>,

    /// Verify the signature with this key: PEM public key (RSA, EC), certificate, private key, or JWK set
    #[arg(long, value_name = "PEM_FILE")]
    pub key: Option<PathBuf>,

    /// Exit 8 unless the token is valid now (and its signature verifies, with --key)
    #[arg(long)]
    pub check: bool,

    /// Output format
    #[arg(short, long, value_enum, value_name = "FORMAT", default_value_t = DecodeFormat::Text)]
    pub output: DecodeFormat,
}

pub fn run(ctx: &Ctx, args: DecodeArgs) -> Result<()> {
    let key = args.key.as_deref().map(input::read_key).transpose()?;
    let text = TokenSource::from_arg(args.token.as_deref()).read(ctx.printer.stdin_tty)?;
    let report = crate::jwt::decode(&text, key.as_ref(), crate::jwt::now())?;

    let mut out = ctx.printer.stdout();
    match args.output {
        DecodeFormat::Text => out.write_all(report.to_text().as_bytes())?,
        DecodeFormat::Json => crate::output::write_json(&mut out, &report.to_json())?,
    }
    out.flush()?;

    let failures = report.check_failures();
    if args.check && !failures.is_empty() {
        return Err(CliError::new(
            Kind::CheckFailed,
            format!("token check failed: {}", failures.join("; ")),
        ));
    }
    if let crate::jwt::report::Signature::Invalid(e) = &report.signature {
        ctx.printer.risk(format!(
            "signature INVALID: {e} (pass --check to fail on it)"
        ));
    }
    Ok(())
}
