-- Several gateways as one cluster (SPEC §13): which node each session lives on, whose it is, and
-- its persona, so that any node can route a message to it and list it. The primary key makes a
-- session's name unique across the cluster (names are directories on their node). A single
-- gateway writes no rows here.
CREATE TABLE session_home (
    name VARCHAR(200) NOT NULL PRIMARY KEY,
    node VARCHAR(200) NOT NULL,
    owner_id BIGINT NOT NULL,
    persona VARCHAR(200) NOT NULL
);
CREATE INDEX session_home_owner ON session_home (owner_id);
