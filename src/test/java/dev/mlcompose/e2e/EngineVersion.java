package dev.mlcompose.e2e;

/** The API version of the engine the suite runs against (the suite runs on Engine 20.10 and on 26.1). */
final class EngineVersion {

    private static String api;

    private EngineVersion() {
    }

    static synchronized String api() {
        if (api == null) {
            api = Docker.run("version", "--format", "{{.Server.APIVersion}}").strip();
        }
        return api;
    }

    static boolean apiAtLeast(String minimum) {
        String[] have = api().split("\\.");
        String[] want = minimum.split("\\.");
        for (int i = 0; i < Math.max(have.length, want.length); i++) {
            int c = Integer.compare(i < have.length ? Integer.parseInt(have[i]) : 0,
                    i < want.length ? Integer.parseInt(want[i]) : 0);
            if (c != 0) {
                return c > 0;
            }
        }
        return true;
    }
}
