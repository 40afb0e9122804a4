//! The `sfn_workflow` data source: typed HCL -> validated, canonical ASL JSON, offline.

pub mod fragment;
pub mod inline;
pub mod locate;
pub mod objects;
pub mod policy;
pub mod schema;
pub mod translate;

use async_trait::async_trait;
use sfn_codegen::control::Overrides;
use sfn_codegen::{emit, hcl, Options, WorkflowType};
use tf_provider::schema::Schema;
use tf_provider::{AttributePath, DataSource, Diagnostics};

use crate::diags;
use crate::rule_control;
use crate::tfvalue::{self, Raw, Tf};

pub struct WorkflowDataSource {
    /// The provider block's `rules`.
    pub rules: crate::rule_control::Defaults,
}

/// Decodes a configuration or state, reporting (never panicking on) anything undecodable.
pub fn decode_config(diags: &mut Diagnostics, raw: &Raw) -> Option<Tf> {
    let is_dynamic = |path: &[String]| path.last().is_some_and(|last| hcl::is_dynamic(last));
    match tfvalue::decode(&raw.0, &is_dynamic, &mut Vec::new()) {
        Ok(tf) => Some(tf),
        Err(e) => {
            diags.root_error("SFN000 internal: undecodable configuration", e.to_string());
            None
        }
    }
}

/// Which diagnostics a call reports. Terraform validates a configuration (with every variable
/// unknown) and then reads or plans it; a warning reported in both would print twice, so
/// validation reports errors only and the read or plan reports everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    ErrorsOnly,
    All,
}

/// Compiles and validates; returns the model when there is no error. Diagnostics that depend on
/// values not yet known are dropped.
pub fn compile(
    diags: &mut Diagnostics,
    cfg: &Tf,
    report: Report,
    rules: &Overrides,
) -> Option<sfn_codegen::StateMachine> {
    compile_with(diags, cfg, report, rules).map(|(machine, _)| machine)
}

/// [`compile`], with the translation (where each part came from, what is not yet known).
/// `rules` is the rule control from outside the workflow (the provider's, a resource's); the
/// workflow's own `rules` go over it.
pub fn compile_with(
    diags: &mut Diagnostics,
    cfg: &Tf,
    report: Report,
    rules: &Overrides,
) -> Option<(sfn_codegen::StateMachine, translate::Translation)> {
    let mut tr = translate::Translation::default();
    let machine = translate::machine(cfg, &mut tr);
    let mut options = Options::default();
    let mut has_error = false;
    let mut bad_rules = Diagnostics::default();
    let own = rule_control::from_tf(
        cfg.get(rule_control::ATTR),
        &AttributePath::new(rule_control::ATTR),
        &mut bad_rules,
    );
    has_error |= !bad_rules.errors.is_empty();
    diags.add_diagnostics(bad_rules);
    options.rules = rule_control::layered(rules, &own);
    if let Tf::String(t) = cfg.get("workflow_type") {
        match WorkflowType::parse(t) {
            Some(wt) => options.workflow_type = Some(wt),
            None => {
                has_error = true;
                diags.error(
                    format!("SFN001 invalid-workflow-type: \"{t}\" is not a workflow type"),
                    "Use STANDARD or EXPRESS.",
                    AttributePath::new("workflow_type"),
                )
            }
        }
    }
    for p in std::mem::take(&mut tr.problems) {
        has_error = true;
        let target = translate::cut_inside_values(p.path);
        diags::error_within(
            diags,
            format!("{}: {}", p.code, p.message),
            &p.hint,
            target.attribute,
            target.within.as_deref(),
        );
    }
    let mut found = std::mem::take(&mut tr.diagnostics);
    match fragment::place(cfg, diags) {
        Ok(None) => found.extend(sfn_codegen::validate(&machine, &options)),
        Ok(Some(place)) => found.extend(fragment::validate(&machine, place, &options)),
        Err(()) => has_error = true,
    }
    // The translation's findings too (idempotent on what validate already applied).
    options.rules.apply(&mut found);
    for d in &found {
        if tr.depends_on_unknown(d) {
            continue;
        }
        has_error |= d.is_error();
        if report == Report::ErrorsOnly && !d.is_error() {
            continue;
        }
        let target = tr.target(&d.path);
        let related: Vec<(String, String)> = d
            .related
            .iter()
            .map(|r| (tr.place(&r.path), r.message.clone()))
            .collect();
        diags::push_related(
            diags,
            d,
            target.attribute,
            target.within.as_deref(),
            &related,
            "Location in the generated definition",
        );
    }
    (!has_error).then_some((machine, tr))
}

#[async_trait]
impl DataSource for WorkflowDataSource {
    type State<'a> = Raw;
    type ProviderMetaState<'a> = Raw;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(schema::data_source_schema())
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: Raw) -> Option<()> {
        let cfg = decode_config(diags, &config)?;
        compile(diags, &cfg, Report::ErrorsOnly, &self.rules.get());
        Some(())
    }

    async fn read<'a>(&self, diags: &mut Diagnostics, config: Raw, _meta: Raw) -> Option<Raw> {
        evaluate(diags, config, &self.rules.get())
    }
}

/// The data source's read: the configuration with `json`, `mermaid`, `state_names` and
/// `iam_policy_json` filled in,
/// or `None` with the errors in `diags`.
pub fn evaluate(diags: &mut Diagnostics, config: Raw, rules: &Overrides) -> Option<Raw> {
    let cfg = decode_config(diags, &config)?;
    let mut raw = config.0;
    let (machine, tr) = compile_with(diags, &cfg, Report::All, rules)?;
    let json = emit::to_pretty(&machine);
    let iam_policy = policy::value(diags, &cfg, &machine, &tr);
    let mermaid = sfn_codegen::mermaid::render(&machine);
    let names: Vec<rmpv::Value> = state_names(&machine)
        .into_iter()
        .map(|n| tfvalue::string(&n))
        .collect();
    let rmpv::Value::Map(members) = &mut raw else {
        diags.root_error_short("SFN000 internal: configuration is not an object");
        return None;
    };
    for (k, v) in members.iter_mut() {
        match k.as_str() {
            Some("json") => *v = tfvalue::string(&json),
            Some("mermaid") => *v = tfvalue::string(&mermaid),
            Some("state_names") => *v = rmpv::Value::Array(names.clone()),
            Some(policy::ATTR) => *v = iam_policy.clone(),
            _ => {}
        }
    }
    Some(Raw(raw))
}

/// Every state name in flow order, nested workflows right after the state that holds them.
pub fn state_names(w: &sfn_codegen::model::Workflow) -> Vec<String> {
    let mut out = Vec::new();
    for i in emit::flow_order(w) {
        let (name, s) = &w.states[i];
        out.push(name.clone());
        for (_, child) in s.children() {
            out.extend(state_names(child));
        }
    }
    out
}
