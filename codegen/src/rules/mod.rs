//! Validation rules, one per file. Each file opens with a comment saying what it reports, declares
//! its [`Rule`] (stable code, severity, AWS code, fix) and, unless the parser reports it, a
//! `check` function over a [`Ctx`]. Codes are never reused or renumbered.
//!
//! Numbering: ASL0xx text and structure (reported while parsing), ASL1xx the state graph,
//! ASL2xx fields per state type, ASL3xx error handling, ASL4xx data flow (paths, intrinsics,
//! JSONata, variables), ASL5xx Map, ASL6xx workflow type and limits.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Path, Rule};
use crate::model::*;

pub mod duplicate_key;
pub mod invalid_json;
pub mod invalid_value;
pub mod unknown_field;
pub mod wrong_type;

pub mod duplicate_state_name;
pub mod invalid_state_name;
pub mod missing_field;
pub mod next_xor_end;
pub mod no_terminal_state;
pub mod start_at_not_found;
pub mod too_deeply_nested;
pub mod transition_out_of_scope;
pub mod transition_target_not_found;
pub mod unreachable_state;

pub mod inescapable_loop;

pub mod choice_rule_shape;
pub mod comparison_operand_type;
pub mod exclusive_fields;
pub mod field_not_allowed;
pub mod field_wrong_query_language;
pub mod heartbeat_not_less_than_timeout;
pub mod invalid_resource;
pub mod invalid_timestamp;
pub mod query_language_downgrade;
pub mod value_out_of_range;
pub mod wait_duration_missing;
pub mod wait_for_task_token_without_token;

pub mod duplicate_error_matcher;
pub mod max_delay_below_interval;
pub mod reserved_error_name;
pub mod states_all_position;

pub mod definition_too_large;

pub mod map_common;

pub mod distributed_map_execution_type;
pub mod distributed_only_field;
pub mod duplicate_map_label;
pub mod invalid_map_label;
pub mod item_batcher_config;
pub mod item_reader_config;
pub mod map_items_source;
pub mod processor_query_language;
pub mod result_writer_config;
pub mod tolerated_failure_range;

pub mod assign_too_large;
pub mod distributed_map_express_child_sync;
pub mod express_duration;
pub mod express_unsupported_integration;
pub mod fail_path_intrinsic;
pub mod invalid_intrinsic;
pub mod invalid_jsonata;
pub mod invalid_path;
pub mod invalid_payload_template;
pub mod invalid_reference_path;
pub mod invalid_resource_name;
pub mod invalid_variable_name;
pub mod jsonata_in_jsonpath_state;
pub mod name_not_logging_safe;
pub mod no_dollar;
pub mod no_path;
pub mod pass_result_is_static;
pub mod states_variable_misuse;
pub mod undefined_variable;
pub mod variable_read_before_assigned;
pub mod variable_scope;

/// Every rule, in code order. The rules documentation is generated from this list.
pub static ALL: &[&Rule] = &[
    &invalid_json::RULE,
    &duplicate_key::RULE,
    &wrong_type::RULE,
    &unknown_field::RULE,
    &invalid_value::RULE,
    &missing_field::RULE,
    &start_at_not_found::RULE,
    &transition_target_not_found::RULE,
    &transition_out_of_scope::RULE,
    &unreachable_state::RULE,
    &no_terminal_state::RULE,
    &duplicate_state_name::RULE,
    &invalid_state_name::RULE,
    &too_deeply_nested::RULE,
    &next_xor_end::RULE,
    &inescapable_loop::RULE,
    &field_not_allowed::RULE,
    &field_wrong_query_language::RULE,
    &query_language_downgrade::RULE,
    &exclusive_fields::RULE,
    &wait_duration_missing::RULE,
    &heartbeat_not_less_than_timeout::RULE,
    &value_out_of_range::RULE,
    &invalid_timestamp::RULE,
    &choice_rule_shape::RULE,
    &comparison_operand_type::RULE,
    &invalid_resource::RULE,
    &wait_for_task_token_without_token::RULE,
    &states_all_position::RULE,
    &reserved_error_name::RULE,
    &duplicate_error_matcher::RULE,
    &max_delay_below_interval::RULE,
    &invalid_path::RULE,
    &invalid_reference_path::RULE,
    &invalid_payload_template::RULE,
    &invalid_intrinsic::RULE,
    &invalid_jsonata::RULE,
    &jsonata_in_jsonpath_state::RULE,
    &no_dollar::RULE,
    &no_path::RULE,
    &pass_result_is_static::RULE,
    &fail_path_intrinsic::RULE,
    &invalid_variable_name::RULE,
    &variable_scope::RULE,
    &undefined_variable::RULE,
    &assign_too_large::RULE,
    &states_variable_misuse::RULE,
    &variable_read_before_assigned::RULE,
    &distributed_only_field::RULE,
    &distributed_map_execution_type::RULE,
    &item_reader_config::RULE,
    &item_batcher_config::RULE,
    &result_writer_config::RULE,
    &tolerated_failure_range::RULE,
    &invalid_map_label::RULE,
    &duplicate_map_label::RULE,
    &map_items_source::RULE,
    &processor_query_language::RULE,
    &definition_too_large::RULE,
    &express_unsupported_integration::RULE,
    &express_duration::RULE,
    &distributed_map_express_child_sync::RULE,
    &invalid_resource_name::RULE,
    &name_not_logging_safe::RULE,
];

