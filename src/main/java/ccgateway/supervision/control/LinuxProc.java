package ccgateway.supervision.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What Linux tells about a process in {@code /proc}: the facts the JDK's {@code ProcessHandle} does
 * not expose (environment, zombie state, the exact start time). A process that is gone or not
 * readable simply has no facts; nothing here throws.
 */
final class LinuxProc {

    private static final Path PROC = Path.of("/proc");
    private static final int STATE = 0; // field 3 of stat, counted from the field after "(comm)"
    private static final int PARENT = 1; // field 4
    private static final int START_TIME = 19; // field 22: clock ticks after boot

    private LinuxProc() {
    }

    /** Every pid visible in /proc right now. */
    static List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                pids.add(Long.parseLong(entry.getFileName().toString()));
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("Cannot list processes in /proc", e);
        }
        return pids;
    }

    /** A process's place in the tree: its parent and its start time (clock ticks after boot). */
    record Node(long pid, long parent, long startTicks) {
    }

    /** Every process visible in /proc right now with its parent, read in one walk. */
    static List<Node> tree() {
        List<Node> nodes = new ArrayList<>();
        for (long pid : pids()) {
            stat(pid).ifPresent(fields -> {
                try {
                    nodes.add(new Node(pid, Long.parseLong(fields[PARENT]), Long.parseLong(fields[START_TIME])));
                } catch (NumberFormatException e) {
                    // not a stat line we understand: the process has no facts
                }
            });
        }
        return nodes;
    }

    /** The environment the process was started with, as {@code NAME=value} entries; empty when unreadable. */
    static List<String> environ(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(pid + "/environ"));
            return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    /**
     * The start time in clock ticks after boot, as a decimal string. Chosen over
     * {@code ProcessHandle.Info.startInstant()}, which is derived from the wall clock's idea of the boot
     * time and can shift by a second when the clock is adjusted — a recorded value must still
     * match after a gateway restart.
     */
    static Optional<String> startTime(long pid) {
        return stat(pid).map(fields -> fields[START_TIME]);
    }

    /** A zombie has exited but is not yet reaped: it counts as gone (and cannot be killed anyway). */
    static boolean isZombie(long pid) {
        return stat(pid).map(fields -> fields[STATE].equals("Z")).orElse(false);
    }

    private static Optional<String[]> stat(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.ISO_8859_1);
            // the command name in field 2 may contain spaces and parentheses: split after its last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return fields.length > START_TIME ? Optional.of(fields) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
