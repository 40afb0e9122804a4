//! Plan cost of typed workflows (`scripts/bench-plan.sh` runs this; figures, never assertions).
//!
//! 1. The provider's `GetProviderSchema` answer in bytes, per type: Terraform fetches and decodes
//!    it several times per plan, and builds every attribute of every nested block per instance.
//! 2. `terraform plan` of 50 workflows of 15 states each, written as `sfn_workflow` blocks, as
//!    `sfn_workflow` `states` objects, and (the floor) as the same 50 definitions as JSON in
//!    `terraform_data`; median of several runs per Terraform found, and the ratio to the floor,
//!    in wall time and in CPU time (Terraform and its plugins: steady when the machine is busy).

use std::time::{Duration, Instant};

use sfn_tests::{terraforms, Workdir};

const WORKFLOWS: usize = 50;
const RUNS: usize = 5;

/// One workflow of 15 states (12 at the top, a Parallel's two branches of one state each and a
/// Map's processor of one state), as typed blocks (the nested workflows' states as objects, since
/// blocks stop at the top level), as `states` objects and as ASL JSON.
fn workflow(i: usize) -> (String, String, String) {
    let fname = format!("arn:aws:lambda:eu-west-1:111122223333:function:step-{i}");
    let blocks = format!(
        r#"
data "sfn_workflow" "w{i}" {{
  start_at = "Validate"
  task "Validate" {{
    resource    = "arn:aws:states:::lambda:invoke"
    parameters  = {{ FunctionName = "{fname}", "Payload.$" = "$" }}
    output_path = "$.Payload"
    next        = "IsValid"
    retry {{
      error_equals     = ["Lambda.ServiceException", "Lambda.TooManyRequestsException"]
      interval_seconds = 2
      backoff_rate     = 1.5
      max_attempts     = 4
    }}
    catch {{
      error_equals = ["States.ALL"]
      result_path  = "$.error"
      next         = "Failed"
    }}
  }}
  choice "IsValid" {{
    rule {{
      variable       = "$.valid"
      boolean_equals = true
      next           = "Enrich"
    }}
    rule {{
      and {{
        variable      = "$.amount"
        numeric_greater_than = 1000
      }}
      and {{
        variable      = "$.vip"
        boolean_equals = false
      }}
      next = "Review"
    }}
    default = "Rejected"
  }}
  task "Review" {{
    resource = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
    parameters = {{ QueueUrl = "https://sqs.eu-west-1.amazonaws.com/111122223333/review", MessageBody = {{ "Token.$" = "$$.Task.Token" }} }}
    next = "Enrich"
  }}
  pass "Enrich" {{
    result      = {{ source = "bench" }}
    result_path = "$.meta"
    next        = "Checks"
  }}
  parallel "Checks" {{
    next        = "Items"
    result_path = "$.checks"
    branch {{
      start_at = "CheckName"
      states   = {{ CheckName = {{ type = "task", resource = "{fname}", end = true }} }}
    }}
    branch {{
      start_at = "CheckAddress"
      states   = {{ CheckAddress = {{ type = "task", resource = "{fname}", end = true }} }}
    }}
  }}
  map "Items" {{
    items_path      = "$.items"
    max_concurrency = 5
    result_path     = "$.items"
    next            = "Pause"
    item_processor {{
      start_at = "Price"
      states   = {{ Price = {{ type = "task", resource = "{fname}", end = true }} }}
    }}
  }}
  wait "Pause" {{
    seconds = 5
    next    = "Save"
  }}
  task "Save" {{
    resource   = "arn:aws:states:::dynamodb:putItem"
    parameters = {{ TableName = "orders", Item = {{ id = {{ "S.$" = "$.id" }} }} }}
    next       = "Notify"
  }}
  task "Notify" {{
    resource   = "arn:aws:states:::sns:publish"
    parameters = {{ TopicArn = "arn:aws:sns:eu-west-1:111122223333:orders", "Message.$" = "States.Format('Order {{}} done', $.id)" }}
    next       = "Done"
  }}
  succeed "Done" {{}}
  fail "Rejected" {{
    error = "Rejected"
    cause = "The order is not valid."
  }}
  fail "Failed" {{
    error = "Failed"
  }}
}}
"#
    );
    // The same workflow, every state as a `states` object.
    let states = format!(
        r#"
data "sfn_workflow" "w{i}" {{
  start_at = "Validate"
  states = {{
    Validate = {{
      type        = "task"
      resource    = "arn:aws:states:::lambda:invoke"
      parameters  = {{ FunctionName = "{fname}", "Payload.$" = "$" }}
      output_path = "$.Payload"
      next        = "IsValid"
      retry = [{{
        error_equals     = ["Lambda.ServiceException", "Lambda.TooManyRequestsException"]
        interval_seconds = 2
        backoff_rate     = 1.5
        max_attempts     = 4
      }}]
      catch = [{{ error_equals = ["States.ALL"], result_path = "$.error", next = "Failed" }}]
    }}
    IsValid = {{
      type = "choice"
      rule = [
        {{ variable = "$.valid", boolean_equals = true, next = "Enrich" }},
        {{
          and = [
            {{ variable = "$.amount", numeric_greater_than = 1000 }},
            {{ variable = "$.vip", boolean_equals = false }},
          ]
          next = "Review"
        }},
      ]
      default = "Rejected"
    }}
    Review = {{
      type       = "task"
      resource   = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
      parameters = {{ QueueUrl = "https://sqs.eu-west-1.amazonaws.com/111122223333/review", MessageBody = {{ "Token.$" = "$$.Task.Token" }} }}
      next       = "Enrich"
    }}
    Enrich = {{
      type        = "pass"
      result      = {{ source = "bench" }}
      result_path = "$.meta"
      next        = "Checks"
    }}
    Checks = {{
      type        = "parallel"
      next        = "Items"
      result_path = "$.checks"
      branch = [
        {{ start_at = "CheckName", states = {{ CheckName = {{ type = "task", resource = "{fname}", end = true }} }} }},
        {{ start_at = "CheckAddress", states = {{ CheckAddress = {{ type = "task", resource = "{fname}", end = true }} }} }},
      ]
    }}
    Items = {{
      type            = "map"
      items_path      = "$.items"
      max_concurrency = 5
      result_path     = "$.items"
      next            = "Pause"
      item_processor  = {{ start_at = "Price", states = {{ Price = {{ type = "task", resource = "{fname}", end = true }} }} }}
    }}
    Pause = {{
      type    = "wait"
      seconds = 5
      next    = "Save"
    }}
    Save = {{
      type       = "task"
      resource   = "arn:aws:states:::dynamodb:putItem"
      parameters = {{ TableName = "orders", Item = {{ id = {{ "S.$" = "$.id" }} }} }}
      next       = "Notify"
    }}
    Notify = {{
      type       = "task"
      resource   = "arn:aws:states:::sns:publish"
      parameters = {{ TopicArn = "arn:aws:sns:eu-west-1:111122223333:orders", "Message.$" = "States.Format('Order {{}} done', $.id)" }}
      next       = "Done"
    }}
    Done     = {{ type = "succeed" }}
    Rejected = {{ type = "fail", error = "Rejected", cause = "The order is not valid." }}
    Failed   = {{ type = "fail", error = "Failed" }}
  }}
}}
"#
    );
    let json = format!(
        r#"
resource "terraform_data" "w{i}" {{
  input = jsonencode({{
    StartAt = "Validate"
    States = {{
      Validate = {{
        Type = "Task", Resource = "arn:aws:states:::lambda:invoke"
        Parameters = {{ FunctionName = "{fname}", "Payload.$" = "$" }}
        OutputPath = "$.Payload", Next = "IsValid"
        Retry = [{{ ErrorEquals = ["Lambda.ServiceException", "Lambda.TooManyRequestsException"], IntervalSeconds = 2, BackoffRate = 1.5, MaxAttempts = 4 }}]
        Catch = [{{ ErrorEquals = ["States.ALL"], ResultPath = "$.error", Next = "Failed" }}]
      }}
      IsValid = {{
        Type = "Choice"
        Choices = [
          {{ Variable = "$.valid", BooleanEquals = true, Next = "Enrich" }},
          {{ And = [{{ Variable = "$.amount", NumericGreaterThan = 1000 }}, {{ Variable = "$.vip", BooleanEquals = false }}], Next = "Review" }},
        ]
        Default = "Rejected"
      }}
      Review = {{
        Type = "Task", Resource = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
        Parameters = {{ QueueUrl = "https://sqs.eu-west-1.amazonaws.com/111122223333/review", MessageBody = {{ "Token.$" = "$$.Task.Token" }} }}
        Next = "Enrich"
      }}
      Enrich = {{ Type = "Pass", Result = {{ source = "bench" }}, ResultPath = "$.meta", Next = "Checks" }}
      Checks = {{
        Type = "Parallel", Next = "Items", ResultPath = "$.checks"
        Branches = [
          {{ StartAt = "CheckName", States = {{ CheckName = {{ Type = "Task", Resource = "{fname}", End = true }} }} }},
          {{ StartAt = "CheckAddress", States = {{ CheckAddress = {{ Type = "Task", Resource = "{fname}", End = true }} }} }},
        ]
      }}
      Items = {{
        Type = "Map", ItemsPath = "$.items", MaxConcurrency = 5, ResultPath = "$.items", Next = "Pause"
        ItemProcessor = {{ StartAt = "Price", States = {{ Price = {{ Type = "Task", Resource = "{fname}", End = true }} }} }}
      }}
      Pause = {{ Type = "Wait", Seconds = 5, Next = "Save" }}
      Save = {{
        Type = "Task", Resource = "arn:aws:states:::dynamodb:putItem"
        Parameters = {{ TableName = "orders", Item = {{ id = {{ "S.$" = "$.id" }} }} }}
        Next = "Notify"
      }}
      Notify = {{
        Type = "Task", Resource = "arn:aws:states:::sns:publish"
        Parameters = {{ TopicArn = "arn:aws:sns:eu-west-1:111122223333:orders", "Message.$" = "States.Format('Order {{}} done', $.id)" }}
        Next = "Done"
      }}
      Done     = {{ Type = "Succeed" }}
      Rejected = {{ Type = "Fail", Error = "Rejected", Cause = "The order is not valid." }}
      Failed   = {{ Type = "Fail", Error = "Failed" }}
    }}
  }})
}}
"#
    );
    (blocks, states, json)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// CPU time (user + system) of every child process that has ended and been waited for, and of
/// theirs (Terraform waits for its plugins): `cutime` + `cstime` of /proc/self/stat. Unlike wall
/// time it does not grow when other work shares the machine.
fn children_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<u64> = rest
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    // After ")": field 3 is index 0, so cutime (16) and cstime (17) are indexes 13 and 14.
    let ticks = fields.get(13).copied().unwrap_or(0) + fields.get(14).copied().unwrap_or(0);
    let hz = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse::<u64>()
                .ok()
        })
        .unwrap_or(100);
    Duration::from_millis(ticks * 1000 / hz)
}

