-- The rest of the gateway's own state (SPEC §12), until now files under state/.

-- Polling mode: the next update_id wanted from getUpdates, written after each batch. One row per
-- poller (today one: 'telegram').
CREATE TABLE polling_offset (
    poller VARCHAR(64) NOT NULL PRIMARY KEY,
    next_update_id BIGINT NOT NULL,
    written_at BIGINT NOT NULL
);

-- Each person's active session in a chat (in a private chat user_id = chat_id; user_id 0 is an
-- older data dir's group entry whose session names no owner yet).
CREATE TABLE active_session (
    chat_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    session_name VARCHAR(200) NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);

-- Permission requests shown as prompts and not yet decided. Claude's request dies with its
-- process, so a row found at start is the previous run's: deleted, its presses answered
-- "no longer pending".
CREATE TABLE pending_request (
    token VARCHAR(64) NOT NULL PRIMARY KEY,
    session_name VARCHAR(200) NOT NULL,
    request_id VARCHAR(200) NOT NULL,
    chat_id BIGINT NOT NULL,
    asked_at BIGINT NOT NULL
);
