//! The model Terraform compiles a converted workflow back into: what the conversion changes in
//! ways that do not change the workflow.

use crate::diagnostic::Path;
use crate::json::Json;
use crate::model::*;

fn sort_json(j: &mut Json) {
    match j {
        Json::Object(members) => {
            members.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            for (_, v) in members {
                sort_json(v);
            }
        }
        Json::Array(items) => items.iter_mut().for_each(sort_json),
        _ => {}
    }
}

fn sort_opt(j: &mut Option<Json>) {
    if let Some(j) = j {
        sort_json(j);
    }
}

fn sort_rule(r: &mut ChoiceRule) {
    sort_opt(&mut r.condition);
    sort_opt(&mut r.output);
    sort_opt(&mut r.assign);
    for (_, v) in &mut r.comparisons {
        sort_json(v);
    }
    for x in r.and.iter_mut().flatten().chain(r.or.iter_mut().flatten()) {
        sort_rule(x);
    }
    if let Some(x) = &mut r.not {
        sort_rule(x);
    }
}

/// Sorts the keys of payload objects the way Terraform hands them over (bytewise), except in the
/// workflows at `skip` (given as JSON text, which keeps its order).
pub(super) fn sort_workflow_payloads(w: &mut Workflow, path: &Path, skip: &[&Path]) {
    if skip.contains(&path) {
        return;
    }
    for (name, s) in &mut w.states {
        let sp = path.key("States").key(name);
        for v in [
            &mut s.parameters,
            &mut s.result_selector,
            &mut s.result,
            &mut s.arguments,
            &mut s.output,
            &mut s.assign,
            &mut s.credentials,
            &mut s.items,
            &mut s.item_selector,
        ] {
            sort_opt(v);
        }
        for c in s.catch.iter_mut().flatten() {
            sort_opt(&mut c.output);
            sort_opt(&mut c.assign);
        }
        for r in s.choices.iter_mut().flatten() {
            sort_rule(r);
        }
        if let Some(r) = &mut s.item_reader {
            sort_opt(&mut r.parameters);
            sort_opt(&mut r.arguments);
        }
        if let Some(b) = &mut s.item_batcher {
            sort_opt(&mut b.batch_input);
        }
        if let Some(rw) = &mut s.result_writer {
            sort_opt(&mut rw.parameters);
            sort_opt(&mut rw.arguments);
        }
        for (i, b) in s.branches.iter_mut().flatten().enumerate() {
            sort_workflow_payloads(b, &sp.key("Branches").index(i), skip);
        }
        if let Some(p) = &mut s.item_processor {
            sort_workflow_payloads(p, &sp.key("ItemProcessor"), skip);
        }
    }
}

/// Legacy field names the conversion writes under their current names (`Iterator` as
/// `item_processor`), except in the workflows at `skip` (given as JSON text, kept as written).
pub(super) fn current_names(w: &mut Workflow, path: &Path, skip: &[&Path]) {
    if skip.contains(&path) {
        return;
    }
    for (name, s) in &mut w.states {
        let sp = path.key("States").key(name);
        for (i, b) in s.branches.iter_mut().flatten().enumerate() {
            current_names(b, &sp.key("Branches").index(i), skip);
        }
        if let Some(p) = &mut s.item_processor {
            current_names(p, &sp.key("ItemProcessor"), skip);
        }
        if let Some(mut p) = s.iterator.take() {
            current_names(&mut p, &sp.key("Iterator"), skip);
            s.item_processor = Some(p);
        }
    }
}
