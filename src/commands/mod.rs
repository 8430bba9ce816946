//! Every command: the `Command` enum and its dispatch. One file per command, a folder
//! per command group (`user/`, `token/`); each file holds the command's flags and a
//! `run` that maps them onto the logic.

mod completion;
mod dev_server;
mod explain;
mod flags;
pub mod generate;
pub use completion::write_completion;
mod login;
mod logout;
mod token;
mod user;
mod validate;
mod version;
mod whoami;

use clap::Subcommand;

use crate::cli::{Cli, GlobalArgs};
use crate::connect;
use crate::error::Result;
use crate::printer::Printer;

#[derive(Debug, Subcommand)]
pub enum Command {
    Login(login::LoginArgs),
    Logout(logout::LogoutArgs),
    Whoami(whoami::WhoamiArgs),
    #[command(subcommand)]
    User(user::UserCommand),
    #[command(subcommand)]
    Token(token::TokenCommand),
    Validate(validate::ValidateArgs),
    Explain(explain::ExplainArgs),
    DevServer(dev_server::DevServerArgs),
    Completion(completion::CompletionArgs),
    Version(version::VersionArgs),
}

/// What every command gets: the global flags and the printer.
pub struct Ctx {
    pub global: GlobalArgs,
    pub printer: Printer,
}

impl Ctx {
    /// Resolve the connection and build the API client (only commands that talk to a
    /// server call this, so `version`, `validate`, … never pay for TLS set-up).
    pub async fn client(&self) -> Result<kube::Client> {
        let options = self.global.connect.options();
        let target = connect::resolve(&options).await?;
        connect::client(target, options.request_timeout, &self.printer)
    }
}

/// Run a command to completion.
pub fn run(cli: Cli, printer: Printer) -> Result<()> {
    let ctx = Ctx {
        global: cli.global,
        printer,
    };
    match cli.command {
        Command::Version(args) => version::run(&ctx, args),
        Command::Validate(args) => validate::run(&ctx, args),
        Command::Explain(args) => explain::run(&ctx, args),
        Command::Completion(args) => completion::run(&ctx, args),
        Command::Logout(args) => logout::run(&ctx, args),
        Command::Login(args) => block_on(login::run(&ctx, args)),
        Command::Whoami(args) => block_on(whoami::run(&ctx, args)),
        Command::Token(cmd) => token::run(&ctx, cmd),
        Command::User(command) => user::run(&ctx, command),
        Command::DevServer(args) => dev_server::run(&ctx, args),
    }
}

/// Run a future on a current-thread runtime, built only for commands that need one.
pub fn block_on<F: std::future::Future<Output = Result<()>>>(fut: F) -> Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| crate::error::CliError::other(format!("cannot start the runtime: {e}")))?;
    rt.block_on(fut)
}
