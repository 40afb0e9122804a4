//! The least-privilege IAM policy a workflow's execution role needs, derived from the workflow
//! itself. Pure: a model and a few inputs in, a policy document and diagnostics out.
//!
//! Every Task resource is read through [`crate::integrations`] and every statement comes from
//! the catalogue's grants for the integration and its pattern, with the resources the Task's
//! request names ([`resolve`]). Distributed Maps add the child executions of their own machine
//! and their `ItemReader`/`ResultWriter` objects; `Credentials` add `sts:AssumeRole` (and move
//! the Task's own permissions to the assumed role); logging, X-Ray tracing and a customer KMS
//! key add theirs. The document has one statement per service and resource, in an order that
//! depends on nothing but the statements ([`document`]).
//!
//! What the workflow does not show is never guessed narrow: a resource computed at run time
//! gets the widest resource that is still correct for the integration, with a warning at the
//! field that computes it (IAM001); a region, account or machine name that neither the inputs
//! nor the workflow's ARNs give is `*`, with a warning (IAM003). A value not yet known (a
//! Terraform value at plan, listed in [`Input::unknown`]) makes the whole policy unknown.

pub mod args;
pub mod arns;
pub mod coverage;
pub mod document;
pub mod resolve;
pub mod rules;

use std::collections::{BTreeMap, BTreeSet};

use args::{is_unknown, Args};
use arns::{Arn, Env};
use document::{Builder, Need};
use resolve::{condition_for, resolve, Resolved, Site, Why};

use crate::diagnostic::{self, Diagnostic, Path, Rule};
use crate::integrations::catalogue::{self, Grant, Res};
use crate::integrations::{self, resource, sdk, TaskResource};
use crate::json::Json;
use crate::model::{QueryLanguage, State, StateMachine, StateType};
use crate::rules::{Ctx, Options, StateRef};

pub use document::{Policy, Statement};

/// What the policy needs and cannot see in the workflow.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// The state machine's name: a Distributed Map starts child executions of its own machine,
    /// an HTTP Task's permission and a KMS key's condition name it.
    pub machine_name: Option<String>,
    /// Default: the one region the workflow's ARNs name, else `*`.
    pub region: Option<String>,
    /// Default: the one account the workflow's ARNs name, else `*`.
    pub account: Option<String>,
    /// Logging to CloudWatch Logs is on.
    pub logging: bool,
    /// X-Ray tracing is on.
    pub tracing: bool,
    /// The customer managed KMS key encrypting the machine's data (a key ARN).
    pub kms_key: Option<String>,
    /// Locations in the model whose values are not yet known (at plan).
    pub unknown: Vec<Path>,
}

/// The policy, or why there is none, and every diagnostic.
#[derive(Debug, Clone)]
pub struct Report {
    /// `None` when a value it depends on is not yet known, or it cannot be derived (an error).
    pub policy: Option<Policy>,
    /// The first location whose unknown value the policy depends on.
    pub unknown: Option<Path>,
    /// Sorted by location, then code.
    pub diagnostics: Vec<Diagnostic>,
}

/// A place where the policy grants more than the workflow shows.
struct Wide {
    subject: String,
    why: Why,
    grants: BTreeSet<(String, String)>,
}

struct Deriver<'a> {
    env: Env,
    unknown_paths: &'a [Path],
    builder: Builder,
    diagnostics: Vec<Diagnostic>,
    unknown: Option<Path>,
    wide: BTreeMap<Path, Wide>,
}

/// Where a Task's grants go.
enum Target {
    /// The execution role's policy.
    Policy,
    /// The role of the Task's `Credentials`: collected for the IAM005 warning.
    Assumed(Vec<Need>),
}

/// Derives the policy of a workflow. The definition should be valid (validate first): an
/// invalid Task resource is an IAM008 error here.
pub fn derive(machine: &StateMachine, input: &Input) -> Report {
    let options = Options::default();
    let cx = Ctx::new(machine, &options);
    let mut env = environment(&cx, input);
    env.kms_key = input.kms_key.clone();
    let mut d = Deriver {
        env,
        unknown_paths: &input.unknown,
        builder: Builder::default(),
        diagnostics: Vec::new(),
        unknown: None,
        wide: BTreeMap::new(),
    };
    // A scope that may hold states not listed (a Terraform value not yet known) may hold
    // integrations too.
    if let Some(open) = cx.scopes.iter().find(|sc| sc.workflow.open) {
        d.unknown_at(open.path.key("States"));
    }
    for s in &cx.states {
        if d.unknown.is_some() {
            break;
        }
        match s.state.kind {
            Some(StateType::Task) => d.task(s),
            Some(StateType::Map) => d.map(s),
            _ => {}
        }
    }
    d.machine(input);
    d.finish()
}

