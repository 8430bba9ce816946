//! `loftctl login URL`: check an access key against the server and save it in the
//! loft config file (atomically, mode 0600, other fields kept).

use std::io::Read;

use clap::Args;
use kube::api::{Api, PostParams};

use super::Ctx;
use crate::api::Self_;
use crate::connect::{self, LoftConfig, Source, Target};
use crate::error::{CliError, Result};

/// Log in to a Loft server with an access key
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl login https://loft.example.com            # prompts for the key\n  echo \"$KEY\" | loftctl login https://loft.example.com --access-key-stdin\n  loftctl login http://127.0.0.1:8080 --access-key dev"
)]
pub struct LoginArgs {
    /// The Loft URL, e.g. https://loft.example.com
    pub url: String,

    /// Read the access key from stdin (for scripts)
    #[arg(long, conflicts_with = "access_key")]
    pub access_key_stdin: bool,
}

pub async fn run(ctx: &Ctx, args: LoginArgs) -> Result<()> {
    let uri = connect::management_url(&args.url)?;
    if uri.scheme_str() == Some("http") && !connect::is_loopback(&uri) {
        return Err(CliError::usage(format!(
            "refusing to send an access key over plain http to {}",
            uri.host().unwrap_or_default()
        ))
        .with_hint("use https://; plain http is allowed only for loopback hosts"));
    }
    let key = read_key(ctx, &args)?;
    let host = args
        .url
        .trim()
        .trim_end_matches('/')
        .trim_end_matches(connect::API_SUFFIX)
        .to_string();
    let host = if host.contains("://") {
        host
    } else {
        format!("https://{host}")
    };
    let connect_args = &ctx.global.connect.options();
    let path = connect_args
        .config
        .clone()
        .or_else(LoftConfig::default_path)
        .ok_or_else(|| CliError::usage("no config file: set --config or HOME"))?;

    // Check the key before saving it.
    let mut config = kube::Config::new(uri);
    config.auth_info.token = Some(key.clone().into());
    config.accept_invalid_certs = connect_args.insecure;
    let target = Target {
        source: Source::Flags,
        config,
        secrets: vec![key.clone()],
    };
    let client = connect::client(target, connect_args.request_timeout, &ctx.printer)?;
    let me = Api::<Self_>::all(client)
        .create(&PostParams::default(), &Self_::new())
        .await
        .map_err(|e| CliError::from(e).context("checking the access key"))?;

    let mut cfg = LoftConfig::load(&path)?.unwrap_or_default();
    cfg.set_login(&host, &key, connect_args.insecure);
    cfg.save(&path)?;
    let who = me
        .status
        .as_ref()
        .and_then(|s| s["user"]["name"].as_str())
        .unwrap_or("unknown");
    ctx.printer.status(format!(
        "Logged in to {host} as {who} (saved to {})",
        path.display()
    ));
    Ok(())
}

fn read_key(ctx: &Ctx, args: &LoginArgs) -> Result<String> {
    if args.access_key_stdin {
        let mut text = String::new();
        std::io::stdin()
            .take(64 * 1024)
            .read_to_string(&mut text)
            .map_err(|e| CliError::usage(format!("cannot read the access key from stdin: {e}")))?;
        let key = text.trim().to_string();
        if key.is_empty() {
            return Err(CliError::usage("--access-key-stdin: stdin was empty"));
        }
        return Ok(key);
    }
    if let Some(key) = ctx
        .global
        .connect
        .access_key
        .as_deref()
        .filter(|k| !k.is_empty())
    {
        return Ok(key.to_string());
    }
    if !ctx.printer.can_prompt() {
        return Err(
            CliError::usage("no access key given and stdin is not a terminal")
                .with_hint("pass --access-key KEY, --access-key-stdin, or LOFT_ACCESS_KEY"),
        );
    }
    dialoguer::Password::new()
        .with_prompt("Access key")
        .interact()
        .map_err(|e| CliError::other(format!("cannot read the access key: {e}")))
}
