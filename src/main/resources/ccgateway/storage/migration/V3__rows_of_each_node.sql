-- Several gateways on one database (SPEC §13): a node takes back at its start only what it left
-- itself, never what another node is working on. The column holds the node's name; '' is a single
-- gateway's (and every row of an older version).
ALTER TABLE inbox_message ADD COLUMN node VARCHAR(200) DEFAULT '' NOT NULL;
ALTER TABLE pending_request ADD COLUMN node VARCHAR(200) DEFAULT '' NOT NULL;
