//! The compiled-in schema of User and DirectClusterEndpointToken (issue 4).
