//! `loftctl user create`: one User from flags, or many from `-f FILE|DIR|-`.

use clap::{ArgGroup, Args};
use kube::api::Api;

use super::flags::WriteFlags;
use crate::api::User;
use crate::commands::Ctx;
use crate::commands::flags::FilenameArgs;
use crate::error::Result;
use crate::users::batch::Item;
use crate::users::build::{self, UserFields};
use crate::users::input::{self, Need};
use crate::users::write::{self, Writer};
use crate::users::{DryRun, resource_name};

/// Create users from flags or from manifests
#[derive(Debug, Args)]
#[command(
    group(ArgGroup::new("fields").multiple(true).conflicts_with("filenames").args(["email", "display_name", "username", "subject", "description", "groups", "cluster_roles", "labels", "annotations", "disabled"])),
    after_help = "Examples:\n  loftctl user create alice --email alice@example.com --display-name Alice --group dev\n  loftctl user create bob --cluster-role loft-management-admin --label team=core\n  loftctl user create carol --dry-run=server -o yaml\n  loftctl user create -f users/ -f extra.yaml --concurrency 20\n  cat users.yaml | loftctl user create -f -\n\nEvery document is validated first: if any is invalid, nothing is sent (exit 3).\nAn existing user is an error (exit 5); the other users of a batch are still created."
)]
pub struct CreateArgs {
    /// The user's name (a DNS-1123 subdomain)
    #[arg(
        value_name = "NAME",
        required_unless_present = "filenames",
        conflicts_with = "filenames"
    )]
    pub name: Option<String>,

    #[command(flatten)]
    pub filenames: FilenameArgs,

    /// spec.email
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,

    /// spec.displayName
    #[arg(long, value_name = "TEXT")]
    pub display_name: Option<String>,

    /// spec.username (the login name)
    #[arg(long, value_name = "NAME")]
    pub username: Option<String>,

    /// spec.subject (the name in Kubernetes RBAC)
    #[arg(long, value_name = "SUBJECT")]
    pub subject: Option<String>,

    /// spec.description
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    /// Add to spec.groups (repeatable)
    #[arg(long = "group", value_name = "GROUP")]
    pub groups: Vec<String>,

    /// Add to spec.clusterRoles (repeatable)
    #[arg(long = "cluster-role", value_name = "ROLE")]
    pub cluster_roles: Vec<String>,

    /// Add a label KEY=VALUE (repeatable)
    #[arg(long = "label", value_name = "KEY=VALUE")]
    pub labels: Vec<String>,

    /// Add an annotation KEY=VALUE (repeatable)
    #[arg(long = "annotation", value_name = "KEY=VALUE")]
    pub annotations: Vec<String>,

    /// Create the user disabled (spec.disabled: true)
    #[arg(long)]
    pub disabled: bool,

    #[command(flatten)]
    pub write: WriteFlags,
}

pub async fn run(ctx: &Ctx, args: CreateArgs) -> Result<()> {
    let (client, schema) = ctx
        .write_target(args.write.dry_run.mode == DryRun::Client)
        .await;
    let Some(name) = args.name else {
        let items = input::load(
            &ctx.printer,
            &args.filenames.paths,
            Need::Create,
            schema.against(),
        )?;
        return create_all(ctx, client?, &args.write, items).await;
    };
    let fields = UserFields {
        name,
        email: args.email,
        display_name: args.display_name,
        username: args.username,
        subject: args.subject,
        description: args.description,
        groups: args.groups,
        cluster_roles: args.cluster_roles,
        labels: args.labels,
        annotations: args.annotations,
        disabled: args.disabled,
    };
    let user = build::build(&fields)?;
    input::check_built(&ctx.printer, &user, schema.against())?;
    let items = vec![Item {
        label: resource_name(&fields.name),
        payload: Box::new(user),
    }];
    create_all(ctx, client?, &args.write, items).await
}

/// Create every User of `items` (already validated), concurrently; one line each.
/// `client` is `None` for `--dry-run=client` (nothing is sent).
pub async fn create_all(
    ctx: &Ctx,
    client: Option<kube::Client>,
    write: &WriteFlags,
    items: Vec<Item<Box<User>>>,
) -> Result<()> {
    let batch = write.batch(ctx.printer);
    let report = if let Some(client) = client.filter(|_| write.dry_run.mode != DryRun::Client) {
        let writer = Writer::new(
            Api::all(client),
            write.dry_run.mode,
            false,
            write.output().prints_objects(),
        );
        let writer = &writer;
        batch
            .run(
                items,
                |user| writer.create(*user),
                &mut ctx.printer.stdout(),
            )
            .await?
    } else {
        // Nothing is sent: no server needed at all.
        batch
            .run(
                items,
                |user| write::create_locally(*user),
                &mut ctx.printer.stdout(),
            )
            .await?
    };
    report.into_result()
}
