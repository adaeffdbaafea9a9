package io.cairn.core;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.txn.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to open an {@link EmbeddedDatabase}: the data directory, the storage backend and its
 * options, the MVCC window, durability and retry settings. Immutable; build one with
 * {@link #builder(Path)}.
 */
public final class DatabaseConfig {
    /** The backend used when none is named. */
    public static final String DEFAULT_BACKEND = "leveldb";
    /** How long versions stay readable by default. */
    public static final Duration DEFAULT_MVCC_WINDOW = Duration.ofSeconds(5);
    /** Memory for recent versions by default, in bytes. */
    public static final long DEFAULT_MVCC_MEMORY = 256L << 20;
    /** The size at which the write-ahead log starts a new segment file by default, in bytes. */
    public static final long DEFAULT_LOG_SEGMENT = 64L << 20;

    private final Path directory;
    private final String backend;
    private final Duration mvccWindow;
    private final long mvccMemoryBytes;
    private final boolean sync;
    private final Map<String, String> backendOptions;
    private final long logSegmentBytes;
    private final RetryPolicy retryPolicy;

    private DatabaseConfig(Builder b) {
        this.directory = b.directory;
        this.backend = b.backend;
        this.mvccWindow = b.mvccWindow;
        this.mvccMemoryBytes = b.mvccMemoryBytes;
        this.sync = b.sync;
        this.backendOptions = Map.copyOf(b.backendOptions);
        this.logSegmentBytes = b.logSegmentBytes;
        this.retryPolicy = b.retryPolicy;
    }

    /** A builder for a database in {@code directory}, with every other setting at its default. */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** The data directory. */
    public Path directory() {
        return directory;
    }

    /** The storage backend's name, e.g. {@code leveldb} or {@code memory}. */
    public String backend() {
        return backend;
    }

    /** How long committed versions stay readable by snapshot reads. */
    public Duration mvccWindow() {
        return mvccWindow;
    }

    /** Bytes of recent versions kept in memory before versions leave the window early. */
    public long mvccMemoryBytes() {
        return mvccMemoryBytes;
    }

    /** Whether each commit is forced to disk before it is acknowledged. */
    public boolean sync() {
        return sync;
    }

    /** Options passed to the storage backend. */
    public Map<String, String> backendOptions() {
        return backendOptions;
    }

    /** The size at which the write-ahead log starts a new segment file, in bytes. */
    public long logSegmentBytes() {
        return logSegmentBytes;
    }

    /** How {@code Database.run} and {@code Database.read} retry. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    @Override
    public String toString() {
        return "DatabaseConfig{directory=" + directory + ", backend=" + backend + ", mvccWindow=" + mvccWindow
                + ", mvccMemoryBytes=" + mvccMemoryBytes + ", sync=" + sync + ", backendOptions=" + backendOptions + "}";
    }

    /** Builds a {@link DatabaseConfig}; not thread-safe. */
    public static final class Builder {
        private final Path directory;
        private String backend = DEFAULT_BACKEND;
        private Duration mvccWindow = DEFAULT_MVCC_WINDOW;
        private long mvccMemoryBytes = DEFAULT_MVCC_MEMORY;
        private boolean sync = true;
        private final Map<String, String> backendOptions = new TreeMap<>();
        private long logSegmentBytes = DEFAULT_LOG_SEGMENT;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;

        private Builder(Path directory) {
            if (directory == null) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "database directory must not be null");
            }
            this.directory = directory;
        }

        /** Sets the storage backend by name (default {@value DatabaseConfig#DEFAULT_BACKEND}). */
        public Builder backend(String name) {
            if (name == null || name.isBlank()) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "backend name must not be empty");
            }
            this.backend = name;
            return this;
        }

        /** Sets how long versions stay readable (default 5 s); must be positive. */
        public Builder mvccWindow(Duration window) {
            if (window == null || window.isNegative() || window.isZero()) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "MVCC window must be positive, not " + window);
            }
            this.mvccWindow = window;
            return this;
        }

        /** Sets the memory for recent versions in bytes (default 256 MiB); at least 1 MiB. */
        public Builder mvccMemoryBytes(long bytes) {
            if (bytes < (1 << 20)) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "MVCC memory must be at least 1 MiB, not " + bytes);
            }
            this.mvccMemoryBytes = bytes;
            return this;
        }

        /** Sets whether commits are forced to disk before they are acknowledged (default true). */
        public Builder sync(boolean sync) {
            this.sync = sync;
            return this;
        }

        /** Adds one backend option. */
        public Builder backendOption(String name, String value) {
            if (name == null || value == null) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "backend option name and value must not be null");
            }
            backendOptions.put(name, value);
            return this;
        }

        /** Adds every backend option in {@code options}. */
        public Builder backendOptions(Map<String, String> options) {
            options.forEach(this::backendOption);
            return this;
        }

        /** Sets the log segment size in bytes (default 64 MiB); at least 4 KiB. */
        public Builder logSegmentBytes(long bytes) {
            if (bytes < 4096) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "log segment size must be at least 4096, not " + bytes);
            }
            this.logSegmentBytes = bytes;
            return this;
        }

        /** Sets how {@code run} and {@code read} retry (default {@link RetryPolicy#DEFAULT}). */
        public Builder retryPolicy(RetryPolicy policy) {
            if (policy == null) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "retry policy must not be null");
            }
            this.retryPolicy = policy;
            return this;
        }

        /** The configuration. */
        public DatabaseConfig build() {
            return new DatabaseConfig(this);
        }
    }
}
