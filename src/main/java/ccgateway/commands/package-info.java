/**
 * The bot's commands (SPEC §4): one small method per command, exact texts as the spec gives them.
 * <p>
 * Commands observe {@code Incoming} messages that already passed the allowlist, in each chat's
 * order; they talk back only through the outbox, so a slow Telegram never slows a command.
 * A photo or document is downloaded off the chat's lane; {@code InOrder} keeps the chat's later
 * messages to that session behind it, for a few seconds at most, so a stalled download neither
 * freezes the chat nor reorders it in the common case. {@code /get} ({@code FilesBack}) works the
 * other way round: the file is looked up and copied on a worker ({@code InsideDirectory} keeps the
 * path inside the session's directory, symlinks resolved), and the chat's next messages to the
 * session wait for the copy, so Claude cannot change the file before it is read.
 * Every command sees the sender's own sessions only ({@code Owners}); another person's session is
 * answered as one that does not exist, and in a group each person has their own active session.
 * {@code CommandList} is the one list of commands, from which both /help and the bot's "/" menu are made.
 */
package ccgateway.commands;
