package io.cairn.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for tests that start servers.
 *
 * <p>A port picked with {@code new ServerSocket(0)} comes from the kernel's ephemeral range, from
 * which outgoing connections also take their source ports: between the pick and the bind, a
 * connection can take it. These ports come from below that range (20000-31999), are checked
 * bindable, and are never handed out twice in one JVM, nor handed out where a channel on a port
 * handed out before may put its failure detector (the port + 100 to + 103). Thread-safe.
 */
public final class FreePorts {
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();
    /** JGroups' FD_SOCK2 listens at a channel's port plus this offset... */
    private static final int FD_OFFSET = 100;
    /** ...or at up to this many ports above that. */
    private static final int FD_RANGE = 3;

    private FreePorts() {}

    /** A port on 127.0.0.1 that nothing listens on now. */
    public static int next() throws IOException {
        return block(1);
    }

    /**
     * The first of {@code n} consecutive ports on 127.0.0.1 that nothing listens on now, none of
     * them handed out before: for a node's peer port, whose meta group listens on the next one.
     */
    public static int block(int n) throws IOException {
        if (n < 1 || n > 16) {
            throw new IllegalArgumentException("blocks of 1 to 16 ports, not " + n);
        }
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; attempt < 1000; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(LOW, HIGH - n);
            if (claim(first, n) && bindable(loopback, first, n)) {
                return first;
            }
        }
        throw new IOException("no " + n + " free consecutive loopback ports found in [" + LOW + ", " + HIGH + ")");
    }

    /**
     * Marks {@code [first, first + n)} given, unless one of them was given already (then marks none),
     * and with them the ports a JGroups channel on each takes for its failure detector (FD_SOCK2:
     * the port + 100 to + 103), so that no server of this JVM is handed a port that a channel's
     * failure detector may hold.
     */
    private static synchronized boolean claim(int first, int n) {
        for (int p = first; p < first + n; p++) {
            if (GIVEN.contains(p)) {
                return false;
            }
        }
        for (int p = first; p < first + n; p++) {
            GIVEN.add(p);
            for (int fd = p + FD_OFFSET; fd <= p + FD_OFFSET + FD_RANGE; fd++) {
                GIVEN.add(fd);
            }
        }
        return true;
    }

    private static boolean bindable(InetAddress loopback, int first, int n) {
        for (int port = first; port < first + n; port++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new java.net.InetSocketAddress(loopback, port), 1);
            } catch (IOException inUse) {
                // Taken by someone else: the block stays given (so it is not tried again); try another.
                return false;
            }
        }
        return true;
    }
}
