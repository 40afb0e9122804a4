//! The release, installed the way a team installs it: `scripts/release.sh` packages the release
//! build (`cargo build --release`, done once by scripts/test.sh) into the registry's shape and
//! the two mirror layouts, and the real Terraform binaries install it with plain `terraform init`
//! (no dev_overrides): from the filesystem mirror (then plan and apply against the local API)
//! and from the network mirror served over HTTPS on loopback with a CA made by the test. The
//! hashes Terraform writes in the lock file are the ones the release publishes, a second init
//! verifies them, and a lock file with other hashes is refused.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use sfn_tests::{repo_root, terraforms, Moto, Terraform, Workdir};

use crate::static_https::{StaticHttps, TestCa};

const VERSION: &str = env!("CARGO_PKG_VERSION");
const ADDRESS: &str = "registry.terraform.io/sfn-tools/sfn";
/// The issue's bound on the shipped binary.
const MAX_BINARY_BYTES: u64 = 25 * 1000 * 1000;

/// Terraform's name for this machine's platform.
fn platform() -> String {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    format!("{}_{arch}", std::env::consts::OS)
}

/// The release build's binaries (`target/release`).
fn release_bins() -> PathBuf {
    let dir = sfn_tests::bin_dir()
        .parent()
        .map(|t| t.join("release"))
        .unwrap_or_default();
    for bin in ["terraform-provider-sfn", "sfn-asl"] {
        assert!(
            dir.join(bin).is_file(),
            "{} is missing: build the release first (`cargo build --release -p terraform-provider-sfn -p sfn-asl`, done by scripts/test.sh)",
            dir.join(bin).display()
        );
    }
    dir
}

/// Runs scripts/release.sh on the release build; returns its success and output.
fn release_sh(args: &[&str], env: &[(&str, &Path)]) -> (bool, String) {
    let mut cmd = Command::new(repo_root().join("scripts/release.sh"));
    cmd.arg("--no-build")
        .arg("--bin-dir")
        .arg(release_bins())
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("run scripts/release.sh: {e}"));
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

struct Release {
    /// Keeps the directory for the whole test run.
    _tmp: tempfile::TempDir,
    out: PathBuf,
    mirror: PathBuf,
}

/// One release for all the tests in this file.
fn release() -> &'static Release {
    static RELEASE: OnceLock<Release> = OnceLock::new();
    RELEASE.get_or_init(|| {
        let tmp = tempfile::Builder::new()
            .prefix("sfn-release-")
            .tempdir()
            .unwrap_or_else(|e| panic!("{e}"));
        let out = tmp.path().join("dist");
        let (ok, text) = release_sh(&["--out", &out.display().to_string()], &[]);
        assert!(ok, "scripts/release.sh failed:\n{text}");
        let mirror = out.join("mirror");
        Release {
            _tmp: tmp,
            out,
            mirror,
        }
    })
}

fn zip_name() -> String {
    format!("terraform-provider-sfn_{VERSION}_{}.zip", platform())
}

/// The files inside a zip, with their Unix modes, read by Python's zipfile (an independent
/// reader).
fn zip_entries(zip: &Path) -> Vec<(String, u32)> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile\nfor i in zipfile.ZipFile(sys.argv[1]).infolist(): print(oct(i.external_attr >> 16), i.filename)",
        ])
        .arg(zip)
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let (mode, name) = l.split_once(' ')?;
            let mode = u32::from_str_radix(mode.trim_start_matches("0o"), 8).ok()?;
            Some((name.to_string(), mode))
        })
        .collect()
}

/// Extracts a zip. Python's zipfile does not restore modes, so the (checked) 0755 is applied.
fn unzip(zip: &Path, into: &Path) {
    let ok = Command::new("python3")
        .args(["-m", "zipfile", "-e"])
        .arg(zip)
        .arg(into)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "unzip {}", zip.display());
    use std::os::unix::fs::PermissionsExt;
    for (name, mode) in zip_entries(zip) {
        let path = into.join(name);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode & 0o777))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

