package io.cairn.server;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;

/** This node cannot serve the request because another node leads; {@link #leaderHint()} says which, if known. */
public final class NotLeaderException extends CairnException {
    private static final long serialVersionUID = 1L;

    private final String leaderHint;

    /** Creates the error; {@code leaderHint} is the leader's client address {@code host:port}, or empty. */
    public NotLeaderException(String message, String leaderHint) {
        super(ErrorCode.WRONG_LEADER, message);
        this.leaderHint = leaderHint == null ? "" : leaderHint;
    }

    /** The leader's client address {@code host:port}, or empty when unknown. */
    public String leaderHint() {
        return leaderHint;
    }
}
