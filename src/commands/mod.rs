//! Every command: the `Command` enum and its dispatch. One file per command, a folder
//! per command group (`user/`, `token/`); each file holds the command's flags and a
//! `run` that maps them onto the logic.

pub(crate) mod accesskey;
mod completion;
mod dev_server;
mod explain;
mod flags;
pub mod generate;
pub use completion::write_completion;
mod login;
mod logout;
mod scope_flags;
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
    #[command(subcommand)]
    Accesskey(accesskey::AccessKeyCommand),
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
        Ok(self.connection().await?.0)
    }

    /// The client and the management URL it talks to.
    pub async fn connection(&self) -> Result<(kube::Client, String)> {
        let options = self.global.connect.options();
        let target = connect::resolve(&options).await?;
        let url = target.config.cluster_url.to_string();
        let client = connect::client(target, options.request_timeout, &self.printer)?;
        Ok((client, url))
    }

    /// For a write: the client (`None` for `--dry-run=client`, which sends nothing) and
    /// the schema to check with. A failed connection is returned beside the built-in
    /// schema, so that an invalid manifest is still reported as invalid (exit 3) first.
    pub async fn write_target(
        &self,
        local_only: bool,
    ) -> (
        Result<Option<kube::Client>>,
        crate::schema::server::ServerSchema,
    ) {
        use crate::schema::server::ServerSchema;
        if local_only {
            return (Ok(None), ServerSchema::BuiltIn);
        }
        match self.client_and_schema().await {
            Ok((client, schema)) => (Ok(Some(client)), schema),
            Err(e) => (Err(e), ServerSchema::BuiltIn),
        }
    }

    /// The client, and the schema a write to its server is checked against (the
    /// server's own, fetched once and cached; else the built-in newest).
    pub async fn client_and_schema(
        &self,
    ) -> Result<(kube::Client, crate::schema::server::ServerSchema)> {
        let (client, url) = self.connection().await?;
        let schema = crate::schema::server::fetch(
            &client,
            &url,
            self.global.connect.options().request_timeout,
            &self.printer,
        )
        .await;
        Ok((client, schema))
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
        Command::Accesskey(cmd) => accesskey::run(&ctx, cmd),
        Command::User(command) => user::run(&ctx, command),
        Command::DevServer(args) => dev_server::run(&ctx, args),
    }
}

/// Run a future on a runtime built only for commands that need one: the command runs on
/// this thread (it prints), and what it spawns (the HTTP connection, a list's next page)
/// on one worker thread beside it, so that reading ahead goes on while this thread parses
/// and prints.
pub fn block_on<F: std::future::Future<Output = Result<()>>>(fut: F) -> Result<()> {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    run_on(builder.worker_threads(1), fut)
}

/// Run a future, and everything it spawns, on this thread alone: for a batch of writes,
/// where each request's work is small and nothing is read ahead. Handing every request and
/// answer between two threads cost more than the second thread gave (each hand-over is a
/// wake-up through the kernel): on one thread 1,000 creates took ~35% less CPU and 1,000
/// deletes half (benches/README.md).
pub fn block_on_here<F: std::future::Future<Output = Result<()>>>(fut: F) -> Result<()> {
    run_on(&mut tokio::runtime::Builder::new_current_thread(), fut)
}

fn run_on<F: std::future::Future<Output = Result<()>>>(
    builder: &mut tokio::runtime::Builder,
    fut: F,
) -> Result<()> {
    let rt = builder
        .enable_all()
        .build()
        .map_err(|e| crate::error::CliError::other(format!("cannot start the runtime: {e}")))?;
    rt.block_on(fut)
}
