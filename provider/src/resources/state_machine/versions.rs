//! A machine's published versions: listing them (ListStateMachineVersions, or probing
//! DescribeStateMachine on `<arn>:<n>` where the API lacks it), and finding the version that
//! holds the machine's current definition and settings.

use crate::aws::api::{ApiResult, Machine, SfnApi, VersionItem};
use crate::resources::blocks::same_encryption;
use crate::session::Session;

/// How many of the newest versions are described when looking for one that holds the current
/// settings: the one a lost answer published is the newest, or close to it.
pub const SEARCH_DEPTH: usize = 5;

pub struct Versions<'a> {
    pub api: &'a dyn SfnApi,
    pub session: &'a Session,
}

/// The version number at the end of a version ARN.
pub fn number(version_arn: &str) -> Option<u64> {
    version_arn.rsplit_once(':')?.1.parse().ok()
}

/// Whether a version (DescribeStateMachine of its ARN) holds what the machine has now.
pub fn holds(version: &Machine, current: &Machine) -> bool {
    let off = |m: &Machine| {
        m.logging.clone().unwrap_or(crate::aws::api::Logging {
            level: "OFF".into(),
            ..Default::default()
        })
    };
    super::definition::same(&version.definition, &current.definition)
        && version.role_arn == current.role_arn
        && off(version) == off(current)
        && version.tracing == current.tracing
        && same_encryption(version.encryption.as_ref(), current.encryption.as_ref())
}

impl Versions<'_> {
    /// The versions, newest first, at most `limit` of them.
    pub async fn list(&self, arn: &str, limit: usize) -> ApiResult<Vec<VersionItem>> {
        if self.session.lists_versions() {
            match self.api.list_versions(arn).await {
                Ok(mut v) => {
                    v.truncate(limit);
                    return Ok(v);
                }
                Err(e) if e.is_not_found() || e.code.contains("AccessDenied") => return Err(e),
                Err(e) => {
                    tracing::debug!(code = %e.code, "ListStateMachineVersions failed; probing versions");
                    self.session.versions_unlisted();
                }
            }
        }
        let Some(latest) = self.probe_latest(arn).await else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for n in (1..=latest).rev() {
            if out.len() >= limit {
                break;
            }
            let varn = format!("{arn}:{n}");
            match self.api.describe_state_machine(&varn).await {
                Ok(v) => out.push(VersionItem {
                    arn: varn,
                    creation_date: v.creation_date,
                }),
                Err(e) if e.is_not_found() => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// The newest version's ARN, if any.
    pub async fn latest(&self, arn: &str) -> Option<String> {
        self.list(arn, 1)
            .await
            .ok()?
            .into_iter()
            .next()
            .map(|v| v.arn)
    }

    /// The highest version number, probing `<arn>:<n>`: doubling, then bisecting, so even a
    /// thousand versions take about twenty calls.
    async fn probe_latest(&self, arn: &str) -> Option<u64> {
        let exists = |n: u64| async move {
            self.api
                .describe_state_machine(&format!("{arn}:{n}"))
                .await
                .is_ok()
        };
        if !exists(1).await {
            return None;
        }
        let mut hi = 2u64;
        while exists(hi).await {
            hi = hi.saturating_mul(2);
            if hi > 1 << 20 {
                return None;
            }
        }
        let mut lo = hi / 2; // exists
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if exists(mid).await {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Some(lo)
    }

    /// The newest version that holds `current`'s definition and settings (and, if given, has
    /// that description), among the newest few.
    pub async fn holding(&self, current: &Machine, description: Option<&str>) -> Option<String> {
        let listed = self.list(&current.arn, SEARCH_DEPTH).await.ok()?;
        for v in listed {
            let Ok(described) = self.api.describe_state_machine(&v.arn).await else {
                continue;
            };
            let described_as = described.description.as_deref().filter(|d| !d.is_empty());
            if holds(&described, current) && description.is_none_or(|d| described_as == Some(d)) {
                return Some(v.arn);
            }
        }
        None
    }
}
