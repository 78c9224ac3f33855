/**
 * Several gateways as one Payara Micro cluster (SPEC §13): who this node is, who leads (polls),
 * what each member sees of the others. {@code ClusterNode} is the only class that reaches the
 * platform's Hazelcast, and only when the node was started with clustering on: a single gateway
 * never calls it, and asks {@code Membership} who leads. {@code Membership}'s published loads and
 * {@code Placement} (each member's free memory and live sessions, the node for a new session) are
 * tested over embedded Hazelcast and not yet used by the gateway. Shared maps hold strings only (JSON where a value has fields): application classes
 * can deserialize as null on another member.
 */
package ccgateway.cluster;
