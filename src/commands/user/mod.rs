//! `loftctl user …`: the `UserCommand` group and its dispatch.

mod access_keys;
mod apply;
mod create;
mod delete;
mod diff;
mod disable;
mod edit;
mod enable;
mod flags;
mod get;
mod list;
mod patch;

use clap::Subcommand;

use super::{Ctx, block_on, block_on_here};
use crate::error::Result;

/// Manage Loft users: create, get/list, edit, patch, apply, diff, delete, disable/enable
#[derive(Debug, Subcommand)]
#[command(
    after_help = "Examples:\n  loftctl user create alice --email alice@example.com --group dev\n  loftctl user create -f users/\n  loftctl user list -o wide\n  loftctl user get alice -o yaml\n  loftctl user edit alice\n  loftctl user patch alice -p '{\"spec\":{\"displayName\":\"Alice\"}}'\n  loftctl user apply -f users.yaml\n  loftctl user diff -f users.yaml\n  loftctl user disable alice\n  loftctl user delete -l team=old --yes"
)]
pub enum UserCommand {
    Create(Box<create::CreateArgs>),
    Get(get::GetArgs),
    #[command(visible_alias = "ls")]
    List(list::ListArgs),
    Edit(edit::EditArgs),
    Patch(patch::PatchArgs),
    Apply(apply::ApplyArgs),
    Diff(diff::DiffArgs),
    Delete(delete::DeleteArgs),
    Disable(disable::DisableArgs),
    Enable(enable::EnableArgs),
    AccessKeys(access_keys::AccessKeysArgs),
}

pub fn run(ctx: &Ctx, command: UserCommand) -> Result<()> {
    match command {
        UserCommand::Get(args) => block_on(get::run(ctx, args)),
        UserCommand::List(args) => block_on(list::run(ctx, args)),
        UserCommand::Edit(args) => block_on(edit::run(ctx, args)),
        UserCommand::Patch(args) => block_on(patch::run(ctx, args)),
        UserCommand::Create(args) => block_on_here(create::run(ctx, *args)),
        UserCommand::Apply(args) => block_on(apply::run(ctx, args)),
        UserCommand::Diff(args) => block_on(diff::run(ctx, args)),
        UserCommand::Delete(args) => block_on_here(delete::run(ctx, args)),
        UserCommand::Disable(args) => block_on_here(disable::run(ctx, args)),
        UserCommand::Enable(args) => block_on_here(enable::run(ctx, args)),
        UserCommand::AccessKeys(args) => block_on(access_keys::run(ctx, args)),
    }
}