type Check = fn(&mut Ctx);

/// The checks run by [`crate::validate`], structural first, semantic after.
static CHECKS: &[Check] = &[
    missing_field::check,
    start_at_not_found::check,
    transition_target_not_found::check,
    transition_out_of_scope::check,
    unreachable_state::check,
    no_terminal_state::check,
    duplicate_state_name::check,
    invalid_state_name::check,
    too_deeply_nested::check,
    next_xor_end::check,
    inescapable_loop::check,
    field_not_allowed::check,
    field_wrong_query_language::check,
    query_language_downgrade::check,
    exclusive_fields::check,
    wait_duration_missing::check,
    heartbeat_not_less_than_timeout::check,
    value_out_of_range::check,
    invalid_timestamp::check,
    choice_rule_shape::check,
    comparison_operand_type::check,
    invalid_resource::check,
    wait_for_task_token_without_token::check,
    states_all_position::check,
    reserved_error_name::check,
    duplicate_error_matcher::check,
    max_delay_below_interval::check,
    invalid_path::check,
    invalid_reference_path::check,
    invalid_payload_template::check,
    invalid_intrinsic::check,
    invalid_jsonata::check,
    jsonata_in_jsonpath_state::check,
    no_dollar::check,
    no_path::check,
    pass_result_is_static::check,
    fail_path_intrinsic::check,
    invalid_variable_name::check,
    variable_scope::check,
    undefined_variable::check,
    variable_read_before_assigned::check,
    assign_too_large::check,
    states_variable_misuse::check,
    definition_too_large::check,
    distributed_only_field::check,
    distributed_map_execution_type::check,
    item_reader_config::check,
    item_batcher_config::check,
    result_writer_config::check,
    tolerated_failure_range::check,
    invalid_map_label::check,
    duplicate_map_label::check,
    map_items_source::check,
    processor_query_language::check,
    express_unsupported_integration::check,
    express_duration::check,
    distributed_map_express_child_sync::check,
];

/// `STANDARD` or `EXPRESS`: some integrations and limits depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkflowType {
    Standard,
    Express,
}

impl WorkflowType {
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_uppercase().as_str() {
            "STANDARD" => Some(WorkflowType::Standard),
            "EXPRESS" => Some(WorkflowType::Express),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// When known, the Express-only restrictions are checked.
    pub workflow_type: Option<WorkflowType>,
    /// Per-rule severity overrides (off / warning / error), applied after the rules run by
    /// [`crate::check_str`] and [`crate::validate`] (see [`crate::control`]).
    pub rules: crate::control::Overrides,
}

/// A workflow (machine, branch or item processor) as seen by the rules.
#[derive(Debug)]
pub struct Scope<'a> {
    pub workflow: &'a Workflow,
    /// Location of the workflow object (`/States/P/Branches/0`).
    pub path: Path,
    pub kind: ScopeKind,
    pub parent: Option<usize>,
    /// The state (in the parent scope) that owns this workflow.
    pub owner: Option<usize>,
    /// 0 for the machine, 1 for a branch or processor directly inside it, ...
    pub depth: usize,
    /// The query language states in this scope default to.
    pub query_language: QueryLanguage,
    /// True for the processor of a Distributed Map and everything inside it.
    pub in_distributed: bool,
    /// State name -> index into `Ctx::states`.
    pub by_name: HashMap<&'a str, usize>,
    /// Indexes into `Ctx::states` of this scope's own states: they are indexed together, so
    /// they are contiguous (nested scopes' states come after).
    pub states: std::ops::Range<usize>,
}

/// A state as seen by the rules.
#[derive(Debug)]
pub struct StateRef<'a> {
    pub scope: usize,
    pub name: &'a str,
    pub state: &'a State,
    /// Location of the state object (`/States/Charge`).
    pub path: Path,
    /// Effective query language: the state's own, else its scope's.
    pub query_language: QueryLanguage,
}

