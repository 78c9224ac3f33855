/**
 * Several gateways as one Payara Micro cluster (SPEC §13). {@code ClusterNode} is the only class
 * that reaches the platform's Hazelcast, and only when the node was started with clustering on:
 * a single gateway never touches it. Shared maps hold strings only, since application classes can
 * come back as null on another member.
 */
package ccgateway.cluster;
