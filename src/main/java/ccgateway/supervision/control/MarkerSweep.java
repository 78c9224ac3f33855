package ccgateway.supervision.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One walk over every process's environment, shared by everyone who asks at about the same time.
 * <p>
 * Ending a session sweeps {@code /proc} for processes carrying its marker (reparented tool commands
 * are no longer descendants). A walk reads the environment of every process on the machine, and a
 * hundred sessions timing out together made a hundred walks, each competing with the others for the
 * same cores. Like a group commit, a caller joins the next walk that has not started yet, so it only
 * sees processes that were alive after it asked, and the walks run one at a time.
 */
final class MarkerSweep {

    /** A process carrying a gateway marker; the handle was taken before its environment was read. */
    record Tagged(ProcessHandle handle, String home, String session) {
    }

    private static final Object QUEUE = new Object();
    private static final Object WALKER = new Object();
    private static CompletableFuture<List<Tagged>> next;

    private MarkerSweep() {
    }

    /** Every process (but the spared ones) with the marker variables, from a walk begun after this call. */
    static List<Tagged> now(Set<Long> spared) {
        CompletableFuture<List<Tagged>> mine;
        synchronized (QUEUE) {
            if (next == null) {
                next = new CompletableFuture<>();
            }
            mine = next;
        }
        synchronized (WALKER) {
            if (!mine.isDone()) {
                synchronized (QUEUE) {
                    if (next == mine) {
                        next = null; // from now on, newcomers wait for the walk after this one
                    }
                }
                try {
                    mine.complete(walk());
                } catch (RuntimeException e) {
                    mine.completeExceptionally(e);
                }
            }
        }
        try {
            return mine.join().stream().filter(t -> !spared.contains(t.handle().pid())).toList();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static List<Tagged> walk() {
        List<Tagged> tagged = new ArrayList<>();
        for (long pid : LinuxProc.pids()) {
            // the handle pins the start time before the environment is read, so a pid reused in
            // between fails isRunning (and the JDK refuses to signal a handle whose start time changed)
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty()) {
                continue;
            }
            String home = null;
            String session = null;
            for (String entry : LinuxProc.environ(pid)) {
                if (entry.startsWith(ProcessTree.HOME_VARIABLE + "=")) {
                    home = entry.substring(ProcessTree.HOME_VARIABLE.length() + 1);
                } else if (entry.startsWith(ProcessTree.SESSION_VARIABLE + "=")) {
                    session = entry.substring(ProcessTree.SESSION_VARIABLE.length() + 1);
                }
            }
            if (home != null) {
                tagged.add(new Tagged(handle.get(), home, session));
            }
        }
        return tagged;
    }
}
