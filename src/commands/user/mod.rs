//! `loftctl user …`: the Users of the management API.

mod edit;
mod get;
mod list;
mod patch;

use clap::Subcommand;

use super::{Ctx, block_on};
use crate::error::Result;

/// Manage Loft users
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    Get(get::GetArgs),
    #[command(visible_alias = "ls")]
    List(list::ListArgs),
    Edit(edit::EditArgs),
    Patch(patch::PatchArgs),
}

pub fn run(ctx: &Ctx, command: UserCommand) -> Result<()> {
    match command {
        UserCommand::Get(args) => block_on(get::run(ctx, args)),
        UserCommand::List(args) => block_on(list::run(ctx, args)),
        UserCommand::Edit(args) => block_on(edit::run(ctx, args)),
        UserCommand::Patch(args) => block_on(patch::run(ctx, args)),
    }
}
