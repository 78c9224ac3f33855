package ccgateway.topics.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.topics.entity.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicMapTest {

    static final long CHAT = 7001;
    static final long GROUP = -100_4242;

    @TempDir
    Path dir;

    TopicMap at(Path file) {
        TopicMap map = new TopicMap();
        map.load(file);
        return map;
    }

    @Test
    void aTopicLeadsToItsSessionAndTheSessionToItsTopicInThatChatOnly() {
        TopicMap map = at(dir.resolve(TopicMap.FILE));
        map.remember(new Topic(CHAT, 11, "work"));
        map.remember(new Topic(GROUP, 11, "play"));
        assertEquals(Optional.of("work"), map.sessionIn(CHAT, 11));
        assertEquals(Optional.of("play"), map.sessionIn(GROUP, 11));
        assertEquals(Optional.empty(), map.sessionIn(CHAT, 12));
        assertEquals(11, map.threadOf(CHAT, "work"));
        assertEquals(0, map.threadOf(GROUP, "work"), "work has no topic in the group");
    }

    @Test
    void aSessionHasOneTopicPerChatAndATopicOneSession() {
        TopicMap map = at(dir.resolve(TopicMap.FILE));
        map.remember(new Topic(CHAT, 11, "work"));
        map.remember(new Topic(CHAT, 12, "work"));
        assertEquals(12, map.threadOf(CHAT, "work"));
        assertEquals(Optional.empty(), map.sessionIn(CHAT, 11));
        map.remember(new Topic(CHAT, 12, "other"));
        assertEquals(0, map.threadOf(CHAT, "work"));
        assertEquals(Optional.of("other"), map.sessionIn(CHAT, 12));
    }

    @Test
    void theTopicsSurviveARestart() {
        Path file = dir.resolve(TopicMap.FILE);
        TopicMap before = at(file);
        before.remember(new Topic(CHAT, 11, "work"));
        before.remember(new Topic(GROUP, 5, "play"));
        TopicMap after = at(file);
        assertEquals(Optional.of("work"), after.sessionIn(CHAT, 11));
        assertEquals(5, after.threadOf(GROUP, "play"));
    }

    @Test
    void anArchivedSessionsTopicsAreForgottenAndNamedForClosing() {
        Path file = dir.resolve(TopicMap.FILE);
        TopicMap map = at(file);
        map.remember(new Topic(CHAT, 11, "work"));
        map.remember(new Topic(GROUP, 5, "work"));
        map.remember(new Topic(CHAT, 12, "play"));
        assertEquals(List.of(new Topic(CHAT, 11, "work"), new Topic(GROUP, 5, "work")), map.forget("work"));
        assertEquals(Optional.empty(), at(file).sessionIn(CHAT, 11));
        assertEquals(Optional.of("play"), at(file).sessionIn(CHAT, 12));
        assertEquals(List.of(), map.forget("work"));
    }

    @Test
    void anUnreadableFileIsMovedAsideAndTopicsStartEmpty() throws IOException {
        Path file = dir.resolve(TopicMap.FILE);
        Files.writeString(file, "[{\"chat\":7001,");
        TopicMap map = at(file);
        assertEquals(Optional.empty(), map.sessionIn(CHAT, 11));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith(TopicMap.FILE + ".corrupt-")), "not kept aside");
        }
        map.remember(new Topic(CHAT, 11, "work"));
        assertEquals(Optional.of("work"), at(file).sessionIn(CHAT, 11));
    }
}