/// The ELF section names of a file (binutils' readelf, which scripts/setup.sh installs).
fn sections(path: &Path) -> Vec<String> {
    let out = Command::new("readelf")
        .args(["-S", "-W"])
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("readelf: {e}"));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let rest = l.trim_start().strip_prefix('[')?;
            let (_, after) = rest.split_once(']')?;
            after.split_whitespace().next().map(str::to_string)
        })
        .collect()
}

fn sha256_hex(path: &Path) -> String {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("sha256sum: {e}"));
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The hashes the network mirror publishes for this platform.
fn published_hashes() -> BTreeSet<String> {
    let file = release()
        .mirror
        .join("network")
        .join(ADDRESS)
        .join(format!("{VERSION}.json"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let json: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let archive = &json["archives"][platform()];
    assert_eq!(
        archive["url"],
        serde_json::Value::String(zip_name()),
        "{text}"
    );
    archive["hashes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h.as_str().map(str::to_string))
        .collect()
}

/// The hashes recorded for the provider in a working directory's lock file.
fn lock_hashes(dir: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(dir.join(".terraform.lock.hcl")).unwrap_or_default();
    let block = text
        .split(&format!("provider \"{ADDRESS}\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no lock entry for {ADDRESS}:\n{text}"));
    assert!(
        block.contains(&format!("\"{VERSION}\"")),
        "lock file: {text}"
    );
    block
        .split('"')
        .filter(|s| s.starts_with("h1:") || s.starts_with("zh:"))
        .map(str::to_string)
        .collect()
}

const CONFIG: &str = r#"
terraform {
  required_providers {
    sfn = { source = "sfn-tools/sfn", version = "VERSION" }
  }
}

data "sfn_workflow" "w" {
  start_at = "Hello"
  pass "Hello" {
    end = true
  }
}

output "json" {
  value = data.sfn_workflow.w.json
}
"#;

const MACHINE: &str = r#"
resource "sfn_state_machine" "m" {
  name       = "released-NAME"
  definition = data.sfn_workflow.w.json
  role_arn   = "arn:aws:iam::123456789012:role/released-sfn"
}
"#;

/// A working directory whose CLI config installs the provider as given (no dev_overrides).
fn workdir(tf: &Terraform, installation: &str, with_machine: bool) -> Workdir {
    let wd = Workdir::new(tf);
    // No installation block at all: Terraform's implied local mirrors, then the registries.
    let rc = if installation.is_empty() {
        String::new()
    } else {
        format!("provider_installation {{\n{installation}\n}}\n")
    };
    wd.write("terraform.rc", &rc);
    let mut main = CONFIG.replace("VERSION", VERSION);
    if with_machine {
        main.push_str(&MACHINE.replace("NAME", &tf.version.replace('.', "-")));
    }
    wd.write("main.tf", &main);
    wd
}

/// A second working directory with the same configuration and lock file: its init verifies the
/// lock. With `tamper`, every recorded hash is replaced by another valid-looking one first.
fn init_with_lock(
    first: &Workdir,
    installation: &str,
    tamper: bool,
    env: &[(&str, String)],
) -> sfn_tests::Run {
    let mut wd = workdir(&first.terraform, installation, false);
    for (k, v) in env {
        wd.set_env(k, v);
    }
    let mut lock =
        std::fs::read_to_string(first.path().join(".terraform.lock.hcl")).unwrap_or_default();
    if tamper {
        for h in lock_hashes(first.path()) {
            let (scheme, rest) = h.split_at(3);
            let flipped: String = rest
                .chars()
                .map(|c| match c {
                    'a' => 'b',
                    'b' => 'a',
                    'A' => 'B',
                    'B' => 'A',
                    '0' => '1',
                    '1' => '0',
                    c => c,
                })
                .collect();
            lock = lock.replace(&h, &format!("{scheme}{flipped}"));
        }
    }
    wd.write(".terraform.lock.hcl", &lock);
    let run = wd.run(&["init", "-no-color", "-input=false"]);
    if run.success {
        // Verified, not rewritten.
        assert_eq!(
            std::fs::read_to_string(wd.path().join(".terraform.lock.hcl")).unwrap_or_default(),
            lock
        );
    }
    run
}

/// A lock file recording exactly `hashes` for the provider, as `terraform init` writes one.
fn lock_with(hashes: &[&str]) -> String {
    let mut out = format!(
        "provider \"{ADDRESS}\" {{\n  version     = \"{VERSION}\"\n  constraints = \"{VERSION}\"\n  hashes = [\n"
    );
    for h in hashes {
        out.push_str(&format!("    \"{h}\",\n"));
    }
    out.push_str("  ]\n}\n");
    out
}

/// `terraform init` in a fresh directory holding `lock`; its lock file afterwards.
fn init_with_lock_text(
    tf: &Terraform,
    installation: &str,
    lock: &str,
    env: &[(&str, String)],
) -> (sfn_tests::Run, BTreeSet<String>) {
    let mut wd = workdir(tf, installation, false);
    for (k, v) in env {
        wd.set_env(k, v);
    }
    wd.write(".terraform.lock.hcl", lock);
    let run = wd.run(&["init", "-no-color", "-input=false"]);
    let after = if run.success {
        lock_hashes(wd.path())
    } else {
        BTreeSet::new()
    };
    (run, after)
}

/// The registry's files: the zips (one executable each, mode 0755), the manifest, SHA256SUMS
/// covering them, the symbols kept apart; the shipped binary is stripped, under 25 MB, and runs.
#[test]
fn release_has_the_registry_shape_and_a_small_stripped_binary() {
    let r = release();
    let zip = r.out.join(zip_name());
    let exe = format!("terraform-provider-sfn_v{VERSION}");
    assert_eq!(zip_entries(&zip), vec![(exe.clone(), 0o100755)]);
    let asl_zip = r.out.join(format!("sfn-asl_{VERSION}_{}.zip", platform()));
    assert_eq!(
        zip_entries(&asl_zip),
        vec![("sfn-asl".to_string(), 0o100755)]
    );
    let manifest = r
        .out
        .join(format!("terraform-provider-sfn_{VERSION}_manifest.json"));
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap_or_default())
            .unwrap_or_default();
    assert_eq!(
        m["metadata"]["protocol_versions"],
        serde_json::json!(["6.0"])
    );
    let sums = std::fs::read_to_string(
        r.out
            .join(format!("terraform-provider-sfn_{VERSION}_SHA256SUMS")),
    )
    .unwrap_or_default();
    let listed: Vec<(String, String)> = sums
        .lines()
        .filter_map(|l| {
            l.split_once("  ")
                .map(|(h, n)| (n.to_string(), h.to_string()))
        })
        .collect();
    let names: Vec<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
    let manifest_name = format!("terraform-provider-sfn_{VERSION}_manifest.json");
    let asl_name = format!("sfn-asl_{VERSION}_{}.zip", platform());
    let zip_name = zip_name();
    let mut want = vec![asl_name.as_str(), manifest_name.as_str(), zip_name.as_str()];
    want.sort();
    assert_eq!(names, want, "SHA256SUMS:\n{sums}");
    for (name, hash) in &listed {
        assert_eq!(hash, &sha256_hex(&r.out.join(name)), "{name}");
    }
    assert!(!r
        .out
        .join(format!("terraform-provider-sfn_{VERSION}_SHA256SUMS.sig"))
        .exists());

    let unpacked = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    unzip(&zip, unpacked.path());
    unzip(&asl_zip, unpacked.path());
    let bin = unpacked.path().join(&exe);
    let size = std::fs::metadata(&bin).map(|m| m.len()).unwrap_or(u64::MAX);
    let built = std::fs::metadata(release_bins().join("terraform-provider-sfn"))
        .map(|m| m.len())
        .unwrap_or(0);
    let zipped = std::fs::metadata(&zip).map(|m| m.len()).unwrap_or(0);
    println!("provider binary: {built} bytes as built, {size} stripped, zip {zipped}");
    assert!(
        size <= MAX_BINARY_BYTES,
        "the shipped binary has {size} bytes"
    );
    assert!(
        size < built,
        "the shipped binary is not stripped ({size} of {built} bytes)"
    );
    // Stripped: no symbol table, no DWARF; a debuglink names the kept symbols, which hold them.
    let shipped = sections(&bin);
    assert!(
        // `.debug_gdb_scripts` is not debug info: it names Rust's pretty printers for gdb.
        !shipped
            .iter()
            .any(|s| s == ".symtab" || (s.starts_with(".debug_") && s != ".debug_gdb_scripts")),
        "symbols left in the shipped binary: {shipped:?}"
    );
    assert!(
        shipped.iter().any(|s| s == ".gnu_debuglink"),
        "no debuglink: {shipped:?}"
    );
    let symbols = r.out.join("symbols").join(format!(
        "terraform-provider-sfn_{VERSION}_{}.debug",
        platform()
    ));
    let kept = sections(&symbols);
    assert!(
        kept.iter().any(|s| s == ".debug_line") && kept.iter().any(|s| s == ".symtab"),
        "{} holds no debug info: {kept:?}",
        symbols.display()
    );
    // The shipped binaries run: the plugin refuses a start by hand, sfn-asl validates.
    let out = Command::new(&bin)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SFN100 plugin-handshake"));
    let out = Command::new(unpacked.path().join("sfn-asl"))
        .args(["validate", "-"])
        .stdin(
            std::fs::File::open(repo_root().join("examples/asl/simple-pass-succeed.asl.json"))
                .unwrap_or_else(|e| panic!("{e}")),
        )
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// The same build packs to byte-identical files: the published hashes do not depend on when or
/// where the release was made.
#[test]
fn release_packaging_is_reproducible() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let again = tmp.path().join("dist");
    let (ok, text) = release_sh(&["--out", &again.display().to_string()], &[]);
    assert!(ok, "{text}");
    for name in [
        zip_name(),
        format!("terraform-provider-sfn_{VERSION}_SHA256SUMS"),
        format!("mirror/network/{ADDRESS}/{VERSION}.json"),
        format!("mirror/network/{ADDRESS}/index.json"),
    ] {
        assert_eq!(
            std::fs::read(release().out.join(&name)).ok(),
            std::fs::read(again.join(&name)).ok(),
            "{name} differs between two packagings"
        );
    }
}

/// With the publisher's GPG key (`--gpg-key`), SHA256SUMS gets a detached signature that gpg
/// verifies; a changed SHA256SUMS no longer does.
#[test]
fn release_signs_sha256sums_with_the_given_key() {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let gpg = |args: &[&str]| {
        Command::new("gpg")
            .env("GNUPGHOME", home.path())
            .args(["--batch", "--pinentry-mode", "loopback", "--passphrase", ""])
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("gpg (installed by scripts/setup.sh): {e}"))
    };
    let made = gpg(&[
        "--quick-generate-key",
        "sfn release test <release@example.invalid>",
        "ed25519",
        "sign",
        "1d",
    ]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let listed = gpg(&["--list-secret-keys", "--with-colons"]);
    let fingerprint = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .find(|l| l.starts_with("fpr:"))
        .and_then(|l| l.split(':').nth(9).map(str::to_string))
        .unwrap_or_else(|| panic!("no key generated"));
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = tmp.path().join("dist");
    let (ok, text) = release_sh(
        &[
            "--out",
            &out.display().to_string(),
            "--gpg-key",
            &fingerprint,
        ],
        &[("GNUPGHOME", home.path())],
    );
    assert!(ok, "{text}");
    let sums = out.join(format!("terraform-provider-sfn_{VERSION}_SHA256SUMS"));
    let sig = out.join(format!("terraform-provider-sfn_{VERSION}_SHA256SUMS.sig"));
    let (sums_s, sig_s) = (sums.display().to_string(), sig.display().to_string());
    let verified = gpg(&["--verify", &sig_s, &sums_s]);
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stderr)
    );
    let mut text = std::fs::read_to_string(&sums).unwrap_or_default();
    text.push_str("0000  extra.zip\n");
    std::fs::write(&sums, text).unwrap_or_else(|e| panic!("{e}"));
    assert!(!gpg(&["--verify", &sig_s, &sums_s]).status.success());
}

