//! The plugin's debug log (`PLUGIN_LOG_FILE`), kept free of credentials.
//!
//! tf-provider, when `PLUGIN_LOG_FILE` is set, sends every crate's TRACE events to that file. At
//! DEBUG and TRACE the AWS SDK prints its configuration bag, resolved identities and operation
//! inputs with `Debug`: access key ids (the environment's and every assumed role's) and the
//! `assume_role` external id end up in the file. So the binary takes the variable out of the
//! environment before tf-provider sees it and installs this subscriber instead:
//!
//! - levels ([`filter`]): this provider, codegen, tf-provider and the gRPC request spans at
//!   TRACE; tonic at DEBUG; everything else (the AWS SDK, hyper, h2, rustls) at INFO;
//! - every line goes through [`redact`]: the values of `AWS_ACCESS_KEY_ID`,
//!   `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` and the external id are replaced, as are
//!   quoted values after credential field names and anything shaped like an access key id.
//!
//! The plugin writes nothing to stderr, which is what Terraform copies into its own log.

use std::borrow::Cow;
use std::io::Write;
use std::sync::Mutex;

use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

/// The variable tf-provider (and so this binary) logs to.
pub const LOG_FILE_ENV: &str = "PLUGIN_LOG_FILE";

/// Environment variables whose values never appear in the log.
pub const SECRET_ENV: [&str; 3] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
];

const REDACTED: &str = "** redacted **";

/// Shorter values are not registered: replacing every "a" in the log would help no one.
const MIN_SECRET_LEN: usize = 4;

static SECRETS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Adds a value to be replaced wherever it appears in the log (an external id, a key).
pub fn register_secret(value: &str) {
    if value.len() < MIN_SECRET_LEN {
        return;
    }
    if let Ok(mut secrets) = SECRETS.lock() {
        if !secrets.iter().any(|s| s == value) {
            secrets.push(value.to_string());
            // Longest first, so a secret that contains another is replaced whole.
            secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }
}

/// Which targets log at which level: see the module documentation.
pub fn filter() -> Targets {
    Targets::new()
        .with_default(LevelFilter::INFO)
        .with_target("terraform_provider_sfn", LevelFilter::TRACE)
        .with_target("sfn_codegen", LevelFilter::TRACE)
        .with_target("tf_provider", LevelFilter::TRACE)
        .with_target("tower_http", LevelFilter::TRACE)
        .with_target("tonic", LevelFilter::DEBUG)
}

/// Installs the redacting, filtered file subscriber when `PLUGIN_LOG_FILE` is set, and removes
/// the variable so that tf-provider does not install its own (it would also panic, a global
/// subscriber being set already). Call first thing in `main`, before any thread starts.
pub fn init_from_env() {
    let Some(path) = std::env::var_os(LOG_FILE_ENV) else {
        return;
    };
    std::env::remove_var(LOG_FILE_ENV);
    for key in SECRET_ENV {
        if let Ok(value) = std::env::var(key) {
            register_secret(&value);
        }
    }
    // Appended to: Terraform starts the plugin several times in one command (validate, plan,
    // apply), and each run's log is kept.
    let file = match std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) => {
            eprintln!(
                "SFN060 plugin-log-file: cannot create the plugin log {}: {e}; logging is off",
                std::path::Path::new(&path).display()
            );
            return;
        }
    };
    let layer = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_writer(RedactingFile(Mutex::new(file)))
        .with_filter(filter());
    let _ = tracing_subscriber::registry().with(layer).try_init();
}

/// Writes each formatted event, redacted, to the file.
struct RedactingFile(Mutex<std::fs::File>);

impl<'a> MakeWriter<'a> for RedactingFile {
    type Writer = EventBuffer<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        EventBuffer {
            buf: Vec::new(),
            file: &self.0,
        }
    }
}

/// One event's text; redacted and written when the formatter drops it.
struct EventBuffer<'a> {
    buf: Vec<u8>,
    file: &'a Mutex<std::fs::File>,
}

impl Write for EventBuffer<'_> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for EventBuffer<'_> {
    fn drop(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        let text = String::from_utf8_lossy(&self.buf);
        let clean = redact(&text);
        if let Ok(mut file) = self.file.lock() {
            let _ = file.write_all(clean.as_bytes());
        }
    }
}

/// `line` with every registered secret and every credential-shaped value replaced.
pub fn redact(line: &str) -> Cow<'_, str> {
    let secrets = SECRETS.lock().map(|s| s.clone()).unwrap_or_default();
    redact_with(line, &secrets)
}

/// Field names whose quoted value (`name: "v"`, `name=Some("v")`, `"name": "v"`) is replaced.
const SECRET_FIELDS: [&str; 7] = [
    "access_key_id",
    "secret_access_key",
    "session_token",
    "external_id",
    "x-amz-security-token",
    "authorization",
    "password",
];

/// [`redact`] with an explicit list of secrets (longest first).
pub fn redact_with<'a>(line: &'a str, secrets: &[String]) -> Cow<'a, str> {
    let mut out = Cow::Borrowed(line);
    for secret in secrets {
        if out.contains(secret.as_str()) {
            out = Cow::Owned(out.replace(secret.as_str(), REDACTED));
        }
    }
    for field in SECRET_FIELDS {
        if let Some(replaced) = redact_field(&out, field) {
            out = Cow::Owned(replaced);
        }
    }
    if let Some(replaced) = redact_key_ids(&out) {
        out = Cow::Owned(replaced);
    }
    out
}

