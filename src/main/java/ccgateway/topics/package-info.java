/**
 * One forum topic per session (SPEC §11 Topics): where a chat can have topics (a private chat when
 * getMe says {@code has_topics_enabled}, a listed forum supergroup), {@code /new} opens a topic
 * named after the session, a message in it goes to that session, and the session's output goes
 * into it; {@code /archive} closes it.
 * <p>
 * Which topic is which session is kept in {@code state/topics.json}, written atomically like the
 * other state files, so the topics still lead to their sessions after a restart. A topic Telegram
 * refuses to create never stops {@code /new}: the session is made, the person told, and its output
 * comes to the chat as it would without topics.
 */
package ccgateway.topics;
