//! The command line. Everything it runs lives in the library.
use std::{io::Read, path::PathBuf};

use baqylau::{App, config::Config};
use clap::{Parser, Subcommand};

/// glibc's allocator kept hundreds of MiB of freed memory in per-thread arenas after a bulk
/// import (`benches/README.md`); mimalloc gives it back and searches no slower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "baqylau", version, about = "Public monitoring of public services in Kazakhstan: API and portal")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default): migrate, seed an empty database from content/, listen.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the shipped directory (regions, agencies, registry of services) from content/; idempotent.
    Seed,
    /// Import data from files.
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// Rebuild the search index from the database.
    Reindex,
    /// Write openapi/openapi.json and openapi/openapi.yaml from the code.
    Openapi {
        #[arg(long, default_value = "openapi")]
        out_dir: PathBuf,
    },
    /// Administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Annual reports: every `*.md` in DIR, each with a `+++` TOML front matter (agency code, year,
    /// language, title, source_url, published_on, figures). Idempotent on agency, year, language.
    Reports { dir: PathBuf },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a portal administrator.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        display_name: String,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
}

fn progress_bar(len: u64) -> indicatif::ProgressBar {
    indicatif::ProgressBar::new(len).with_style(
        indicatif::ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    )
}

fn init_tracing(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("BAQYLAU_LOG").unwrap_or_else(|_| "info".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if config.log_json {
        builder.json().init();
    } else {
        builder.init();
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = Config::from_env()?;
    init_tracing(&config);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = App::build(config).await?;
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            baqylau::db::migrate(&config.effective_database_url()).await?;
            if config.database_url.is_none() {
                std::fs::create_dir_all(&config.data_dir)?;
            }
            eprintln!("migrations applied");
        }
        Command::Import { what: ImportCommand::Reports { dir } } => {
            let app = App::build(Config { seed_on_empty: false, ..config }).await?;
            let files =
                baqylau::service::reports::read_dir(&dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
            let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
            let bar = progress_bar(files.len() as u64);
            let lines = files.into_iter().enumerate().map(|(i, (_, parsed))| (i + 1, parsed)).collect();
            let results = baqylau::service::reports::import(&app.state.cli_ctx(), None, lines, Some(&bar))
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            bar.finish_and_clear();
            let mut summary = baqylau::service::reports::ImportSummary::default();
            for r in &results {
                summary.add(r);
                if let Err(errors) = &r.outcome {
                    for e in errors {
                        let msg =
                            baqylau::i18n::format(baqylau::i18n::Lang::En, &format!("fields.{}", e.code), &e.args);
                        println!("{}: {} {msg}", names[r.line - 1], if e.pointer.is_empty() { "" } else { &e.pointer });
                    }
                }
            }
            println!("reports: {summary}");
            let drained = baqylau::worker::outbox::drain_all(&app.state.cli_ctx(), app.state.search.as_ref(), "cli")
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "search index: {} documents updated{}",
                drained.applied,
                if drained.failed > 0 { " (engine unavailable: the server will retry)" } else { "" }
            );
            if summary.failed > 0 {
                std::process::exit(2);
            }
        }
        Command::Reindex => {
            let app = App::build(Config { seed_on_empty: false, ..config }).await?;
            app.state.search.ensure_settings().await?;
            let bar = progress_bar(0);
            let n = baqylau::worker::outbox::reindex(&app.state.cli_ctx(), app.state.search.as_ref(), Some(&bar))
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            bar.finish_and_clear();
            println!("search index ({}): {n} documents", app.state.search.engine());
        }
        Command::Seed => {
            let app = App::build(Config { seed_on_empty: false, ..config }).await?;
            let bar = progress_bar(0);
            let summary =
                baqylau::service::seed::seed(&app.state.cli_ctx(), &app.state.config.content_dir, Some(&bar)).await?;
            println!("regions:  {}", summary.regions);
            println!("agencies: {}", summary.agencies);
            println!("services: {}", summary.services);
            println!("reports:  {}", summary.reports);
        }
        Command::Openapi { out_dir } => {
            std::fs::create_dir_all(&out_dir)?;
            std::fs::write(out_dir.join("openapi.json"), baqylau::spec_json())?;
            std::fs::write(out_dir.join("openapi.yaml"), baqylau::spec_yaml())?;
            eprintln!("wrote {0}/openapi.json and {0}/openapi.yaml", out_dir.display());
        }
        Command::Admin { command: AdminCommand::Create { email, display_name, password_stdin } } => {
            let (password, generated) = if password_stdin {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                (s.trim_end_matches(['\r', '\n']).to_string(), false)
            } else {
                (baqylau::service::auth::generate_password(), true)
            };
            let app = App::build(config).await?;
            let ctx = app.state.cli_ctx();
            let a = baqylau::service::accounts::create_admin(&ctx, &email, &display_name, password.clone())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            // To the terminal only, never to the log.
            println!("administrator {} created (id {})", a.email, a.id);
            if generated {
                println!("password (shown once): {password}");
            }
        }
    }
    Ok(())
}
