package dev.mlcompose.schema.merge;

import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.path.PathPattern;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.Node.MergeTag;
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.schema.yaml.SeqNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Merges Compose documents that are already in canonical (long) form, following the spec's merge rules
 * (compose-spec 13-merge.md, compose-go override/merge.go and uncity.go): mappings merge key by key,
 * sequences append, and the sequences below are unique by a key, the later entry winning.
 * {@code !reset} removes a value, {@code !override} replaces it whole.
 */
public final class Merger {

    /** Sequences replaced whole rather than appended. */
    private static final List<PathPattern> REPLACED = patterns(
            "services.*.command", "services.*.entrypoint", "services.*.healthcheck.test");

    /** Sequences kept unique, by the key each entry yields. */
    private static final Map<PathPattern, Function<Node, String>> UNIQUE_BY = new LinkedHashMap<>();

    static {
        Function<Node, String> itself = Merger::text;
        UNIQUE_BY.put(PathPattern.of("services.*.ports"), n -> field(n, "host_ip") + ":" + field(n, "published")
                + ":" + field(n, "target") + "/" + field(n, "protocol"));
        UNIQUE_BY.put(PathPattern.of("services.*.volumes"), n -> field(n, "target"));
        UNIQUE_BY.put(PathPattern.of("services.*.secrets"), n -> field(n, "source"));
        UNIQUE_BY.put(PathPattern.of("services.*.configs"), n -> field(n, "source"));
        UNIQUE_BY.put(PathPattern.of("services.*.env_file"), n -> field(n, "path"));
        UNIQUE_BY.put(PathPattern.of("services.*.devices"), n -> field(n, "source") + ":" + field(n, "target"));
        for (String key : List.of("expose", "dns", "dns_opt", "dns_search", "cap_add", "cap_drop", "profiles",
                "links", "tmpfs", "external_links", "volumes_from", "security_opt", "group_add",
                "networks.*.aliases", "networks.*.link_local_ips", "build.tags", "build.platforms",
                "build.cache_from", "build.cache_to")) {
            UNIQUE_BY.put(PathPattern.of("services.*." + key), itself);
        }
    }

    private Merger() {
    }

    /** Merges {@code override} onto {@code base}; both are whole documents. */
    public static Node merge(Node base, Node override) {
        return merge(base, override, KeyPath.root());
    }

    /** Merges at a given path, so that {@code extends} can merge one service with the same rules. */
    public static Node merge(Node base, Node override, KeyPath path) {
        if (override.mergeTag() == MergeTag.OVERRIDE) {
            return override.withMergeTag(MergeTag.NONE);
        }
        if (base instanceof MapNode baseMap && override instanceof MapNode overrideMap) {
            return mergeMaps(baseMap, overrideMap, path);
        }
        if (base instanceof SeqNode baseSeq && override instanceof SeqNode overrideSeq
                && REPLACED.stream().noneMatch(p -> p.matches(path))) {
            return mergeSequences(baseSeq, overrideSeq, path);
        }
        return override;
    }

    private static MapNode mergeMaps(MapNode base, MapNode override, KeyPath path) {
        var entries = new LinkedHashMap<>(base.entries());
        var keys = new LinkedHashMap<>(base.keyLocations());
        override.entries().forEach((key, value) -> {
            if (value.mergeTag() == MergeTag.RESET) {
                entries.remove(key);
                return;
            }
            Node previous = entries.get(key);
            entries.put(key, previous == null ? stripTags(value) : merge(previous, value, path.key(key)));
            keys.put(key, override.keyLocation(key));
        });
        return new MapNode(entries, keys, base.location(), MergeTag.NONE);
    }

    private static SeqNode mergeSequences(SeqNode base, SeqNode override, KeyPath path) {
        var all = new ArrayList<>(base.items());
        all.addAll(override.items());
        var unique = UNIQUE_BY.entrySet().stream().filter(e -> e.getKey().matches(path)).findFirst();
        if (unique.isEmpty()) {
            return override.withItems(all);
        }
        var byKey = new LinkedHashMap<String, Node>();
        for (Node item : all) {
            String key = unique.get().getValue().apply(item);
            byKey.remove(key); // the later entry takes the later position, as compose's indexers do
            byKey.put(key, item);
        }
        return base.withItems(new ArrayList<>(byKey.values()));
    }

    /** Ends merging: drops {@code !reset} values and the tags, which only steer merges. */
    public static Node finish(Node node) {
        return stripTags(node);
    }

    private static Node stripTags(Node node) {
        if (node instanceof MapNode map) {
            var entries = new LinkedHashMap<String, Node>();
            map.entries().forEach((k, v) -> {
                if (v.mergeTag() != MergeTag.RESET) {
                    entries.put(k, stripTags(v));
                }
            });
            return map.withEntries(entries).withMergeTag(MergeTag.NONE);
        }
        if (node instanceof SeqNode seq) {
            return seq.withItems(seq.items().stream().map(Merger::stripTags).toList()).withMergeTag(MergeTag.NONE);
        }
        return node.withMergeTag(MergeTag.NONE);
    }

    private static String field(Node node, String key) {
        return node instanceof MapNode map ? map.get(key).map(Merger::text).orElse("") : text(node);
    }

    private static String text(Node node) {
        return node instanceof ScalarNode scalar ? scalar.text() : node.toString();
    }

    private static List<PathPattern> patterns(String... texts) {
        return java.util.Arrays.stream(texts).map(PathPattern::of).toList();
    }
}
