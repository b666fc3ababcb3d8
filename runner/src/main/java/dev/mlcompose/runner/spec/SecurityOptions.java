package dev.mlcompose.runner.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code security_opt} as compose reads it ({@code parseSecurityOpts}, from the docker CLI):
 * {@code systempaths=unconfined} unmasks /proc and /sys, {@code seccomp=FILE} sends the profile itself (compact
 * JSON; the file relative to the project directory), anything else goes as written.
 */
record SecurityOptions(List<String> passed, boolean unconfinedPaths) {

    private static final ObjectMapper JSON = new ObjectMapper();

    SecurityOptions {
        passed = List.copyOf(passed);
    }

    static SecurityOptions parse(Project project, String service, List<String> options) {
        var passed = new ArrayList<String>();
        boolean unconfined = false;
        for (String option : options) {
            if (option.equals("systempaths=unconfined")) {
                unconfined = true;
                continue;
            }
            String[] kv = option.split("=", 2);
            if (kv.length == 1 && !option.equals("no-new-privileges")) {
                if (!option.contains(":")) {
                    throw new ServiceFailure(service, "service " + service + ": invalid security_opt \"" + option
                            + "\" (use KEY=VALUE, e.g. seccomp=unconfined or label=disable)");
                }
                kv = option.split(":", 2);
            }
            passed.add(kv[0].equals("seccomp") && !kv[1].equals("unconfined")
                    ? "seccomp=" + profile(project, service, kv[1]) : option);
        }
        return new SecurityOptions(passed, unconfined);
    }

    private static String profile(Project project, String service, String file) {
        Path path = project.workingDir().resolve(file);
        try {
            return JSON.writeValueAsString(JSON.readTree(Files.readString(path)));
        } catch (JsonProcessingException e) {
            throw new ServiceFailure(service, "service " + service + ": seccomp profile " + path + " is not JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ServiceFailure(service, "service " + service + ": cannot read seccomp profile " + path + ": " + e);
        }
    }
}
