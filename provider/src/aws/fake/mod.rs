//! An in-process Step Functions for unit tests: what the local emulator cannot reproduce.
//!
//! [`FakeSfn`] keeps state machines, versions, aliases, activities and tags in memory and follows
//! the AWS semantics the resources depend on:
//!
//! - ARNs are `arn:aws:states:us-east-1:123456789012:stateMachine:<name>`, versions `<arn>:<n>`
//!   (n increasing, never reused), aliases `<arn>:<alias>`;
//! - CreateStateMachine is idempotent: the same name with the same definition, type, logging,
//!   tracing, encryption, publish and version description returns the existing machine (the role
//!   and tags are ignored, as AWS does); any other difference is `StateMachineAlreadyExists`;
//!   a name whose machine is still being deleted is `StateMachineDeleting`;
//! - `publish = true` on create or update publishes a version and returns its ARN (an update that
//!   changes nothing since the latest version returns that version); DescribeStateMachine on a
//!   version ARN describes the version, with its description; ListStateMachineVersions lists
//!   newest first;
//! - DeleteStateMachine leaves the machine in status `DELETING` for a configurable number of
//!   later DescribeStateMachine calls (or creates with its name) before it disappears;
//! - ListStateMachines pages (page size configurable; each page is a logged call);
//! - CreateActivity is idempotent on the name (tags ignored), `ActivityAlreadyExists` when the
//!   encryption differs;
//! - creation dates are the real time, with milliseconds; the API's clock is ours
//!   ([`SfnApi::server_time_floor`] is exact), and [`FakeSfn::backdate`] makes an object older;
//! - GetCallerIdentity answers account [`ACCOUNT`] (scripted with [`FakeSfn::set_account`]).
//!
//! Faults are scripted per operation: [`FakeSfn::fail`] queues errors returned instead of doing
//! the call; [`FakeSfn::fail_after_apply`] does the call and then returns an error (a lost
//! response). Every call is logged ([`FakeSfn::calls`], [`FakeSfn::count`]).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};

use super::api::*;

/// The API calls: `impl SfnApi for FakeSfn`.
mod calls;

pub const REGION: &str = "us-east-1";
pub const ACCOUNT: &str = "123456789012";

/// The operations of [`SfnApi`], by their AWS names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    CreateStateMachine,
    DescribeStateMachine,
    UpdateStateMachine,
    DeleteStateMachine,
    ListStateMachines,
    ListTagsForResource,
    TagResource,
    UntagResource,
    ValidateStateMachineDefinition,
    ListStateMachineVersions,
    CreateStateMachineAlias,
    DescribeStateMachineAlias,
    UpdateStateMachineAlias,
    DeleteStateMachineAlias,
    CreateActivity,
    DescribeActivity,
    DeleteActivity,
    ListActivities,
    ListStateMachineAliases,
    GetCallerIdentity,
}

/// One logged call: the operation and what it was about (an ARN, a name, a page number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub op: Op,
    pub target: String,
}

#[derive(Debug, Clone)]
enum Fault {
    /// Returned instead of doing the call.
    Before(ApiError),
    /// The call is done, then this error is returned: the answer was lost.
    After(ApiError),
}

#[derive(Debug, Clone)]
struct Version {
    n: u64,
    definition: String,
    role_arn: String,
    logging: Logging,
    tracing: bool,
    encryption: Option<Encryption>,
    description: Option<String>,
    revision: u64,
    creation_date: String,
}

#[derive(Debug, Clone)]
struct FakeMachine {
    seq: u64,
    arn: String,
    name: String,
    kind: String,
    definition: String,
    role_arn: String,
    logging: Logging,
    tracing: bool,
    encryption: Option<Encryption>,
    creation_date: String,
    /// Bumped by every update.
    revision: u64,
    /// `Some(n)`: DELETING, gone after `n` more describes.
    deleting: Option<u32>,
    versions: Vec<Version>,
    next_version: u64,
    /// What the create was called with, for idempotency.
    created_publish: bool,
    created_version_description: Option<String>,
}

