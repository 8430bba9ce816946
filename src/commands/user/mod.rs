//! `loftctl user …`: the `UserCommand` group and its dispatch.

mod apply;
mod create;
mod delete;
mod disable;
mod enable;
mod flags;

use clap::Subcommand;

use super::{Ctx, block_on};
use crate::error::Result;

/// Manage Loft users
#[derive(Debug, Subcommand)]
#[command(
    about = "Manage Loft users",
    after_help = "Examples:\n  loftctl user create alice --email alice@example.com --group dev\n  loftctl user create -f users/\n  loftctl user apply -f users.yaml\n  loftctl user disable alice\n  loftctl user delete -l team=old --yes"
)]
pub enum UserCommand {
    // Writing (issue 5, branch users).
    Create(Box<create::CreateArgs>),
    Apply(apply::ApplyArgs),
    Delete(delete::DeleteArgs),
    Disable(disable::DisableArgs),
    Enable(enable::EnableArgs),
}

pub fn run(ctx: &Ctx, command: UserCommand) -> Result<()> {
    match command {
        // Writing (issue 5, branch users).
        UserCommand::Create(args) => block_on(create::run(ctx, *args)),
        UserCommand::Apply(args) => block_on(apply::run(ctx, args)),
        UserCommand::Delete(args) => block_on(delete::run(ctx, args)),
        UserCommand::Disable(args) => block_on(disable::run(ctx, args)),
        UserCommand::Enable(args) => block_on(enable::run(ctx, args)),
    }
}