fn subject(s: &StateRef) -> String {
    let kind = s.state.kind.map_or("", StateType::as_str);
    format!("{kind} state \"{}\"", s.name)
}

/// The request of a state in its query language: (value, location).
fn request<'a>(st: &'a State, at: &Path, ql: QueryLanguage) -> (Option<&'a Json>, Path) {
    match ql {
        QueryLanguage::JsonPath => (st.parameters.as_ref(), at.key("Parameters")),
        QueryLanguage::Jsonata => (st.arguments.as_ref(), at.key("Arguments")),
    }
}

impl Deriver<'_> {
    fn unknown_at(&mut self, at: Path) {
        self.unknown.get_or_insert(at);
    }

    fn error(&mut self, rule: &'static Rule, at: Path, message: String) {
        self.diagnostics.push(rule.at(at, message));
    }

    fn task(&mut self, s: &StateRef) {
        let st = s.state;
        let Some(r) = st.resource.as_deref() else {
            return;
        };
        let res_at = s.path.key("Resource");
        if is_unknown(self.unknown_paths, &res_at) {
            return self.unknown_at(res_at);
        }
        if !resource::is_literal(r) {
            return self.error(
                &rules::NOT_DERIVABLE,
                res_at,
                format!(
                    "{}: Resource {r:?} is computed or a template placeholder, so which service it calls is unknown.",
                    subject(s)
                ),
            );
        }
        let parsed = match integrations::parse(r) {
            Ok(p) => p,
            Err(problem) => {
                return self.error(
                    &rules::NOT_DERIVABLE,
                    res_at,
                    format!(
                        "{}: Resource {r:?} is not a valid resource: {problem}.",
                        subject(s)
                    ),
                )
            }
        };
        let (payload, payload_at) = request(st, &s.path, s.query_language);
        let args = Args::new(payload, payload_at, s.query_language, self.unknown_paths);
        let credentials_at = s.path.key("Credentials");
        let credentials = match &st.credentials {
            Some(c) => Some(Args::new(
                Some(c),
                credentials_at.clone(),
                s.query_language,
                self.unknown_paths,
            )),
            None if is_unknown(self.unknown_paths, &credentials_at) => {
                return self.unknown_at(credentials_at)
            }
            None => None,
        };
        let mut site = Site {
            credentials,
            ..Site::new(s.name, args)
        };
        let mut target = if site.credentials.is_some() {
            Target::Assumed(Vec::new())
        } else {
            Target::Policy
        };
        let subject = subject(s);
        match parsed {
            TaskResource::Optimized(i) | TaskResource::Http(i) => {
                let Ok((service, action)) = catalogue::check(&i) else {
                    return self.error(
                        &rules::NOT_DERIVABLE,
                        res_at,
                        format!(
                            "{subject}: Resource {r:?} is not an integration Step Functions runs (see ASL211)."
                        ),
                    );
                };
                site.action = action.name;
                if !action.is_covered() {
                    self.diagnostics.push(
                        rules::NOT_COVERED
                            .at(
                                res_at.clone(),
                                format!(
                                    "{subject}: the policy does not cover {}:{}{}, so it has no statement for it.",
                                    service.name,
                                    action.name,
                                    i.pattern.suffix()
                                ),
                            )
                            .with_hint(format!(
                                "Add the statements of https://docs.aws.amazon.com/step-functions/latest/dg/{}.html to the role.",
                                service.page
                            )),
                    );
                }
                for g in action.grants_for(i.pattern) {
                    self.grant(g, &site, &subject, &mut target);
                }
            }
            TaskResource::Sdk(i) => self.sdk(&i, &site, &subject, &res_at, &mut target),
            TaskResource::LambdaFunction(f) => {
                site.function = Some(f.arn());
                for g in catalogue::LAMBDA_FUNCTION_RESOURCE {
                    self.grant(g, &site, &subject, &mut target);
                }
            }
            // Workers poll for activity tasks with their own credentials.
            TaskResource::Activity(_) => {}
        }
        if let Target::Assumed(needs) = target {
            let mut policy = Target::Policy;
            for g in catalogue::CREDENTIALS {
                self.grant(g, &site, &subject, &mut policy);
            }
            if !needs.is_empty() {
                let listed: Vec<String> = needs
                    .iter()
                    .map(|n| {
                        format!(
                            "{} on {}",
                            n.actions.join(", "),
                            n.resources.iter().cloned().collect::<Vec<_>>().join(", ")
                        )
                    })
                    .collect();
                self.diagnostics.push(rules::ASSUMED_ROLE.at(
                    s.path.key("Credentials"),
                    format!(
                        "{subject} runs as the role in its Credentials: the policy grants only sts:AssumeRole on it, and that role needs {}.",
                        listed.join("; ")
                    ),
                ));
            }
        }
    }

    /// An AWS SDK integration: the IAM actions named from the SDK action, on the resources the
    /// request names for the calls [`sdk::resources`] knows, else on `*` (IAM002).
    fn sdk(
        &mut self,
        i: &integrations::Integration,
        site: &Site,
        subject: &str,
        res_at: &Path,
        target: &mut Target,
    ) {
        let actions = sdk::iam_actions(i.service, i.action);
        let known = sdk::resources(i.service, i.action)
            .filter(|(key, _)| !matches!(site.args.get(&[key]), args::Value::Absent));
        let Some((_, params)) = known else {
            let need = Need {
                actions: actions.clone(),
                resources: BTreeSet::from(["*".to_string()]),
                condition: Default::default(),
            };
            match target {
                Target::Policy => {
                    self.builder.add(need);
                    self.diagnostics.push(rules::SDK_RESOURCE.at(
                        res_at.clone(),
                        format!(
                            "{subject} calls {}:{} through the AWS SDK integration, so the policy allows {} on every resource.",
                            i.service,
                            i.action,
                            actions.join(", ")
                        ),
                    ));
                }
                Target::Assumed(needs) => needs.push(need),
            }
            return;
        };
        // Resolved as the catalogue's grants are.
        let resources: Vec<Res> = params.iter().map(|p| Res::Param(*p)).collect();
        let actions: Vec<&str> = actions.iter().map(String::as_str).collect();
        self.apply(
            &actions,
            &resources,
            catalogue::Cond::None,
            site,
            subject,
            target,
        );
    }

    fn map(&mut self, s: &StateRef) {
        let st = s.state;
        if st.is_distributed_map() {
            let site = Site::new(
                s.name,
                Args::new(None, s.path.clone(), s.query_language, self.unknown_paths),
            );
            let subject = subject(s);
            for g in catalogue::DISTRIBUTED_MAP {
                self.grant(g, &site, &subject, &mut Target::Policy);
            }
        }
        if let Some(reader) = &st.item_reader {
            let at = s.path.key("ItemReader");
            self.s3_step(
                s,
                reader.resource.as_deref(),
                &at,
                reader.parameters.as_ref(),
                reader.arguments.as_ref(),
                reader.reader_config.as_ref(),
            );
        }
        if let Some(writer) = &st.result_writer {
            let at = s.path.key("ResultWriter");
            self.s3_step(
                s,
                writer.resource.as_deref(),
                &at,
                writer.parameters.as_ref(),
                writer.arguments.as_ref(),
                None,
            );
        }
    }

    /// An `ItemReader` or `ResultWriter`: its S3 integration's grants on its request.
    fn s3_step(
        &mut self,
        s: &StateRef,
        resource: Option<&str>,
        at: &Path,
        parameters: Option<&Json>,
        arguments: Option<&Json>,
        reader: Option<&crate::model::ReaderConfig>,
    ) {
        let res_at = at.key("Resource");
        if is_unknown(self.unknown_paths, &res_at) {
            return self.unknown_at(res_at);
        }
        let Some(r) = resource else { return };
        let action = match integrations::parse(r) {
            Ok(TaskResource::Optimized(i)) if i.service == "s3" => {
                catalogue::check(&i).ok().map(|(_, a)| a)
            }
            _ => None,
        };
        let Some(action) = action else {
            return self.error(
                &rules::NOT_DERIVABLE,
                res_at,
                format!(
                    "{}: {} is not an S3 resource the policy knows.",
                    subject(s),
                    r
                ),
            );
        };
        let (payload, payload_at) = match s.query_language {
            QueryLanguage::JsonPath => (parameters, at.key("Parameters")),
            QueryLanguage::Jsonata => (arguments, at.key("Arguments")),
        };
        let site = Site {
            action: action.name,
            reader,
            ..Site::new(
                s.name,
                Args::new(payload, payload_at, s.query_language, self.unknown_paths),
            )
        };
        let subject = subject(s);
        for g in action.grants_for(integrations::Pattern::RequestResponse) {
            self.grant(g, &site, &subject, &mut Target::Policy);
        }
    }

    fn grant(&mut self, g: &Grant, site: &Site, subject: &str, target: &mut Target) {
        self.apply(g.actions, g.resources, g.condition, site, subject, target);
    }

    /// A grant's actions on its resources, resolved at a site.
    fn apply(
        &mut self,
        actions: &[&str],
        resources_of: &[Res],
        cond: catalogue::Cond,
        site: &Site,
        subject: &str,
        target: &mut Target,
    ) {
        let mut resources = BTreeSet::new();
        let mut wide = Vec::new();
        for res in resources_of {
            match *res {
                Res::Any => {
                    resources.insert("*".to_string());
                }
                Res::Arn(template) => {
                    resources.insert(self.env.expand(template));
                }
                Res::Rule(name) => {
                    resources.insert(self.env.arn("events", &format!("rule/{name}")));
                }
                Res::Param(p) => match resolve(p, site, &self.env) {
                    Resolved::Exact(r) => resources.extend(r),
                    Resolved::Wider {
                        resources: r,
                        at,
                        why,
                    } => {
                        wide.push((at, why, r.clone()));
                        resources.extend(r);
                    }
                    Resolved::Mixed {
                        exact,
                        wider,
                        at,
                        why,
                    } => {
                        wide.push((at, why, wider.clone()));
                        resources.extend(exact);
                        resources.extend(wider);
                    }
                    Resolved::Unknown(at) => return self.unknown_at(at),
                    Resolved::Nothing => {}
                },
            }
        }
        if resources.is_empty() {
            return;
        }
        let condition = match condition_for(cond, site, &self.env) {
            Ok((c, wider)) => {
                if let Some((at, why)) = wider {
                    wide.push((at, why, resources.clone()));
                }
                c
            }
            Err(at) => return self.unknown_at(at),
        };
        let need = Need {
            actions: actions.iter().map(|a| a.to_string()).collect(),
            resources,
            condition,
        };
        match target {
            Target::Policy => {
                for (at, why, r) in wide {
                    let entry = self.wide.entry(at).or_insert_with(|| Wide {
                        subject: subject.to_string(),
                        why,
                        grants: BTreeSet::new(),
                    });
                    for resource in r {
                        entry.grants.insert((need.actions.join(", "), resource));
                    }
                }
                self.builder.add(need);
            }
            Target::Assumed(needs) => needs.push(need),
        }
    }

    /// Logging, tracing and the KMS key.
    fn machine(&mut self, input: &Input) {
        let site = Site::new(
            "",
            Args::new(None, Path::root(), QueryLanguage::JsonPath, &[]),
        );
        let subject = "The state machine".to_string();
        let mut grants: Vec<&Grant> = Vec::new();
        if input.logging {
            grants.extend(catalogue::LOGGING);
        }
        if input.tracing {
            grants.extend(catalogue::TRACING);
        }
        if input.kms_key.is_some() {
            grants.extend(catalogue::KMS);
            if input.logging {
                grants.extend(catalogue::KMS_LOG_DELIVERY);
            }
        }
        for g in grants {
            self.grant(g, &site, &subject, &mut Target::Policy);
        }
    }

    fn finish(mut self) -> Report {
        if let Some(at) = self.unknown {
            return Report {
                policy: None,
                unknown: Some(at),
                diagnostics: Vec::new(),
            };
        }
        for (at, w) in std::mem::take(&mut self.wide) {
            let grants: Vec<String> = w
                .grants
                .iter()
                .map(|(actions, resource)| format!("{actions} on {resource}"))
                .collect();
            let grants = grants.join("; ");
            let d = match &w.why {
                Why::Dynamic { field, how } => rules::DYNAMIC_RESOURCE.at(
                    at,
                    format!(
                        "{}: {field} is computed at run time ({how}), so the policy allows {grants}.",
                        w.subject
                    ),
                )
                .with_hint(format!(
                    "Write {field} in the definition to get the narrowest resource, or replace that resource with the ones the value can name."
                )),
                Why::Malformed { field, value } => rules::DYNAMIC_RESOURCE.at(
                    at,
                    format!(
                        "{}: {field} ({value}) names no resource the policy can build, so it allows {grants}.",
                        w.subject
                    ),
                ),
                Why::Unseen(why) => rules::HIDDEN_ROLES.at(
                    at,
                    format!("{}: {why}, so the policy allows {grants}.", w.subject),
                ),
            };
            self.diagnostics.push(d);
        }
        for (used, what, input) in [
            (
                self.env.region_used.get(),
                "region",
                "`region` (sfn-asl: --region)",
            ),
            (
                self.env.account_used.get(),
                "account",
                "`account` (sfn-asl: --account)",
            ),
            (
                self.env.machine_used.get(),
                "name",
                "`state_machine_name` (sfn-asl: --machine-name)",
            ),
        ] {
            if used {
                self.diagnostics.push(
                    rules::MISSING_INPUT
                        .at(
                            Path::root(),
                            format!(
                                "The policy needs the state machine's {what}, which neither its inputs nor the workflow's ARNs give, so it uses `*` for it."
                            ),
                        )
                        .with_hint(format!("Give the policy's {input}.")),
                );
            }
        }
        let has_errors = self.diagnostics.iter().any(Diagnostic::is_error);
        let policy = self.builder.finish();
        let length = policy.to_json().compact_len();
        if length > INLINE_POLICY_LIMIT {
            self.diagnostics.push(rules::TOO_LARGE.at(
                Path::root(),
                format!(
                    "The policy is {length} characters long; IAM takes at most {INLINE_POLICY_LIMIT} for a role's inline policies."
                ),
            ));
        }
        diagnostic::sort(&mut self.diagnostics);
        Report {
            policy: (!has_errors).then_some(policy),
            unknown: None,
            diagnostics: self.diagnostics,
        }
    }
}

