/**
 * Where all state lives: the data dir, the one way files are written into it, and the database of
 * the gateway's own state ({@code Database}: ledger, inbox, polling offset, active sessions,
 * pending requests).
 * <p>
 * Every write goes through {@code AtomicFiles} (temp file, fsync, rename, fsync of the directory):
 * a crash at any moment leaves either the old or the new content, never a partial file, and a file
 * that cannot be read is reported and left in place for a person to look at.
 */
package ccgateway.storage;
