/**
 * Where the gateway's threads come from.
 * <p>
 * Payara's default managed executors have {@code core-pool-size=0} and an unbounded queue, which a
 * {@code ThreadPoolExecutor} turns into exactly one worker thread: one slow Telegram call or one
 * process stop would then hold up every chat. {@code Workers} therefore builds its pool from the
 * container's {@code ManagedThreadFactory}: the threads are still the container's (naming,
 * context, class loader), but they grow with the load, and the pool is ours to shut down. Its
 * timers too: the container's scheduled executor captures the context anew for every task, which in
 * Payara costs a {@code ServiceLoader} scan of the application's jars per timer.
 */
package ccgateway.threads;
