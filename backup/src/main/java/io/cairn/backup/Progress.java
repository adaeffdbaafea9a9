package io.cairn.backup;

/**
 * Receives the progress of a long job, measured in bytes. Implementations are thread-safe:
 * {@link #advance} may be called from several worker threads.
 */
public interface Progress {
    /** Ignores all progress. */
    Progress NONE = new Progress() {
        @Override
        public void begin(String task, long totalBytes) {}

        @Override
        public void advance(long bytes) {}

        @Override
        public void end() {}
    };

    /** A phase named {@code task} starts; {@code totalBytes} is -1 when unknown. */
    void begin(String task, long totalBytes);

    /** {@code bytes} more bytes of the current phase are done. */
    void advance(long bytes);

    /** The current phase is over. */
    void end();

    /** A one-line message about the job, such as a warning or what was skipped; ignored by default. */
    default void note(String message) {}
}
