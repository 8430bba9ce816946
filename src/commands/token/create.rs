//! `loftctl token create`: request a DirectClusterEndpointToken and print the JWT.

use std::io::Write;
use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};

use super::super::scope_flags::{SCOPE_ARG_IDS, ScopeArgs};
use super::Ctx;
use crate::commands::flags::DryRunArg;
use crate::error::{CliError, Result};
use crate::jwt::create::{self, CreateFormat, DryRun};

/// Create a short-lived, scoped DirectClusterEndpointToken (a JWT)
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl token create --ttl 1h --project p1\n  loftctl token create --ttl 30m --space p1/s1 --virtual-cluster p1/* --role runner\n  loftctl token create --cluster '*' -o claims\n  loftctl token create --ttl 1h -o exec-credential --cache   # in a kubeconfig exec stanza\n  loftctl token create -f token.yaml\n  TOKEN=$(loftctl token create --ttl 10m --project ci)"
)]
pub struct CreateArgs {
    #[command(flatten)]
    pub scope: ScopeArgs,

    /// Read the DirectClusterEndpointToken from this manifest (YAML or JSON; - for stdin)
    #[arg(short = 'f', long = "filename", value_name = "FILE", conflicts_with_all = SCOPE_ARG_IDS)]
    pub filename: Option<PathBuf>,

    /// Output: token (the bare JWT), json, yaml (the returned object), claims (decoded),
    /// exec-credential (for a kubeconfig exec plugin)
    #[arg(short, long, value_enum, value_name = "FORMAT", default_value_t = CreateFormat::Token)]
    pub output: CreateFormat,

    /// With -o exec-credential: reuse a token from the user's cache folder until 5
    /// minutes before it expires (one file per server, access key and scope, mode 0600)
    #[arg(long, conflicts_with = "filename")]
    pub cache: bool,

    /// none: send; client: send nothing; server: the server checks and issues nothing
    #[command(flatten)]
    pub dry_run: DryRunArg,
}

pub async fn run(ctx: &Ctx, args: CreateArgs) -> Result<()> {
    if args.cache && args.output != CreateFormat::ExecCredential {
        return Err(
            CliError::usage("--cache works only with -o exec-credential").with_hint(
                "kubeconfig: command loftctl, args [token, create, -o, exec-credential, --cache]",
            ),
        );
    }
    let (ttl, flags) = args.scope.into_parts();
    let mut out = ctx.printer.stdout();
    // The cache is looked at before anything is sent: a hit costs no request at all.
    let cache = if args.cache && args.dry_run.mode == DryRun::None {
        let options = ctx.global.connect.options();
        let target = crate::connect::resolve(&options).await?;
        let request = create::build(ttl, flags.clone().into_scope());
        create::cache_entry(&target, &request, &ctx.printer)
    } else {
        None
    };
    if let Some(cred) = cache
        .as_ref()
        .and_then(|c| c.read(&ctx.printer, crate::jwt::now()))
    {
        cred.write(&mut out)?;
        out.flush()?;
        return Ok(());
    }
    let (client, schema) = ctx.write_target(args.dry_run.mode == DryRun::Client).await;
    let request = match &args.filename {
        Some(path) => {
            create::from_files(std::slice::from_ref(path), &ctx.printer, schema.against())?
        }
        None => {
            let request = create::build(ttl, flags.into_scope());
            // Flags are checked when they go to a server, against its schema (a client
            // dry run has no server to say which roles it knows).
            if matches!(client, Ok(Some(_))) {
                create::check_built(&request, schema.against())?;
            }
            request
        }
    };
    let answer = match client? {
        Some(client) if args.dry_run.mode != DryRun::Client => {
            create::send(client, &request, args.dry_run.mode).await?
        }
        _ => request,
    };
    create::write(
        &mut out,
        &ctx.printer,
        &answer,
        args.output,
        args.dry_run.mode,
        crate::jwt::now(),
    )?;
    if let (Some(entry), Some(token)) = (&cache, create::issued_token(&answer)) {
        entry.write(
            &ctx.printer,
            &crate::exec_credential::ExecCredential::for_jwt(token)?,
        );
    }
    out.flush()?;
    Ok(())
}

/// `-o`: the flag's values for the logic's [`CreateFormat`].
impl ValueEnum for CreateFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            CreateFormat::Token,
            CreateFormat::Json,
            CreateFormat::Yaml,
            CreateFormat::Claims,
            CreateFormat::ExecCredential,
        ]
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            CreateFormat::Token => PossibleValue::new("token").help("The bare JWT and a newline"),
            CreateFormat::Json => {
                PossibleValue::new("json").help("The whole returned object as JSON")
            }
            CreateFormat::Yaml => {
                PossibleValue::new("yaml").help("The whole returned object as YAML")
            }
            CreateFormat::Claims => {
                PossibleValue::new("claims").help("The decoded token, as `token decode` prints it")
            }
            CreateFormat::ExecCredential => PossibleValue::new("exec-credential").help(
                "A client.authentication.k8s.io/v1 ExecCredential, for a kubeconfig exec plugin",
            ),
        })
    }
}
