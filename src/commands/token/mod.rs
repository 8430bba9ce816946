//! `loftctl token`: issue DirectClusterEndpointTokens and decode/verify JWTs.

mod create;
mod decode;

use clap::Subcommand;

use super::Ctx;
use crate::error::Result;

/// Create DirectClusterEndpointTokens; decode and verify JWTs
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    Create(create::CreateArgs),
    Decode(decode::DecodeArgs),
}

pub fn run(ctx: &Ctx, cmd: TokenCommand) -> Result<()> {
    match cmd {
        TokenCommand::Create(args) => super::block_on(create::run(ctx, args)),
        TokenCommand::Decode(args) => decode::run(ctx, args),
    }
}
