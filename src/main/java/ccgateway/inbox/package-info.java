/**
 * Every accepted update, durable before Telegram hears it was received, and what became of it
 * (SPEC §12): the ledger of ids and the messages until they are handled, in the gateway's
 * database. With the embedded H2 a write-ahead journal takes each update before its 200 and the
 * database gets it in the background, because H2's durable commit writes a whole chunk of pages
 * (docs/DESIGN.md, "The inbox"); with PostgreSQL each update is committed before its 200.
 */
package ccgateway.inbox;
