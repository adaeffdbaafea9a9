package io.cairn.replication;

import java.io.DataInput;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.jgroups.Address;
import org.jgroups.PhysicalAddress;
import org.jgroups.protocols.TCP;
import org.jgroups.stack.IpAddress;

/**
 * JGroups' TCP transport with a switch that cuts this member off from chosen peers, for fault
 * injection: every message to or from a cut peer's channel address is dropped, whatever protocol
 * sent it (RAFT, views, heartbeats, merges, discovery).
 *
 * <p>Filtering by the peers' physical addresses at the transport makes a cut total even when only
 * one side is told, and covers multicasts, which TCP sends as one unicast per member. Nothing is
 * dropped while no peer is cut: the check is one read of a volatile field. Thread-safe.
 *
 * <p>Not filtered: FD_SOCK2's own sockets. They only report a peer whose process is gone, so a cut
 * peer stays "alive" to them; the cut is detected by FD_ALL3, whose heartbeats travel through here.
 */
final class FaultInjectingTcp extends TCP {
    private volatile Set<IpAddress> cut = Set.of();

    /** Drops all traffic with the members at {@code peers} (channel addresses) from now on; replaces the earlier set. */
    void cut(Collection<InetSocketAddress> peers) {
        Set<IpAddress> next = new HashSet<>();
        for (InetSocketAddress p : peers) {
            next.add(new IpAddress(p.getAddress(), p.getPort()));
        }
        cut = Set.copyOf(next);
    }

    /** The peers cut off now, by channel address. */
    Set<InetSocketAddress> cutPeers() {
        Set<InetSocketAddress> out = new HashSet<>();
        for (IpAddress a : cut) {
            out.add(new InetSocketAddress(a.getIpAddress(), a.getPort()));
        }
        return out;
    }

    private boolean dropped(Address peer) {
        Set<IpAddress> c = cut;
        return !c.isEmpty() && peer instanceof IpAddress ip && c.contains(ip);
    }

    @Override
    public void sendUnicast(PhysicalAddress dest, byte[] data, int offset, int length) throws Exception {
        if (!dropped(dest)) {
            super.sendUnicast(dest, data, offset, length);
        }
    }

    @Override
    public void receive(Address sender, byte[] data, int offset, int length) {
        if (!dropped(sender)) {
            super.receive(sender, data, offset, length);
        }
    }

    @Override
    public void receive(Address sender, DataInput in, int length) throws Exception {
        if (dropped(sender)) {
            // The frame must still be consumed, or the connection's stream would lose its framing.
            int left = length;
            while (left > 0) {
                int skipped = in.skipBytes(left);
                if (skipped <= 0) {
                    in.readByte();
                    skipped = 1;
                }
                left -= skipped;
            }
            return;
        }
        super.receive(sender, in, length);
    }
}