impl FakeMachine {
    fn status(&self) -> &'static str {
        if self.deleting.is_some() {
            "DELETING"
        } else {
            "ACTIVE"
        }
    }

    fn revision_id(&self) -> String {
        format!("rev-{:04}", self.revision)
    }

    fn describe(&self) -> Machine {
        Machine {
            arn: self.arn.clone(),
            name: self.name.clone(),
            status: self.status().to_string(),
            definition: self.definition.clone(),
            role_arn: self.role_arn.clone(),
            kind: self.kind.clone(),
            creation_date: self.creation_date.clone(),
            logging: Some(self.logging.clone()),
            tracing: self.tracing,
            encryption: self.encryption.clone(),
            revision_id: Some(self.revision_id()),
            description: None,
        }
    }

    fn publish(&mut self, description: Option<String>, date: String) -> String {
        if let Some(latest) = self.versions.last() {
            if latest.revision == self.revision {
                return format!("{}:{}", self.arn, latest.n);
            }
        }
        self.next_version += 1;
        let n = self.next_version;
        self.versions.push(Version {
            n,
            definition: self.definition.clone(),
            role_arn: self.role_arn.clone(),
            logging: self.logging.clone(),
            tracing: self.tracing,
            encryption: self.encryption.clone(),
            description,
            revision: self.revision,
            creation_date: date,
        });
        format!("{}:{n}", self.arn)
    }
}

#[derive(Debug, Clone)]
struct FakeActivity {
    arn: String,
    name: String,
    creation_date: String,
    encryption: Option<Encryption>,
}

#[derive(Default)]
struct Inner {
    machines: BTreeMap<String, FakeMachine>,
    aliases: BTreeMap<String, Alias>,
    activities: BTreeMap<String, FakeActivity>,
    tags: HashMap<String, BTreeMap<String, String>>,
    faults: HashMap<Op, VecDeque<Fault>>,
    calls: Vec<Call>,
    seq: u64,
    deleting_describes: u32,
    page_size: usize,
    validation: Option<Vec<RemoteDiagnostic>>,
    account: Option<String>,
}

impl Inner {
    /// Now, as a creation date (and the next sequence number, for ordering).
    fn next_date(&mut self) -> String {
        self.seq += 1;
        format_time(std::time::SystemTime::now())
    }

    /// Logs the call and takes the next scripted fault for it, if any.
    fn enter(&mut self, op: Op, target: &str) -> Option<Fault> {
        self.calls.push(Call {
            op,
            target: target.to_string(),
        });
        self.faults.get_mut(&op).and_then(VecDeque::pop_front)
    }

    /// A machine by ARN; a DELETING machine counts down and disappears when `tick` is set.
    fn machine(&mut self, arn: &str, tick: bool) -> ApiResult<&mut FakeMachine> {
        let gone = match self.machines.get_mut(arn) {
            None => true,
            Some(m) => match m.deleting {
                Some(0) => true,
                Some(n) if tick => {
                    m.deleting = Some(n - 1);
                    false
                }
                _ => false,
            },
        };
        if gone {
            self.remove_machine(arn);
            return Err(does_not_exist(arn));
        }
        self.machines
            .get_mut(arn)
            .ok_or_else(|| does_not_exist(arn))
    }

    fn remove_machine(&mut self, arn: &str) {
        if self.machines.remove(arn).is_some() {
            let prefix = format!("{arn}:");
            self.aliases.retain(|k, _| !k.starts_with(&prefix));
            self.tags.remove(arn);
        }
    }
}

fn does_not_exist(arn: &str) -> ApiError {
    ApiError::new(
        "StateMachineDoesNotExist",
        format!("State Machine Does Not Exist: '{arn}'"),
    )
}

pub fn machine_arn(name: &str) -> String {
    format!("arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}")
}

pub fn activity_arn(name: &str) -> String {
    format!("arn:aws:states:{REGION}:{ACCOUNT}:activity:{name}")
}

