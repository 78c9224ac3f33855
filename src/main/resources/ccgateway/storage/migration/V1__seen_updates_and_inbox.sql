-- The update ledger: every update_id accepted (SPEC §4 dedupe across restarts), the newest kept.
CREATE TABLE seen_update (
    update_id BIGINT NOT NULL PRIMARY KEY,
    seen_at BIGINT NOT NULL
);
CREATE INDEX seen_update_by_age ON seen_update (seen_at);

-- The inbox: each accepted update as Telegram sent it, until it is handled (SPEC §12). A row is
-- RECEIVED until a claude process is about to read it (DELIVERED, with the turn's first words on
-- the turn's first row) and deleted once handled or its turn has ended.
CREATE TABLE inbox_message (
    update_id BIGINT NOT NULL PRIMARY KEY,
    received_at BIGINT NOT NULL,
    state VARCHAR(16) NOT NULL,
    chat_id BIGINT,
    user_id BIGINT,
    session_name VARCHAR(200),
    turn_text VARCHAR(200),
    payload VARCHAR(1000000) NOT NULL
);
CREATE INDEX inbox_message_by_state ON inbox_message (state, update_id);
