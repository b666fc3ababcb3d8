package dev.mlcompose.schema.yaml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A YAML mapping with string keys, in file order; each key keeps its own location. */
public record MapNode(Map<String, Node> entries, Map<String, Location> keyLocations, Location location,
                      MergeTag mergeTag) implements Node {

    public MapNode {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        keyLocations = Map.copyOf(keyLocations);
    }

    public static MapNode empty(Location location) {
        return new MapNode(Map.of(), Map.of(), location, MergeTag.NONE);
    }

    public Optional<Node> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    public Location keyLocation(String key) {
        return keyLocations.getOrDefault(key, location);
    }

    public MapNode with(String key, Node value) {
        var copy = new LinkedHashMap<>(entries);
        copy.put(key, value);
        var keys = new LinkedHashMap<>(keyLocations);
        keys.putIfAbsent(key, value.location());
        return new MapNode(copy, keys, location, mergeTag);
    }

    public MapNode without(String key) {
        var copy = new LinkedHashMap<>(entries);
        copy.remove(key);
        return new MapNode(copy, keyLocations, location, mergeTag);
    }

    public MapNode withEntries(Map<String, Node> newEntries) {
        return new MapNode(newEntries, keyLocations, location, mergeTag);
    }

    @Override
    public MapNode withMergeTag(MergeTag tag) {
        return new MapNode(entries, keyLocations, location, tag);
    }

    @Override
    public String typeName() {
        return "mapping";
    }
}
