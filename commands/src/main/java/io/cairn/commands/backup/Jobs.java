package io.cairn.commands.backup;

import io.cairn.backup.JobLock;
import io.cairn.backup.Progress;
import io.cairn.backup.ProgressDisplay;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.OutputFormat;
import io.cairn.commands.output.Printers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What the backup and maintenance jobs share: a job lock that names its holder, progress on
 * stderr (a bar on a terminal, timestamped lines otherwise), and a one-document summary that is
 * printed on failure too. Not thread-safe.
 */
public final class Jobs {
    /** Seconds between progress lines when stderr is not a terminal. */
    static final long LINE_INTERVAL_SECONDS = 10;

    private Jobs() {}

    /**
     * Takes the lock of {@code job} in {@code lockFile}.
     *
     * @throws CommandFailure with {@link ExitCodes#JOB_LOCKED} naming the holder when another run holds it
     */
    public static JobLock lock(Path lockFile, String job) {
        return JobLock.tryAcquire(lockFile, job).orElseThrow(() -> new CommandFailure(ExitCodes.JOB_LOCKED,
                "another '" + job + "' is running: " + JobLock.holder(lockFile).map(JobLock.Holder::toString)
                        .orElse("its holder is just starting or did not say who it is") + "; it holds " + lockFile
                        + ". This run did nothing"));
    }

    /** Progress on stderr for {@code ctx}: none when {@code quiet}. */
    public static Progress progress(CommandContext ctx, boolean quiet) {
        return quiet ? Progress.NONE : new ProgressDisplay(ctx.err(), ctx.isTerminal(), LINE_INTERVAL_SECONDS);
    }

    /**
     * Runs {@code body}, which returns the summary fields of what it did, and prints the summary
     * with the job's name, its result and duration. On failure, JSON output still gets a summary
     * with {@code "result": "failed"}, the error and the exit code, before the error is reported.
     */
    public static int run(CommandContext ctx, String job, Function<Map<String, Object>, String> body) {
        long start = System.nanoTime();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("job", job);
        try {
            String result = body.apply(fields);
            finish(ctx, fields, result, start);
            return ExitCodes.SUCCESS;
        } catch (RuntimeException e) {
            if (ctx.isTerminal()) {
                // A progress bar may be half drawn: clear its line so that the error starts clean.
                ctx.err().print("\r\033[K");
            }
            if (ctx.outputFormat() == OutputFormat.JSON) {
                fields.put("error", ExitCodes.message(e));
                fields.put("exitCode", (long) ExitCodes.of(e));
                finish(ctx, fields, "failed", start);
            }
            throw e;
        }
    }

    private static void finish(CommandContext ctx, Map<String, Object> fields, String result, long start) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job", fields.remove("job"));
        out.put("result", result);
        out.putAll(fields);
        out.put("durationMs", Duration.ofNanos(System.nanoTime() - start).toMillis());
        Printers.create(ctx.outputFormat() == OutputFormat.RAW ? OutputFormat.TEXT : ctx.outputFormat(),
                ctx.byteFormat(), ctx.out()).record(out);
    }

    /** Bytes per second as a rounded number, for summaries. */
    static long rate(long amount, Duration d) {
        return d.toMillis() <= 0 ? amount * 1000 : amount * 1000 / d.toMillis();
    }
}
