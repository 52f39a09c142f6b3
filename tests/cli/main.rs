//! The command line as a person runs it: the real binary, a fresh data directory, SQLite.
use std::{
    io::Write,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

fn baqylau(data_dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_baqylau"));
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("BAQYLAU_DATA_DIR", data_dir)
        .env("BAQYLAU_CONTENT_DIR", concat!(env!("CARGO_MANIFEST_DIR"), "/content"))
        .env("BAQYLAU_LOG", "debug");
    c
}

fn temp_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("baqylau-cli-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn admin_create_keeps_the_password_out_of_the_log() {
    let dir = temp_dir();
    let mut child = baqylau(&dir)
        .args(["admin", "create", "--email", "root@example.kz", "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"a long admin secret 42\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("administrator root@example.kz created"));
    assert!(!stdout.contains("a long admin secret") && !stderr.contains("a long admin secret"));
    assert!(!stderr.contains("argon2"), "a hash reached the log");

    // Without --password-stdin one is generated and shown once, on stdout only.
    let out = baqylau(&dir).args(["admin", "create", "--email", "second@example.kz"]).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().find(|l| l.starts_with("password (shown once): ")).unwrap();
    let password = line.trim_start_matches("password (shown once): ");
    assert_eq!(password.len(), 24);
    assert!(!String::from_utf8_lossy(&out.stderr).contains(password));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn migrate_seed_and_openapi_commands() {
    let dir = temp_dir();
    let out = baqylau(&dir).arg("migrate").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.join("baqylau.db").exists());
    let out = baqylau(&dir).arg("seed").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("agencies: 108 new") || stdout.contains("new, 0 updated"), "{stdout}");
    let again = baqylau(&dir).arg("seed").output().unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 new, 0 updated"));
    let spec_dir = dir.join("spec");
    let out = baqylau(&dir).args(["openapi", "--out-dir"]).arg(&spec_dir).output().unwrap();
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(spec_dir.join("openapi.json")).unwrap(), baqylau::spec_json());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_malformed_setting_stops_the_start_with_its_name() {
    let dir = temp_dir();
    let out = baqylau(&dir).env("BAQYLAU_ADDR", "not-an-address").arg("migrate").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("BAQYLAU_ADDR"));
    std::fs::remove_dir_all(dir).ok();
}

/// The README's first command on a fresh machine: no set-up, an empty data directory, and the
/// portal answers with the directory loaded.
#[test]
fn serve_starts_on_an_empty_data_directory_and_seeds_it() {
    let dir = temp_dir();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = baqylau(&dir)
        .env("BAQYLAU_ADDR", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let body = loop {
        if let Ok(b) = http_get(port, "/api/v1/agencies?code=GOVCORP") {
            break b;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the server did not come up");
        std::thread::sleep(Duration::from_millis(200));
    };
    child.kill().ok();
    child.wait().ok();
    assert!(body.contains("\"code\":\"GOVCORP\""), "{body}");
    std::fs::remove_dir_all(dir).ok();
}

fn http_get(port: u16, path: &str) -> std::io::Result<String> {
    use std::io::Read;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port))?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    if out.starts_with("HTTP/1.1 200") { Ok(out) } else { Err(std::io::Error::other(out)) }
}

#[test]
fn import_reports_then_reindex() {
    let dir = temp_dir();
    let reports = dir.join("reports");
    std::fs::create_dir_all(&reports).unwrap();
    for f in ["akimat-akm-arshaly-2023-ru.md", "akimat-akm-tselinograd-2022-kk.md"] {
        std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/content/reports/").to_string() + f, reports.join(f))
            .unwrap();
    }
    std::fs::write(reports.join("broken.md"), "no front matter here").unwrap();
    let out = baqylau(&dir).env("BAQYLAU_SEED_ON_EMPTY", "false").arg("seed").output().unwrap();
    assert!(out.status.success());
    let out = baqylau(&dir).args(["import", "reports"]).arg(&reports).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The broken file is named and refused; the others are stored; the exit code says so.
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains("broken.md"), "{stdout}");
    assert!(stdout.contains("reports: 0 new, 0 updated, 2 unchanged, 1 refused"), "seed already loaded them: {stdout}");
    let out = baqylau(&dir).arg("reindex").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("search index (embedded): 48 documents"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    std::fs::remove_dir_all(dir).ok();
}
