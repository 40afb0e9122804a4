//! [`SfnApi`] for [`FakeSfn`]: each call under the lock, after its scripted fault.

use async_trait::async_trait;

use super::*;

#[async_trait]
impl SfnApi for FakeSfn {
    async fn create_state_machine(&self, spec: &MachineSpec) -> ApiResult<Created> {
        self.call(Op::CreateStateMachine, &spec.name, |inner| {
            if !valid_name(&spec.name) {
                return Err(ApiError::new(
                    "InvalidName",
                    format!("Invalid Name: '{}'", spec.name),
                ));
            }
            if !["STANDARD", "EXPRESS"].contains(&spec.kind.as_str()) {
                return Err(ApiError::new(
                    "ValidationException",
                    format!("1 validation error detected: Value '{}' at 'type' failed to satisfy constraint", spec.kind),
                ));
            }
            if !(spec.role_arn.starts_with("arn:aws:iam::") && spec.role_arn.contains(":role/")) {
                return Err(ApiError::new(
                    "InvalidArn",
                    format!("Invalid Arn: 'Resource type not valid in this context: {}'", spec.role_arn),
                ));
            }
            check_definition(&spec.definition)?;
            check_tags(0, &spec.tags)?;
            if spec.version_description.is_some() && !spec.publish {
                return Err(ApiError::new(
                    "ValidationException",
                    "Version description can only be set when publish is true",
                ));
            }
            let arn = machine_arn(&spec.name);
            let logging = normalized_logging(spec.logging.as_ref());
            let tracing = spec.tracing.unwrap_or(false);
            if inner.machines.contains_key(&arn) {
                // A machine being deleted blocks its name; each attempt lets time pass.
                let m = inner.machine(&arn, true);
                if let Ok(m) = m {
                    if m.deleting.is_some() {
                        return Err(ApiError::new(
                            "StateMachineDeleting",
                            format!("State machine is being deleted: '{arn}'"),
                        ));
                    }
                    let same = m.definition == spec.definition
                        && m.kind == spec.kind
                        && m.logging == logging
                        && m.tracing == tracing
                        && same_encryption(m.encryption.as_ref(), spec.encryption.as_ref())
                        && m.created_publish == spec.publish
                        && m.created_version_description == spec.version_description;
                    if !same {
                        return Err(ApiError::new(
                            "StateMachineAlreadyExists",
                            format!("State Machine Already Exists: '{arn}'"),
                        ));
                    }
                    return Ok(Created {
                        arn: m.arn.clone(),
                        creation_date: m.creation_date.clone(),
                        version_arn: spec
                            .publish
                            .then(|| m.versions.last().map(|v| format!("{}:{}", m.arn, v.n)))
                            .flatten(),
                    });
                }
            }
            let date = inner.next_date();
            let seq = inner.seq;
            let mut m = FakeMachine {
                seq,
                arn: arn.clone(),
                name: spec.name.clone(),
                kind: spec.kind.clone(),
                definition: spec.definition.clone(),
                role_arn: spec.role_arn.clone(),
                logging,
                tracing,
                encryption: spec.encryption.clone(),
                creation_date: date.clone(),
                revision: 1,
                deleting: None,
                versions: Vec::new(),
                next_version: 0,
                created_publish: spec.publish,
                created_version_description: spec.version_description.clone(),
            };
            let version_arn = spec
                .publish
                .then(|| m.publish(spec.version_description.clone(), date.clone()));
            inner.machines.insert(arn.clone(), m);
            inner
                .tags
                .insert(arn.clone(), spec.tags.iter().cloned().collect());
            Ok(Created {
                arn,
                creation_date: date,
                version_arn,
            })
        })
    }

    async fn describe_state_machine(&self, arn: &str) -> ApiResult<Machine> {
        self.call(Op::DescribeStateMachine, arn, |inner| {
            if let Some((machine, suffix)) = split_qualified(arn) {
                let n: u64 = suffix.parse().map_err(|_| does_not_exist(arn))?;
                let m = inner.machine(machine, false)?;
                let v = m
                    .versions
                    .iter()
                    .find(|v| v.n == n)
                    .ok_or_else(|| does_not_exist(arn))?;
                return Ok(Machine {
                    arn: arn.to_string(),
                    name: m.name.clone(),
                    status: m.status().to_string(),
                    definition: v.definition.clone(),
                    role_arn: v.role_arn.clone(),
                    kind: m.kind.clone(),
                    creation_date: v.creation_date.clone(),
                    logging: Some(v.logging.clone()),
                    tracing: v.tracing,
                    encryption: v.encryption.clone(),
                    revision_id: Some(format!("rev-{:04}", v.revision)),
                    description: v.description.clone(),
                });
            }
            inner.machine(arn, true).map(|m| m.describe())
        })
    }