/// The field of a state that holds a transition (see [`Ctx::transitions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// `Next`
    Next,
    /// `Choices[i].Next`
    Choice(usize),
    /// `Default`
    Default,
    /// `Catch[i].Next`
    Catch(usize),
}

impl Via {
    /// The location of the field, below the state at `state`.
    pub fn path(self, state: &Path) -> Path {
        match self {
            Via::Next => state.key("Next"),
            Via::Choice(i) => state.key("Choices").index(i).key("Next"),
            Via::Default => state.key("Default"),
            Via::Catch(i) => state.key("Catch").index(i).key("Next"),
        }
    }
}

/// Where a transition leads, as the graph checks follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follow<'c> {
    /// States of the same scope: the one named, or for a misspelt name the state it was surely
    /// meant to be (or, when the typo is ambiguous, each of the equally close ones): the
    /// did-you-mean of transition-target-not-found. The typo is then reported once, as the cause,
    /// and not again through its symptoms (that state unreachable, the workflow never ending).
    States(&'c [usize]),
    /// Somewhere not known yet: an unknown (not yet known) name, or a missing state of an open
    /// scope. Graph checks assume it may lead to any state, and to an end.
    Anywhere,
    /// A name that is no state of this scope and resembles none (reported by ASL102 or ASL103
    /// as the cause). It leads to no listed state, but it may have been meant as the way out, so
    /// no symptom about ending (ASL105, ASL110) is reported through it.
    Missing,
}

/// At most this many missing names get a suggestion (each costs a pass over the scope's
/// names), so that a definition with thousands of broken transitions stays fast.
const MAX_SUGGESTIONS: usize = 200;

/// What every check sees: the machine, indexed, and where to report.
pub struct Ctx<'a> {
    pub machine: &'a StateMachine,
    pub options: &'a Options,
    pub scopes: Vec<Scope<'a>>,
    pub states: Vec<StateRef<'a>>,
    diags: Vec<Diagnostic>,
    /// (scope, missing name) -> the state of that scope the name is closest to, built on first
    /// use (see [`Ctx::suggest_state`]).
    suggestions: std::cell::OnceCell<HashMap<(usize, &'a str), Vec<usize>>>,
}

