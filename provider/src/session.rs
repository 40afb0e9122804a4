//! What the resources and data sources of one provider process share: the provider
//! configuration, the AWS client (created on first use, after the account check), and what the
//! plan learned that another resource's plan needs (which state machines it replaces).

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tf_provider::{AttributePath, Diagnostics};

use crate::aws::api::{ApiError, Identity, SfnApi};
use crate::config::ProviderConfig;

#[derive(Default)]
pub struct Session {
    config: Mutex<ProviderConfig>,
    api: tokio::sync::OnceCell<Arc<dyn SfnApi>>,
    /// The caller's identity, or why it is not usable (summary, detail), once checked.
    identity: tokio::sync::OnceCell<Result<Identity, (String, String)>>,
    /// ARNs of state machines this plan replaces: their aliases must be replaced with them.
    replacing: Mutex<BTreeSet<String>>,
    /// ListStateMachineVersions failed once (some emulators lack it): probe versions instead.
    versions_unlisted: AtomicBool,
    /// The provider block's `rules`, for every resource and data source.
    pub rules: crate::rule_control::Defaults,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Session {
    /// For tests: a session whose API is the given implementation.
    #[cfg(test)]
    pub fn with_api(api: Arc<dyn SfnApi>, config: ProviderConfig) -> Session {
        Session {
            config: Mutex::new(config),
            api: tokio::sync::OnceCell::new_with(Some(api)),
            ..Session::default()
        }
    }

    pub fn configure(&self, config: ProviderConfig) {
        *lock(&self.config) = config;
    }

    pub fn config(&self) -> ProviderConfig {
        lock(&self.config).clone()
    }

    pub fn default_tags(&self) -> Vec<(String, String)> {
        lock(&self.config).default_tags.clone()
    }

    /// The Step Functions API, built from the provider configuration the first time a resource
    /// needs it: a plan that only compiles workflows never loads credentials. With
    /// `allowed_account_ids` or `forbidden_account_ids`, the caller's account is checked first:
    /// a wrong account gets no API at all, so nothing is read or changed there.
    pub async fn api(&self, diags: &mut Diagnostics) -> Option<Arc<dyn SfnApi>> {
        let api = self
            .api
            .get_or_init(|| async {
                let cfg = self.config();
                Arc::new(crate::aws::sdk::client(&cfg).await) as Arc<dyn SfnApi>
            })
            .await
            .clone();
        let cfg = self.config();
        if cfg.checks_account() {
            if let Err((summary, detail)) = self.identity_of(&*api, &cfg).await {
                diags.error(summary, detail, AttributePath::root());
                return None;
            }
        }
        Some(api)
    }

    async fn identity_of(
        &self,
        api: &dyn SfnApi,
        cfg: &ProviderConfig,
    ) -> Result<Identity, (String, String)> {
        self.identity
            .get_or_init(|| async {
                let id = api
                    .caller_identity()
                    .await
                    .map_err(|e| identity_failed(&e))?;
                account_allowed(&id.account, cfg)?;
                Ok(id)
            })
            .await
            .clone()
    }

    /// The caller's identity if it was already looked up (the account check does); no call.
    pub fn known_identity(&self) -> Option<Identity> {
        self.identity.get().and_then(|r| r.as_ref().ok()).cloned()
    }

    /// Notes that this plan replaces the state machine `arn`.
    pub fn plan_replacement(&self, arn: &str) {
        lock(&self.replacing).insert(arn.to_string());
    }

    /// Whether ListStateMachineVersions is worth calling (it has not failed in this process).
    pub fn lists_versions(&self) -> bool {
        !self.versions_unlisted.load(Ordering::Relaxed)
    }

    pub fn versions_unlisted(&self) {
        self.versions_unlisted.store(true, Ordering::Relaxed);
    }

    /// Whether this plan replaces the state machine `arn`.
    pub fn replaces(&self, arn: &str) -> bool {
        lock(&self.replacing).contains(arn)
    }
}

fn identity_failed(e: &ApiError) -> (String, String) {
    let (summary, detail, _) = crate::errors::parts("GetCallerIdentity", e, None);
    (
        summary,
        format!("{detail}\n\nThe provider checks the account of its credentials (allowed_account_ids / forbidden_account_ids) before any Step Functions call; STS must be reachable (see sts_endpoint)."),
    )
}

/// Whether `account` may be used under `allowed_account_ids` / `forbidden_account_ids`.
pub fn account_allowed(account: &str, cfg: &ProviderConfig) -> Result<(), (String, String)> {
    let refuse = |why: String| {
        Err((
            format!("SFN062 account-not-allowed: the credentials belong to AWS account {account}, {why}"),
            "Nothing was read or changed. Use credentials (or a profile, or assume_role) for an allowed account, or change the provider's allowed_account_ids / forbidden_account_ids.".to_string(),
        ))
    };
    if !cfg.allowed_account_ids.is_empty() && !cfg.allowed_account_ids.iter().any(|a| a == account)
    {
        return refuse(format!(
            "which is not in allowed_account_ids ({})",
            cfg.allowed_account_ids.join(", ")
        ));
    }
    if cfg.forbidden_account_ids.iter().any(|a| a == account) {
        return refuse("which is in forbidden_account_ids".to_string());
    }
    Ok(())
}
