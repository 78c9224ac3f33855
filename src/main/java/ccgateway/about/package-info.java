/**
 * What is running: {@code GET /version} answers the build's version as plain text.
 * <p>
 * Deliberately without logic or state: besides telling an operator what is deployed, it is the
 * baseline the webhook's latency is compared with (docs/BENCHMARKS.md), a JAX-RS call that costs
 * only what the container costs.
 */
package ccgateway.about;
