package ccgateway.conversation.control;

import ccgateway.testing.PostgresAvailable;
import ccgateway.testing.StateDatabase;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PendingRequestsTest} on PostgreSQL. */
@ExtendWith(PostgresAvailable.class)
class PendingRequestsPostgresTest extends PendingRequestsTest {

    @Override
    StateDatabase database() {
        return StateDatabase.postgres("pending_requests");
    }
}