/// IAM's limit on the total length of a role's inline policies (whitespace excluded).
pub const INLINE_POLICY_LIMIT: usize = 10_240;

/// The region, account and partition: from the inputs, else from the ARNs the workflow names
/// when they agree on one.
fn environment<'a>(cx: &Ctx<'a>, input: &Input) -> Env {
    let mut regions = BTreeSet::new();
    let mut accounts = BTreeSet::new();
    let mut partitions: BTreeMap<String, usize> = BTreeMap::new();
    let mut strings: Vec<&str> = Vec::new();
    for s in &cx.states {
        let st = s.state;
        if let Some(r) = st.resource.as_deref() {
            if let Ok(parsed) = integrations::parse(r) {
                *partitions
                    .entry(parsed.partition().to_string())
                    .or_default() += 1;
                regions.extend(parsed.region().map(str::to_string));
                accounts.extend(parsed.account().map(str::to_string));
            }
        }
        let mut collect = |v: Option<&'a Json>| {
            Args::new(v, Path::root(), s.query_language, &[]).literal_strings(&mut strings)
        };
        collect(st.parameters.as_ref());
        collect(st.arguments.as_ref());
        collect(st.credentials.as_ref());
        if let Some(r) = &st.item_reader {
            collect(r.parameters.as_ref());
            collect(r.arguments.as_ref());
        }
        if let Some(w) = &st.result_writer {
            collect(w.parameters.as_ref());
            collect(w.arguments.as_ref());
        }
    }
    for v in strings {
        let arn = arns::sqs_queue(v);
        let arn = arn.as_deref().unwrap_or(v);
        if let Some(a) = Arn::parse(arn) {
            if !a.region.is_empty() {
                regions.insert(a.region.to_string());
            }
            if !a.account.is_empty() && a.account != "aws" {
                accounts.insert(a.account.to_string());
            }
        }
    }
    let single = |set: BTreeSet<String>| (set.len() == 1).then(|| set.into_iter().next()).flatten();
    let region = input.region.clone().or_else(|| single(regions));
    let account = input.account.clone().or_else(|| single(accounts));
    let partition = match &region {
        Some(r) => arns::partition_of_region(r).to_string(),
        None => partitions
            .into_iter()
            .max_by_key(|(p, n)| (*n, std::cmp::Reverse(p.clone())))
            .map_or_else(|| "aws".to_string(), |(p, _)| p),
    };
    Env::new(partition, region, account, input.machine_name.clone())
}

#[cfg(test)]
mod tests;
