package ccgateway.inbox.entity;

/** Where an accepted update is on its way (SPEC §12); a handled one is no longer in the inbox. */
public enum InboxState {
    /** Committed before the 200 (or the poll offset moved past it); not yet read by a claude process. */
    RECEIVED,
    /** Written, or about to be written, to a claude process: never written again, whatever happens. */
    DELIVERED
}
