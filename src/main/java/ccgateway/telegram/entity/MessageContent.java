package ccgateway.telegram.entity;

import com.pengrad.telegrambot.model.Message;
import java.util.stream.Stream;

/**
 * What a message carries, as far as the gateway is concerned (SPEC §11): text, a photo or a
 * document is served; a note from Telegram about the chat (someone joined, a title changed, a
 * message was pinned) is not addressed to the bot and stays unanswered; anything else a person
 * sent (a voice note, a sticker, a location…) is answered with {@link #NOT_SUPPORTED}.
 */
public enum MessageContent {
    SERVED, CHAT_EVENT, UNSUPPORTED;

    public static final String NOT_SUPPORTED = "This kind of message is not supported yet; please send text, a photo or a document.";

    public static MessageContent of(Message message) {
        // Telegram sends an animation (GIF) with a document beside it, for clients that know no animations
        boolean document = message.document() != null && message.animation() == null;
        boolean photo = message.photo() != null && message.photo().length > 0;
        if (message.text() != null || photo || document) {
            return SERVED;
        }
        return isChatEvent(message) ? CHAT_EVENT : UNSUPPORTED;
    }

    /**
     * Telegram's service messages. Listed rather than guessed from what is missing: a kind of
     * content Telegram adds later is then answered, not swallowed.
     */
    private static boolean isChatEvent(Message m) {
        boolean members = m.newChatMembers() != null || m.leftChatMember() != null;
        boolean chat = m.newChatTitle() != null || m.newChatPhoto() != null || m.deleteChatPhoto() != null
                || m.groupChatCreated() != null || m.supergroupChatCreated() != null || m.channelChatCreated() != null
                || m.messageAutoDeleteTimerChanged() != null || m.migrateToChatId() != null || m.migrateFromChatId() != null
                || m.pinnedMessage() != null || m.chatBackgroundSet() != null || m.boostAdded() != null
                || m.chatOwnerLeft() != null || m.chatOwnerChanged() != null;
        boolean topics = m.forumTopicCreated() != null || m.forumTopicEdited() != null || m.forumTopicClosed() != null
                || m.forumTopicReopened() != null || m.generalForumTopicHidden() != null || m.generalForumTopicUnhidden() != null;
        boolean calls = m.videoChatStarted() != null || m.videoChatEnded() != null || m.videoChatParticipantsInvited() != null
                || m.videoChatScheduled() != null;
        return members || chat || topics || calls || Stream.of(m.successfulPayment(), m.refundedPayment(), m.usersShared(),
                m.chatShared(), m.connectedWebsite(), m.writeAccessAllowed(), m.passportData(), m.proximityAlertTriggered(),
                m.checklistTasksDone(), m.checklistTasksAdded(), m.giveawayCreated(), m.giveawayWinners(), m.giveawayCompleted(),
                m.webAppData(), m.gift(), m.uniqueGift(), m.giftUpgradeSent(), m.paidMessagePriceChanged(),
                m.suggestedPostApproved(), m.suggestedPostApprovalFailed(), m.suggestedPostDeclined(), m.suggestedPostPaid(),
                m.suggestedPostRefunded(), m.directMessagePriceChanged(), m.managedBotCreated(), m.pollOptionAdded(),
                m.pollOptionDeleted()).anyMatch(java.util.Objects::nonNull);
    }
}
