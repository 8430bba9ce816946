//! The wire model of `management.loft.sh/v1`: typed structs for the kinds loftctl
//! speaks, from `../shared/reference/` (Loft's swagger and the 3.4 reference pages).
//!
//! Every struct keeps the fields it does not know in an `extra` map, so that an object
//! from a newer server survives get → edit → update without losing anything.

pub mod accesskey;
pub mod selfs;
pub mod token;
pub mod user;

pub use accesskey::OwnedAccessKey;
pub use selfs::Self_;
pub use token::DirectClusterEndpointToken;
pub use user::User;

pub const GROUP: &str = "management.loft.sh";
pub const VERSION: &str = "v1";
pub const API_VERSION: &str = "management.loft.sh/v1";
/// Field manager used for server-side apply and on every write.
pub const FIELD_MANAGER: &str = "loftctl";

/// Map of fields a struct does not model, kept verbatim.
pub type Extra = std::collections::BTreeMap<String, serde_json::Value>;

/// Implement `kube::Resource` for a cluster-scoped kind of `management.loft.sh/v1`.
macro_rules! cluster_resource {
    ($ty:ty, $kind:literal, $plural:literal) => {
        impl kube::Resource for $ty {
            type DynamicType = ();
            type Scope = kube::core::ClusterResourceScope;

            fn kind(_: &()) -> std::borrow::Cow<'_, str> {
                $kind.into()
            }
            fn group(_: &()) -> std::borrow::Cow<'_, str> {
                $crate::api::GROUP.into()
            }
            fn version(_: &()) -> std::borrow::Cow<'_, str> {
                $crate::api::VERSION.into()
            }
            fn plural(_: &()) -> std::borrow::Cow<'_, str> {
                $plural.into()
            }
            fn meta(&self) -> &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                &self.metadata
            }
            fn meta_mut(
                &mut self,
            ) -> &mut k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                &mut self.metadata
            }
        }

        impl $ty {
            pub const KIND: &'static str = $kind;
            pub const PLURAL: &'static str = $plural;
        }
    };
}
pub(crate) use cluster_resource;
