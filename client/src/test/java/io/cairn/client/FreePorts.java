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
 * bindable, and are never handed out twice in one JVM. Thread-safe.
 */
public final class FreePorts {
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A port on 127.0.0.1 that nothing listens on now. */
    public static int next() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (!GIVEN.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new java.net.InetSocketAddress(loopback, port), 1);
                return port;
            } catch (IOException inUse) {
                // Taken by someone else; try another.
            }
        }
        throw new IOException("no free loopback port found in [" + LOW + ", " + HIGH + ")");
    }
}
