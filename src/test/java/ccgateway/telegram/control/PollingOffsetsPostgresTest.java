package ccgateway.telegram.control;

import ccgateway.testing.PostgresAvailable;
import ccgateway.testing.StateDatabase;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PollingOffsetsTest} on PostgreSQL. */
@ExtendWith(PostgresAvailable.class)
class PollingOffsetsPostgresTest extends PollingOffsetsTest {

    @Override
    StateDatabase database() {
        return StateDatabase.postgres("polling_offsets");
    }
}
