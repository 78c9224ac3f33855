package ccgateway.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class MessageSplitterTest {

    private static final int LIMIT = MessageSplitter.TELEGRAM_LIMIT;

    @Test
    void shortTextIsOneUnchangedChunk() {
        assertEquals(List.of("Hello\n\n**world**"), MessageSplitter.split("Hello\n\n**world**"));
    }

    @Test
    void emptyOrBlankTextGivesNoChunks() {
        assertEquals(List.of(), MessageSplitter.split(""));
        assertEquals(List.of(), MessageSplitter.split(" \n\t\n "));
    }

    @Test
    void textOfExactlyTheLimitStaysWhole() {
        String text = "a".repeat(LIMIT);
        assertEquals(List.of(text), MessageSplitter.split(text));
    }

    @Test
    void splitsAtLineBoundariesConsumingTheNewline() {
        String line = "x".repeat(99);
        String text = String.join("\n", java.util.Collections.nCopies(100, line)); // 9,999 chars

        List<String> chunks = MessageSplitter.split(text);

        assertEquals(3, chunks.size());
        assertEquals(text, String.join("\n", chunks));
        chunks.forEach(chunk -> assertTrue(chunk.length() <= LIMIT));
        chunks.forEach(chunk -> chunk.lines().forEach(l -> assertEquals(line, l)));
    }

    @Test
    void longLineIsSplitAtWhitespaceNotInsideWords() {
        String text = "word12345 ".repeat(1000).strip(); // one 9,999-char line

        List<String> chunks = MessageSplitter.split(text);

        assertTrue(chunks.size() >= 3);
        for (String chunk : chunks) {
            assertTrue(chunk.length() <= LIMIT);
            assertTrue(chunk.strip().matches("word12345( word12345)*"), "cut inside a word");
        }
        assertEquals(text, String.join(" ", chunks));
    }

    @Test
    void singleLineWithoutSpacesIsHardCutAtTheLimit() {
        String text = "a".repeat(10_000);

        List<String> chunks = MessageSplitter.split(text);

        assertEquals(List.of(4096, 4096, 1808), chunks.stream().map(String::length).toList());
        assertEquals(text, String.join("", chunks));
    }

    @Test
    void emojiSurrogatePairAtTheBoundaryIsNotCut() {
        String text = "a".repeat(LIMIT - 1) + "😀" + "b".repeat(100);

        List<String> chunks = MessageSplitter.split(text);

        assertEquals(LIMIT - 1, chunks.get(0).length());
        assertTrue(chunks.get(1).startsWith("😀"));
        assertEquals(text, String.join("", chunks));
    }

    @Test
    void textOfOnlyEmojiIsCutBetweenPairs() {
        String text = "🎉".repeat(5_000); // 10,000 UTF-16 units

        List<String> chunks = MessageSplitter.split(text);

        chunks.forEach(MessageSplitterTest::assertWellFormedUtf16);
        chunks.forEach(chunk -> assertTrue(chunk.length() <= LIMIT));
        assertEquals(text, String.join("", chunks));
    }

    @Test
    void longCodeBlockIsClosedAndReopenedAcrossChunks() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            code.append("    System.out.println(\"line ").append(i).append("\");\n");
        }
        String text = "Here is the code:\n```java\n" + code + "```\nThat is all.";

        List<String> chunks = MessageSplitter.split(text);

        assertTrue(chunks.size() >= 3);
        assertTrue(chunks.get(0).endsWith("\n```"));
        assertTrue(chunks.get(1).startsWith("```java\n"));
        assertTrue(chunks.get(1).endsWith("\n```"));
        assertTrue(chunks.get(chunks.size() - 1).endsWith("```\nThat is all."));
        assertInvariants(text, chunks, LIMIT);
    }

    @Test
    void tenThousandCharAnswerWithCodeBlockKeepsAllInvariants() {
        String prose = "Claude explains what it changed and why, in some detail. ".repeat(40);
        String code = "for (int i = 0; i < n; i++) { total += values[i] * weights[i]; }\n".repeat(90);
        String text = "## Summary\n" + prose + "\n\n```java\n" + code + "```\n\n" + prose + "\n- done";
        assertTrue(text.length() >= 10_000, "length " + text.length());

        List<String> chunks = MessageSplitter.split(text);

        assertInvariants(text, chunks, LIMIT);
        assertTrue(chunks.stream().anyMatch(chunk -> chunk.startsWith("```java\n")), "code block reopened");
    }

    @Test
    void addedFencesCountAgainstTheLimit() {
        String text = "```python\n" + "print('0123456789')\n".repeat(200) + "```";

        for (int limit : new int[] {128, 129, 200, 333, 1000}) {
            List<String> chunks = MessageSplitter.split(text, limit);
            assertInvariants(text, chunks, limit);
            assertTrue(chunks.stream().allMatch(chunk -> chunk.startsWith("```python\n")));
        }
    }

    @Test
    void chunkDoesNotEndOnAnOpeningFence() {
        String text = "p".repeat(150) + "\n```sh\n" + "echo hi\n".repeat(30) + "```";

        List<String> chunks = MessageSplitter.split(text, 160);

        assertEquals("p".repeat(150), chunks.get(0));
        assertTrue(chunks.get(1).startsWith("```sh\necho hi"));
        assertInvariants(text, chunks, 160);
    }

    @Test
    void longLineInsideCodeBlockIsCutWithBalancedFences() {
        String text = "```\n" + "0123456789".repeat(1_000) + "\n```";

        List<String> chunks = MessageSplitter.split(text);

        assertInvariants(text, chunks, LIMIT);
        chunks.forEach(chunk -> assertTrue(chunk.startsWith("```\n") && chunk.endsWith("\n```")));
    }

    @Test
    void unclosedCodeBlockIsClosedInEveryChunk() {
        String text = "```rust\n" + "let x = 1;\n".repeat(800);

        List<String> chunks = MessageSplitter.split(text);

        assertInvariants(text, chunks, LIMIT);
        chunks.forEach(chunk -> assertTrue(chunk.endsWith("\n```")));
    }

    @Test
    void longerFenceIsReopenedWithTheSameBackticks() {
        String text = "````md\n" + "```java\nx\n```\n".repeat(400) + "````";

        List<String> chunks = MessageSplitter.split(text);

        assertInvariants(text, chunks, LIMIT);
        assertTrue(chunks.get(1).startsWith("````md\n"));
        assertTrue(chunks.get(0).endsWith("\n````"));
    }

    @Test
    void limitBelowMinimumIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> MessageSplitter.split("text", MessageSplitter.MIN_LIMIT - 1));
    }

    @Test
    void randomTextsKeepAllInvariants() {
        Random random = new Random(4096);
        for (int run = 0; run < 2_000; run++) {
            String text = randomText(random, random.nextInt(3_000));
            int limit = MessageSplitter.MIN_LIMIT + random.nextInt(500);
            List<String> chunks = MessageSplitter.split(text, limit);
            try {
                assertInvariants(text, chunks, limit);
            } catch (AssertionError e) {
                throw new AssertionError("run " + run + ", limit " + limit + ", text: " + text, e);
            }
        }
    }

    static String randomText(Random random, int length) {
        String[] tokens = {"word", "longerword", " ", " ", "  ", "\n", "\n", "\n\n", "\t", "```", "```java",
            "````", "`", "😀", "é", "**", "_", "x".repeat(150), "a b c d e f g h ", "<&>"};
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            String token = tokens[random.nextInt(tokens.length)];
            if (token.startsWith("```") && random.nextBoolean()) {
                token = "\n" + token + "\n"; // on a line of its own, as a real fence
            }
            text.append(token);
        }
        return text.toString();
    }

    static void assertInvariants(String text, List<String> chunks, int limit) {
        for (String chunk : chunks) {
            assertTrue(chunk.length() <= limit, "chunk longer than " + limit + ": " + chunk.length());
            assertFalse(chunk.isBlank(), "blank chunk");
            assertWellFormedUtf16(chunk);
            assertBalancedFences(chunk);
        }
        assertNothingLost(text, chunks);
    }

    /** Fences as the renderer sees them: every chunk ends outside a code block. */
    static void assertBalancedFences(String chunk) {
        MessageSplitter.Fence fence = null;
        for (String line : chunk.split("\n", -1)) {
            fence = MessageSplitter.Fence.after(fence, line);
        }
        assertEquals(null, fence, () -> "unbalanced fence in: " + chunk);
    }

    static void assertWellFormedUtf16(String chunk) {
        for (int i = 0; i < chunk.length(); i++) {
            char c = chunk.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertTrue(i + 1 < chunk.length() && Character.isLowSurrogate(chunk.charAt(i + 1)), "split surrogate pair");
                i++;
            } else {
                assertFalse(Character.isLowSurrogate(c), "split surrogate pair");
            }
        }
    }

    /**
     * Every chunk, less the fence lines the splitter may add at its start and end, is found in the
     * text in order, with nothing but whitespace (the consumed newline or blank) between them.
     */
    static void assertNothingLost(String text, List<String> chunks) {
        assertTrue(matches(text, 0, chunks, 0), () -> "text lost or reordered in chunks " + chunks);
    }

    /** Whether chunks from {@code index} on account for the text from {@code pos}; backtracks over fence choices. */
    private static boolean matches(String text, int pos, List<String> chunks, int index) {
        if (index == chunks.size()) {
            return text.substring(pos).isBlank();
        }
        for (String candidate : withoutAddedFences(chunks.get(index))) {
            int found = matchAfterWhitespace(text, pos, candidate);
            if (found >= 0 && matches(text, found + candidate.length(), chunks, index + 1)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> withoutAddedFences(String chunk) {
        List<String> candidates = new ArrayList<>(List.of(chunk));
        String head = chunk.startsWith("```") && chunk.contains("\n") ? chunk.substring(chunk.indexOf('\n') + 1) : null;
        if (head != null) {
            candidates.add(head);
        }
        for (String candidate : new ArrayList<>(candidates)) {
            if (candidate.matches("(?s).*\n`{3,}")) {
                candidates.add(candidate.substring(0, candidate.lastIndexOf('\n')));
            }
        }
        return candidates;
    }

    private static int matchAfterWhitespace(String text, int from, String candidate) {
        for (int p = from; p <= text.length(); p++) {
            if (text.startsWith(candidate, p)) {
                return p;
            }
            if (p == text.length() || !Character.isWhitespace(text.charAt(p))) {
                return -1;
            }
        }
        return -1;
    }
}
