package ccgateway.topics.entity;

/** A forum topic of a chat ({@code thread}: its {@code message_thread_id}) that is a session. */
public record Topic(long chat, long thread, String session) {

    public boolean isIn(long chat, long thread) {
        return this.chat == chat && this.thread == thread;
    }

    public boolean isOf(long chat, String session) {
        return this.chat == chat && this.session.equals(session);
    }
}
