//! The flags `token create` and `accesskey create` share: `--ttl` and the scope flags.
//! One clap struct, flattened into both commands; the scope they build comes from the
//! one builder in [`crate::jwt::scope::ScopeFlags`].

use clap::Args;

use crate::api::token::{
    AccessKeyScopeCluster, AccessKeyScopeProject, AccessKeyScopeRole, AccessKeyScopeSpace,
    AccessKeyScopeVirtualCluster,
};
use crate::jwt::scope::{self, ScopeFlags};

#[derive(Debug, Clone, Args)]
pub struct ScopeArgs {
    /// Lifetime: 90m, 1h, 1d, 1w, 1h30m or seconds; 0 and negative values are refused
    /// [default: the server's]
    #[arg(long, value_name = "DURATION", value_parser = scope::parse_ttl, allow_hyphen_values = true)]
    pub ttl: Option<i64>,

    /// Allow this project (* for all projects); repeatable
    #[arg(long = "project", value_name = "PROJECT", value_parser = scope::parse_project)]
    pub projects: Vec<AccessKeyScopeProject>,

    /// Allow this space of a project (PROJECT/* for all of them); repeatable
    #[arg(long = "space", value_name = "PROJECT/SPACE", value_parser = scope::parse_space)]
    pub spaces: Vec<AccessKeyScopeSpace>,

    /// Allow this virtual cluster of a project (PROJECT/* for all of them); repeatable
    #[arg(long = "virtual-cluster", value_name = "PROJECT/VCLUSTER", value_parser = scope::parse_virtual_cluster)]
    pub virtual_clusters: Vec<AccessKeyScopeVirtualCluster>,

    /// Allow this cluster (* for all clusters); repeatable
    #[arg(long = "cluster", value_name = "CLUSTER", value_parser = scope::parse_cluster)]
    pub clusters: Vec<AccessKeyScopeCluster>,

    /// Grant this role: agent, loft-cli, network-peer, vcluster, runner (up to 4.10),
    /// workspace (4.3+), metrics-reader or metrics-writer (4.11); repeatable. The server's
    /// schema says which it accepts
    #[arg(long = "role", value_name = "ROLE", value_parser = scope::parse_role)]
    pub roles: Vec<AccessKeyScopeRole>,
}

/// The ids of the flags above, for `conflicts_with_all` (e.g. with `-f`).
pub const SCOPE_ARG_IDS: [&str; 6] = [
    "ttl",
    "projects",
    "spaces",
    "virtual_clusters",
    "clusters",
    "roles",
];

impl ScopeArgs {
    /// The ttl (seconds) and the scope flags, as plain values for the logic.
    pub fn into_parts(self) -> (Option<i64>, ScopeFlags) {
        (
            self.ttl,
            ScopeFlags {
                projects: self.projects,
                spaces: self.spaces,
                virtual_clusters: self.virtual_clusters,
                clusters: self.clusters,
                roles: self.roles,
            },
        )
    }
}
