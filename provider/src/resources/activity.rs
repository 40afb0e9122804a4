//! `sfn_activity`: a worker-polled task source, with tags and encryption.

use async_trait::async_trait;
use sfn_codegen::names::{check_name, NameKind};
use tf_provider::schema::{AttributeType, Schema};
use tf_provider::{AttributePath, Diagnostics, Resource};

use super::common::*;
use crate::diags;
use crate::tfvalue::Raw;
use crate::workflow::decode_config;

pub struct Activity {
    pub shared: SharedRef,
}

pub fn schema() -> Schema {
    let mut b = block(
        "A Step Functions activity: work that your own workers poll for (`GetActivityTask`). Not available to Express state machines.",
        vec![
            ("id", computed(AttributeType::String, "The activity ARN.")),
            ("arn", computed(AttributeType::String, "The activity ARN.")),
            ("name", required(AttributeType::String, "The activity name (1 to 80 characters, no whitespace or special characters). Changing it replaces the activity.")),
            ("tags", optional(string_map(), "Tags, merged over the provider's `default_tags`.")),
            ("tags_all", computed(string_map(), "All tags: `default_tags` and `tags`.")),
            ("creation_date", computed(AttributeType::String, "When the activity was created (RFC 3339).")),
        ],
    );
    b.blocks
        .insert("encryption_configuration".into(), encryption_block());
    Schema {
        version: 1,
        block: b,
    }
}

impl Activity {
    async fn refresh(&self, diags: &mut Diagnostics, state: Raw) -> Option<Raw> {
        let prior = decode_config(diags, &state)?;
        let arn = prior.get("arn").as_str()?.to_string();
        let api = api(&self.shared, diags).await?;
        let a = match api.describe_activity(&arn).await {
            Ok(a) => a,
            Err(e) if e.is_not_found() => return Some(Raw(rmpv::Value::Nil)),
            Err(e) => {
                aws_error(diags, "DescribeActivity", &e, None);
                return Some(state);
            }
        };
        let tags = match api.list_tags(&arn).await {
            Ok(t) => t,
            Err(e) => {
                aws_error(
                    diags,
                    "ListTagsForResource",
                    &e,
                    Some(AttributePath::new("tags")),
                );
                tf_string_map(prior.get("tags_all"))
            }
        };
        let mut obj = Obj::from_raw(&schema().block, &state);
        obj.set("id", value_str(&a.arn));
        obj.set("arn", value_str(&a.arn));
        obj.set("name", value_str(&a.name));
        obj.set("creation_date", value_str(&a.creation_date));
        let prior_enc = encryption_from(prior.get("encryption_configuration"));
        match &a.encryption {
            Some(e) if prior_enc.is_some() || e.kind != "AWS_OWNED_KEY" => obj.set(
                "encryption_configuration",
                rmpv::Value::Array(vec![encryption_value(e, prior_enc.as_ref())]),
            ),
            _ => obj.set("encryption_configuration", rmpv::Value::Array(Vec::new())),
        }
        let own = own_tags(
            &tags,
            &self.shared.default_tags(),
            &tf_string_map(prior.get("tags")),
        );
        obj.set(
            "tags",
            if own.is_empty() && prior.get("tags").is_null() {
                rmpv::Value::Nil
            } else {
                string_map_value(&own)
            },
        );
        obj.set("tags_all", string_map_value(&tags));
        Some(obj.raw())
    }
}