impl<'a> Ctx<'a> {
    pub fn new(machine: &'a StateMachine, options: &'a Options) -> Ctx<'a> {
        let mut cx = Ctx {
            machine,
            options,
            scopes: Vec::new(),
            states: Vec::new(),
            diags: Vec::new(),
            suggestions: std::cell::OnceCell::new(),
        };
        let top = machine.query_language.unwrap_or(QueryLanguage::JsonPath);
        cx.index(
            machine,
            Path::root(),
            ScopeKind::Machine,
            None,
            None,
            0,
            top,
            false,
        );
        cx
    }

    #[allow(clippy::too_many_arguments)]
    fn index(
        &mut self,
        w: &'a Workflow,
        path: Path,
        kind: ScopeKind,
        parent: Option<usize>,
        owner: Option<usize>,
        depth: usize,
        ql: QueryLanguage,
        in_distributed: bool,
    ) {
        let scope_id = self.scopes.len();
        self.scopes.push(Scope {
            workflow: w,
            path: path.clone(),
            kind,
            parent,
            owner,
            depth,
            query_language: ql,
            in_distributed,
            by_name: HashMap::with_capacity(w.states.len()),
            states: self.states.len()..self.states.len() + w.states.len(),
        });
        let states_path = path.key("States");
        let mut children = Vec::new();
        for (name, state) in &w.states {
            let id = self.states.len();
            let state_ql = state.query_language.unwrap_or(ql);
            let state_path = states_path.key(name);
            self.scopes[scope_id]
                .by_name
                .entry(name.as_str())
                .or_insert(id);
            for (key, child) in state.children() {
                let child_path = match key {
                    ChildKey::Branch(i) => state_path.key("Branches").index(i),
                    ChildKey::ItemProcessor => state_path.key("ItemProcessor"),
                    ChildKey::Iterator => state_path.key("Iterator"),
                };
                let child_kind = match key {
                    ChildKey::Branch(_) => ScopeKind::Branch,
                    _ => ScopeKind::Processor,
                };
                let distributed = in_distributed
                    || (child_kind == ScopeKind::Processor && state.is_distributed_map());
                children.push((child, child_path, child_kind, id, state_ql, distributed));
            }
            self.states.push(StateRef {
                scope: scope_id,
                name,
                state,
                path: state_path,
                query_language: state_ql,
            });
        }
        for (child, child_path, child_kind, owner_id, child_ql, distributed) in children {
            self.index(
                child,
                child_path,
                child_kind,
                Some(scope_id),
                Some(owner_id),
                depth + 1,
                child_ql,
                distributed,
            );
        }
    }

    pub fn report(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// The states of one scope, in the order they were given.
    pub fn states_in(&self, scope: usize) -> impl Iterator<Item = (usize, &StateRef<'a>)> {
        let range = self.scopes[scope].states.clone();
        range.clone().zip(&self.states[range])
    }

    /// Finds a state by name in one scope.
    pub fn lookup(&self, scope: usize, name: &str) -> Option<usize> {
        self.scopes[scope].by_name.get(name).copied()
    }

    /// Every transition of a state: (the field that holds it, target name). The field's
    /// location is built only when reported ([`Via::path`]).
    pub fn transitions(&self, state: usize) -> Vec<(Via, &'a str)> {
        let st = self.states[state].state;
        let mut out = Vec::new();
        if let Some(n) = &st.next {
            out.push((Via::Next, n.as_str()));
        }
        for (i, rule) in st.choices.iter().flatten().enumerate() {
            if let Some(n) = &rule.next {
                out.push((Via::Choice(i), n.as_str()));
            }
        }
        if let Some(n) = &st.default {
            out.push((Via::Default, n.as_str()));
        }
        for (i, c) in st.catch.iter().flatten().enumerate() {
            if let Some(n) = &c.next {
                out.push((Via::Catch(i), n.as_str()));
            }
        }
        out
    }

    /// The states of `scope` that a missing name (a transition target or `StartAt`) was most
    /// likely meant to be, by edit distance: one, or several equally close, or none.
    pub fn suggest_states(&self, scope: usize, name: &'a str) -> &[usize] {
        let table = self.suggestions.get_or_init(|| {
            let mut table = HashMap::new();
            let mut missing: Vec<(usize, &'a str)> = Vec::new();
            for (id, sc) in self.scopes.iter().enumerate() {
                if let Some(start) = sc.workflow.start_at.as_deref() {
                    missing.push((id, start));
                }
            }
            for (i, s) in self.states.iter().enumerate() {
                for (_, target) in self.transitions(i) {
                    missing.push((s.scope, target));
                }
            }
            let mut budget = MAX_SUGGESTIONS;
            for (sc, name) in missing {
                if is_unknown_name(name)
                    || self.lookup(sc, name).is_some()
                    || table.contains_key(&(sc, name))
                {
                    continue;
                }
                let found = if budget > 0 {
                    budget -= 1;
                    let names = self.states_in(sc).map(|(_, s)| s.name);
                    crate::suggest::closest_all(name, names)
                        .into_iter()
                        .filter_map(|n| self.lookup(sc, n))
                        .collect()
                } else {
                    Vec::new()
                };
                table.insert((sc, name), found);
            }
            table
        });
        table.get(&(scope, name)).map_or(&[], Vec::as_slice)
    }

    /// The one state a missing name surely means, when its did-you-mean is unambiguous.
    pub fn suggest_state(&self, scope: usize, name: &'a str) -> Option<usize> {
        match self.suggest_states(scope, name) {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// The names of the states a missing name may mean, quoted and joined (`"A", "B" or "C"`).
    pub fn suggestion_text(&self, scope: usize, name: &'a str) -> Option<String> {
        let names: Vec<String> = self
            .suggest_states(scope, name)
            .iter()
            .map(|&i| format!("\"{}\"", self.states[i].name))
            .collect();
        match names.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            [init @ .., last] => Some(format!("{} or {last}", init.join(", "))),
        }
    }

    /// Where a transition (or `StartAt`) of `scope` naming `target` leads.
    pub fn follow(&self, scope: usize, target: &'a str) -> Follow<'_> {
        if let Some(i) = self.scopes[scope].by_name.get(target) {
            return Follow::States(std::slice::from_ref(i));
        }
        if is_unknown_name(target) || self.scopes[scope].workflow.open {
            return Follow::Anywhere;
        }
        match self.suggest_states(scope, target) {
            [] => Follow::Missing,
            some => Follow::States(some),
        }
    }

    pub fn finish(mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diags)
    }
}

/// Runs every check over a parsed machine.
pub fn run(machine: &StateMachine, options: &Options) -> Vec<Diagnostic> {
    let mut cx = Ctx::new(machine, options);
    for check in CHECKS {
        check(&mut cx);
    }
    cx.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_documented() {
        for pair in ALL.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} then {}",
                pair[0].code,
                pair[1].code
            );
        }
        for r in ALL {
            assert!(r.code.starts_with("ASL") && r.code.len() == 6, "{}", r.code);
            assert!(!r.summary.is_empty() && !r.fix.is_empty(), "{}", r.code);
            assert!(
                r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.name
            );
        }
    }
}
