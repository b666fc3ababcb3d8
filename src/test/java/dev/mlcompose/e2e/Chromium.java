package dev.mlcompose.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium, headless, for pages mlcompose writes: the DOM after its scripts ran, and a screenshot. Every
 * host name resolves to nothing, so a page that reached for the network would show it. Installed by
 * {@code scripts/chromium.sh}.
 */
final class Chromium {

    private Chromium() {
    }

    static boolean available() {
        try {
            return new ProcessBuilder("chromium", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The page's DOM once loaded, as {@code --dump-dom} serializes it. */
    static String dom(Path page) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", page.toUri().toString()));
    }

    /** A PNG of the page in a window of that size. */
    static void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        run(List.of("--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png,
                page.toUri().toString()));
    }

    private static String run(List<String> args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--host-resolver-rules=MAP * ~NOTFOUND"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium " + String.join(" ", args) + " failed");
        }
        return out;
    }
}