    async fn update_state_machine(&self, arn: &str, u: &MachineUpdate) -> ApiResult<Updated> {
        self.call(Op::UpdateStateMachine, arn, |inner| {
            if !u.changes_something() {
                return Err(ApiError::new(
                    "MissingRequiredParameter",
                    "Either the definition, the role ARN, the LoggingConfiguration, the EncryptionConfiguration or the TracingConfiguration must be specified",
                ));
            }
            if u.version_description.is_some() && !u.publish {
                return Err(ApiError::new(
                    "ValidationException",
                    "Version description can only be set when publish is true",
                ));
            }
            if let Some(d) = &u.definition {
                check_definition(d)?;
            }
            let date = inner.next_date();
            let m = inner.machine(arn, false)?;
            if m.deleting.is_some() {
                return Err(ApiError::new(
                    "StateMachineDeleting",
                    format!("State machine is being deleted: '{arn}'"),
                ));
            }
            let mut changed = false;
            if let Some(d) = &u.definition {
                changed |= *d != m.definition;
                m.definition = d.clone();
            }
            if let Some(r) = &u.role_arn {
                changed |= *r != m.role_arn;
                m.role_arn = r.clone();
            }
            if let Some(l) = &u.logging {
                changed |= *l != m.logging;
                m.logging = l.clone();
            }
            if let Some(t) = u.tracing {
                changed |= t != m.tracing;
                m.tracing = t;
            }
            if let Some(e) = &u.encryption {
                changed |= !same_encryption(Some(e), m.encryption.as_ref());
                m.encryption = Some(e.clone());
            }
            if changed {
                m.revision += 1;
            }
            let version_arn = u
                .publish
                .then(|| m.publish(u.version_description.clone(), date));
            Ok(Updated {
                revision_id: Some(m.revision_id()),
                version_arn,
            })
        })
    }

    async fn delete_state_machine(&self, arn: &str) -> ApiResult<()> {
        self.call(Op::DeleteStateMachine, arn, |inner| {
            let n = inner.deleting_describes;
            // AWS answers success for a machine that does not exist (any more).
            if let Ok(m) = inner.machine(arn, false) {
                if m.deleting.is_none() {
                    m.deleting = Some(n);
                }
            }
            Ok(())
        })
    }

    async fn list_state_machines(&self) -> ApiResult<Vec<(String, String)>> {
        let all = self.machines();
        let page_size = self.lock().page_size;
        let pages = all.len().div_ceil(page_size).max(1);
        let mut out = Vec::new();
        for page in 0..pages {
            let items: Vec<_> = all
                .iter()
                .skip(page * page_size)
                .take(page_size)
                .cloned()
                .collect();
            out.extend(
                self.call(Op::ListStateMachines, &format!("page {}", page + 1), |_| {
                    Ok(items)
                })?,
            );
        }
        Ok(out)
    }

    async fn list_tags(&self, arn: &str) -> ApiResult<Vec<(String, String)>> {
        self.call(Op::ListTagsForResource, arn, |inner| {
            inner
                .tags
                .get(arn)
                .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .ok_or_else(|| {
                    ApiError::new("ResourceNotFound", format!("Resource not found: '{arn}'"))
                })
        })
    }

    async fn tag(&self, arn: &str, tags: &[(String, String)]) -> ApiResult<()> {
        self.call(Op::TagResource, arn, |inner| {
            let existing = inner.tags.get_mut(arn).ok_or_else(|| {
                ApiError::new("ResourceNotFound", format!("Resource not found: '{arn}'"))
            })?;
            let added = tags
                .iter()
                .filter(|(k, _)| !existing.contains_key(k))
                .count();
            if existing.len() + added > 50 {
                return Err(ApiError::new(
                    "TooManyTags",
                    "The number of tags exceeds the limit of 50",
                ));
            }
            for (k, v) in tags {
                existing.insert(k.clone(), v.clone());
            }
            Ok(())
        })
    }

