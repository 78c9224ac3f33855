package ccgateway.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TelegramHtmlTest {

    private static final Pattern TOKEN = Pattern.compile(
            "<(/?)([a-z]+)((?: [a-z]+=\"[^\"<>]*\")*)>|&(?:amp|lt|gt|quot);|[<>&]");
    private static final Set<String> ALLOWED = Set.of("b", "i", "s", "code", "pre", "a");

    @Test
    void scriptTagsAndAmpersandsAreEscaped() {
        assertEquals("&lt;script&gt;alert('x') &amp;&amp; 1 &lt; 2&lt;/script&gt;",
                TelegramHtml.render("<script>alert('x') && 1 < 2</script>"));
    }

    @Test
    void fencedCodeBlockBecomesPreWithLanguage() {
        assertEquals("Look:\n<pre><code class=\"language-java\">if (a &lt; b &amp;&amp; c) {\n  go();\n}</code></pre>\nDone.",
                TelegramHtml.render("Look:\n```java\nif (a < b && c) {\n  go();\n}\n```\nDone."));
    }

    @Test
    void codeBlockWithoutLanguageIsPlainPre() {
        assertEquals("<pre>ls -la</pre>", TelegramHtml.render("```\nls -la\n```"));
    }

    @Test
    void markdownInsideCodeBlockIsNotFormatted() {
        assertEquals("<pre>**not bold** _x_ [a](https://e.com) # no</pre>",
                TelegramHtml.render("```\n**not bold** _x_ [a](https://e.com) # no\n```"));
    }

    @Test
    void unclosedCodeBlockIsClosed() {
        assertEquals("<pre><code class=\"language-py\">x = 1</code></pre>", TelegramHtml.render("```py\nx = 1"));
    }

    @Test
    void oddLanguageIsDroppedRatherThanPutInAnAttribute() {
        assertEquals("<pre>x</pre>", TelegramHtml.render("```\"><b>\nx\n```"));
    }

    @Test
    void inlineCodeIsEscapedAndNotFormatted() {
        assertEquals("run <code>ls *.txt &lt;dir&gt; **x**</code> now",
                TelegramHtml.render("run `ls *.txt <dir> **x**` now"));
    }

    @Test
    void doubleBacktickCodeMayContainABacktick() {
        assertEquals("<code>a ` b</code>", TelegramHtml.render("``a ` b``"));
    }

    @Test
    void boldItalicAndStrikethroughBecomeTags() {
        assertEquals("<b>bold</b> <i>it</i> <i>it2</i> <s>gone</s>.",
                TelegramHtml.render("**bold** *it* _it2_ ~~gone~~."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"use my_var_name and __init__", "2*3*4 and a * b * c", "x**2 + y**2",
        "**not closed and *also", "file_name_v2.txt", "* bullet\n- bullet", "~/path and ~single~",
        "***three***", "_ not italic _", "*args and **kwargs"})
    void conservativeCasesStayPlain(String markdown) {
        assertEquals(markdown, TelegramHtml.render(markdown));
    }

    @Test
    void italicNestsInsideBold() {
        assertEquals("<b>bold <i>both</i> bold</b>", TelegramHtml.render("**bold *both* bold**"));
    }

    @Test
    void inlineCodeInsideBoldClosesAndReopensTheBold() {
        assertEquals("<b>use </b><code>x</code><b> here</b>", TelegramHtml.render("**use `x` here**"));
    }

    @Test
    void emphasisDoesNotCrossLines() {
        assertEquals("**a\nb**", TelegramHtml.render("**a\nb**"));
    }

    @Test
    void httpsLinkBecomesAnchorWithEscapedHref() {
        assertEquals("see <a href=\"https://example.com/a?b=1&amp;c=&quot;2&quot;\">the &lt;docs&gt;</a>",
                TelegramHtml.render("see [the <docs>](https://example.com/a?b=1&c=\"2\")"));
    }

    @Test
    void linkKeepsBalancedParenthesesInUrl() {
        assertEquals("<a href=\"https://en.wikipedia.org/wiki/C_(language)\">C</a>.",
                TelegramHtml.render("[C](https://en.wikipedia.org/wiki/C_(language))."));
    }

    @Test
    void linkInsideBoldStaysInsideTheBold() {
        assertEquals("<b>read <a href=\"http://a.io\">this</a></b>", TelegramHtml.render("**read [this](http://a.io)**"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[x](javascript:alert(1))", "[file](./docs/a.md)", "[x](https://exa mple.com)",
        "[](https://e.com)", "[x](ftp://e.com)"})
    void linksThatAreNotHttpStayText(String markdown) {
        assertEquals(markdown, TelegramHtml.render(markdown));
    }

    @Test
    void headingsBecomeBoldLines() {
        assertEquals("<b>Title</b>\n<b>Sub</b>\n#hashtag\n<b>C#</b>",
                TelegramHtml.render("# Title\n### Sub ###\n#hashtag\n## C#"));
    }

    @Test
    void boldInsideHeadingDoesNotNestBold() {
        assertEquals("<b>Important note <i>now</i></b>", TelegramHtml.render("## **Important** note *now*"));
    }

    @Test
    void tableBecomesAlignedColumnsInPre() {
        String html = TelegramHtml.render("| Name | Qty |\n|:--|--:|\n| apple & pear | 10 |\n| **kiwi** | 2 |");

        assertEquals("<pre>Name         | Qty\n-------------+----\napple &amp; pear |  10\nkiwi         |   2</pre>", html);
        assertValidTelegramHtml(html);
    }

    @Test
    void underlinedHeadingBecomesBoldLine() {
        assertEquals("<b>Title</b>\ntext", TelegramHtml.render("Title\n=====\ntext"));
    }

    @Test
    void nestedListsKeepTheirMarkersAndAreIndented() {
        assertEquals("- one\n  - nested <code>x</code>\n  - more\n- two\n\n1. first\n2. second\n   1. sub",
                TelegramHtml.render("- one\n  - nested `x`\n  - more\n- two\n\n1. first\n1. second\n   1. sub"));
    }

    @Test
    void blankLinesBetweenBlocksAreKept() {
        assertEquals("a\n\n<b>b</b>\nc", TelegramHtml.render("a\n\n\n**b**\nc"));
    }

    @Test
    void quoteIsShownWithItsMarkerSinceTelegramTagsHereAreInline() {
        assertEquals("&gt; quoted <b>bold</b>\n&gt; more", TelegramHtml.render("> quoted **bold**\n> more"));
    }

    @Test
    void thematicBreakBecomesALine() {
        assertEquals("a\n\n──────────\n\nb", TelegramHtml.render("a\n\n---\n\nb"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[x](data:text/html,hi)", "[x](vbscript:run)", "[x](file:///etc/passwd)", "[x](//e.com)", "[x][ref]\n\n[ref]: javascript:alert(1)"})
    void linksWithOtherSchemesStayText(String markdown) {
        assertEquals(markdown.split("\n")[0], TelegramHtml.render(markdown));
    }

    @Test
    void telegramAndMailLinksBecomeAnchors() {
        assertEquals("<a href=\"tg://resolve?domain=bot\">bot</a> <a href=\"mailto:a@b.io\">mail</a>",
                TelegramHtml.render("[bot](tg://resolve?domain=bot) [mail](mailto:a@b.io)"));
    }

    @Test
    void autolinkStaysTextForTelegramToLink() {
        assertEquals("see https://e.com/a", TelegramHtml.render("see <https://e.com/a>"));
    }

    @Test
    void imagesBecomeLinksNamedByAltTextOrTheAltText() {
        assertEquals("<a href=\"https://e.com/l.png\">logo</a> diagram <a href=\"https://e.com\">img</a>",
                TelegramHtml.render("![logo](https://e.com/l.png) ![diagram](./d.png) [![img](https://e.com/i.png)](https://e.com)"));
    }

    @Test
    void htmlWrittenInTheAnswerIsShownNotInterpreted() {
        String html = TelegramHtml.render("a <b>bold?</b> <br> <a href=\"x\">y</a>\n\n<div>\n**x**\n</div>");

        assertEquals("a &lt;b&gt;bold?&lt;/b&gt; &lt;br&gt; &lt;a href=\"x\"&gt;y&lt;/a&gt;\n\n&lt;div&gt;\n**x**\n&lt;/div&gt;", html);
        assertValidTelegramHtml(html);
    }

    @Test
    void tildeFenceIsNotCodeAsTheSplitterDoesNotCutAroundIt() {
        assertEquals("~~~\nx &lt; y\n~~~", TelegramHtml.render("~~~\nx < y\n~~~"));
    }

    @Test
    void fenceLineLongerThanTheSplitterAllowsIsNotCode() {
        String opening = "```java " + "x".repeat(40);

        assertEquals(opening + "\ncode", TelegramHtml.render(opening + "\ncode"));
    }

    @Test
    void renderedChunksStayWithinTheLimitWhenEscapingGrowsThem() {
        String markdown = "a < b && c > d; ".repeat(700); // 11,200 chars growing to ~19,600

        List<String> chunks = TelegramHtml.renderChunks(markdown, 4096);

        assertTrue(chunks.size() >= 5);
        chunks.forEach(html -> assertTrue(html.length() <= 4096, "rendered " + html.length()));
        chunks.forEach(TelegramHtmlTest::assertValidTelegramHtml);
    }

    @Test
    void longAnswerWithCodeBlockRendersEveryChunkAsValidHtml() {
        String code = "if (a < b && list.size() > 0) { return map.get(\"k\"); }\n".repeat(150);
        String markdown = "# Fix\nThe **bug** was in `Parser`:\n```java\n" + code + "```\nSee [docs](https://e.com).";

        List<TelegramHtml.Chunk> chunks = TelegramHtml.chunks(markdown, 4096);

        assertTrue(chunks.size() >= 3);
        for (TelegramHtml.Chunk chunk : chunks) {
            assertTrue(chunk.html().length() <= 4096);
            assertValidTelegramHtml(chunk.html());
            assertEquals(TelegramHtml.render(chunk.markdown()), chunk.html());
        }
        assertTrue(chunks.get(1).html().startsWith("<pre><code class=\"language-java\">"));
        MessageSplitterTest.assertNothingLost(markdown, chunks.stream().map(TelegramHtml.Chunk::markdown).toList());
    }

    @Test
    void worstCaseGrowthStillFitsTheMinimumRenderLimit() {
        String markdown = "**~~_x `&` y `<` z_~~** ".repeat(1_000);

        List<String> chunks = TelegramHtml.renderChunks(markdown, TelegramHtml.MIN_RENDER_LIMIT);

        chunks.forEach(html -> assertTrue(html.length() <= TelegramHtml.MIN_RENDER_LIMIT));
        chunks.forEach(TelegramHtmlTest::assertValidTelegramHtml);
    }

    @Test
    void emptyCodeBlockIsNotSentAsAChunk() {
        assertEquals(List.of(), TelegramHtml.renderChunks("```\n```", 4096));
    }

    @Test
    void renderLimitBelowMinimumIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TelegramHtml.renderChunks("x", 1000));
    }

    @Test
    void randomMarkdownAlwaysRendersValidHtmlKeepingEveryLetter() {
        Random random = new Random(20240611);
        for (int run = 0; run < 3_000; run++) {
            String markdown = randomMarkdown(random, random.nextInt(300));
            String html = TelegramHtml.render(markdown);
            try {
                assertValidTelegramHtml(html);
                assertLettersKept(markdown, html);
            } catch (AssertionError e) {
                throw new AssertionError("run " + run + ": " + markdown + "\n=> " + html, e);
            }
        }
    }

    @Test
    void randomLongMarkdownRendersIntoChunksWithinTheLimit() {
        Random random = new Random(7);
        for (int run = 0; run < 150; run++) {
            String markdown = randomMarkdown(random, 2_000 + random.nextInt(8_000));
            int limit = TelegramHtml.MIN_RENDER_LIMIT + random.nextInt(3_000);
            List<TelegramHtml.Chunk> chunks = TelegramHtml.chunks(markdown, limit);
            for (TelegramHtml.Chunk chunk : chunks) {
                assertTrue(chunk.html().length() <= limit, "run " + run + " rendered " + chunk.html().length());
                assertValidTelegramHtml(chunk.html());
            }
            MessageSplitterTest.assertNothingLost(markdown, chunks.stream().map(TelegramHtml.Chunk::markdown).toList());
        }
    }

    private static String randomMarkdown(Random random, int length) {
        String[] tokens = {"word", "snake_case", "x", " ", " ", " ", "\n", "\n", "**", "*", "_", "~~", "`", "``",
            "\n```\n", "\n```java\n", "# ", "## ", "[link](https://e.com/a_(b)?q=\"1\"&r)", "[t](", "](", ")", "(",
            "<", ">", "&", "\"", "2*3", "😀", "http://x.y", "-", "#"};
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(tokens[random.nextInt(tokens.length)]);
        }
        return text.toString();
    }

    /** Only Telegram's tags, properly nested as Telegram demands, and no stray markup characters. */
    static void assertValidTelegramHtml(String html) {
        Deque<String> open = new ArrayDeque<>();
        Matcher token = TOKEN.matcher(html);
        while (token.find()) {
            if (token.group(2) == null) {
                assertTrue(token.group().length() > 1, () -> "raw " + token.group() + " in " + html);
                continue;
            }
            String tag = token.group(2);
            assertTrue(ALLOWED.contains(tag), () -> "tag " + tag);
            if (token.group(1).isEmpty()) {
                assertOpeningAllowed(tag, token.group(3), open, html);
                open.push(tag);
            } else {
                assertEquals(open.isEmpty() ? null : open.pop(), tag, () -> "misnested in " + html);
            }
        }
        assertTrue(open.isEmpty(), () -> "unclosed " + open + " in " + html);
        assertFalse(html.matches("(?s).*<(b|i|s|code|a[^>]*)></.*"), () -> "empty element in " + html);
    }

    private static void assertOpeningAllowed(String tag, String attributes, Deque<String> open, String html) {
        assertFalse(open.contains("code") || open.contains(tag), () -> tag + " inside " + open + " in " + html);
        if (tag.equals("pre")) {
            assertTrue(open.isEmpty() && attributes.isEmpty(), () -> "pre inside " + open);
        } else if (tag.equals("code")) {
            boolean inPre = "pre".equals(open.peek());
            assertTrue(inPre ? attributes.matches("( class=\"language-[A-Za-z0-9_+#.-]+\")?") : open.isEmpty() && attributes.isEmpty(),
                    () -> "code" + attributes + " inside " + open + " in " + html);
        } else if (tag.equals("a")) {
            assertTrue(attributes.matches(" href=\"https?://[^\"]+\"") && !open.contains("pre"), () -> "a" + attributes);
        } else {
            assertTrue(attributes.isEmpty() && !open.contains("pre"), () -> tag + attributes + " in " + html);
        }
    }

    /** Markup may drop letters only from fence lines (extra info words); it never invents any. */
    private static void assertLettersKept(String markdown, String html) {
        StringBuilder shown = new StringBuilder(unescape(html.replaceAll("<[^>]*>", "")));
        Matcher attribute = Pattern.compile("(?:href=\"|class=\"language-)([^\"]*)\"").matcher(html);
        while (attribute.find()) {
            shown.append(unescape(attribute.group(1)));
        }
        String outsideFenceLines = markdown.replaceAll("(?m)^\\s*```.*$", "");
        Map<Integer, Integer> atLeast = letterCounts(outsideFenceLines);
        Map<Integer, Integer> atMost = letterCounts(markdown);
        Map<Integer, Integer> actual = letterCounts(shown.toString());
        atLeast.forEach((letter, count) -> assertTrue(actual.getOrDefault(letter, 0) >= count,
                () -> "lost " + Character.toString(letter)));
        actual.forEach((letter, count) -> assertTrue(atMost.getOrDefault(letter, 0) >= count,
                () -> "invented " + Character.toString(letter)));
    }

    private static Map<Integer, Integer> letterCounts(String text) {
        Map<Integer, Integer> counts = new TreeMap<>();
        text.codePoints().filter(Character::isLetterOrDigit).forEach(c -> counts.merge(c, 1, Integer::sum));
        return counts;
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }
}
