package io.cairn.backup;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows {@link Progress} on a stream: on a terminal as a bar redrawn in place with the rate and
 * the time left, otherwise as plain timestamped lines at a fixed interval, for logs and cron mail.
 * Thread-safe.
 */
public final class ProgressDisplay implements Progress {
    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long lineIntervalNanos;
    private final LongSupplier clock;
    private String task;
    private long total;
    private long done;
    private long startNanos;
    private long lastShown;

    /**
     * A display on {@code out}: a bar when {@code terminal}, else a line every
     * {@code lineIntervalSeconds} seconds and at the end of each phase.
     */
    public ProgressDisplay(PrintStream out, boolean terminal, long lineIntervalSeconds) {
        this(out, terminal, lineIntervalSeconds, System::nanoTime);
    }

    ProgressDisplay(PrintStream out, boolean terminal, long lineIntervalSeconds, LongSupplier clock) {
        this.out = out;
        this.terminal = terminal;
        this.lineIntervalNanos = lineIntervalSeconds * 1_000_000_000L;
        this.clock = clock;
    }

    @Override
    public synchronized void begin(String task, long totalBytes) {
        this.task = task;
        this.total = totalBytes;
        this.done = 0;
        this.startNanos = clock.getAsLong();
        this.lastShown = startNanos;
        if (!terminal) {
            line(task + ": started" + (totalBytes >= 0 ? ", " + bytes(totalBytes) + " to go" : ""));
        }
    }

    @Override
    public synchronized void advance(long bytes) {
        done += bytes;
        long now = clock.getAsLong();
        if (now - lastShown >= (terminal ? REDRAW_NANOS : lineIntervalNanos)) {
            lastShown = now;
            show(now, false);
        }
    }

    @Override
    public synchronized void end() {
        if (task != null) {
            show(clock.getAsLong(), true);
            task = null;
        }
    }

    @Override
    public synchronized void note(String message) {
        if (terminal) {
            out.print("\r\033[K");
            out.println(message);
        } else {
            line(message);
        }
        out.flush();
    }

    private void show(long now, boolean last) {
        double secs = Math.max(now - startNanos, 1) / 1e9;
        double rate = done / secs;
        long shownTotal = last ? done : total;
        StringBuilder sb = new StringBuilder();
        if (terminal) {
            sb.append('\r').append(task).append(' ');
            if (shownTotal > 0) {
                int filled = (int) Math.min(BAR_WIDTH, BAR_WIDTH * done / shownTotal);
                sb.append('[').append("=".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ");
            }
        } else {
            sb.append(task).append(last ? ": done, " : ": ");
        }
        sb.append(summary(shownTotal, rate, last, secs));
        if (terminal) {
            out.print(sb.append("\033[K"));
            if (last) {
                out.println();
            }
        } else {
            line(sb.toString());
        }
        out.flush();
    }

    private String summary(long shownTotal, double rate, boolean last, double secs) {
        StringBuilder sb = new StringBuilder();
        if (shownTotal > 0 && !last) {
            sb.append(String.format(Locale.ROOT, "%3d%% ", Math.min(100, 100 * done / shownTotal)));
        }
        sb.append(bytes(done));
        if (shownTotal > 0 && !last) {
            sb.append(" of ").append(bytes(shownTotal));
        }
        sb.append(", ").append(bytes((long) rate)).append("/s");
        if (last) {
            sb.append(String.format(Locale.ROOT, " in %.1fs", secs));
        } else if (shownTotal > done && rate > 0) {
            sb.append(", ETA ").append(eta((long) ((shownTotal - done) / rate)));
        }
        return sb.toString();
    }

    private void line(String text) {
        out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + text);
        out.flush();
    }

    /** Bytes in binary units, e.g. {@code 1.5 MiB}. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static String eta(long seconds) {
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds / 60 % 60);
        }
        if (seconds >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return seconds + "s";
    }
}
