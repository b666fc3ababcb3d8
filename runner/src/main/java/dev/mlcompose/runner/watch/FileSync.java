package dev.mlcompose.runner.watch;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.engine.ExecRequest;
import dev.mlcompose.runner.run.HostArchive;
import dev.mlcompose.runner.spec.ServiceFailure;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts changed files into a running container as compose's watch does: what still exists here goes in as one tar
 * through the engine's archive API (no tool in the image needed), and what was deleted here is removed there with
 * {@code rm -rf}, run as root since the files the engine wrote are root's. A path that several changes name goes
 * in once.
 */
final class FileSync {

    private final Engine engine;

    FileSync(Engine engine) {
        this.engine = engine;
    }

    void sync(String service, String containerId, List<Change> changes) {
        Map<String, Change> present = new LinkedHashMap<>();
        List<String> deleted = new ArrayList<>();
        for (Change c : changes) {
            String target = c.containerPath().orElseThrow();
            if (Files.exists(c.hostPath(), LinkOption.NOFOLLOW_LINKS)) {
                present.put(target, c);
            } else if (!deleted.contains(target)) {
                deleted.add(target);
            }
        }
        if (!deleted.isEmpty()) {
            remove(service, containerId, deleted);
        }
        if (!present.isEmpty()) {
            HostArchive.extract(engine, containerId, "/", tar -> {
                for (var e : present.entrySet()) {
                    if (Files.exists(e.getValue().hostPath(), LinkOption.NOFOLLOW_LINKS)) { // not deleted meanwhile
                        HostArchive.append(tar, e.getValue().hostPath(), e.getKey().replaceFirst("^/+", ""), false,
                                false);
                    }
                }
            });
        }
    }

    private void remove(String service, String containerId, List<String> paths) {
        var command = new ArrayList<>(List.of("rm", "-rf", "--"));
        command.addAll(paths);
        var output = new StringBuilder();
        int status;
        try {
            status = engine.exec(containerId, new ExecRequest(command, Map.of(), Optional.of("0"), Optional.empty(),
                    Optional.empty(), Optional.empty(), false), line -> output.append(line.text()).append('\n'));
        } catch (EngineException e) {
            throw new ServiceFailure(service, "cannot remove deleted files: " + e.reason(), e);
        }
        if (status != 0) {
            throw new ServiceFailure(service, "rm -rf of deleted files exited with status " + status
                    + (output.isEmpty() ? "" : ": " + output.toString().strip()));
        }
    }
}
