package io.cairn.commands.keyspace;

import io.cairn.api.partition.Keyspace;
import io.cairn.api.partition.Placement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The facts about a keyspace that the keyspace commands print, as printer fields. */
final class KeyspaceFields {
    private KeyspaceFields() {}

    /** Name, scheme, id, stored prefix, and buckets or value groups. */
    static Map<String, Object> describe(Keyspace ks) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", ks.name());
        m.put("scheme", ks.scheme());
        m.put("id", ks.id());
        m.put("prefix", ks.prefix());
        if (ks.placement() instanceof Placement.Hash h) {
            m.put("buckets", h.buckets());
        } else if (ks.placement() instanceof Placement.ListOf l) {
            List<Object> groups = new ArrayList<>();
            for (List<Object> g : l.groups()) {
                List<Object> values = new ArrayList<>();
                g.forEach(v -> values.add(String.valueOf(v)));
                groups.add(values);
            }
            m.put("values", groups);
        }
        return m;
    }

    /** The scheme's parameters in a few words, for text: {@code 16 buckets}, {@code values us,ca; eu}. */
    static String parameters(Keyspace ks) {
        if (ks.placement() instanceof Placement.Hash h) {
            return h.buckets() + (h.buckets() == 1 ? " bucket" : " buckets");
        }
        if (ks.placement() instanceof Placement.ListOf l) {
            List<String> groups = new ArrayList<>();
            for (List<Object> g : l.groups()) {
                groups.add(String.join(",", g.stream().map(String::valueOf).toList()));
            }
            return "values " + String.join("; ", groups);
        }
        return "-";
    }
}
