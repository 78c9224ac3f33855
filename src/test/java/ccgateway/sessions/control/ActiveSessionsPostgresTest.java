package ccgateway.sessions.control;

import ccgateway.testing.PostgresAvailable;
import ccgateway.testing.StateDatabase;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ActiveSessionsTest} on PostgreSQL. */
@ExtendWith(PostgresAvailable.class)
class ActiveSessionsPostgresTest extends ActiveSessionsTest {

    @Override
    StateDatabase database() {
        return StateDatabase.postgres("active_sessions");
    }
}