#[async_trait]
impl Resource for Activity {
    type State<'a> = Raw;
    type PrivateState<'a> = Raw;
    type ProviderMetaState<'a> = Raw;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(schema())
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: Raw) -> Option<()> {
        let cfg = decode_config(diags, &config)?;
        if let Some(name) = cfg.get("name").as_str() {
            if let Some(d) = check_name(NameKind::Activity, name) {
                diags::push(diags, &d, AttributePath::new("name"), "Rule");
            }
        }
        check_encryption(&cfg, diags);
        check_tags(cfg.get("tags"), "tags", diags);
        Some(())
    }

    async fn read<'a>(
        &self,
        diags: &mut Diagnostics,
        state: Raw,
        private: Raw,
        _meta: Raw,
    ) -> Option<(Raw, Raw)> {
        Some((self.refresh(diags, state).await?, private))
    }

    async fn plan_create<'a>(
        &self,
        diags: &mut Diagnostics,
        proposed: Raw,
        config: Raw,
        _meta: Raw,
    ) -> Option<(Raw, Raw)> {
        let cfg = decode_config(diags, &config)?;
        let mut obj = Obj::from_raw(&schema().block, &proposed);
        for k in ["id", "arn", "creation_date"] {
            obj.set(k, crate::tfvalue::unknown());
        }
        obj.set("tags_all", tags_all_plan(&cfg, &self.shared.default_tags()));
        Some((obj.raw(), Raw::default()))
    }

    async fn plan_update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior_state: Raw,
        proposed: Raw,
        config: Raw,
        _private: Raw,
        _meta: Raw,
    ) -> Option<(Raw, Raw, Vec<AttributePath>)> {
        let prior = decode_config(diags, &prior_state)?;
        let planned = decode_config(diags, &proposed)?;
        let cfg = decode_config(diags, &config)?;
        let mut replace = Vec::new();
        // There is no UpdateActivity: a new name or key means a new activity.
        for k in ["name", "encryption_configuration"] {
            if prior.get(k) != planned.get(k) {
                replace.push(AttributePath::new(k));
            }
        }
        let mut obj = Obj::from_raw(&schema().block, &proposed);
        obj.set("tags_all", tags_all_plan(&cfg, &self.shared.default_tags()));
        Some((obj.raw(), Raw::default(), replace))
    }

    async fn plan_destroy<'a>(
        &self,
        _diags: &mut Diagnostics,
        _prior: Raw,
        _private: Raw,
        _meta: Raw,
    ) -> Option<Raw> {
        Some(Raw::default())
    }

    async fn create<'a>(
        &self,
        diags: &mut Diagnostics,
        planned: Raw,
        config: Raw,
        _private: Raw,
        _meta: Raw,
    ) -> Option<(Raw, Raw)> {
        let cfg = decode_config(diags, &config)?;
        let api = api(&self.shared, diags).await?;
        let tags = merge_tags(&self.shared.default_tags(), &tf_string_map(cfg.get("tags")));
        let encryption = encryption_from(cfg.get("encryption_configuration"));
        let name = cfg.get("name").as_str().unwrap_or_default().to_string();
        let (arn, created) = match api.create_activity(&name, &tags, encryption.as_ref()).await {
            Ok(v) => v,
            Err(e) => {
                aws_error(diags, "CreateActivity", &e, None);
                return None;
            }
        };
        let mut obj = Obj::from_raw(&schema().block, &planned);
        obj.set("id", value_str(&arn));
        obj.set("arn", value_str(&arn));
        obj.set("creation_date", value_str(&created));
        obj.set("tags_all", string_map_value(&tags));
        Some((obj.raw(), Raw::default()))
    }

    async fn update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: Raw,
        planned: Raw,
        config: Raw,
        _private: Raw,
        _meta: Raw,
    ) -> Option<(Raw, Raw)> {
        let cfg = decode_config(diags, &config)?;
        let prior_tf = decode_config(diags, &prior)?;
        let arn = prior_tf.get("arn").as_str()?.to_string();
        let api = api(&self.shared, diags).await?;
        let old = tf_string_map(prior_tf.get("tags_all"));
        let new = merge_tags(&self.shared.default_tags(), &tf_string_map(cfg.get("tags")));
        if !sync_tags(&*api, &arn, &old, &new, diags).await {
            return Some((prior, Raw::default()));
        }
        let mut obj = Obj::from_raw(&schema().block, &planned);
        obj.set("tags_all", string_map_value(&new));
        Some((obj.raw(), Raw::default()))
    }

    async fn destroy<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: Raw,
        _private: Raw,
        _meta: Raw,
    ) -> Option<()> {
        let tf = decode_config(diags, &prior)?;
        let arn = tf.get("arn").as_str()?.to_string();
        let api = api(&self.shared, diags).await?;
        match api.delete_activity(&arn).await {
            Ok(()) => Some(()),
            Err(e) if e.is_not_found() => Some(()),
            Err(e) => {
                // Terraform names no resource in a destroy's diagnostics: the ARN says which one.
                aws_error(diags, &format!("DeleteActivity of {arn}"), &e, None);
                None
            }
        }
    }

    async fn import<'a>(&self, diags: &mut Diagnostics, id: String) -> Option<(Raw, Raw)> {
        let state = self
            .refresh(diags, import_seed(&schema().block, &id))
            .await?;
        if state.0.is_nil() {
            diags.root_error(
                format!("SFN019 import-not-found: no activity {id}"),
                "Import with the activity ARN.",
            );
            return None;
        }
        Some((state, Raw::default()))
    }
}