    async fn untag(&self, arn: &str, keys: &[String]) -> ApiResult<()> {
        self.call(Op::UntagResource, arn, |inner| {
            let existing = inner.tags.get_mut(arn).ok_or_else(|| {
                ApiError::new("ResourceNotFound", format!("Resource not found: '{arn}'"))
            })?;
            for k in keys {
                existing.remove(k);
            }
            Ok(())
        })
    }

    async fn validate_definition(
        &self,
        definition: &str,
        kind: &str,
    ) -> ApiResult<Vec<RemoteDiagnostic>> {
        self.call(Op::ValidateStateMachineDefinition, kind, |inner| {
            Ok(match &inner.validation {
                Some(d) => d.clone(),
                None => match check_definition(definition) {
                    Ok(()) => Vec::new(),
                    Err(e) => vec![RemoteDiagnostic {
                        severity: "ERROR".into(),
                        code: "SCHEMA_VALIDATION_FAILED".into(),
                        message: e.message,
                        location: Some("/".into()),
                    }],
                },
            })
        })
    }

    async fn list_versions(&self, arn: &str) -> ApiResult<Vec<VersionItem>> {
        self.call(Op::ListStateMachineVersions, arn, |inner| {
            let m = inner.machine(arn, false)?;
            Ok(m.versions
                .iter()
                .rev()
                .map(|v| VersionItem {
                    arn: format!("{}:{}", m.arn, v.n),
                    creation_date: v.creation_date.clone(),
                })
                .collect())
        })
    }

    async fn list_aliases(&self, machine_arn: &str) -> ApiResult<Vec<AliasItem>> {
        self.call(Op::ListStateMachineAliases, machine_arn, |inner| {
            inner.machine(machine_arn, false)?;
            let prefix = format!("{machine_arn}:");
            Ok(inner
                .aliases
                .values()
                .filter(|a| a.arn.starts_with(&prefix))
                .map(|a| AliasItem {
                    name: a.name.clone(),
                    arn: a.arn.clone(),
                    creation_date: a.creation_date.clone(),
                })
                .collect())
        })
    }

    async fn create_alias(
        &self,
        name: &str,
        description: Option<&str>,
        routes: &[Route],
    ) -> ApiResult<(String, String)> {
        self.call(Op::CreateStateMachineAlias, name, |inner| {
            let machine = check_routes(inner, routes)?;
            let arn = format!("{machine}:{name}");
            if let Some(a) = inner.aliases.get(&arn) {
                // Idempotent for the same settings, a conflict otherwise.
                if a.description.as_deref() == description && a.routes == routes {
                    return Ok((a.arn.clone(), a.creation_date.clone()));
                }
                return Err(ApiError::new(
                    "ConflictException",
                    format!("Alias already exists with different settings: '{arn}'"),
                ));
            }
            let date = inner.next_date();
            inner.aliases.insert(
                arn.clone(),
                Alias {
                    arn: arn.clone(),
                    name: name.to_string(),
                    description: description.map(str::to_string),
                    routes: routes.to_vec(),
                    creation_date: date.clone(),
                },
            );
            Ok((arn, date))
        })
    }

    async fn describe_alias(&self, arn: &str) -> ApiResult<Alias> {
        self.call(Op::DescribeStateMachineAlias, arn, |inner| {
            inner.aliases.get(arn).cloned().ok_or_else(|| {
                ApiError::new("ResourceNotFound", format!("Resource not found: '{arn}'"))
            })
        })
    }

    async fn update_alias(
        &self,
        arn: &str,
        description: Option<&str>,
        routes: &[Route],
    ) -> ApiResult<()> {
        self.call(Op::UpdateStateMachineAlias, arn, |inner| {
            let machine = check_routes(inner, routes)?;
            let a = inner.aliases.get_mut(arn).ok_or_else(|| {
                ApiError::new("ResourceNotFound", format!("Resource not found: '{arn}'"))
            })?;
            if !a.arn.starts_with(&format!("{machine}:")) {
                return Err(ApiError::new(
                    "ValidationException",
                    "Routing configuration must reference versions of the alias's state machine",
                ));
            }
            a.description = description.map(str::to_string);
            a.routes = routes.to_vec();
            Ok(())
        })
    }

    async fn delete_alias(&self, arn: &str) -> ApiResult<()> {
        self.call(Op::DeleteStateMachineAlias, arn, |inner| {
            inner.aliases.remove(arn);
            Ok(())
        })
    }

