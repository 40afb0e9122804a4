//! A catalogue of hostile inputs driven through real Terraform (every version `terraforms()`
//! finds), one working directory per case so each diagnostic is attributable to its input.
//!
//! Each case names its category, its configuration (and, for AWS error replies, the operation the
//! fault proxy answers with an AWS error), the code it must produce and where Terraform must say
//! the problem is. For every case, whatever its outcome: no panic, no crash, no plugin failure.
//!
//! Expectations:
//! - `Error`: the command fails; the diagnostic carrying the code holds the location (the
//!   `on main.tf line N, in <block>:` line and the quoted attribute line, or the resource named by
//!   `with <address>`) and a detail of its own (the actionable part).
//! - `Warning`: the command succeeds with that warning, located the same way.
//! - `Clean`: the command succeeds with no error and no code at all: values unknown at plan must
//!   never produce a false error.
//!
//! Where Terraform core rejects a typed attribute before the provider sees it, the "code" is
//! Terraform's own summary and the case counts as "rejected by Terraform".

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use sfn_tests::proxy::{Fault, Proxy, Times};
use sfn_tests::{runtime, terraforms, Moto, Run, Terraform, Workdir};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cat {
    InvalidValue,
    WrongType,
    MalformedJson,
    Huge,
    Nested,
    Unicode,
    Jsonata,
    Unknown,
    Conflict,
    Aws,
}

