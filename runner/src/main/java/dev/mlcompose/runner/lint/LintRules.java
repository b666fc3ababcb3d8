package dev.mlcompose.runner.lint;

import dev.mlcompose.runner.lint.Finding.Severity;
import dev.mlcompose.runner.run.FixedPorts;
import dev.mlcompose.runner.spec.ServiceKinds;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.yaml.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The best-practice rules for containerized ML, one line each in {@link #ALL}. A rule sees one service
 * and the project; {@code imageUser} answers "which user does this local image run as" when an engine is
 * at hand (empty when unknown).
 */
final class LintRules {

    /** What a rule gets to look at. */
    record Subject(Project project, Service service, Function<String, Optional<String>> imageUser) {

        /** The location of {@code services.<name>.<path>} in the files, or of the service itself. */
        Location at(String... path) {
            return project.locate(Stream.concat(Stream.of("services", service.name()), Stream.of(path))
                    .toArray(String[]::new));
        }
    }

    /** What a check found: the message and the key path under the service to point at. */
    record Hit(String message, String... path) {
    }

    /** A rule: its id, severity, fix, and the check. */
    record Rule(String id, Severity severity, String fix, Function<Subject, Optional<Hit>> check) {
        Stream<Finding> apply(Subject s) {
            return check.apply(s).stream().map(h -> new Finding(id, severity, s.at(h.path()), s.service().name(),
                    h.message(), fix));
        }
    }

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|PASSWD|TOKEN|SECRET|API_?KEY|PRIVATE_?KEY|CREDENTIAL).*");
    private static final Pattern DATABASE = Pattern.compile("(?i).*(postgres|mysql|mariadb|mongo|redis|timescale).*");

    static final List<Rule> ALL = List.of(
        rule("ML001", Severity.WARNING, "pin a version tag (e.g. python:3.11.9) or a digest", s -> s.service().image()
                .filter(i -> !i.contains("@") && (!i.substring(i.lastIndexOf('/') + 1).contains(":") || i.endsWith(":latest")))
                .map(i -> new Hit("image " + i + " has no version tag", "image"))),
        rule("ML002", Severity.WARNING, "set `user:` to a non-root user, or add USER to the Dockerfile", s ->
                s.service().user().isPresent() ? Optional.empty()
                        : s.imageUser().apply(imageOf(s)).filter(u -> u.isEmpty() || u.equals("root") || u.equals("0"))
                        .map(u -> new Hit("runs as root (no `user:`, and image " + imageOf(s) + " runs as root)"))),
        rule("ML003", Severity.WARNING, "add a healthcheck that probes the service's own endpoint", s ->
                s.service().healthcheck().isPresent() || ServiceKinds.isJob(s.project(), s.service()) ? Optional.empty()
                        : s.service().ports().isEmpty() ? Optional.empty()
                        : Optional.of(new Hit("publishes ports but has no healthcheck", "ports"))),
        rule("ML004", Severity.WARNING, "set deploy.resources.limits.memory and cpus (mem_limit/cpus)", s ->
                isTrainingOrGpu(s) && (s.service().options().limits().memory().limit().isEmpty()
                        || s.service().options().limits().cpu().cpus().isEmpty())
                        ? Optional.of(new Hit("training/GPU service without memory and CPU limits")) : Optional.empty()),
        rule("ML005", Severity.WARNING, "mount a named volume at the data directory", s ->
                s.service().image().filter(i -> DATABASE.matcher(i).matches()).isPresent()
                        && s.service().volumes().stream().noneMatch(m -> m.type().equals("volume") || m.type().equals("bind"))
                        ? Optional.of(new Hit("database without a volume: its data is lost with the container"))
                        : modelPathNotOnVolume(s)),
        rule("ML006", Severity.ERROR, "move the value to `secrets:` (or an *_FILE variable pointing at one)", s ->
                s.service().environment().entrySet().stream()
                        .filter(e -> SECRET_NAME.matcher(e.getKey()).matches() && !e.getKey().endsWith("_FILE"))
                        .filter(e -> !e.getValue().isEmpty()).findFirst()
                        .map(e -> new Hit("secret in plain environment value " + e.getKey(), "environment", e.getKey()))),
        rule("ML007", Severity.ERROR, "drop `privileged`; add only the capabilities it needs (cap_add)", s ->
                s.service().options().security().privileged() ? Optional.of(new Hit("runs privileged", "privileged")) : Optional.empty()),
        rule("ML008", Severity.ERROR, "do not mount the engine socket; it gives root on the host", s ->
                s.service().volumes().stream().filter(m -> m.source().filter(src -> src.endsWith("docker.sock")).isPresent())
                        .findFirst().map(m -> new Hit("mounts the engine socket " + m.source().get(), "volumes"))),
        rule("ML009", Severity.WARNING, "use the project network and publish the ports it needs", s ->
                s.service().networkMode().filter("host"::equals)
                        .map(m -> new Hit("uses the host network", "network_mode"))),
        rule("ML010", Severity.ERROR, "publish a host port range, or no host port, for a service with replicas", s ->
                FixedPorts.ofReplicas(s.service(), s.service().replicas()).findFirst()
                        .map(problem -> new Hit(problem, "ports"))));

    private LintRules() {
    }

    private static Rule rule(String id, Severity severity, String fix, Function<Subject, Optional<Hit>> check) {
        return new Rule(id, severity, fix, check);
    }

    private static String imageOf(Subject s) {
        return s.service().image().orElse(s.project().name() + "-" + s.service().name());
    }

    private static boolean isTrainingOrGpu(Subject s) {
        boolean gpu = s.service().resources().map(r -> !r.devices().isEmpty()).orElse(false);
        Object role = s.service().mlcompose().get("role");
        return gpu || "job".equals(role) || "train".equals(role) || s.service().name().contains("train");
    }

    /** A model path (each of a colon-separated list) under none of the service's mounts, inputs-from's included. */
    private static Optional<Hit> modelPathNotOnVolume(Subject s) {
        var mounted = new ArrayList<String>();
        s.service().volumes().forEach(m -> mounted.add(m.target()));
        mounted.addAll(s.service().ml().inputsFrom().values());
        return s.service().environment().entrySet().stream()
                .filter(e -> e.getKey().matches("(?i).*MODEL.*(PATH|DIR).*") && e.getValue().startsWith("/"))
                .flatMap(e -> java.util.Arrays.stream(e.getValue().split(":")).map(path -> Map.entry(e.getKey(), path)))
                .filter(e -> mounted.stream().noneMatch(e.getValue()::startsWith))
                .findFirst().map(e -> new Hit("model path " + e.getValue() + " is not on a volume",
                        "environment", e.getKey()));
    }
}