/// `<machine arn>:<suffix>` -> (machine ARN, suffix), for version and alias ARNs.
fn split_qualified(arn: &str) -> Option<(&str, &str)> {
    if arn.split(':').count() != 8 {
        return None;
    }
    arn.rsplit_once(':')
}

fn normalized_logging(l: Option<&Logging>) -> Logging {
    l.cloned().unwrap_or(Logging {
        level: "OFF".into(),
        ..Logging::default()
    })
}

fn same_encryption(a: Option<&Encryption>, b: Option<&Encryption>) -> bool {
    let norm = |e: Option<&Encryption>| {
        e.cloned().unwrap_or(Encryption {
            kind: "AWS_OWNED_KEY".into(),
            ..Encryption::default()
        })
    };
    norm(a) == norm(b)
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 80
        && !name
            .chars()
            .any(|c| c.is_whitespace() || "?*<>{}[]\"#%\\^|~`$&,;:/".contains(c))
}

fn check_definition(definition: &str) -> ApiResult<()> {
    match serde_json::from_str::<serde_json::Value>(definition) {
        Ok(v) if v.get("States").is_some() && v.get("StartAt").is_some() => Ok(()),
        _ => Err(ApiError::new(
            "InvalidDefinition",
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED at /'",
        )),
    }
}

fn check_tags(existing: usize, tags: &[(String, String)]) -> ApiResult<()> {
    if existing + tags.len() > 50 {
        return Err(ApiError::new(
            "TooManyTags",
            "The number of tags exceeds the limit of 50",
        ));
    }
    Ok(())
}

/// A Step Functions API in memory. Shared between the test and the resources through an `Arc`.
pub struct FakeSfn {
    inner: Mutex<Inner>,
}

impl Default for FakeSfn {
    fn default() -> Self {
        FakeSfn::new()
    }
}