/// Replaces the quoted value after each occurrence of `field` (ASCII case-insensitive).
fn redact_field(line: &str, field: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    if !lower.contains(field) {
        return None;
    }
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut copied = 0;
    let mut from = 0;
    let mut changed = false;
    while let Some(found) = lower[from..].find(field) {
        let mut i = from + found + field.len();
        from = i;
        // The field name must end here: `session_token_mode` is not `session_token`.
        if bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        {
            continue;
        }
        if bytes.get(i) == Some(&b'"') {
            i += 1;
        }
        while bytes
            .get(i)
            .is_some_and(|b| matches!(b, b' ' | b':' | b'='))
        {
            i += 1;
        }
        if line[i..].starts_with("Some(") {
            i += "Some(".len();
        }
        if bytes.get(i) != Some(&b'"') {
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while let Some(b) = bytes.get(end) {
            match b {
                b'\\' => end += 2,
                b'"' => break,
                _ => end += 1,
            }
        }
        let end = end.min(line.len());
        if !line[start..end].starts_with("**") {
            out.push_str(&line[copied..start]);
            out.push_str(REDACTED);
            copied = end;
            changed = true;
        }
        from = end;
    }
    if !changed {
        return None;
    }
    out.push_str(&line[copied..]);
    Some(out)
}

/// Replaces AWS access key ids (`AKIA`/`ASIA` and 16 upper-case letters or digits) whole.
fn redact_key_ids(line: &str) -> Option<String> {
    let bytes = line.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i + 20 <= bytes.len() {
        let prefix = &bytes[i..i + 4];
        let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if boundary && (prefix == b"AKIA" || prefix == b"ASIA") {
            let body = &bytes[i + 4..i + 20];
            let after = bytes.get(i + 20);
            if body
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                && !after.is_some_and(|b| b.is_ascii_alphanumeric())
            {
                out.push_str(&line[copied..i + 4]);
                out.push_str(REDACTED);
                i += 20;
                copied = i;
                continue;
            }
        }
        i += 1;
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&line[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(line: &str) -> String {
        redact_with(line, &["sekrit-value".to_string()]).into_owned()
    }

    #[test]
    fn registered_values_are_replaced_everywhere() {
        assert_eq!(
            r("a sekrit-value b \"sekrit-value\""),
            "a ** redacted ** b \"** redacted **\""
        );
        assert_eq!(r("nothing here"), "nothing here");
    }

    #[test]
    fn credential_fields_are_replaced_in_sdk_debug_output() {
        // Shapes printed by the AWS SDK's Debug impls and tracing fields.
        assert_eq!(
            r(
                r#"Credentials { provider_name: "Env", access_key_id: "AKIDEXAMPLE", secret_access_key: "** redacted **" }"#
            ),
            r#"Credentials { provider_name: "Env", access_key_id: "** redacted **", secret_access_key: "** redacted **" }"#
        );
        assert_eq!(
            r(r#"obtained assumed credentials access_key_id=Some("XYZ") expiry=1"#),
            r#"obtained assumed credentials access_key_id=Some("** redacted **") expiry=1"#
        );
        assert_eq!(
            r(r#"AssumeRoleInputBuilder { external_id: Some("tenant-42"), serial_number: None }"#),
            r#"AssumeRoleInputBuilder { external_id: Some("** redacted **"), serial_number: None }"#
        );
        assert_eq!(
            r(
                r#"headers: {"x-amz-security-token": "FwoGtoken", "Authorization": "AWS4 Credential=K/x"}"#
            ),
            r#"headers: {"x-amz-security-token": "** redacted **", "Authorization": "** redacted **"}"#
        );
        // Look-alike field names and unquoted values are left alone.
        let same = r#"session_token_mode: Include, session_token: None, external_id=5"#;
        assert_eq!(r(same), same);
        // A value containing an escaped quote is replaced whole.
        assert_eq!(
            r(r#"external_id: "a\"b" next"#),
            r#"external_id: "** redacted **" next"#
        );
    }

    #[test]
    fn access_key_id_shapes_are_replaced() {
        assert_eq!(
            r("key AKIAIOSFODNN7EXAMPLE, ASIARZPUZDIKNQCTCRIM."),
            "key AKIA** redacted **, ASIA** redacted **."
        );
        // Not key ids: too short, lower case, part of a longer word.
        for same in [
            "AKIA123",
            "akiaiosfodnn7example",
            "XAKIAIOSFODNN7EXAMPLE",
            "AKIAIOSFODNN7EXAMPLEX",
        ] {
            assert_eq!(r(same), same);
        }
    }

    #[test]
    fn short_values_are_not_registered() {
        register_secret("ab");
        assert!(SECRETS
            .lock()
            .map(|s| !s.iter().any(|v| v == "ab"))
            .unwrap_or(false));
    }

    #[test]
    fn the_sdk_is_capped_below_debug_and_the_provider_is_traced() {
        use tracing::Level;
        let f = filter();
        let on = |target: &str, level: Level| f.would_enable(target, &level);
        for t in [
            "aws_smithy_runtime::client::orchestrator::auth",
            "aws_config::sts::assume_role",
            "aws_sdk_sts",
            "aws_sigv4",
            "hyper",
            "h2",
            "rustls",
        ] {
            assert!(!on(t, Level::DEBUG), "{t} at DEBUG");
            assert!(on(t, Level::INFO), "{t} at INFO");
        }
        assert!(on("terraform_provider_sfn::aws::sdk", Level::TRACE));
        assert!(on("tf_provider", Level::TRACE));
    }
}
