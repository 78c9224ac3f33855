package ccgateway.supervision.control;

import ccgateway.supervision.entity.StreamEvent;
import ccgateway.threads.control.Workers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One running {@code claude}: writes user lines to its stdin, reads stream-json from its stdout on
 * a dedicated container thread, keeps the last lines of stderr for error reports, and reports its
 * end exactly once. A process that closes stdout but keeps running is treated as ended.
 */
public final class ClaudeProcess {

    private static final System.Logger LOG = System.getLogger(ClaudeProcess.class.getName());
    static final int STDERR_LINES = 10;
    /** Longest stdout line read; a longer one is skipped, so a runaway line cannot exhaust the heap. */
    static final int MAX_LINE_CHARS = 16 << 20;

    public interface Listener {
        void onEvent(StreamEvent event);

        void onExit(int exitCode, List<String> stderrTail);
    }

    private final Process process;
    private final String startTime;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final OutputStream stdin;
    private Thread stderrReader;

    private ClaudeProcess(Process process) {
        this.process = process;
        this.startTime = ProcessTree.startTime(process.pid()).orElse("");
        this.stdin = process.getOutputStream();
    }

    public static ClaudeProcess start(ClaudeLaunch launch, String name, Workers workers, Listener listener) throws IOException {
        ClaudeProcess claude = new ClaudeProcess(launch.processBuilder().start());
        claude.stderrReader = workers.dedicated("claude-err-" + name, claude::readStderr);
        workers.dedicated("claude-out-" + name, () -> claude.readStdout(listener));
        return claude;
    }

    public long pid() {
        return process.pid();
    }

    public String startTime() {
        return startTime;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** One user message, one line. Throws when the process no longer reads. */
    public void send(String text) throws IOException {
        sendLine(StreamJsonParser.userLine(text));
    }

    /** One line of stdin (a user message or a control line), written whole. */
    public synchronized void sendLine(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    public synchronized void closeStdin() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone: that is what closing wanted
        }
    }

    private void readStdout(Listener listener) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = readLine(out)) != null) {
                StreamJsonParser.parse(line).forEach(event -> deliver(listener, event));
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "stdout of {0} ended: {1}", pid(), e.toString());
        }
        listener.onExit(awaitExit(), stderrTail());
    }

    /** Like readLine, but drops a line past MAX_LINE_CHARS instead of buffering it whole. */
    private static String readLine(BufferedReader in) throws IOException {
        StringBuilder line = new StringBuilder();
        boolean overflow = false;
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                return overflow ? "" : line.toString();
            }
            if (!overflow && line.length() >= MAX_LINE_CHARS) {
                overflow = true;
                line = new StringBuilder();
            }
            if (!overflow) {
                line.append((char) c);
            }
        }
        return line.length() == 0 && !overflow ? null : line.toString();
    }

    private static void deliver(Listener listener, StreamEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Handling a Claude event failed", e);
        }
    }

    private int awaitExit() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
            // stdout closed but still running: it can no longer answer, so it is ended
            LOG.log(System.Logger.Level.WARNING, "claude {0} closed its output but kept running; ending it", String.valueOf(pid()));
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void readStderr() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                synchronized (stderrTail) {
                    stderrTail.addLast(line.length() > 500 ? line.substring(0, 500) + "…" : line);
                    if (stderrTail.size() > STDERR_LINES) {
                        stderrTail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "stderr of {0} ended: {1}", pid(), e.toString());
        }
    }

    private List<String> stderrTail() {
        // stderr may still be draining the last lines of a crash
        try {
            stderrReader.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (stderrTail) {
            return List.copyOf(stderrTail);
        }
    }

}
