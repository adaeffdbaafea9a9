package io.cairn.core;

import java.util.concurrent.CompletableFuture;

/**
 * A {@link Log} that keeps nothing: it hands the engine's state machine to the test, which applies
 * records itself at the versions it chooses. Appends fail unless a test overrides them.
 */
class StubLog implements Log {
    /** The engine's state machine, once started. */
    StateMachine sm;

    @Override
    public void start(StateMachine stateMachine, long minVersion) {
        sm = stateMachine;
    }

    @Override
    public CompletableFuture<Object> append(byte[] record) {
        return CompletableFuture.failedFuture(new IllegalStateException("this log only replays what the test applies"));
    }

    @Override
    public void release(long version) {}

    @Override
    public long sizeBytes() {
        return 0;
    }

    @Override
    public String recoveryWarning() {
        return null;
    }

    @Override
    public void close() {}
}
