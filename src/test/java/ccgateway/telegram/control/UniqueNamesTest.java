package ccgateway.telegram.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UniqueNamesTest {

    static final Instant NOW = Instant.parse("2026-12-01T21:00:05Z");

    @TempDir
    Path dir;

    private Path temp(String content) throws IOException {
        return Files.writeString(Files.createTempFile(dir, ".download-", ".part"), content);
    }

    @Test
    void namesCarryTheSecondAndACounterFromTheSecondOn() {
        assertEquals("20261201-210005-report.pdf", UniqueNames.candidate(NOW, "report.pdf", 1));
        assertEquals("20261201-210005-2-report.pdf", UniqueNames.candidate(NOW, "report.pdf", 2));
    }

    @Test
    void aSecondUploadOfTheSameNameInTheSameSecondIsKeptBesideTheFirst() throws IOException {
        Path first = UniqueNames.place(temp("one"), dir, "report.pdf", NOW);
        Path second = UniqueNames.place(temp("two"), dir, "report.pdf", NOW);
        assertEquals("20261201-210005-report.pdf", first.getFileName().toString());
        assertEquals("20261201-210005-2-report.pdf", second.getFileName().toString());
        assertEquals("one", Files.readString(first));
        assertEquals("two", Files.readString(second));
    }

    @Test
    void anExistingFileIsNeverReplaced() throws IOException {
        Files.writeString(dir.resolve("20261201-210005-notes.txt"), "mine");
        Path placed = UniqueNames.place(temp("upload"), dir, "notes.txt", NOW);
        assertEquals("mine", Files.readString(dir.resolve("20261201-210005-notes.txt")));
        assertEquals("upload", Files.readString(placed));
    }

    @Test
    void manyUploadsOfOneNameAtOnceAreAllKeptAndNoTempIsLeft() throws Exception {
        int uploads = 16;
        List<Path> temps = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            temps.add(temp("content " + i));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Path>> placed = temps.stream().map(t -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
                return UniqueNames.place(t, dir, "photo.jpg", NOW);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).collect(Collectors.toList());
        start.countDown();
        Set<String> contents = new TreeSet<>();
        for (CompletableFuture<Path> p : placed) {
            contents.add(Files.readString(p.get(), StandardCharsets.UTF_8));
        }
        assertEquals(uploads, contents.size(), "every upload kept its own content");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(f -> f.getFileName().toString()).collect(Collectors.toList());
            assertEquals(uploads, names.size(), names.toString());
            assertFalse(names.stream().anyMatch(n -> n.startsWith(".")), "no temp file left: " + names);
        }
    }
}
