package io.cairn.core;

import java.util.concurrent.CompletableFuture;

/** A {@link Log} that passes every call to another; tests override the calls they watch or hold up. */
class ForwardingLog implements Log {
    final Log delegate;

    ForwardingLog(Log delegate) {
        this.delegate = delegate;
    }

    @Override
    public void start(StateMachine sm, long minVersion) {
        delegate.start(sm, minVersion);
    }

    @Override
    public CompletableFuture<Object> append(byte[] record) {
        return delegate.append(record);
    }

    @Override
    public void release(long version) {
        delegate.release(version);
    }

    @Override
    public long sizeBytes() {
        return delegate.sizeBytes();
    }

    @Override
    public String recoveryWarning() {
        return delegate.recoveryWarning();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
