package ccgateway.conversation.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ccgateway.conversation.entity.PendingRequest;
import ccgateway.storage.control.DataDir;
import ccgateway.testing.StateDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pending permission requests in the embedded H2 ({@link PendingRequestsPostgresTest}: the same on PostgreSQL). */
class PendingRequestsTest {

    @TempDir
    Path data;

    StateDatabase database;
    DataDir dir;

    StateDatabase database() {
        return StateDatabase.embedded();
    }

    @BeforeEach
    void open() {
        database = database();
        dir = DataDir.at(data);
    }

    @AfterEach
    void close() {
        database.close();
    }

    PendingRequests start() {
        PendingRequests requests = new PendingRequests();
        requests.database = database.open(dir);
        requests.forgetPreviousRun();
        return requests;
    }

    static List<String> tokens(PendingRequests requests) {
        return requests.all().stream().map(PendingRequest::token).collect(Collectors.toList());
    }

    @Test
    void aRequestIsPendingFromItsPromptUntilItIsDecided() {
        PendingRequests requests = start();
        requests.shown("tok1", "alpha", "req-1", 4242, Instant.ofEpochMilli(1000));
        requests.shown("tok2", "alpha", "req-2", 4242, Instant.ofEpochMilli(2000));
        assertEquals(List.of("tok1", "tok2"), tokens(requests));
        requests.closed("tok1");
        assertEquals(List.of("tok2"), tokens(requests));
    }

    @Test
    void thePreviousRunsPendingRequestsAreGoneAfterARestart() {
        PendingRequests requests = start();
        requests.shown("tok1", "alpha", "req-1", 4242, Instant.now());
        requests.shown("tok2", "beta", "req-1", -100, Instant.now());
        database.stop();
        PendingRequests afterRestart = start();
        assertEquals(List.of(), tokens(afterRestart));
        afterRestart.shown("tok3", "alpha", "req-1", 4242, Instant.now());
        assertEquals(List.of("tok3"), tokens(afterRestart));
    }

    /** SPEC §13: several gateways on one database; one starting forgets its own previous run, not another node's live requests. */
    @Test
    void aNodeStartingOnASharedDatabaseLeavesAnotherNodesRequestsAlone() {
        PendingRequests first = new PendingRequests();
        first.database = database.open(dir);
        first.node = "n1";
        first.forgetPreviousRun();
        first.shown("tok1", "alpha", "req-1", 4242, Instant.ofEpochMilli(1000));
        PendingRequests second = new PendingRequests();
        second.database = first.database;
        second.node = "n2";
        second.forgetPreviousRun();
        second.shown("tok2", "beta", "req-1", 4343, Instant.ofEpochMilli(2000));
        assertEquals(List.of("tok1"), tokens(first));
        assertEquals(List.of("tok2"), tokens(second));
        PendingRequests firstAgain = new PendingRequests();
        firstAgain.database = first.database;
        firstAgain.node = "n1";
        firstAgain.forgetPreviousRun();
        assertEquals(List.of(), tokens(firstAgain), "n1's previous run's request is still pending");
        assertEquals(List.of("tok2"), tokens(second), "n2's live request was forgotten by n1's start");
    }

    @Test
    void closingARequestThatIsNotRecordedChangesNothing() {
        PendingRequests requests = start();
        requests.shown("tok1", "alpha", "req-1", 4242, Instant.now());
        requests.closed("unknown");
        assertEquals(List.of("tok1"), tokens(requests));
    }
}
