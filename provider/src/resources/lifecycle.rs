//! The lifecycle every managed resource shares, written once. A resource is a schema, a typed
//! state model (one serde struct next to its schema) and a [`Lifecycle`]: its checks, its plan
//! and its API calls. [`Managed`] turns that into tf-provider's `Resource` and owns the rules
//! that hold for all of them:
//!
//! - configuration errors are reported by `validate`, configuration warnings by the plan, each
//!   once: Terraform validates a configuration twice per plan (in the validate walk and again
//!   with the values the plan knows) and plans it once;
//! - an object that exists is never dropped from state: `create` returns a state whenever the
//!   object exists, errors or not; `update` always returns one (the prior values where a call
//!   failed); `read` drops an object only when the API says it is gone;
//! - import starts from the resource's seed and is a refresh;
//! - the steps that call AWS get the API client (built on first use, after the account check)
//!   and, past a create, the object's ARN from state: a resource writes only its API calls.

use std::future::Future;
use std::sync::Arc;

use async_trait::async_trait;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tf_provider::schema::Schema;
use tf_provider::{AttributePath, Diagnostics, Resource};

use crate::aws::api::{ApiResult, SfnApi};
use crate::errors::aws_error;
use crate::model::Value;
use crate::session::Session;
use crate::tfvalue::Raw;

/// What a lifecycle step can reach: the session (configuration, AWS client).
pub struct Ctx<'a> {
    pub session: &'a Session,
}

impl Ctx<'_> {
    pub async fn api(&self, diags: &mut Diagnostics) -> Option<Arc<dyn SfnApi>> {
        self.session.api(diags).await
    }

    pub fn default_tags(&self) -> Vec<(String, String)> {
        self.session.default_tags()
    }
}

/// The result of a refresh.
pub enum Refreshed<S> {
    /// The object as AWS has it now.
    Found(S),
    /// AWS says it no longer exists (or is being deleted).
    Gone,
    /// It could not be read: the prior state stays (the error is in the diagnostics).
    Kept(S),
}

/// A planned state and the attributes whose change replaces the object.
pub struct Planned<S> {
    pub state: S,
    pub replace: Vec<AttributePath>,
}

impl<S> Planned<S> {
    pub fn keep(state: S) -> Planned<S> {
        Planned {
            state,
            replace: Vec::new(),
        }
    }
}

#[async_trait]
pub trait Lifecycle: Send + Sync + 'static {
    /// The state model; configuration, proposed, planned and prior states share it.
    type State: Serialize + DeserializeOwned + Clone + Send + Sync + 'static;

    fn schema(&self) -> Schema;

    /// Checks of the configuration that need no AWS call, skipping values not yet known. Errors
    /// and warnings both: [`Managed`] reports each where it belongs.
    fn check(&self, ctx: &Ctx<'_>, config: &Self::State, diags: &mut Diagnostics);

    /// The planned state, computed from the proposed one (Terraform's merge of the
    /// configuration into the prior state), the configuration and, for an update, the prior.
    async fn plan(
        &self,
        ctx: &Ctx<'_>,
        prior: Option<&Self::State>,
        proposed: Self::State,
        config: &Self::State,
        diags: &mut Diagnostics,
    ) -> Option<Planned<Self::State>>;

    /// Creates the object; `Some` whenever it exists afterwards. The planned state holds the
    /// configuration's values and what the plan computed from them.
    async fn create(
        &self,
        ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        planned: Self::State,
        config: &Self::State,
        diags: &mut Diagnostics,
    ) -> Option<Self::State>;

    /// Reads the object `arn` that `prior` records.
    async fn read(
        &self,
        ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        arn: &str,
        prior: Self::State,
        diags: &mut Diagnostics,
    ) -> Refreshed<Self::State>;

    /// Applies the plan to `arn`; returns what is true afterwards (the prior values where a call
    /// failed).
    #[allow(clippy::too_many_arguments)]
    async fn update(
        &self,
        ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        arn: &str,
        prior: Self::State,
        planned: Self::State,
        config: &Self::State,
        diags: &mut Diagnostics,
    ) -> Self::State;

    /// Deletes `arn`; false keeps it in state.
    async fn delete(
        &self,
        ctx: &Ctx<'_>,
        api: &dyn SfnApi,
        arn: &str,
        prior: Self::State,
        diags: &mut Diagnostics,
    ) -> bool;

    /// The ARN of the object a state records; `None` before it was created.
    fn arn(state: &Self::State) -> Option<&str>;

    /// What the resource is called in messages ("state machine").
    fn noun(&self) -> &'static str;

    /// The state an import starts from, if `id` is a valid import ID.
    fn import_seed(&self, id: &str, diags: &mut Diagnostics) -> Option<Self::State>;

    /// Completes an imported state after its refresh.
    async fn imported(
        &self,
        _ctx: &Ctx<'_>,
        _api: &dyn SfnApi,
        state: Self::State,
        _diags: &mut Diagnostics,
    ) -> Option<Self::State> {
        Some(state)
    }
}

