package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerFile;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.runner.spec.ServiceMounts;
import dev.mlcompose.schema.model.FileObject;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The files compose copies into a container between its create and its start ({@code secrets.go}
 * {@code injectSecrets}, {@code injectConfigs}): each secret and config of the service whose content is an
 * environment variable of the project or inline {@code content}, at its target (a secret's under /run/secrets unless
 * absolute, a config's at /NAME), mode 0444 unless set, owned by {@code uid}/{@code gid} when given; an empty one is
 * left out, as compose leaves it. With {@code use_api_socket}, the user's registry credentials go to
 * /run/secrets/docker/config.json ({@code apiSocket.go}).
 */
final class InjectedFiles {

    static final int DEFAULT_MODE = 0444;
    static final String CREDENTIALS = ServiceMounts.DOCKER_CONFIG_DIR + "/config.json";

    private final Engine engine;
    private final Project project;
    private String credentials;

    InjectedFiles(Engine engine, Project project) {
        this.engine = engine;
        this.project = project;
    }

    /**
     * What keeps the files of {@code services} from being copied in, one line each, for the checks before anything
     * is created (compose finds a missing variable only at the service's start): a variable that is not set, a
     * read-only container, an owner that is not a number, {@code use_api_socket} on a Windows engine.
     */
    static List<String> problems(Project project, Collection<Service> services, Engine engine) {
        var problems = new ArrayList<String>();
        for (Service service : services) {
            for (Service.FileRef ref : service.files()) {
                Optional<FileObject> object = injected(project, ref);
                object.ifPresent(o -> problems.addAll(problems(project, service, ref, o)));
            }
            if (service.integrations().useApiSocket() && service.options().security().readOnly()) {
                problems.add("service " + service.name() + ": use_api_socket cannot write the registry credentials"
                        + " into a read-only container (read_only: true)");
            }
        }
        if (services.stream().anyMatch(s -> s.integrations().useApiSocket())
                && engine.info().os().equalsIgnoreCase("windows")) {
            problems.add("services " + String.join(", ", services.stream().filter(s -> s.integrations().useApiSocket())
                    .map(Service::name).toList()) + ": use_api_socket cannot be used with a Windows engine");
        }
        return problems;
    }

    private static List<String> problems(Project project, Service service, Service.FileRef ref, FileObject object) {
        String what = "service " + service.name() + ": " + kind(ref) + " " + ref.source();
        var problems = new ArrayList<String>();
        object.environment().filter(v -> object.content().isEmpty() && !project.environment().containsKey(v))
                .ifPresent(v -> problems.add(what + " is read from the environment variable " + v
                        + ", which is not set"));
        if (service.options().security().readOnly()) {
            problems.add(what + " cannot be copied into a read-only container (read_only: true): only a file "
                    + kind(ref) + " can be mounted there");
        }
        ref.uid().filter(v -> !v.matches("\\d+")).ifPresent(v -> problems.add(what + ": uid must be a number, got " + v));
        ref.gid().filter(v -> !v.matches("\\d+")).ifPresent(v -> problems.add(what + ": gid must be a number, got " + v));
        return problems;
    }

    /** Copies the service's files into its created container {@code id}, before it starts. */
    void copyInto(Service service, String id) {
        for (ContainerFile file : of(service)) {
            try {
                engine.copyFile(id, file);
            } catch (EngineException e) {
                throw new ServiceFailure(service.name(), "cannot copy " + file.path() + " into the container: "
                        + e.reason(), e);
            }
        }
    }

    /** The files, secrets first, then configs, then the registry credentials. */
    List<ContainerFile> of(Service service) {
        var files = new ArrayList<ContainerFile>();
        for (Service.FileRef ref : service.files()) {
            injected(project, ref).ifPresent(object -> content(service, ref, object).filter(c -> !c.isEmpty())
                    .ifPresent(c -> files.add(new ContainerFile(ServiceMounts.target(ref), c,
                            ref.mode().orElse(DEFAULT_MODE), ref.uid().map(Integer::valueOf),
                            ref.gid().map(Integer::valueOf)))));
        }
        if (service.integrations().useApiSocket()) {
            files.add(new ContainerFile(CREDENTIALS, credentials(), DEFAULT_MODE, Optional.empty(), Optional.empty()));
        }
        return files;
    }

    /** Inline content wins over a variable, as in compose's {@code resolveFileContent}. */
    private Optional<String> content(Service service, Service.FileRef ref, FileObject object) {
        if (object.content().isPresent()) {
            return object.content();
        }
        String variable = object.environment().orElseThrow();
        String value = project.environment().get(variable);
        if (value == null) {
            throw new ServiceFailure(service.name(), kind(ref) + " " + ref.source()
                    + " is read from the environment variable " + variable + ", which is not set");
        }
        return Optional.of(value);
    }

    /** Read once per run, when the first container needs them. */
    private synchronized String credentials() {
        if (credentials == null) {
            credentials = engine.registryCredentials();
        }
        return credentials;
    }

    /** The secret or config behind {@code ref} when its content is copied in; empty for a file one. */
    private static Optional<FileObject> injected(Project project, Service.FileRef ref) {
        FileObject object = (ServiceMounts.isSecret(ref) ? project.secrets() : project.configs()).get(ref.source());
        return Optional.ofNullable(object).filter(o -> !o.external())
                .filter(o -> o.environment().isPresent() || o.content().isPresent());
    }

    private static String kind(Service.FileRef ref) {
        return ServiceMounts.isSecret(ref) ? "secret" : "config";
    }
}