impl Cat {
    fn label(self) -> &'static str {
        match self {
            Cat::InvalidValue => "invalid value",
            Cat::WrongType => "wrong type",
            Cat::MalformedJson => "malformed JSON",
            Cat::Huge => "huge",
            Cat::Nested => "deeply nested",
            Cat::Unicode => "unicode/control",
            Cat::Jsonata => "JSONata syntax",
            Cat::Unknown => "unknown value",
            Cat::Conflict => "conflicting args",
            Cat::Aws => "AWS error reply",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Error,
    Warning,
    Clean,
}

/// Where the diagnostic must point.
#[derive(Debug, Clone)]
enum At {
    /// The line of main.tf containing this text: Terraform must print `on main.tf line N, in
    /// <block>:` and `N: <the line>`.
    Line(String),
    /// This text must be in the diagnostic (an attribute path or `with <address>`).
    Text(String),
}

fn line(s: &str) -> At {
    At::Line(s.to_string())
}

fn text(s: &str) -> At {
    At::Text(s.to_string())
}

/// The part of a resource's lifecycle an AWS error reply is injected into.
#[derive(Debug, Clone)]
enum Phase {
    /// `apply` of a new configuration: the create call fails.
    Create,
    /// `apply` of the configuration, then of `changed`: the update call fails.
    Update { changed: String },
    /// `apply`, then `plan`: the refresh fails.
    Read,
    /// `apply`, then `destroy`: the delete fails.
    Delete,
    /// A machine named `{NAME}` is created through the SDK; `plan` reads it with the data source.
    DataSource,
}

#[derive(Debug, Clone)]
struct AwsFault {
    phase: Phase,
    op: &'static str,
    code: &'static str,
    message: &'static str,
    /// The resource that must still be in state after the failure (update, read, delete).
    keeps: Option<&'static str>,
}

#[derive(Debug, Clone)]
struct Case {
    name: &'static str,
    cat: Cat,
    /// The configuration below the `terraform {}` block. `{ENDPOINT}` is the proxy (or moto),
    /// `{NAME}` a name unique to this case and Terraform version.
    hcl: String,
    /// Extra files written next to main.tf.
    files: Vec<(&'static str, String)>,
    aws: Option<AwsFault>,
    expect: Expect,
    /// Our code (ASL###, SFN###), or Terraform's own summary when `by_terraform`.
    code: &'static str,
    by_terraform: bool,
    at: Vec<At>,
}

fn case(name: &'static str, cat: Cat, hcl: &str, code: &'static str, at: Vec<At>) -> Case {
    Case {
        name,
        cat,
        hcl: hcl.to_string(),
        files: Vec::new(),
        aws: None,
        expect: Expect::Error,
        code,
        by_terraform: false,
        at,
    }
}

impl Case {
    fn warns(mut self) -> Case {
        self.expect = Expect::Warning;
        self
    }
    fn terraform_rejects(mut self) -> Case {
        self.by_terraform = true;
        self
    }
    fn file(mut self, name: &'static str, content: String) -> Case {
        self.files.push((name, content));
        self
    }
    fn aws(mut self, fault: AwsFault) -> Case {
        self.aws = Some(fault);
        self
    }
}

/// A case that must plan without any error or code: unknown values skip their checks.
fn clean(name: &'static str, hcl: &str) -> Case {
    Case {
        expect: Expect::Clean,
        code: "-",
        ..case(name, Cat::Unknown, hcl, "-", Vec::new())
    }
}

const ROLE: &str = "arn:aws:iam::123456789012:role/hostile";

/// A valid workflow for resources that need one.
const SMALL_DEF: &str = r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#;

/// A machine whose definition is given as a raw string.
fn machine(def_expr: &str) -> String {
    format!(
        r#"
resource "sfn_state_machine" "m" {{
  name       = "{{NAME}}"
  definition = {def_expr}
  role_arn   = "{ROLE}"
}}
"#
    )
}

/// A one-state workflow around `state` (a state block named "S").
fn workflow(state: &str) -> String {
    format!("\ndata \"sfn_workflow\" \"w\" {{\n  start_at = \"S\"\n{state}\n}}\n")
}

/// The activity whose ARN is unknown at plan (it is not created yet).
const UNKNOWN_SOURCE: &str = r#"
resource "sfn_activity" "u" {
  name = "{NAME}"
}
"#;

fn unknown_cfg(body: &str) -> String {
    format!("{UNKNOWN_SOURCE}{body}")
}

/// The provider block for cases that talk to the API (through the fault proxy).
const AWS_PROVIDER: &str = r#"
provider "sfn" {
  endpoint    = "{ENDPOINT}"
  max_retries = 1
}
"#;

fn aws_machine(extra: &str) -> String {
    format!(
        r#"{AWS_PROVIDER}
resource "sfn_state_machine" "m" {{
  name       = "{{NAME}}"
  definition = jsonencode({{ StartAt = "A", States = {{ A = {{ Type = "Succeed" }} }} }})
  role_arn   = "{ROLE}"
{extra}
}}
"#
    )
}

/// Parallel states nested `levels` deep in a JSON definition, with `inner` as the innermost
/// state's body.
fn nested_parallels(levels: usize, inner: &str) -> String {
    let mut def = format!(r#"{{"StartAt":"L{levels}","States":{{"L{levels}":{inner}}}}}"#);
    for i in (0..levels).rev() {
        def = format!(
            r#"{{"StartAt":"P{i}","States":{{"P{i}":{{"Type":"Parallel","End":true,"Branches":[{def}]}}}}}}"#
        );
    }
    def
}

/// A definition of `states` Pass states of about `pad` characters each, pretty-printed with one
/// field per line.
fn big_definition(states: usize, pad: usize, last: &str) -> String {
    let mut s = String::from("{\n  \"StartAt\": \"S0\",\n  \"States\": {\n");
    let filler = "x".repeat(pad);
    for i in 0..states {
        s.push_str(&format!(
            "    \"S{i}\": {{\n      \"Type\": \"Pass\",\n      \"Result\": \"{filler}\",\n      \"Next\": \"S{}\"\n    }},\n",
            i + 1
        ));
    }
    s.push_str(&format!("    \"S{states}\": {last}\n  }}\n}}\n"));
    s
}

/// Eleven data sources, each nesting two Parallel levels around the previous one's JSON: the
/// composition ends 22 levels deep.
fn deep_composition() -> String {
    let mut s = String::from(
        "\ndata \"sfn_workflow\" \"d0\" {\n  start_at = \"Leaf\"\n  succeed \"Leaf\" {}\n}\n",
    );
    for i in 1..=11 {
        s.push_str(&format!(
            r#"
data "sfn_workflow" "d{i}" {{
  start_at = "A{i}"
  parallel "A{i}" {{
    end = true
    branch {{
      start_at = "B{i}"
      parallel "B{i}" {{
        end = true
        branch {{
          json = data.sfn_workflow.d{}.json
        }}
      }}
    }}
  }}
}}
"#,
            i - 1
        ));
    }
    s
}

fn catalogue() -> Vec<Case> {
    use Cat::*;
    let mut c = Vec::new();

    // ---------------------------------------------------------------- invalid HCL values
    c.push(case(
        "workflow_type not a type",
        InvalidValue,
        r#"
data "sfn_workflow" "w" {
  workflow_type = "BATCH"
  start_at      = "A"
  succeed "A" {}
}
"#,
        "SFN001",
        vec![line("workflow_type = \"BATCH\"")],
    ));
    c.push(case(
        "query_language not a language",
        InvalidValue,
        r#"
data "sfn_workflow" "w" {
  query_language = "XPath"
  start_at       = "A"
  succeed "A" {}
}
"#,
        "ASL005",
        vec![line("query_language = \"XPath\"")],
    ));
    c.push(case(
        "start_at names no state",
        InvalidValue,
        r#"
data "sfn_workflow" "w" {
  start_at = "Nope"
  succeed "A" {}
}
"#,
        "ASL101",
        vec![line("start_at = \"Nope\"")],
    ));
    c.push(case(
        "next names no state",
        InvalidValue,
        &workflow(
            r#"
  pass "S" {
    next = "Missing"
  }"#,
        ),
        "ASL102",
        vec![line("next = \"Missing\"")],
    ));
    c.push(case(
        "backoff_rate below 1",
        InvalidValue,
        &workflow(
            r#"
  task "S" {
    resource = "arn:aws:lambda:us-east-1:123456789012:function:f"
    end      = true
    retry {
      error_equals = ["States.ALL"]
      backoff_rate = 0.5
    }
  }"#,
        ),
        "ASL207",
        vec![line("backoff_rate = 0.5")],
    ));
    c.push(case(
        "negative wait seconds",
        InvalidValue,
        &workflow(
            r#"
  wait "S" {
    seconds = -5
    end     = true
  }"#,
        ),
        "ASL207",
        vec![line("seconds = -5")],
    ));
    c.push(case(
        "max_attempts negative",
        InvalidValue,
        &workflow(
            r#"
  task "S" {
    resource = "arn:aws:lambda:us-east-1:123456789012:function:f"
    end      = true
    retry {
      error_equals = ["States.Timeout"]
      max_attempts = -1
    }
  }"#,
        ),
        "ASL207",
        vec![line("max_attempts = -1")],
    ));
    c.push(case(
        "task resource not an ARN",
        InvalidValue,
        &workflow(
            r#"
  task "S" {
    resource = "lambda please"
    end      = true
  }"#,
        ),
        "ASL211",
        vec![line("resource = \"lambda please\"")],
    ));
    c.push(case(
        "timestamp not RFC 3339",
        InvalidValue,
        &workflow(
            r#"
  wait "S" {
    timestamp = "next tuesday"
    end       = true
  }"#,
        ),
        "ASL208",
        vec![line("timestamp = \"next tuesday\"")],
    ));
    c.push(case(
        "items_path not a path",
        InvalidValue,
        &workflow(
            r#"
  map "S" {
    items_path = "items"
    end        = true
    item_processor {
      start_at = "I"
      succeed "I" {}
    }
  }"#,
        ),
        "ASL401",
        vec![line("items_path = \"items\"")],
    ));
    c.push(
        case(
            "reserved error name",
            InvalidValue,
            &workflow(
                r#"
  fail "S" {
    error = "States.MyOwn"
  }"#,
            ),
            "ASL302",
            vec![line("error = \"States.MyOwn\"")],
        )
        // AWS accepts custom States.-prefixed names (its own samples use them): a warning.
        .warns(),
    );
    c.push(case(
        "state machine type lowercase",
        InvalidValue,
        &format!(
            r#"
resource "sfn_state_machine" "m" {{
  name       = "{{NAME}}"
  type       = "express"
  definition = jsonencode({{ StartAt = "A", States = {{ A = {{ Type = "Succeed" }} }} }})
  role_arn   = "{ROLE}"
}}
"#
        ),
        "SFN013",
        vec![line("type       = \"express\"")],
    ));
    c.push(case(
        "role_arn not a role",
        InvalidValue,
        r#"
resource "sfn_state_machine" "m" {
  name       = "{NAME}"
  definition = jsonencode({ StartAt = "A", States = { A = { Type = "Succeed" } } })
  role_arn   = "arn:aws:iam::123456789012:user/bob"
}
"#,
        "SFN014",
        vec![line("role_arn   = \"arn:aws:iam::123456789012:user/bob\"")],
    ));
    c.push(case(
        "logging level unknown word",
        InvalidValue,
        &format!(
            r#"
resource "sfn_state_machine" "m" {{
  name       = "{{NAME}}"
  definition = jsonencode({{ StartAt = "A", States = {{ A = {{ Type = "Succeed" }} }} }})
  role_arn   = "{ROLE}"
  logging_configuration {{
    level           = "VERBOSE"
    log_destination = "arn:aws:logs:us-east-1:123456789012:log-group:x:*"
  }}
}}
"#
        ),
        "SFN015",
        vec![line("level           = \"VERBOSE\"")],
    ));
    c.push(case(
        "timeout not a duration",
        InvalidValue,
        &format!(
            r#"
resource "sfn_state_machine" "m" {{
  name       = "{{NAME}}"
  definition = jsonencode({{ StartAt = "A", States = {{ A = {{ Type = "Succeed" }} }} }})
  role_arn   = "{ROLE}"
  timeouts {{
    create = "soon"
  }}
}}
"#
        ),
        "SFN010",
        vec![line("create = \"soon\"")],
    ));
    c.push(case(
        "max_retries zero",
        InvalidValue,
        r#"
provider "sfn" {
  max_retries = 0
}
data "sfn_workflow" "w" {
  start_at = "A"
  succeed "A" {}
}
"#,
        "SFN002",
        vec![line("max_retries = 0")],
    ));
    c.push(case(
        "alias weights not 100",
        InvalidValue,
        r#"
resource "sfn_alias" "a" {
  name = "live"
  routing_configuration {
    state_machine_version_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:m:1"
    weight                    = 60
  }
  routing_configuration {
    state_machine_version_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:m:2"
    weight                    = 30
  }
}
"#,
        "SFN021",
        vec![text("with sfn_alias.a")],
    ));
    c.push(case(
        "alias route not a version ARN",
        InvalidValue,
        r#"
resource "sfn_alias" "a" {
  name = "live"
  routing_configuration {
    state_machine_version_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:m"
    weight                    = 100
  }
}
"#,
        "SFN022",
        vec![line(
            "state_machine_version_arn = \"arn:aws:states:us-east-1:123456789012:stateMachine:m\"",
        )],
    ));
    c.push(case(
        "encryption reuse period out of range",
        InvalidValue,
        r#"
resource "sfn_activity" "a" {
  name = "{NAME}"
  encryption_configuration {
    type                              = "CUSTOMER_MANAGED_KMS_KEY"
    kms_key_id                        = "alias/k"
    kms_data_key_reuse_period_seconds = 5
  }
}
"#,
        "SFN011",
        vec![line("kms_data_key_reuse_period_seconds = 5")],
    ));

    c.push(case(
        "provider endpoint not a URL",
        InvalidValue,
        r#"
provider "sfn" {
  endpoint = "states in ireland"
}
resource "sfn_activity" "a" {
  name = "{NAME}"
}
"#,
        "SFN058",
        vec![line("endpoint = \"states in ireland\""), text("https://")],
    ));
    c.push(case(
        "provider endpoint empty",
        InvalidValue,
        r#"
provider "sfn" {
  endpoint = ""
}
resource "sfn_activity" "a" {
  name = "{NAME}"
}
"#,
        "SFN058",
        vec![line("endpoint = \"\"")],
    ));
    c.push(case(
        "provider region with spaces",
        InvalidValue,
        r#"
provider "sfn" {
  region = "EU West 1"
}
resource "sfn_activity" "a" {
  name = "{NAME}"
}
"#,
        "SFN059",
        vec![line("region = \"EU West 1\"")],
    ));

    // ---------------------------------------------------------------- wrong types
    // Typed attributes: Terraform core rejects them before the provider sees them.
    c.push(
        case(
            "number attribute given a word",
            WrongType,
            &workflow(
                r#"
  task "S" {
    resource = "arn:aws:lambda:us-east-1:123456789012:function:f"
    end      = true
    retry {
      error_equals = ["States.ALL"]
      max_attempts = "three"
    }
  }"#,
            ),
            "Incorrect attribute value type",
            vec![
                line("max_attempts = \"three\""),
                text("a number is required"),
            ],
        )
        .terraform_rejects(),
    );
    c.push(
        case(
            "bool attribute given a word",
            WrongType,
            &workflow(
                r#"
  succeed "T" {}
  pass "S" {
    next = "T"
    end  = "sometimes"
  }"#,
            ),
            "Incorrect attribute value type",
            vec![line("end  = \"sometimes\""), text("a bool is required")],
        )
        .terraform_rejects(),
    );
    c.push(
        case(
            "list attribute given a string",
            WrongType,
            &workflow(
                r#"
  task "S" {
    resource = "arn:aws:lambda:us-east-1:123456789012:function:f"
    end      = true
    retry {
      error_equals = { a = 1 }
    }
  }"#,
            ),
            "Incorrect attribute value type",
            vec![
                line("error_equals = { a = 1 }"),
                text("list of string required"),
            ],
        )
        .terraform_rejects(),
    );
    c.push(
        case(
            "definition given an object",
            WrongType,
            &machine(r#"{ StartAt = "A" }"#),
            "Incorrect attribute value type",
            vec![
                line("definition = { StartAt = \"A\" }"),
                text("string required"),
            ],
        )
        .terraform_rejects(),
    );
    c.push(
        case(
            "tags given a list",
            WrongType,
            r#"
resource "sfn_activity" "a" {
  name = "{NAME}"
  tags = ["team", "payments"]
}
"#,
            "Incorrect attribute value type",
            vec![
                line("tags = [\"team\", \"payments\"]"),
                text("map of string required"),
            ],
        )
        .terraform_rejects(),
    );
    c.push(
        case(
            "argument of another state type",
            WrongType,
            &workflow(
                r#"
  pass "S" {
    resource = "arn:aws:lambda:us-east-1:123456789012:function:f"
    end      = true
  }"#,
            ),
            "Unsupported argument",
            vec![
                line("resource = \"arn:aws:lambda"),
                text("An argument named \"resource\" is not expected here"),
            ],
        )
        .terraform_rejects(),
    );
    c.push(
        case(
            "missing required role_arn",
            WrongType,
            r#"
resource "sfn_state_machine" "m" {
  name       = "{NAME}"
  definition = "{}"
}
"#,
            "Missing required argument",
            vec![text("The argument \"role_arn\" is required")],
        )
        .terraform_rejects(),
    );
    c.push(
        case(
            "rule nested past the schema",
            WrongType,
            &workflow(
                r#"
  succeed "T" {}
  choice "S" {
    rule {
      not {
        not {
          not {
            variable     = "$.x"
            is_present   = true
          }
        }
      }
      next = "T"
    }
  }"#,
            ),
            "Unsupported block type",
            vec![text("Blocks of type \"not\" are not expected here")],
        )
        .terraform_rejects(),
    );
    // Dynamic attributes take any type: the provider checks them and names the JSON type.
    c.push(case(
        "heartbeat_seconds given a bool",
        WrongType,
        &workflow(
            r#"
  task "S" {
    resource          = "arn:aws:lambda:us-east-1:123456789012:function:f"
    heartbeat_seconds = true
    end               = true
  }"#,
        ),
        "ASL003",
        vec![line("heartbeat_seconds = true")],
    ));
    c.push(case(
        "timeout_seconds given a list",
        WrongType,
        &workflow(
            r#"
  task "S" {
    resource        = "arn:aws:lambda:us-east-1:123456789012:function:f"
    timeout_seconds = [30]
    end             = true
  }"#,
        ),
        "ASL003",
        vec![line("timeout_seconds = [30]")],
    ));
    c.push(case(
        "wait seconds fractional",
        WrongType,
        &workflow(
            r#"
  wait "S" {
    seconds = 1.5
    end     = true
  }"#,
        ),
        "ASL207",
        vec![line("seconds = 1.5")],
    ));

    // ---------------------------------------------------------------- malformed JSON
    c.push(case(
        "definition truncated",
        MalformedJson,
        &machine(r#""{\"StartAt\": \"A\", \"States\": {""#),
        "ASL001",
        vec![line("definition = \"{\\\"StartAt"), text("line 1, column")],
    ));
    c.push(case(
        "definition empty",
        MalformedJson,
        &machine(r#""""#),
        "ASL001",
        vec![line("definition = \"\"")],
    ));
    c.push(
        case(
            "definition trailing comma",
            MalformedJson,
            &machine("file(\"def.json\")"),
            "ASL001",
            vec![
                line("definition = file(\"def.json\")"),
                text("line 3, column"),
            ],
        )
        .file(
            "def.json",
            "{\n  \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Succeed\"},}\n}\n".into(),
        ),
    );
    c.push(case("definition duplicate key", MalformedJson, &machine("file(\"def.json\")"), "ASL002", vec![line("definition = file(\"def.json\")"), text("line 4")])
        .file("def.json", "{\n  \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Succeed\"}},\n  \"StartAt\": \"B\"\n}\n".into()));
    c.push(case(
        "definition a JSON array",
        MalformedJson,
        &machine(r#""[1, 2]""#),
        "ASL003",
        vec![line("definition = \"[1, 2]\"")],
    ));
    c.push(case("definition with a comment", MalformedJson, &machine("file(\"def.json\")"), "ASL001", vec![line("definition = file(\"def.json\")")])
        .file("def.json", "// the order flow\n{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}\n".into()));
    c.push(
        case(
            "definition lone surrogate escape",
            MalformedJson,
            &machine("file(\"def.json\")"),
            "ASL001",
            vec![line("definition = file(\"def.json\")")],
        )
        .file(
            "def.json",
            r#"{"StartAt": "A", "Comment": "\ud800", "States": {"A": {"Type": "Succeed"}}}"#.into(),
        ),
    );
    c.push(case(
        "composed branch json truncated",
        MalformedJson,
        &workflow(
            r#"
  parallel "S" {
    end = true
    branch {
      json = "{\"StartAt\": \"X\""
    }
  }"#,
        ),
        "ASL001",
        vec![line("json = \"{\\\"StartAt")],
    ));
    c.push(case(
        "composed processor json a number",
        MalformedJson,
        &workflow(
            r#"
  map "S" {
    end = true
    item_processor {
      json = "42"
    }
  }"#,
        ),
        "ASL003",
        vec![line("json = \"42\"")],
    ));
    c.push(
        case(
            "composed json nested 600 deep",
            MalformedJson,
            r#"
data "sfn_workflow" "w" {
  start_at = "S"
  parallel "S" {
    end = true
    branch {
      json = file("deep.json")
    }
  }
}
"#,
            "ASL001",
            vec![line("json = file(\"deep.json\")"), text("512")],
        )
        .file(
            "deep.json",
            format!("{}{}", "[".repeat(600), "]".repeat(600)),
        ),
    );

    // ---------------------------------------------------------------- huge definitions
    c.push(
        case(
            "definition past 1 MiB",
            Huge,
            &machine("file(\"big.json\")"),
            "ASL601",
            vec![line("definition = file(\"big.json\")")],
        )
        .file(
            "big.json",
            big_definition(1200, 900, r#"{"Type": "Succeed"}"#),
        ),
    );
    c.push(
        case(
            "1 MiB definition, error on its last line",
            Huge,
            &machine("file(\"big.json\")"),
            "ASL102",
            vec![
                line("definition = file(\"big.json\")"),
                text("/States/S1000/Next"),
                text("line 5004"),
            ],
        )
        .file(
            "big.json",
            big_definition(1000, 900, r#"{"Type": "Pass", "Next": "Gone"}"#),
        ),
    );
    c.push(case(
        "workflow result past 1 MiB",
        Huge,
        r#"
data "sfn_workflow" "w" {
  start_at = "S"
  pass "S" {
    result = { blob = format("%01100000d", 0) }
    end    = true
  }
}
"#,
        "ASL601",
        vec![line("data \"sfn_workflow\" \"w\" {"), text("1048576")],
    ));

    // ---------------------------------------------------------------- deeply nested
    c.push(
        case(
            "JSON Parallels 25 deep",
            Nested,
            &machine("file(\"deep.json\")"),
            "ASL108",
            vec![
                line("definition = file(\"deep.json\")"),
                text("limit is 20"),
            ],
        )
        .file("deep.json", nested_parallels(25, r#"{"Type":"Succeed"}"#)),
    );
    c.push(
        case(
            "error 19 Parallels deep",
            Nested,
            &machine("file(\"deep.json\")"),
            "ASL102",
            vec![
                line("definition = file(\"deep.json\")"),
                text("/Branches/0/States/L19/Next"),
            ],
        )
        .file(
            "deep.json",
            nested_parallels(19, r#"{"Type":"Pass","Next":"Away"}"#),
        ),
    );
    c.push(
        case(
            "definition nested 600 deep",
            Nested,
            &machine("file(\"deep.json\")"),
            "ASL001",
            vec![line("definition = file(\"deep.json\")"), text("512")],
        )
        .file(
            "deep.json",
            format!(
                r#"{{"StartAt":"A","States":{{"A":{{"Type":"Pass","Result":{}{},"End":true}}}}}}"#,
                "{\"a\":".repeat(600),
                "}".repeat(600)
            ),
        ),
    );
    c.push(case(
        "composition 22 Parallels deep",
        Nested,
        &deep_composition(),
        "ASL108",
        vec![
            line("json = data.sfn_workflow.d10.json"),
            text("limit is 20"),
        ],
    ));
    c.push(case(
        "rule 2 combinators deep, bad operand",
        Nested,
        &workflow(
            r#"
  succeed "T" {}
  choice "S" {
    rule {
      and {
        or {
          variable       = "a.b"
          numeric_equals = 5
        }
        or {
          variable   = "$.b"
          is_present = true
        }
      }
      and {
        variable   = "$.c"
        is_present = true
      }
      next = "T"
    }
  }"#,
        ),
        "ASL210",
        vec![line("variable       = \"a.b\"")],
    ));

    // ---------------------------------------------------------------- unicode and control characters
    c.push(case(
        "state name with a control character",
        Unicode,
        r#"
data "sfn_workflow" "w" {
  start_at = "A\u0007B"
  succeed "A\u0007B" {}
}
"#,
        "ASL107",
        vec![line("succeed \"A\\u0007B\" {}"), text("control")],
    ));
    c.push(case(
        "state name of 81 emoji",
        Unicode,
        &format!(
            r#"
data "sfn_workflow" "w" {{
  start_at = "{0}"
  succeed "{0}" {{}}
}}
"#,
            "🦀".repeat(81)
        ),
        "ASL107",
        vec![
            line(&format!("succeed \"{}\" {{}}", "🦀".repeat(81))),
            text("80"),
        ],
    ));
    c.push(case(
        "state name with a newline in JSON",
        Unicode,
        &machine(r#""{\"StartAt\":\"A\\nB\",\"States\":{\"A\\nB\":{\"Type\":\"Succeed\"}}}""#),
        "ASL107",
        vec![line("definition = \"{\\\"StartAt")],
    ));
    c.push(case(
        "machine name with a control character",
        Unicode,
        &format!(
            r#"
resource "sfn_state_machine" "m" {{
  name       = "orders\u0000"
  definition = jsonencode({{ StartAt = "A", States = {{ A = {{ Type = "Succeed" }} }} }})
  role_arn   = "{ROLE}"
}}
"#
        ),
        "ASL605",
        vec![line("name       = \"orders\\u0000\"")],
    ));
    c.push(
        case(
            "machine name with a right-to-left override",
            Unicode,
            &format!(
                r#"
resource "sfn_state_machine" "m" {{
  name       = "orders\u202Egpj"
  definition = jsonencode({{ StartAt = "A", States = {{ A = {{ Type = "Succeed" }} }} }})
  role_arn   = "{ROLE}"
}}
"#
            ),
            "ASL606",
            vec![line("name       = \"orders\\u202Egpj\"")],
        )
        .warns(),
    );
    c.push(case(
        "machine name of 81 characters",
        Unicode,
        &format!(
            r#"
resource "sfn_state_machine" "m" {{
  name       = "{}"
  definition = jsonencode({{ StartAt = "A", States = {{ A = {{ Type = "Succeed" }} }} }})
  role_arn   = "{ROLE}"
}}
"#,
            "é".repeat(81)
        ),
        "ASL605",
        vec![line(&format!("name       = \"{}\"", "é".repeat(81)))],
    ));
    c.push(case(
        "activity name with a tab",
        Unicode,
        r#"
resource "sfn_activity" "a" {
  name = "work\tqueue"
}
"#,
        "ASL605",
        vec![line("name = \"work\\tqueue\"")],
    ));
    c.push(case(
        "tag key with a bell character",
        Unicode,
        r#"
resource "sfn_activity" "a" {
  name = "{NAME}"
  tags = { "team\u0007" = "payments" }
}
"#,
        "SFN050",
        vec![line("tags = { \"team\\u0007\" = \"payments\" }")],
    ));
    c.push(case(
        "tag key in the aws: namespace",
        Unicode,
        &format!(
            r#"
resource "sfn_state_machine" "m" {{
  name       = "{{NAME}}"
  definition = jsonencode({{ StartAt = "A", States = {{ A = {{ Type = "Succeed" }} }} }})
  role_arn   = "{ROLE}"
  tags       = {{ "aws:cloudformation:stack" = "x" }}
}}
"#
        ),
        "SFN050",
        vec![line(
            "tags       = { \"aws:cloudformation:stack\" = \"x\" }",
        )],
    ));
    c.push(case(
        "tag value with a newline",
        Unicode,
        r#"
resource "sfn_activity" "a" {
  name = "{NAME}"
  tags = { note = "line one\nline two" }
}
"#,
        "SFN050",
        vec![line("tags = { note = \"line one\\nline two\" }")],
    ));
    c.push(case(
        "default tag key with a NUL character",
        Unicode,
        r#"
provider "sfn" {
  default_tags = { "team\u0000" = "payments" }
}
resource "sfn_activity" "a" {
  name = "{NAME}"
}
"#,
        "SFN050",
        vec![line("default_tags = { \"team\\u0000\" = \"payments\" }")],
    ));
    c.push(case(
        "map label with a control character",
        Unicode,
        &workflow(
            r#"
  map "S" {
    label      = "items\u0001"
    items_path = "$.items"
    end        = true
    item_processor {
      start_at = "I"
      succeed "I" {}
    }
  }"#,
        ),
        "ASL507",
        vec![line("label      = \"items\\u0001\"")],
    ));

    // ---------------------------------------------------------------- JSONata syntax errors
    c.push(case(
        "JSONata arguments unfinished path",
        Jsonata,
        r#"
data "sfn_workflow" "w" {
  query_language = "JSONata"
  start_at       = "S"
  task "S" {
    resource  = "arn:aws:states:::lambda:invoke"
    arguments = { FunctionName = "f", Payload = "{% $states.input. %}" }
    end       = true
  }
}
"#,
        "ASL405",
        vec![line("arguments = { FunctionName = \"f\", Payload")],
    ));
    c.push(case(
        "JSONata unclosed parenthesis in output",
        Jsonata,
        r#"
data "sfn_workflow" "w" {
  query_language = "JSONata"
  start_at       = "S"
  pass "S" {
    output = "{% ($states.input.a + 1 %}"
    end    = true
  }
}
"#,
        "ASL405",
        vec![line("output = \"{% ($states.input.a + 1 %}\"")],
    ));
    c.push(case(
        "JSONata condition missing operand",
        Jsonata,
        r#"
data "sfn_workflow" "w" {
  query_language = "JSONata"
  start_at       = "S"
  succeed "T" {}
  choice "S" {
    rule {
      condition = "{% $states.input.n > %}"
      next      = "T"
    }
    default = "T"
  }
}
"#,
        "ASL405",
        vec![line("condition = \"{% $states.input.n > %}\"")],
    ));
    c.push(case(
        "JSONata unterminated string in assign",
        Jsonata,
        r#"
data "sfn_workflow" "w" {
  query_language = "JSONata"
  start_at       = "S"
  pass "S" {
    assign = { greeting = "{% 'hello %}" }
    end    = true
  }
}
"#,
        "ASL405",
        vec![line("assign = { greeting = \"{% 'hello %}\" }")],
    ));
    c.push(case("JSONata error inside a definition string", Jsonata, &machine("file(\"def.json\")"), "ASL405", vec![line("definition = file(\"def.json\")"), text("line 6")])
        .file("def.json", "{\n  \"QueryLanguage\": \"JSONata\",\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\",\n      \"Output\": \"{% $sum( %}\", \"End\": true}\n  }\n}\n".into()));
    c.push(
        case(
            "JSONata in a JSONPath state",
            Jsonata,
            &workflow(
                r#"
  pass "S" {
    parameters = { x = "{% $states.input %}" }
    end        = true
  }"#,
            ),
            "ASL406",
            vec![line("parameters = { x = \"{% $states.input %}\" }")],
        )
        .warns(),
    );
    c.push(case(
        "JSONata in a JSONPath path field",
        Jsonata,
        &workflow(
            r#"
  pass "S" {
    parameters = { "x.$" = "{% $states.input %}" }
    end        = true
  }"#,
        ),
        "ASL403",
        vec![
            line("parameters = { \"x.$\" = \"{% $states.input %}\" }"),
            text("QueryLanguage"),
        ],
    ));

    // ---------------------------------------------------------------- unknown values
    // sfn_activity.u.arn is unknown at plan: in each position it must skip only its own checks.
    c.push(clean(
        "unknown start_at",
        &unknown_cfg(
            r#"
data "sfn_workflow" "w" {
  start_at = sfn_activity.u.arn
  succeed "A" {}
}
"#,
        ),
    ));
    c.push(clean(
        "unknown next",
        &unknown_cfg(
            r#"
data "sfn_workflow" "w" {
  start_at = "A"
  pass "A" {
    next = sfn_activity.u.arn
  }
  succeed "B" {}
}
"#,
        ),
    ));
    c.push(clean(
        "unknown resource, payload and retry fields",
        &unknown_cfg(
            r#"
data "sfn_workflow" "w" {
  start_at = "A"
  task "A" {
    resource        = sfn_activity.u.arn
    parameters      = { FunctionName = sfn_activity.u.arn, "Payload.$" = "$" }
    timeout_seconds = length(sfn_activity.u.arn)
    end             = true
    retry {
      error_equals     = [sfn_activity.u.arn]
      max_attempts     = length(sfn_activity.u.arn)
      interval_seconds = length(sfn_activity.u.arn)
      backoff_rate     = length(sfn_activity.u.arn)
    }
  }
}
"#,
        ),
    ));
    c.push(clean(
        "unknown choice rule operands",
        &unknown_cfg(
            r#"
data "sfn_workflow" "w" {
  start_at = "C"
  choice "C" {
    rule {
      variable       = sfn_activity.u.arn
      numeric_equals = length(sfn_activity.u.arn)
      next           = "D"
    }
    default = sfn_activity.u.arn
  }
  succeed "D" {}
}
"#,
        ),
    ));
    c.push(clean(
        "unknown JSONata expression and workflow_type",
        &unknown_cfg(
            r#"
data "sfn_workflow" "w" {
  query_language = "JSONata"
  workflow_type  = sfn_activity.u.arn
  start_at       = "A"
  pass "A" {
    output = "{% ${sfn_activity.u.arn} %}"
    end    = true
  }
}
"#,
        ),
    ));
    c.push(clean(
        "unknown composed json",
        &unknown_cfg(
            r#"
data "sfn_workflow" "w" {
  start_at = "P"
  parallel "P" {
    end = true
    branch {
      json = sfn_activity.u.arn
    }
  }
}
"#,
        ),
    ));
    c.push(clean(
        "unknown state blocks (dynamic for_each)",
        &unknown_cfg(
            r#"
data "sfn_workflow" "w" {
  start_at = "A"
  pass "A" {
    next = "B"
  }
  dynamic "succeed" {
    for_each = toset([sfn_activity.u.arn])
    labels   = ["B"]
    content {}
  }
}
"#,
        ),
    ));
    c.push(clean(
        "unknown machine name, role, definition, type and tags",
        &unknown_cfg(
            r#"
resource "sfn_state_machine" "m" {
  name       = "m-${sfn_activity.u.id}"
  definition = sfn_activity.u.arn
  role_arn   = sfn_activity.u.arn
  type       = sfn_activity.u.arn
  tags       = { (sfn_activity.u.arn) = sfn_activity.u.arn }
  publish    = sfn_activity.u.arn != ""
  version_description = "v"
}
"#,
        ),
    ));
    // A real error next to an unknown value is still reported, at its own attribute.
    c.push(case(
        "error beside unknown retry field",
        Unknown,
        &unknown_cfg(
            r#"
data "sfn_workflow" "w" {
  start_at = "A"
  task "A" {
    resource = sfn_activity.u.arn
    end      = true
    retry {
      error_equals = ["States.ALL"]
      max_attempts = length(sfn_activity.u.arn)
      backoff_rate = 0.25
    }
  }
}
"#,
        ),
        "ASL207",
        vec![line("backoff_rate = 0.25")],
    ));
    c.push(case(
        "error beside unknown next",
        Unknown,
        &unknown_cfg(
            r#"
data "sfn_workflow" "w" {
  start_at = "A"
  pass "A" {
    next = sfn_activity.u.arn
  }
  wait "B" {
    end = true
  }
}
"#,
        ),
        "ASL205",
        vec![line("wait \"B\" {")],
    ));
    c.push(case(
        "error beside unknown choice operand",
        Unknown,
        &unknown_cfg(
            r#"
data "sfn_workflow" "w" {
  start_at = "C"
  choice "C" {
    rule {
      variable       = sfn_activity.u.arn
      string_equals  = sfn_activity.u.arn
      next           = "D"
    }
    rule {
      variable      = "not a path"
      is_present    = true
      next          = "D"
    }
  }
  succeed "D" {}
}
"#,
        ),
        "ASL210",
        vec![line("variable      = \"not a path\"")],
    ));
    c.push(case(
        "error beside unknown machine definition",
        Unknown,
        &unknown_cfg(
            r#"
resource "sfn_state_machine" "m" {
  name       = "bad name with spaces"
  definition = sfn_activity.u.arn
  role_arn   = sfn_activity.u.arn
}
"#,
        ),
        "ASL605",
        vec![line("name       = \"bad name with spaces\"")],
    ));
    c.push(case(
        "error beside unknown tag value",
        Unknown,
        &unknown_cfg(
            r#"
resource "sfn_activity" "a" {
  name = "{NAME}-2"
  tags = { owner = sfn_activity.u.arn, "aws:reserved" = "x" }
}
"#,
        ),
        "SFN050",
        vec![line("tags = { owner = sfn_activity.u.arn")],
    ));

    // ---------------------------------------------------------------- conflicting arguments
    c.push(case(
        "name and name_prefix",
        Conflict,
        &format!(
            r#"
resource "sfn_state_machine" "m" {{
  name        = "{{NAME}}"
  name_prefix = "orders-"
  definition  = jsonencode({{ StartAt = "A", States = {{ A = {{ Type = "Succeed" }} }} }})
  role_arn    = "{ROLE}"
}}
"#
        ),
        "SFN012",
        vec![line("name_prefix = \"orders-\"")],
    ));
    c.push(case(
        "next and end",
        Conflict,
        &workflow(
            r#"
  succeed "T" {}
  pass "S" {
    next = "T"
    end  = true
  }"#,
        ),
        "ASL109",
        vec![line("end  = true")],
    ));
    c.push(case(
        "seconds and timestamp",
        Conflict,
        &workflow(
            r#"
  wait "S" {
    seconds   = 5
    timestamp = "2030-01-01T00:00:00Z"
    end       = true
  }"#,
        ),
        "ASL204",
        vec![line("timestamp = \"2030-01-01T00:00:00Z\"")],
    ));
    c.push(case(
        "timeout_seconds and timeout_seconds_path",
        Conflict,
        &workflow(
            r#"
  task "S" {
    resource             = "arn:aws:lambda:us-east-1:123456789012:function:f"
    timeout_seconds      = 30
    timeout_seconds_path = "$.timeout"
    end                  = true
  }"#,
        ),
        "ASL204",
        vec![line("timeout_seconds_path = \"$.timeout\"")],
    ));
    c.push(case(
        "two comparison operators in one rule",
        Conflict,
        &workflow(
            r#"
  succeed "T" {}
  choice "S" {
    rule {
      variable       = "$.x"
      string_equals  = "a"
      numeric_equals = 1
      next           = "T"
    }
  }"#,
        ),
        "ASL209",
        vec![line("numeric_equals = 1")],
    ));
    c.push(case(
        "branch with json and states",
        Conflict,
        &workflow(
            r#"
  parallel "S" {
    end = true
    branch {
      json     = "{\"StartAt\":\"X\",\"States\":{\"X\":{\"Type\":\"Succeed\"}}}"
      start_at = "Y"
    }
  }"#,
        ),
        "ASL204",
        vec![line("json     = \"{"), text("start_at")],
    ));
    c.push(case(
        "arguments in a JSONPath state",
        Conflict,
        &workflow(
            r#"
  task "S" {
    resource  = "arn:aws:lambda:us-east-1:123456789012:function:f"
    arguments = { a = 1 }
    end       = true
  }"#,
        ),
        "ASL202",
        vec![line("arguments = { a = 1 }")],
    ));
    c.push(case(
        "version_description without publish",
        Conflict,
        &format!(
            r#"
resource "sfn_state_machine" "m" {{
  name                = "{{NAME}}"
  definition          = jsonencode({{ StartAt = "A", States = {{ A = {{ Type = "Succeed" }} }} }})
  role_arn            = "{ROLE}"
  version_description = "first"
}}
"#
        ),
        "SFN016",
        vec![line("version_description = \"first\"")],
    ));
    c.push(case(
        "kms key with an AWS-owned key",
        Conflict,
        r#"
resource "sfn_activity" "a" {
  name = "{NAME}"
  encryption_configuration {
    type       = "AWS_OWNED_KEY"
    kms_key_id = "alias/mine"
  }
}
"#,
        "SFN011",
        vec![line("kms_key_id = \"alias/mine\"")],
    ));
    c.push(case("express machine with .sync", Conflict, &format!(r#"
resource "sfn_state_machine" "m" {{
  name       = "{{NAME}}"
  type       = "EXPRESS"
  role_arn   = "{ROLE}"
  definition = jsonencode({{
    StartAt = "A"
    States  = {{ A = {{ Type = "Task", Resource = "arn:aws:states:::states:startExecution.sync:2", End = true }} }}
  }})
}}
"#), "ASL602", vec![line("definition = jsonencode({")]));
    c.push(case(
        "alias with two routes to one version",
        Conflict,
        r#"
resource "sfn_alias" "a" {
  name = "live"
  routing_configuration {
    state_machine_version_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:m:1"
    weight                    = 50
  }
  routing_configuration {
    state_machine_version_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:m:1"
    weight                    = 50
  }
}
"#,
        "SFN024",
        vec![text("with sfn_alias.a")],
    ));

    // ---------------------------------------------------------------- AWS error replies
    let fault = |phase: Phase, op, code, message, keeps| AwsFault {
        phase,
        op,
        code,
        message,
        keeps,
    };
    let keeps = Some("sfn_state_machine.m");
    c.push(case("create: InvalidDefinition", Aws, &aws_machine(""), "SFN052", vec![line("definition = jsonencode"), text("with sfn_state_machine.m")])
        .aws(fault(Phase::Create, "CreateStateMachine", "InvalidDefinition", "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field \"Type\" should be non-null'", None)));
    c.push(
        case(
            "create: InvalidArn",
            Aws,
            &aws_machine(""),
            "SFN052",
            vec![line("role_arn   = \"arn:aws:iam")],
        )
        .aws(fault(
            Phase::Create,
            "CreateStateMachine",
            "InvalidArn",
            "Invalid Arn: 'Resource type not valid in this context'",
            None,
        )),
    );
    c.push(case("create: AccessDeniedException", Aws, &aws_machine(""), "SFN051", vec![text("with sfn_state_machine.m"), text("Check the credentials")])
        .aws(fault(Phase::Create, "CreateStateMachine", "AccessDeniedException", "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: states:CreateStateMachine", None)));
    c.push(case("create: ValidationException naming name", Aws, &aws_machine(""), "SFN052", vec![line("name       = \"hostile")])
        .aws(fault(Phase::Create, "CreateStateMachine", "ValidationException", "1 validation error detected: Value at 'name' failed to satisfy constraint: Member must have length less than or equal to 80", None)));
    c.push(
        case(
            "create: StateMachineAlreadyExists",
            Aws,
            &aws_machine(""),
            "SFN054",
            vec![line("name       = \"hostile"), text("terraform import")],
        )
        .aws(fault(
            Phase::Create,
            "CreateStateMachine",
            "StateMachineAlreadyExists",
            "State Machine Already Exists",
            None,
        )),
    );
    c.push(case("update: StateMachineDeleting", Aws, &aws_machine("  timeouts {\n    update = \"3s\"\n  }"), "SFN054", vec![text("with sfn_state_machine.m")])
        .aws(fault(Phase::Update { changed: aws_machine("  timeouts {\n    update = \"3s\"\n  }\n  tracing_configuration {\n    enabled = true\n  }") }, "UpdateStateMachine", "StateMachineDeleting", "State machine is being deleted", keeps)));
    c.push(
        case(
            "update: InvalidDefinition",
            Aws,
            &aws_machine(""),
            "SFN052",
            vec![line("definition = jsonencode")],
        )
        .aws(fault(
            Phase::Update {
                changed: aws_machine("")
                    .replace("Type = \"Succeed\"", "Type = \"Pass\", End = true"),
            },
            "UpdateStateMachine",
            "InvalidDefinition",
            "Invalid State Machine Definition",
            keeps,
        )),
    );
    c.push(
        case(
            "update: TooManyTags on TagResource",
            Aws,
            &aws_machine(""),
            "SFN052",
            vec![line("tags = { team = \"payments\" }")],
        )
        .aws(fault(
            Phase::Update {
                changed: aws_machine("  tags = { team = \"payments\" }"),
            },
            "TagResource",
            "TooManyTags",
            "Too many tags",
            keeps,
        )),
    );
    c.push(
        case(
            "read: AccessDeniedException",
            Aws,
            &aws_machine(""),
            "SFN051",
            vec![text("with sfn_state_machine.m")],
        )
        .aws(fault(
            Phase::Read,
            "DescribeStateMachine",
            "AccessDeniedException",
            "not authorized to perform: states:DescribeStateMachine",
            keeps,
        )),
    );
    c.push(
        case(
            "read: InvalidArn",
            Aws,
            &aws_machine(""),
            "SFN052",
            vec![text("with sfn_state_machine.m"), text("ARN in state")],
        )
        .aws(fault(
            Phase::Read,
            "DescribeStateMachine",
            "InvalidArn",
            "Invalid Arn: 'Invalid ARN prefix'",
            keeps,
        )),
    );
    c.push(
        case(
            "read: ListTagsForResource throttled",
            Aws,
            &aws_machine(""),
            "SFN055",
            vec![text("with sfn_state_machine.m"), text("max_retries")],
        )
        .aws(fault(
            Phase::Read,
            "ListTagsForResource",
            "ThrottlingException",
            "Rate exceeded",
            keeps,
        )),
    );
    c.push(
        case(
            "delete: ValidationException",
            Aws,
            &aws_machine(""),
            "SFN052",
            vec![text(
                "DeleteStateMachine of arn:aws:states:us-east-1:123456789012:stateMachine:{NAME}",
            )],
        )
        .aws(fault(
            Phase::Delete,
            "DeleteStateMachine",
            "ValidationException",
            "Cannot delete a state machine with running executions",
            keeps,
        )),
    );
    c.push(case("delete: AccessDeniedException", Aws, &aws_machine(""), "SFN051", vec![text("DeleteStateMachine of arn:aws:states:us-east-1:123456789012:stateMachine:{NAME}"), text("Check the credentials")])
        .aws(fault(Phase::Delete, "DeleteStateMachine", "AccessDeniedException", "not authorized to perform: states:DeleteStateMachine", keeps)));
    c.push(
        case(
            "data source: ResourceNotFound",
            Aws,
            &format!(
                "{AWS_PROVIDER}\ndata \"sfn_state_machine\" \"d\" {{\n  name = \"{{NAME}}\"\n}}\n"
            ),
            "SFN053",
            vec![text("with data.sfn_state_machine.d")],
        )
        .aws(fault(
            Phase::DataSource,
            "DescribeStateMachine",
            "ResourceNotFound",
            "State Machine Does Not Exist",
            None,
        )),
    );
    c.push(
        case(
            "data source: AccessDeniedException",
            Aws,
            &format!(
                "{AWS_PROVIDER}\ndata \"sfn_state_machine\" \"d\" {{\n  name = \"{{NAME}}\"\n}}\n"
            ),
            "SFN051",
            vec![text("with data.sfn_state_machine.d")],
        )
        .aws(fault(
            Phase::DataSource,
            "ListStateMachines",
            "AccessDeniedException",
            "not authorized to perform: states:ListStateMachines",
            None,
        )),
    );
    c.push(
        case(
            "activity create: InvalidName",
            Aws,
            &format!(
                "{AWS_PROVIDER}\nresource \"sfn_activity\" \"a\" {{\n  name = \"{{NAME}}\"\n}}\n"
            ),
            "SFN052",
            vec![line("name = \"hostile")],
        )
        .aws(fault(
            Phase::Create,
            "CreateActivity",
            "InvalidName",
            "Invalid Name: 'reserved'",
            None,
        )),
    );
    c.push(case("alias create: ResourceNotFound", Aws, &format!("{AWS_PROVIDER}\nresource \"sfn_alias\" \"a\" {{\n  name = \"live\"\n  routing_configuration {{\n    state_machine_version_arn = \"arn:aws:states:us-east-1:123456789012:stateMachine:{{NAME}}:1\"\n    weight                    = 100\n  }}\n}}\n"), "SFN053", vec![line("state_machine_version_arn = \"arn:aws:states:us-east-1:123456789012:stateMachine:hostile")])
        .aws(fault(Phase::Create, "CreateStateMachineAlias", "ResourceNotFound", "Version does not exist", None)));
    c
}

// ------------------------------------------------------------------------------------------------
// Running a case

/// Text that must never appear: a panic, a crash, a plugin failure, a backtrace.
const CRASH_MARKERS: &[&str] = &[
    "panic",
    "crash",
    "The plugin encountered an error",
    "Plugin did not respond",
    "stack backtrace",
    "rust_begin_unwind",
    "tf_provider::",
    "RUST_BACKTRACE",
    "goroutine ",
];

struct Outcome {
    name: &'static str,
    cat: Cat,
    code: &'static str,
    by_terraform: bool,
    expect: Expect,
    location: String,
    failure: Option<String>,
}

/// The diagnostic (summary line to the next diagnostic) whose summary starts with `code`.
fn diagnostic<'a>(out: &'a str, code: &str, severity: &str) -> Option<&'a str> {
    let start = out.find(&format!("{severity}: {code}"))?;
    let rest = &out[start..];
    let end = rest[1..]
        .find("\nError: ")
        .or_else(|| rest[1..].find("\nWarning: "))
        .map_or(rest.len(), |e| e + 1);
    Some(&rest[..end])
}

/// The detail of a diagnostic: its paragraphs other than the summary and the location.
fn detail_of(diag: &str) -> String {
    diag.split("\n\n")
        .skip(1)
        .filter(|p| {
            let t = p.trim_start();
            !(t.starts_with("with ") || t.starts_with("on ") || t.is_empty())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `in data "sfn_workflow" "w"` for the block around line `n` (1-based) of main.tf.
fn block_of(lines: &[&str], n: usize) -> String {
    for l in lines[..n].iter().rev() {
        if l.starts_with("data ") || l.starts_with("resource ") || l.starts_with("provider ") {
            return format!("in {}", l.trim_end_matches('{').trim_end());
        }
    }
    String::new()
}

fn check_location(main_tf: &str, diag: &str, at: &At) -> Result<String, String> {
    match at {
        At::Text(t) => {
            // Terraform wraps details: compare with the line breaks as spaces.
            let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            flat(diag)
                .contains(&flat(t))
                .then(|| t.clone())
                .ok_or_else(|| format!("expected {t:?} in the diagnostic"))
        }
        At::Line(marker) => {
            let lines: Vec<&str> = main_tf.lines().collect();
            let found: Vec<usize> = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.contains(marker.as_str()))
                .map(|(i, _)| i + 1)
                .collect();
            let [n] = found[..] else {
                return Err(format!(
                    "the marker {marker:?} is on lines {found:?} of main.tf, not one"
                ));
            };
            let on = format!("on main.tf line {n}, {}:", block_of(&lines, n));
            let quoted = format!("{n}: {}", lines[n - 1]);
            if !diag.contains(&on) {
                return Err(format!("expected {on:?} in the diagnostic"));
            }
            if !diag.contains(&quoted) {
                return Err(format!("expected the attribute line {quoted:?}"));
            }
            let shown: String = lines[n - 1].trim().chars().take(60).collect();
            Ok(format!("line {n} {}: {shown}", block_of(&lines, n)))
        }
    }
}

fn no_crash(what: &str, run: &Run) -> Result<(), String> {
    let all = run.combined();
    let lower = all.to_ascii_lowercase();
    for m in CRASH_MARKERS {
        if lower.contains(&m.to_ascii_lowercase()) {
            return Err(format!("{what}: found {m:?}"));
        }
    }
    Ok(())
}

struct Env {
    moto: Moto,
}

fn run_case(tf: &Terraform, env: &Env, index: usize, case: &Case) -> Outcome {
    let mut outcome = Outcome {
        name: case.name,
        cat: case.cat,
        code: case.code,
        by_terraform: case.by_terraform,
        expect: case.expect,
        location: String::new(),
        failure: None,
    };
    match run_case_inner(tf, env, index, case) {
        Ok(loc) => outcome.location = loc,
        Err(e) => outcome.failure = Some(e),
    }
    outcome
}

fn run_case_inner(tf: &Terraform, env: &Env, index: usize, case: &Case) -> Result<String, String> {
    let mut wd = Workdir::new(tf);
    wd.use_moto(&env.moto);
    let name = format!("hostile-{index}-{}", tf.version.replace('.', "-"));
    let proxy = case.aws.as_ref().map(|_| Proxy::start(env.moto.port));
    let endpoint = proxy
        .as_ref()
        .map_or_else(|| env.moto.endpoint(), |p| p.endpoint());
    let fill = |s: &str| s.replace("{NAME}", &name).replace("{ENDPOINT}", &endpoint);
    for (file, content) in &case.files {
        wd.write(file, content);
    }
    wd.config(&fill(&case.hcl));
    let mut runs = Vec::new();
    let apply = ["apply", "-auto-approve", "-no-color"];
    let plan = ["plan", "-no-color"];
    let failing = if let (Some(aws), Some(proxy)) = (&case.aws, &proxy) {
        let inject = || {
            proxy.inject(
                aws.op,
                Fault::error(400, aws.code, aws.message),
                Times::Always,
            )
        };
        let step = |args: &[&str], runs: &mut Vec<(String, Run)>| {
            let r = wd.run(args);
            runs.push((args.join(" "), r));
        };
        match &aws.phase {
            Phase::Create => {
                inject();
                step(&apply, &mut runs);
            }
            Phase::Update { changed } => {
                step(&apply, &mut runs);
                inject();
                wd.config(&fill(changed));
                step(&apply, &mut runs);
            }
            Phase::Read => {
                step(&apply, &mut runs);
                inject();
                step(&plan, &mut runs);
            }
            Phase::Delete => {
                step(&apply, &mut runs);
                inject();
                step(&["destroy", "-auto-approve", "-no-color"], &mut runs);
            }
            Phase::DataSource => {
                let rt = runtime();
                let client = rt.block_on(env.moto.client());
                rt.block_on(
                    client
                        .create_state_machine()
                        .name(&name)
                        .definition(SMALL_DEF)
                        .role_arn(ROLE)
                        .send(),
                )
                .map_err(|e| format!("create through the SDK: {e:?}"))?;
                inject();
                step(&plan, &mut runs);
            }
        }
        if runs.len() == 2 && !runs[0].1.success {
            return Err(format!("the setup apply failed:\n{}", runs[0].1.combined()));
        }
        let (seen, faulted) = proxy.count(aws.op);
        if faulted == 0 {
            return Err(format!("{} was never faulted (seen {seen})", aws.op));
        }
        runs.len() - 1
    } else {
        runs.push(("plan".into(), wd.run(&plan)));
        0
    };
    for (what, r) in &runs {
        no_crash(what, r)?;
    }
    if wd.path().join("crash.log").exists() {
        return Err("terraform wrote crash.log".into());
    }
    let (what, run) = &runs[failing];
    let out = run.combined();
    let main_tf = std::fs::read_to_string(wd.path().join("main.tf")).unwrap_or_default();
    let at: Vec<At> = case
        .at
        .iter()
        .map(|a| match a {
            At::Text(t) => At::Text(fill(t)),
            At::Line(l) => At::Line(fill(l)),
        })
        .collect();
    let located = match case.expect {
        Expect::Clean => {
            if !run.success || out.contains("Error:") {
                return Err(format!("{what} must succeed without errors:\n{out}"));
            }
            let coded = out.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
                w.len() == 6
                    && (w.starts_with("ASL") || w.starts_with("SFN"))
                    && w[3..].chars().all(|c| c.is_ascii_digit())
            });
            if coded {
                return Err(format!("a false diagnostic on unknown values:\n{out}"));
            }
            "no diagnostic".to_string()
        }
        Expect::Error | Expect::Warning => {
            let severity = if case.expect == Expect::Error {
                "Error"
            } else {
                "Warning"
            };
            if case.expect == Expect::Error && run.success {
                return Err(format!("{what} unexpectedly succeeded:\n{out}"));
            }
            if case.expect == Expect::Warning && !run.success {
                return Err(format!("{what} must succeed with a warning:\n{out}"));
            }
            let Some(diag) = diagnostic(&out, case.code, severity) else {
                return Err(format!("no {severity} {:?} in:\n{out}", case.code));
            };
            let detail = detail_of(diag);
            if detail.trim().len() < 20 {
                return Err(format!("no actionable detail in:\n{diag}"));
            }
            let mut where_ = Vec::new();
            for at in &at {
                where_
                    .push(check_location(&main_tf, diag, at).map_err(|e| format!("{e}:\n{diag}"))?);
            }
            where_.join("; ")
        }
    };
    if let Some(aws) = &case.aws {
        if let Some(addr) = aws.keeps {
            let list = wd.run(&["state", "list"]);
            if !list.stdout.lines().any(|l| l.trim() == addr) {
                return Err(format!(
                    "{addr} was dropped from state: {}",
                    list.combined()
                ));
            }
        }
        if matches!(aws.phase, Phase::Create) && aws.keeps.is_none() {
            let list = wd.run(&["state", "list"]);
            if !list.stdout.trim().is_empty() {
                return Err(format!("a failed create left state: {}", list.stdout));
            }
        }
    }
    Ok(located)
}

#[test]
fn hostile_inputs_fail_with_a_code_at_the_attribute_and_never_crash() {
    let mut cases = catalogue();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    // SFN_HOSTILE_ONLY=text runs only the cases whose name contains it (while iterating).
    if let Ok(only) = std::env::var("SFN_HOSTILE_ONLY") {
        cases.retain(|c| c.name.contains(only.as_str()));
    }
    let env = Env {
        moto: Moto::start(),
    };
    let started = std::time::Instant::now();
    let jobs: Vec<(Terraform, usize)> = terraforms()
        .into_iter()
        .flat_map(|tf| (0..cases.len()).map(move |i| (tf.clone(), i)))
        .collect();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(String, Outcome)>> = Mutex::new(Vec::new());
    let threads = std::env::var("SFN_HOSTILE_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(4usize);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let j = next.fetch_add(1, Ordering::SeqCst);
                let Some((tf, i)) = jobs.get(j) else { break };
                let o = run_case(tf, &env, *i, &cases[*i]);
                results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((tf.version.clone(), o));
            });
        }
    });
    let mut results = std::mem::take(&mut *results.lock().unwrap_or_else(|e| e.into_inner()));
    results.sort_by_key(|(v, o)| (v.clone(), cases.iter().position(|c| c.name == o.name)));

    println!(
        "\nHostile inputs through real Terraform ({} cases)",
        cases.len()
    );
    println!(
        "{:<8} {:<46} {:<17} {:<32} where",
        "tf", "case", "category", "code"
    );
    let mut failures = Vec::new();
    for (version, o) in &results {
        let code = match o.expect {
            Expect::Clean => "none (no false error)".to_string(),
            Expect::Warning => format!("{} (warning)", o.code),
            Expect::Error if o.by_terraform => format!("TF: {}", o.code),
            Expect::Error => o.code.to_string(),
        };
        let status = match &o.failure {
            Some(_) => "FAILED".to_string(),
            None => o.location.clone(),
        };
        println!(
            "{version:<8} {:<46} {:<17} {code:<32} {status}",
            o.name,
            o.cat.label()
        );
        if let Some(f) = &o.failure {
            failures.push(format!("Terraform {version} / {}: {f}", o.name));
        }
    }
    let total = cases.len();
    let by_terraform = cases.iter().filter(|c| c.by_terraform).count();
    let clean = cases.iter().filter(|c| c.expect == Expect::Clean).count();
    let coded = total - by_terraform - clean;
    let mut per_cat: Vec<(&str, usize)> = Vec::new();
    for c in &cases {
        match per_cat.iter_mut().find(|(l, _)| *l == c.cat.label()) {
            Some((_, n)) => *n += 1,
            None => per_cat.push((c.cat.label(), 1)),
        }
    }
    let per_cat: Vec<String> = per_cat.iter().map(|(l, n)| format!("{l}: {n}")).collect();
    println!("\nper category: {}", per_cat.join(", "));
    println!(
        "{total} cases per Terraform version: {coded} coded by the provider (ASL/SFN), {by_terraform} rejected by Terraform core, {clean} unknown-value cases with no false error; {} runs in {:.0?}",
        results.len(),
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