    async fn create_activity(
        &self,
        name: &str,
        tags: &[(String, String)],
        encryption: Option<&Encryption>,
    ) -> ApiResult<(String, String)> {
        self.call(Op::CreateActivity, name, |inner| {
            if !valid_name(name) {
                return Err(ApiError::new(
                    "InvalidName",
                    format!("Invalid Name: '{name}'"),
                ));
            }
            check_tags(0, tags)?;
            let arn = activity_arn(name);
            if let Some(a) = inner.activities.get(&arn) {
                // Idempotent on the name, tags ignored, as AWS does.
                if !same_encryption(a.encryption.as_ref(), encryption) {
                    return Err(ApiError::new(
                        "ActivityAlreadyExists",
                        "Activity already exists. EncryptionConfiguration may not be updated.",
                    ));
                }
                return Ok((a.arn.clone(), a.creation_date.clone()));
            }
            let date = inner.next_date();
            inner.activities.insert(
                arn.clone(),
                FakeActivity {
                    arn: arn.clone(),
                    name: name.to_string(),
                    creation_date: date.clone(),
                    encryption: encryption.cloned(),
                },
            );
            inner
                .tags
                .insert(arn.clone(), tags.iter().cloned().collect());
            Ok((arn, date))
        })
    }

    async fn describe_activity(&self, arn: &str) -> ApiResult<Activity> {
        self.call(Op::DescribeActivity, arn, |inner| {
            inner
                .activities
                .get(arn)
                .map(|a| Activity {
                    arn: a.arn.clone(),
                    name: a.name.clone(),
                    creation_date: a.creation_date.clone(),
                    encryption: a.encryption.clone(),
                })
                .ok_or_else(|| {
                    ApiError::new(
                        "ActivityDoesNotExist",
                        format!("Activity Does Not Exist: '{arn}'"),
                    )
                })
        })
    }

    async fn delete_activity(&self, arn: &str) -> ApiResult<()> {
        self.call(Op::DeleteActivity, arn, |inner| {
            inner.activities.remove(arn);
            inner.tags.remove(arn);
            Ok(())
        })
    }

    async fn list_activities(&self) -> ApiResult<Vec<(String, String)>> {
        self.call(Op::ListActivities, "", |inner| {
            Ok(inner
                .activities
                .values()
                .map(|a| (a.name.clone(), a.arn.clone()))
                .collect())
        })
    }

    async fn caller_identity(&self) -> ApiResult<Identity> {
        self.call(Op::GetCallerIdentity, "", |inner| {
            let account = inner.account.clone().unwrap_or_else(|| ACCOUNT.to_string());
            Ok(Identity {
                arn: format!("arn:aws:iam::{account}:user/ci"),
                account,
            })
        })
    }

    fn region(&self) -> Option<String> {
        Some(REGION.to_string())
    }

    fn server_time_floor(&self, local: std::time::SystemTime) -> std::time::SystemTime {
        local
    }
}

/// The alias routing rules AWS enforces; returns the machine ARN the routes belong to.
fn check_routes(inner: &mut Inner, routes: &[Route]) -> ApiResult<String> {
    let invalid = |m: String| ApiError::new("ValidationException", m);
    if routes.is_empty() || routes.len() > 2 {
        return Err(invalid(format!(
            "Routing configuration must contain 1 or 2 routes, not {}",
            routes.len()
        )));
    }
    if routes.iter().map(|r| r.weight).sum::<i64>() != 100 {
        return Err(invalid("Routing weights must sum to 100".into()));
    }
    let mut machine = None;
    for r in routes {
        let (m, n) = split_qualified(&r.version_arn)
            .ok_or_else(|| invalid(format!("Invalid version ARN '{}'", r.version_arn)))?;
        let n: u64 = n
            .parse()
            .map_err(|_| invalid(format!("Invalid version ARN '{}'", r.version_arn)))?;
        if machine.is_some_and(|prev| prev != m) {
            return Err(invalid(
                "Routes must reference versions of the same state machine".into(),
            ));
        }
        machine = Some(m);
        let fm = inner.machine(m, false)?;
        if !fm.versions.iter().any(|v| v.n == n) {
            return Err(ApiError::new(
                "ResourceNotFound",
                format!("Version does not exist: '{}'", r.version_arn),
            ));
        }
    }
    if routes.len() == 2 && routes[0].version_arn == routes[1].version_arn {
        return Err(invalid(
            "Routes must reference two different versions".into(),
        ));
    }
    Ok(machine.unwrap_or_default().to_string())
}
