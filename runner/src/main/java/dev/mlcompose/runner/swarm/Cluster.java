package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The port to a Swarm manager, in the Engine API's own JSON: the specs {@link StackSpec} builds go out as they are,
 * and what comes back is read where it is used. The Docker adapter is {@code engine.docker.DockerCluster}.
 */
public interface Cluster {

    /**
     * The kinds of objects a stack is made of. {@code VOLUME}: the named volumes of the manager's own node, which
     * its tasks made (a manager cannot reach another node's); they are listed here, never made, and removed with
     * {@link #removeVolume}.
     */
    enum Kind { SERVICE, NETWORK, SECRET, CONFIG, VOLUME }

    /** The manager's {@code /info}: its Swarm state, engine version and the nodes it sees. */
    JsonNode info();

    /** The engine's API version, e.g. {@code 1.45}. */
    String apiVersion();

    /** The objects of this kind labelled with the stack's namespace. */
    List<JsonNode> list(Kind kind, String namespace);

    /** One service as the manager has it now. */
    JsonNode service(String id);

    /** Creates an object; its ID. */
    String create(Kind kind, ObjectNode spec);

    /** Replaces a service's spec; {@code version} is the one read, so that a concurrent change is refused. */
    void update(String serviceId, long version, ObjectNode spec);

    /**
     * Removes an object; one already gone is no error (the manager's list still shows an overlay network for a few
     * seconds after its removal, when the manager's node had a task on it).
     */
    void remove(Kind kind, String id);

    /**
     * Removes a named volume of the manager's node; false while a container still uses it (the node removes the
     * containers of removed tasks a moment after the manager forgot them).
     */
    boolean removeVolume(String name);

    /** The tasks of one service, every state. */
    List<JsonNode> tasks(String serviceId);

    /** Every task of the Swarm (to count the GPUs held: only when a service that reserves some is to be made). */
    List<JsonNode> allTasks();

    /**
     * The tasks still there of services already removed (the manager no longer filters by those services, so this
     * lists every task and keeps theirs).
     */
    List<JsonNode> tasksLeft(Collection<String> removedServiceIds);

    /** The last lines of a service's output, both streams. */
    List<String> logs(String serviceId, int lines);

    /**
     * A service's output, line by line, both streams, from all its tasks: the last {@code tail} lines (all when
     * empty), then, with {@code follow}, what they write until the service is removed. Blocks until then.
     */
    void logs(String serviceId, boolean follow, Optional<Integer> tail, Consumer<String> sink);

    /** The nodes of the Swarm. */
    List<JsonNode> nodes();
}