/// Median wall time and median CPU time of the plans.
fn time_plans(wd: &Workdir) -> (Duration, Duration) {
    // One warm-up run, then the measured ones.
    wd.ok(&["plan", "-no-color", "-input=false"]);
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    for _ in 0..RUNS {
        let c = children_cpu();
        let t = Instant::now();
        wd.ok(&["plan", "-no-color", "-input=false"]);
        wall.push(t.elapsed());
        cpu.push(children_cpu().saturating_sub(c));
    }
    (median(wall), median(cpu))
}

fn row(label: &str, (wall, cpu): (Duration, Duration), floor: Option<(Duration, Duration)>) {
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-3);
    match floor {
        Some((fw, fc)) => println!(
            "  {label:<37} wall {:>6.2} s ({:>4.2}x)   cpu {:>6.2} s ({:>4.2}x)",
            wall.as_secs_f64(),
            ratio(wall, fw),
            cpu.as_secs_f64(),
            ratio(cpu, fc)
        ),
        None => println!(
            "  {label:<37} wall {:>6.2} s           cpu {:>6.2} s",
            wall.as_secs_f64(),
            cpu.as_secs_f64()
        ),
    }
}

fn main() {
    // SFN_BENCH_WRITE=DIR: only write the three configurations (blocks/, states/, json/) there,
    // for profiling by hand.
    if let Ok(dir) = std::env::var("SFN_BENCH_WRITE") {
        let (mut blocks, mut states, mut json) = (String::new(), String::new(), String::new());
        for i in 0..WORKFLOWS {
            let (b, s, j) = workflow(i);
            blocks.push_str(&b);
            states.push_str(&s);
            json.push_str(&j);
        }
        let header = format!(
            "terraform {{\n  required_providers {{\n    sfn = {{ source = \"{}\" }}\n  }}\n}}\n",
            sfn_tests::PROVIDER_SOURCE
        );
        for (name, body) in [
            ("blocks", header.clone() + &blocks),
            ("states", header + &states),
            ("json", json),
        ] {
            let d = std::path::Path::new(&dir).join(name);
            std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
            std::fs::write(d.join("main.tf"), body).unwrap_or_else(|e| panic!("{e}"));
        }
        return;
    }
    // The schemas as the GetProviderSchema answer encodes them, computed in process (the
    // plugin serves only Terraform's mutual TLS).
    let (resources, data_sources) = terraform_provider_sfn::resources::schemas();
    let len = terraform_provider_sfn::plugin::encoded_schema_len;
    let provider = len(&terraform_provider_sfn::config::schema());
    let mut rows: Vec<(String, usize)> = resources
        .iter()
        .map(|(k, v)| (format!("resource    sfn_{k}"), len(v)))
        .chain(
            data_sources
                .iter()
                .map(|(k, v)| (format!("data source sfn_{k}"), len(v))),
        )
        .collect();
    let total = provider + rows.iter().map(|r| r.1).sum::<usize>();
    println!(
        "GetProviderSchema answer: {:.1} KB in all",
        total as f64 / 1000.0
    );
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (name, len) in rows {
        println!("  {name:<40} {:>9.1} KB", len as f64 / 1000.0);
    }
    let only_blocks = std::env::var("SFN_BENCH_BLOCKS_ONLY").is_ok();
    for tf in terraforms() {
        let (mut blocks, mut states, mut json) = (String::new(), String::new(), String::new());
        for i in 0..WORKFLOWS {
            let (b, s, j) = workflow(i);
            blocks.push_str(&b);
            states.push_str(&s);
            json.push_str(&j);
        }
        println!(
            "\nTerraform {}: plan of {WORKFLOWS} workflows of 15 states, median of {RUNS}",
            tf.version
        );
        // The floor: the same definitions as JSON in terraform_data (Terraform 1.4 and later),
        // in a configuration that does not load this provider; and the same with the provider
        // required (its schema fetched and decoded).
        let has_terraform_data = tf
            .version
            .split('.')
            .map(|p| p.parse::<u32>().unwrap_or(0))
            .take(2)
            .collect::<Vec<_>>()
            >= vec![1, 4];
        let floor = if has_terraform_data {
            let wd = Workdir::new(&tf);
            wd.write("main.tf", &json);
            let floor = time_plans(&wd);
            let wd = Workdir::new(&tf);
            wd.config(&json);
            let with_provider = time_plans(&wd);
            row("terraform_data + jsonencode (floor)", floor, None);
            row(
                "the same, sfn provider required",
                with_provider,
                Some(floor),
            );
            Some(floor)
        } else {
            println!("  (no terraform_data before Terraform 1.4: no floor)");
            None
        };
        let mut forms = vec![("sfn_workflow, typed blocks", blocks)];
        if !only_blocks {
            forms.push(("sfn_workflow, states objects", states));
        }
        for (label, body) in forms {
            let wd = Workdir::new(&tf);
            wd.config(&body);
            row(label, time_plans(&wd), floor);
        }
    }
}