/// `terraform init` from the filesystem mirror (both Terraform versions), then plan and apply
/// against the local API with the released binary. The lock file's hash is the one the network
/// mirror publishes (Terraform computed it from the package itself); a second init with that
/// lock verifies, a lock with other hashes is refused.
#[test]
fn terraform_installs_from_the_filesystem_mirror_and_applies() {
    let fs = release().mirror.join("filesystem");
    assert!(fs.join(ADDRESS).join(zip_name()).is_file());
    let installation = format!(
        "  filesystem_mirror {{\n    path    = \"{}\"\n    include = [\"{ADDRESS}\"]\n  }}",
        fs.display()
    );
    let published = published_hashes();
    let moto = Moto::start();
    for tf in terraforms() {
        let mut wd = workdir(&tf, &installation, true);
        wd.use_moto(&moto);
        let init = wd.ok(&["init", "-no-color", "-input=false"]);
        assert!(
            init.combined()
                .contains(&format!("Installing sfn-tools/sfn v{VERSION}")),
            "{}",
            init.combined()
        );
        let locked = lock_hashes(wd.path());
        assert!(
            !locked.is_empty() && locked.is_subset(&published),
            "terraform {}: lock {locked:?}, published {published:?}",
            tf.version
        );
        assert!(locked.iter().any(|h| h.starts_with("h1:")), "{locked:?}");
        let plan = wd.ok(&["plan", "-no-color"]);
        assert!(
            !plan.combined().contains("overrides"),
            "dev_overrides in effect: {}",
            plan.combined()
        );
        wd.apply();
        let (empty, out) = wd.plan_is_empty();
        assert!(empty, "terraform {}: plan after apply:\n{out}", tf.version);
        let machines = wd.state_instances("sfn_state_machine");
        assert_eq!(machines.len(), 1);
        let arn = machines[0]["attributes"]["arn"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let rt = sfn_tests::runtime();
        let listed = rt.block_on(async { sfn_tests::api_machines(&moto.client().await).await });
        assert!(
            listed.iter().any(|(_, a)| *a == arn),
            "{arn} not in {listed:?}"
        );
        wd.ok(&["destroy", "-auto-approve", "-no-color"]);

        let again = init_with_lock(&wd, &installation, false, &[]);
        assert!(
            again.success,
            "terraform {}: {}",
            tf.version,
            again.combined()
        );
        let tampered = init_with_lock(&wd, &installation, true, &[]);
        assert!(
            !tampered.success,
            "terraform {}: a tampered lock was accepted",
            tf.version
        );
        assert!(
            tampered.combined().contains("checksum") || tampered.combined().contains("lock file"),
            "{}",
            tampered.combined()
        );

        // Baked into an image: the mirror copied into an implied plugin directory
        // ($HOME/.terraform.d/plugins here) is found with no CLI configuration at all.
        let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        copy_tree(&fs, &home.path().join(".terraform.d/plugins"));
        let mut implied = workdir(&tf, "", false);
        implied.set_env("HOME", &home.path().display().to_string());
        implied.ok(&["init", "-no-color", "-input=false"]);
        assert!(lock_hashes(implied.path()).is_subset(&published));
        implied.ok(&["plan", "-no-color"]);
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in std::fs::read_dir(from).into_iter().flatten().flatten() {
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        }
    }
}

/// `terraform init` from the network mirror on a static HTTPS host (a CA of the test's own,
/// trusted through SSL_CERT_FILE): the lock file gets the published h1: and zh: hashes, a
/// second init verifies them, tampered ones are refused, and without trusting the CA Terraform
/// refuses the host.
#[test]
fn terraform_installs_from_the_network_mirror_over_https() {
    let ca = TestCa::new();
    let server = StaticHttps::start(&release().mirror.join("network"), &ca);
    let ca_file = tempfile::NamedTempFile::new().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(ca_file.path(), &ca.ca_pem).unwrap_or_else(|e| panic!("{e}"));
    let trust = [("SSL_CERT_FILE", ca_file.path().display().to_string())];
    let installation = format!(
        "  network_mirror {{\n    url = \"https://localhost:{}/\"\n  }}",
        server.port
    );
    let published = published_hashes();
    assert!(
        published.iter().any(|h| h.starts_with("h1:"))
            && published.iter().any(|h| h.starts_with("zh:"))
    );
    assert!(published.contains(&format!(
        "zh:{}",
        sha256_hex(&release().out.join(zip_name()))
    )));
    for tf in terraforms() {
        let untrusted = workdir(&tf, &installation, false);
        let refused = untrusted.run(&["init", "-no-color", "-input=false"]);
        assert!(
            !refused.success,
            "terraform {} trusted an unknown CA",
            tf.version
        );
        assert!(
            refused.combined().contains("x509") || refused.combined().contains("certificate"),
            "{}",
            refused.combined()
        );

        let mut wd = workdir(&tf, &installation, false);
        for (k, v) in &trust {
            wd.set_env(k, v);
        }
        wd.ok(&["init", "-no-color", "-input=false"]);
        let locked = lock_hashes(wd.path());
        println!(
            "terraform {}: lock file after a network mirror init: {locked:?}",
            tf.version
        );
        assert!(
            locked.is_subset(&published) && locked.iter().any(|h| h.starts_with("h1:")),
            "terraform {}: lock {locked:?}, published {published:?}",
            tf.version
        );
        let plan = wd.ok(&["plan", "-no-color"]);
        assert!(plan.stdout.contains("\"Hello\""), "{}", plan.stdout);

        let again = init_with_lock(&wd, &installation, false, &trust);
        assert!(
            again.success,
            "terraform {}: {}",
            tf.version,
            again.combined()
        );
        let tampered = init_with_lock(&wd, &installation, true, &trust);
        assert!(
            !tampered.success,
            "terraform {}: a tampered lock was accepted",
            tf.version
        );

        // Terraform records only h1: from a mirror; zh: is what a lock file holds after an
        // install through a registry (from SHA256SUMS). A lock with only the published zh:
        // verifies the mirror's zip, and gains the h1:; a wrong zh: is refused.
        let zh: Vec<&str> = published
            .iter()
            .filter(|h| h.starts_with("zh:"))
            .map(String::as_str)
            .collect();
        let (run, after) = init_with_lock_text(&tf, &installation, &lock_with(&zh), &trust);
        assert!(
            run.success,
            "terraform {}: the published zh: does not verify: {}",
            tf.version,
            run.combined()
        );
        assert_eq!(
            after, published,
            "terraform {}: zh: kept and h1: added",
            tf.version
        );
        let wrong = format!("zh:{}", "0".repeat(64));
        let (run, _) =
            init_with_lock_text(&tf, &installation, &lock_with(&[wrong.as_str()]), &trust);
        assert!(
            !run.success,
            "terraform {}: a wrong zh: was accepted",
            tf.version
        );

        // The guide's way to record every platform's hashes from the mirror.
        let mut locker = workdir(&tf, &installation, false);
        for (k, v) in &trust {
            locker.set_env(k, v);
        }
        let mirror_url = format!("-net-mirror=https://localhost:{}/", server.port);
        let platform_arg = format!("-platform={}", platform());
        locker.ok(&["providers", "lock", "-no-color", &mirror_url, &platform_arg]);
        let locked = lock_hashes(locker.path());
        println!(
            "terraform {}: lock file after providers lock: {locked:?}",
            tf.version
        );
        assert!(
            locked.is_subset(&published) && locked.iter().any(|h| h.starts_with("h1:")),
            "terraform {}: lock {locked:?}, published {published:?}",
            tf.version
        );
    }
    let requests = server.requests();
    let base = format!("/{ADDRESS}/");
    for want in [
        "index.json".to_string(),
        format!("{VERSION}.json"),
        zip_name(),
    ] {
        assert!(
            requests.contains(&format!("{base}{want}")),
            "{want} never requested: {requests:?}"
        );
    }
}