/// A [`Lifecycle`] served as a Terraform resource.
pub struct Managed<L> {
    pub lifecycle: L,
    pub session: Arc<Session>,
}

impl<L: Lifecycle> Managed<L> {
    pub fn new(lifecycle: L, session: Arc<Session>) -> Managed<L> {
        Managed { lifecycle, session }
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            session: &self.session,
        }
    }

    /// The configuration's warnings, for the plan (its errors were reported by `validate`).
    fn warnings(&self, config: &L::State, diags: &mut Diagnostics) {
        let mut found = Diagnostics::default();
        self.lifecycle.check(&self.ctx(), config, &mut found);
        diags.warnings.extend(found.warnings);
    }

    /// The refresh of `prior`: kept as it is when it records no object or AWS cannot be reached.
    async fn refresh(&self, prior: L::State, diags: &mut Diagnostics) -> Refreshed<L::State> {
        let ctx = self.ctx();
        let Some(arn) = L::arn(&prior).map(str::to_string) else {
            return Refreshed::Kept(prior);
        };
        let Some(api) = ctx.api(diags).await else {
            return Refreshed::Kept(prior);
        };
        self.lifecycle.read(&ctx, &*api, &arn, prior, diags).await
    }

    async fn plan(
        &self,
        diags: &mut Diagnostics,
        prior: Option<&L::State>,
        proposed: Value<L::State>,
        config: Value<L::State>,
    ) -> Option<Planned<L::State>> {
        let (Some(proposed), Some(config)) = (object(proposed, diags), object(config, diags))
        else {
            return None;
        };
        self.warnings(&config, diags);
        self.lifecycle
            .plan(&self.ctx(), prior, proposed, &config, diags)
            .await
    }
}

/// How a delete ends (`result` is the delete call's): done when it succeeded or the object is
/// gone, also when its answer was lost and `describe` now finds nothing; otherwise an error
/// naming the object (Terraform names no resource in a destroy's diagnostics), which stays in
/// state.
pub async fn deleted<T, F>(
    op: &str,
    arn: &str,
    result: ApiResult<()>,
    describe: impl FnOnce() -> F,
    diags: &mut Diagnostics,
) -> bool
where
    F: Future<Output = ApiResult<T>>,
{
    let Err(e) = result else {
        return true;
    };
    if e.is_not_found()
        || (e.answer_may_be_lost() && describe().await.is_err_and(|d| d.is_not_found()))
    {
        return true;
    }
    aws_error(diags, &format!("{op} of {arn}"), &e, None);
    false
}

/// The object inside a state Terraform sent; an error (never a panic) for anything else.
pub(super) fn object<S>(v: Value<S>, diags: &mut Diagnostics) -> Option<S> {
    match v {
        Value::Value(s) => Some(s),
        Value::Null | Value::Unknown => {
            diags.root_error_short(
                "SFN000 internal: Terraform sent no object where one was expected",
            );
            None
        }
    }
}

