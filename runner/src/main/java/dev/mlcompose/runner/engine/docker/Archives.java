package dev.mlcompose.runner.engine.docker;

import com.github.dockerjava.api.DockerClient;
import dev.mlcompose.runner.engine.ContainerFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Files put into a container through the engine's archive API, as compose injects secrets and configs that come
 * from an environment variable or inline content ({@code secrets.go} {@code createTar}): a one-file tar unpacked at
 * {@code /}, so no shell or tool is needed in the image.
 */
final class Archives {

    private Archives() {
    }

    static void copyInto(DockerClient docker, String id, ContainerFile file) {
        docker.copyArchiveToContainerCmd(id).withRemotePath("/")
                .withTarInputStream(new ByteArrayInputStream(tar(file))).exec();
    }

    static byte[] tar(ContainerFile file) {
        byte[] content = file.bytes();
        var out = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry entry = new TarArchiveEntry(file.path().replaceFirst("^/+", ""));
            entry.setSize(content.length);
            entry.setMode(file.mode());
            file.uid().ifPresent(entry::setUserId);
            file.gid().ifPresent(entry::setGroupId);
            entry.setModTime(System.currentTimeMillis());
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
