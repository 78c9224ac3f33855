/**
 * Several gateways as one Payara Micro cluster (SPEC §13): who is up, who leads (polls), where a new
 * session goes. Only {@code ClusterNode} touches Payara's Hazelcast, and only when clustered, so a
 * single node never starts or needs it. Shared maps hold JSON strings, never application classes:
 * those can deserialize as null on another member.
 */
package ccgateway.cluster;
