//! `loftctl token`: issue DirectClusterEndpointTokens and decode/verify JWTs.

mod create;
mod decode;

use clap::Subcommand;

use super::Ctx;
use crate::error::Result;

/// Create DirectClusterEndpointTokens; decode and verify JWTs
#[derive(Debug, Subcommand)]
#[command(
    about = "Create DirectClusterEndpointTokens; decode and verify JWTs",
    after_help = "Examples:\n  loftctl token create --ttl 1h --project p1\n  loftctl token create --ttl 10m | loftctl token decode\n  loftctl token decode @token.jwt --key signing-key.pub.pem --check"
)]
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