#[async_trait]
impl<L: Lifecycle> Resource for Managed<L> {
    type State<'a> = Value<L::State>;
    type PrivateState<'a> = Raw;
    type ProviderMetaState<'a> = Raw;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(self.lifecycle.schema())
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: Self::State<'a>) -> Option<()> {
        let config = object(config, diags)?;
        let mut found = Diagnostics::default();
        self.lifecycle.check(&self.ctx(), &config, &mut found);
        diags.errors.extend(found.errors);
        Some(())
    }

    async fn read<'a>(
        &self,
        diags: &mut Diagnostics,
        state: Self::State<'a>,
        private: Raw,
        _meta: Raw,
    ) -> Option<(Self::State<'a>, Raw)> {
        let prior = object(state, diags)?;
        let state = match self.refresh(prior, diags).await {
            Refreshed::Found(s) | Refreshed::Kept(s) => Value::Value(s),
            Refreshed::Gone => Value::Null,
        };
        Some((state, private))
    }

    async fn plan_create<'a>(
        &self,
        diags: &mut Diagnostics,
        proposed: Self::State<'a>,
        config: Self::State<'a>,
        _meta: Raw,
    ) -> Option<(Self::State<'a>, Raw)> {
        let planned = self.plan(diags, None, proposed, config).await?;
        Some((Value::Value(planned.state), Raw::default()))
    }

    async fn plan_update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: Self::State<'a>,
        proposed: Self::State<'a>,
        config: Self::State<'a>,
        _private: Raw,
        _meta: Raw,
    ) -> Option<(Self::State<'a>, Raw, Vec<AttributePath>)> {
        let prior = object(prior, diags)?;
        let planned = self.plan(diags, Some(&prior), proposed, config).await?;
        Some((Value::Value(planned.state), Raw::default(), planned.replace))
    }

    async fn plan_destroy<'a>(
        &self,
        _diags: &mut Diagnostics,
        _prior: Self::State<'a>,
        _private: Raw,
        _meta: Raw,
    ) -> Option<Raw> {
        Some(Raw::default())
    }

    async fn create<'a>(
        &self,
        diags: &mut Diagnostics,
        planned: Self::State<'a>,
        config: Self::State<'a>,
        _private: Raw,
        _meta: Raw,
    ) -> Option<(Self::State<'a>, Raw)> {
        let (planned, config) = (object(planned, diags)?, object(config, diags)?);
        let ctx = self.ctx();
        let api = ctx.api(diags).await?;
        let state = self
            .lifecycle
            .create(&ctx, &*api, planned, &config, diags)
            .await?;
        Some((Value::Value(state), Raw::default()))
    }

    async fn update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: Self::State<'a>,
        planned: Self::State<'a>,
        config: Self::State<'a>,
        _private: Raw,
        _meta: Raw,
    ) -> Option<(Self::State<'a>, Raw)> {
        let prior = object(prior, diags)?;
        let (planned, config) = (object(planned, diags)?, object(config, diags)?);
        let ctx = self.ctx();
        let Some(arn) = L::arn(&prior).map(str::to_string) else {
            diags.root_error_short(format!(
                "SFN000 internal: the prior state of the {} has no ARN",
                self.lifecycle.noun()
            ));
            return Some((Value::Value(prior), Raw::default()));
        };
        let Some(api) = ctx.api(diags).await else {
            return Some((Value::Value(prior), Raw::default()));
        };
        let state = self
            .lifecycle
            .update(&ctx, &*api, &arn, prior, planned, &config, diags)
            .await;
        Some((Value::Value(state), Raw::default()))
    }

    async fn destroy<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: Self::State<'a>,
        _private: Raw,
        _meta: Raw,
    ) -> Option<()> {
        let prior = object(prior, diags)?;
        let ctx = self.ctx();
        // Nothing was created: nothing to delete.
        let Some(arn) = L::arn(&prior).map(str::to_string) else {
            return Some(());
        };
        let api = ctx.api(diags).await?;
        self.lifecycle
            .delete(&ctx, &*api, &arn, prior, diags)
            .await
            .then_some(())
    }

    async fn import<'a>(
        &self,
        diags: &mut Diagnostics,
        id: String,
    ) -> Option<(Self::State<'a>, Raw)> {
        let seed = self.lifecycle.import_seed(&id, diags)?;
        let state = match self.refresh(seed, diags).await {
            Refreshed::Found(s) => s,
            Refreshed::Kept(_) => return None,
            Refreshed::Gone => {
                diags.root_error(
                    format!("SFN019 import-not-found: no {} {id}", self.lifecycle.noun()),
                    "Check the ARN, the region and the account the provider uses.",
                );
                return None;
            }
        };
        let ctx = self.ctx();
        let api = ctx.api(diags).await?;
        let state = self.lifecycle.imported(&ctx, &*api, state, diags).await?;
        Some((Value::Value(state), Raw::default()))
    }
}
