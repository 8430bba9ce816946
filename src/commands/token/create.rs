//! `loftctl token create`: request a DirectClusterEndpointToken and print the JWT.

use std::io::Write;
use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};

use super::Ctx;
use crate::api::token::{
    AccessKeyScopeCluster, AccessKeyScopeProject, AccessKeyScopeRole, AccessKeyScopeSpace,
    AccessKeyScopeVirtualCluster,
};
use crate::commands::flags::DryRunArg;
use crate::error::Result;
use crate::jwt::create::{self, CreateFormat, DryRun};
use crate::jwt::scope::{self, ScopeFlags};

/// Create a short-lived, scoped DirectClusterEndpointToken (a JWT)
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl token create --ttl 1h --project p1\n  loftctl token create --ttl 30m --space p1/s1 --virtual-cluster p1/* --role runner\n  loftctl token create --cluster '*' -o claims\n  loftctl token create -f token.yaml\n  TOKEN=$(loftctl token create --ttl 10m --project ci)"
)]
pub struct CreateArgs {
    /// Lifetime: 90s, 30m, 1h, 7d, 1h30m or seconds [default: the server's, 1h]
    #[arg(long, value_name = "DURATION", value_parser = scope::parse_ttl)]
    pub ttl: Option<i64>,

    /// Allow this project (* for all projects); repeatable
    #[arg(long = "project", value_name = "PROJECT", value_parser = scope::parse_project)]
    pub projects: Vec<AccessKeyScopeProject>,

    /// Allow this space of a project (PROJECT/* for all of them); repeatable
    #[arg(long = "space", value_name = "PROJECT/SPACE", value_parser = scope::parse_space)]
    pub spaces: Vec<AccessKeyScopeSpace>,

    /// Allow this virtual cluster of a project (PROJECT/* for all of them); repeatable
    #[arg(long = "virtual-cluster", value_name = "PROJECT/VCLUSTER", value_parser = scope::parse_virtual_cluster)]
    pub virtual_clusters: Vec<AccessKeyScopeVirtualCluster>,

    /// Allow this cluster (* for all clusters); repeatable
    #[arg(long = "cluster", value_name = "CLUSTER", value_parser = scope::parse_cluster)]
    pub clusters: Vec<AccessKeyScopeCluster>,

    /// Grant this role: agent, loft-cli, network-peer, vcluster, runner (up to 4.10),
    /// workspace (4.3+), metrics-reader or metrics-writer (4.11); repeatable. The server's
    /// schema says which it accepts
    #[arg(long = "role", value_name = "ROLE", value_parser = scope::parse_role)]
    pub roles: Vec<AccessKeyScopeRole>,

    /// Read the DirectClusterEndpointToken from this manifest (YAML or JSON; - for stdin)
    #[arg(short = 'f', long = "filename", value_name = "FILE", conflicts_with_all = ["ttl", "projects", "spaces", "virtual_clusters", "clusters", "roles"])]
    pub filename: Option<PathBuf>,

    /// Output: token (the bare JWT), json, yaml (the returned object), claims (decoded)
    #[arg(short, long, value_enum, value_name = "FORMAT", default_value_t = CreateFormat::Token)]
    pub output: CreateFormat,

    /// none: send; client: send nothing; server: the server checks and issues nothing
    #[command(flatten)]
    pub dry_run: DryRunArg,
}

pub async fn run(ctx: &Ctx, args: CreateArgs) -> Result<()> {
    let flags = ScopeFlags {
        projects: args.projects,
        spaces: args.spaces,
        virtual_clusters: args.virtual_clusters,
        clusters: args.clusters,
        roles: args.roles,
    };
    let (client, schema) = ctx.write_target(args.dry_run.mode == DryRun::Client).await;
    let request = match &args.filename {
        Some(path) => {
            create::from_files(std::slice::from_ref(path), &ctx.printer, schema.against())?
        }
        None => {
            let request = create::build(args.ttl, flags.into_scope());
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
    let mut out = ctx.printer.stdout();
    create::write(
        &mut out,
        &ctx.printer,
        &answer,
        args.output,
        args.dry_run.mode,
        crate::jwt::now(),
    )?;
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
        })
    }
}
