package dev.mlcompose.runner.spec;

/**
 * The labels docker compose v2 puts on what it creates; mlcompose sets the same ones, so that
 * {@code docker compose ps/down -p NAME} handle projects mlcompose started, and the other way round.
 */
public final class Labels {

    public static final String PROJECT = "com.docker.compose.project";
    public static final String SERVICE = "com.docker.compose.service";
    public static final String NUMBER = "com.docker.compose.container-number";
    public static final String ONEOFF = "com.docker.compose.oneoff";
    public static final String CONFIG_HASH = "com.docker.compose.config-hash";
    public static final String WORKING_DIR = "com.docker.compose.project.working_dir";
    public static final String CONFIG_FILES = "com.docker.compose.project.config_files";
    public static final String DEPENDS_ON = "com.docker.compose.depends_on";
    public static final String IMAGE = "com.docker.compose.image";
    public static final String VERSION = "com.docker.compose.version";
    public static final String NETWORK = "com.docker.compose.network";
    public static final String VOLUME = "com.docker.compose.volume";
    /** On a pre_start step's container, its kind ({@code pre_start}), as compose labels it ({@code api.HookLabel}). */
    public static final String HOOK = "com.docker.compose.hook";
    /** On a job's container, the key of its {@code x-mlcompose.inputs} when it was created (mlcompose's own). */
    public static final String INPUTS = "dev.mlcompose.inputs";
    /** On a sweep's container, its cell ({@code LR=0.001 SEED=0}): what ps, logs and reports name it by. */
    public static final String CELL = "dev.mlcompose.cell";
    /** The compose version we declare on our objects: the one whose behaviour we follow. */
    public static final String COMPOSE_VERSION = "2.26.1";

    private Labels() {
    }
}