impl FakeSfn {
    pub fn new() -> FakeSfn {
        FakeSfn {
            inner: Mutex::new(Inner {
                deleting_describes: 2,
                page_size: 100,
                ..Inner::default()
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A test that panicked while holding the lock has already failed.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// How many DescribeStateMachine calls (or creates with its name) still see a deleted
    /// machine as DELETING before it is gone. Applies to later deletes.
    pub fn set_deleting_describes(&self, n: u32) {
        self.lock().deleting_describes = n;
    }

    /// Machines per ListStateMachines page.
    pub fn set_page_size(&self, n: usize) {
        self.lock().page_size = n.max(1);
    }

    /// What ValidateStateMachineDefinition answers (default: nothing for a definition with
    /// `StartAt` and `States`, one error otherwise).
    pub fn set_validation(&self, diagnostics: Vec<RemoteDiagnostic>) {
        self.lock().validation = Some(diagnostics);
    }

    /// The next `times` calls of `op` fail with `error`, doing nothing.
    pub fn fail(&self, op: Op, times: usize, error: ApiError) {
        let mut inner = self.lock();
        let q = inner.faults.entry(op).or_default();
        q.extend(std::iter::repeat_n(Fault::Before(error), times));
    }

    /// The next call of `op` is done, then `error` is returned (the answer was lost).
    pub fn fail_after_apply(&self, op: Op, error: ApiError) {
        self.lock()
            .faults
            .entry(op)
            .or_default()
            .push_back(Fault::After(error));
    }

    /// Scripted faults not yet consumed.
    pub fn pending_faults(&self, op: Op) -> usize {
        self.lock().faults.get(&op).map_or(0, VecDeque::len)
    }

    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    pub fn count(&self, op: Op) -> usize {
        self.lock().calls.iter().filter(|c| c.op == op).count()
    }

    pub fn clear_calls(&self) {
        self.lock().calls.clear();
    }

    /// Machines that exist (ACTIVE or DELETING): (name, ARN), in creation order.
    pub fn machines(&self) -> Vec<(String, String)> {
        let inner = self.lock();
        let mut all: Vec<_> = inner.machines.values().collect();
        all.sort_by_key(|m| m.seq);
        all.iter()
            .map(|m| (m.name.clone(), m.arn.clone()))
            .collect()
    }

    pub fn status(&self, arn: &str) -> Option<String> {
        self.lock()
            .machines
            .get(arn)
            .map(|m| m.status().to_string())
    }

    pub fn tags_of(&self, arn: &str) -> Vec<(String, String)> {
        self.lock()
            .tags
            .get(arn)
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    }

    /// Makes a machine, alias or activity look created `by` earlier (as someone else's would be).
    pub fn backdate(&self, arn: &str, by: std::time::Duration) {
        let date = self.created_at(arn).and_then(|d| parse_time(&d));
        if let Some(t) = date {
            self.set_created(arn, t - by);
        }
    }

    /// Sets the creation date of a machine, alias or activity.
    pub fn set_created(&self, arn: &str, t: std::time::SystemTime) {
        let date = format_time(t);
        let mut inner = self.lock();
        if let Some(m) = inner.machines.get_mut(arn) {
            m.creation_date = date.clone();
        }
        if let Some(a) = inner.aliases.get_mut(arn) {
            a.creation_date = date.clone();
        }
        if let Some(a) = inner.activities.get_mut(arn) {
            a.creation_date = date;
        }
    }

    fn created_at(&self, arn: &str) -> Option<String> {
        let inner = self.lock();
        inner
            .machines
            .get(arn)
            .map(|m| m.creation_date.clone())
            .or_else(|| inner.aliases.get(arn).map(|a| a.creation_date.clone()))
            .or_else(|| inner.activities.get(arn).map(|a| a.creation_date.clone()))
    }

    /// Activities that exist: (name, ARN).
    pub fn activities(&self) -> Vec<(String, String)> {
        self.lock()
            .activities
            .values()
            .map(|a| (a.name.clone(), a.arn.clone()))
            .collect()
    }

    /// The account GetCallerIdentity reports.
    pub fn set_account(&self, account: &str) {
        self.lock().account = Some(account.to_string());
    }

    /// Tags an object behind Terraform's back.
    pub fn set_tags_outside(&self, arn: &str, tags: &[(&str, &str)]) {
        self.lock().tags.insert(
            arn.to_string(),
            tags.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
    }

    /// The versions of a machine, oldest first: (ARN, definition, description).
    pub fn versions_of(&self, arn: &str) -> Vec<(String, String, Option<String>)> {
        self.lock()
            .machines
            .get(arn)
            .map(|m| {
                m.versions
                    .iter()
                    .map(|v| {
                        (
                            format!("{}:{}", m.arn, v.n),
                            v.definition.clone(),
                            v.description.clone(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The alias's routes (version ARN, weight), if it exists.
    pub fn routes_of(&self, alias_arn: &str) -> Option<Vec<(String, i64)>> {
        self.lock().aliases.get(alias_arn).map(|a| {
            a.routes
                .iter()
                .map(|r| (r.version_arn.clone(), r.weight))
                .collect()
        })
    }

    /// Changes a machine behind Terraform's back (as the console or another tool would).
    pub fn set_definition_outside(&self, arn: &str, definition: &str) {
        let mut inner = self.lock();
        if let Some(m) = inner.machines.get_mut(arn) {
            m.definition = definition.to_string();
            m.revision += 1;
        }
    }

    /// Deletes a machine behind Terraform's back; it is then DELETING for the configured number
    /// of describes.
    pub fn delete_outside(&self, arn: &str) {
        let mut inner = self.lock();
        let n = inner.deleting_describes;
        if let Some(m) = inner.machines.get_mut(arn) {
            m.deleting = Some(n);
        }
    }

    /// Runs `apply` under the lock after logging the call and applying any scripted fault.
    fn call<T>(
        &self,
        op: Op,
        target: &str,
        apply: impl FnOnce(&mut Inner) -> ApiResult<T>,
    ) -> ApiResult<T> {
        let mut inner = self.lock();
        match inner.enter(op, target) {
            Some(Fault::Before(e)) => Err(e),
            Some(Fault::After(e)) => {
                let _ = apply(&mut inner);
                Err(e)
            }
            None => apply(&mut inner),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEF: &str = r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#;
    const ROLE: &str = "arn:aws:iam::123456789012:role/sfn";

    fn spec(name: &str) -> MachineSpec {
        MachineSpec {
            name: name.into(),
            definition: DEF.into(),
            role_arn: ROLE.into(),
            kind: "STANDARD".into(),
            ..MachineSpec::default()
        }
    }

    #[tokio::test]
    async fn create_is_idempotent_and_conflicts_on_differences() {
        let f = FakeSfn::new();
        let a = f.create_state_machine(&spec("orders")).await.unwrap();
        assert_eq!(a.arn, machine_arn("orders"));
        // Same settings, another role: AWS ignores the role and returns the machine.
        let mut again = spec("orders");
        again.role_arn = "arn:aws:iam::123456789012:role/other".into();
        assert_eq!(f.create_state_machine(&again).await.unwrap().arn, a.arn);
        let mut other = spec("orders");
        other.definition = r#"{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}"#.into();
        let e = f.create_state_machine(&other).await.unwrap_err();
        assert_eq!(e.code, "StateMachineAlreadyExists");
        assert_eq!(f.machines().len(), 1);
    }

    #[tokio::test]
    async fn versions_are_numbered_and_described() {
        let f = FakeSfn::new();
        let mut s = spec("orders");
        s.publish = true;
        s.version_description = Some("first".into());
        let c = f.create_state_machine(&s).await.unwrap();
        assert_eq!(c.version_arn.as_deref(), Some(&*format!("{}:1", c.arn)));
        let u = f
            .update_state_machine(
                &c.arn,
                &MachineUpdate {
                    definition: Some(
                        r#"{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}"#.into(),
                    ),
                    publish: true,
                    version_description: Some("second".into()),
                    ..MachineUpdate::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(u.version_arn, Some(format!("{}:2", c.arn)));
        let listed: Vec<String> = f
            .list_versions(&c.arn)
            .await
            .unwrap()
            .into_iter()
            .map(|v| v.arn)
            .collect();
        assert_eq!(listed, vec![format!("{}:2", c.arn), format!("{}:1", c.arn)]);
        let v1 = f
            .describe_state_machine(&format!("{}:1", c.arn))
            .await
            .unwrap();
        assert_eq!(v1.description.as_deref(), Some("first"));
        assert_eq!(v1.definition, DEF);
        assert!(f
            .describe_state_machine(&format!("{}:3", c.arn))
            .await
            .unwrap_err()
            .is_not_found());
    }

    #[tokio::test]
    async fn deletes_go_through_deleting() {
        let f = FakeSfn::new();
        f.set_deleting_describes(2);
        let c = f.create_state_machine(&spec("orders")).await.unwrap();
        f.delete_state_machine(&c.arn).await.unwrap();
        for _ in 0..2 {
            assert_eq!(
                f.describe_state_machine(&c.arn).await.unwrap().status,
                "DELETING"
            );
        }
        assert!(f
            .describe_state_machine(&c.arn)
            .await
            .unwrap_err()
            .is_not_found());
        assert!(f.machines().is_empty());
    }

    #[tokio::test]
    async fn faults_are_scripted_per_operation() {
        let f = FakeSfn::new();
        f.fail(
            Op::CreateStateMachine,
            2,
            ApiError::new("AccessDeniedException", "denied"),
        );
        assert!(f.create_state_machine(&spec("a")).await.is_err());
        assert!(f.create_state_machine(&spec("a")).await.is_err());
        assert!(f.create_state_machine(&spec("a")).await.is_ok());
        f.fail_after_apply(
            Op::CreateStateMachine,
            ApiError::new("NetworkError", "lost"),
        );
        assert!(f.create_state_machine(&spec("b")).await.is_err());
        assert_eq!(f.machines().len(), 2);
        assert_eq!(f.count(Op::CreateStateMachine), 4);
    }
}
