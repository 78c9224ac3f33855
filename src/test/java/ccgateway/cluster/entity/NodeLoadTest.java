package ccgateway.cluster.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NodeLoadTest {

    @Test
    void survivesJsonRoundTrip() {
        NodeLoad load = new NodeLoad("n1", "http://127.0.0.1:8080", 5_000_000_000L, 3, 1_700_000_000_000L);
        assertEquals(load, NodeLoad.fromJson(load.toJson()));
    }
}
