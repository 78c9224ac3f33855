package ccgateway.commands.control;

/** How user-given words are quoted back: short, on one line, without control characters. */
final class Text {

    private static final int SHOWN = 40;

    private Text() {
    }

    static String shown(String userText) {
        String clean = userText.replaceAll("\\p{Cntrl}", " ").strip();
        if (clean.codePointCount(0, clean.length()) <= SHOWN) {
            return clean;
        }
        return clean.substring(0, clean.offsetByCodePoints(0, SHOWN)) + "…";
    }
}
