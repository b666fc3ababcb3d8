package dev.mlcompose.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local half of {@code cp}: tars made and unpacked by docker cp's naming, and hostile archives refused. */
class ContainerCopyTest {

    @TempDir
    Path dir;

    @Test
    void a_folder_packed_and_unpacked_keeps_names_contents_modes_and_links() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/sub"));
        Files.writeString(dir.resolve("src/a.txt"), "a");
        Files.writeString(src.resolve("b.txt"), "b");
        Files.setPosixFilePermissions(src.resolve("b.txt"), PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(dir.resolve("src/link"), Path.of("a.txt"));
        var tar = new ByteArrayOutputStream();

        ContainerCopy.pack(dir.resolve("src"), "renamed", new ContainerCopy.Options(false, false), tar);
        ConfinedUnpack.unpack(new ByteArrayInputStream(tar.toByteArray()), dir.resolve("out"), false);

        assertThat(dir.resolve("out/a.txt")).hasContent("a");
        assertThat(dir.resolve("out/sub/b.txt")).hasContent("b");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("out/sub/b.txt"))))
                .isEqualTo("rw-------");
        assertThat(Files.readSymbolicLink(dir.resolve("out/link"))).isEqualTo(Path.of("a.txt"));
    }

    @Test
    void an_entry_that_climbs_out_of_the_destination_is_refused_and_nothing_lands_outside() throws IOException {
        byte[] tar = tar(file("top/ok.txt", "ok"), file("top/../../evil.txt", "evil"));

        assertThatThrownBy(() -> ConfinedUnpack.unpack(new ByteArrayInputStream(tar), dir.resolve("out"), false))
                .hasMessageContaining("would be written outside");
        assertThat(dir.resolve("evil.txt")).doesNotExist();
        assertThat(dir.getParent().resolve("evil.txt")).doesNotExist();
    }

    @Test
    void an_entry_written_through_a_link_the_archive_made_is_refused() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        var link = new TarArchiveEntry("top/escape", TarConstants.LF_SYMLINK);
        link.setLinkName(elsewhere.toString());
        byte[] tar = tar(new Entry(link, new byte[0]), file("top/escape/planted.txt", "x"));

        assertThatThrownBy(() -> ConfinedUnpack.unpack(new ByteArrayInputStream(tar), dir.resolve("out"), false))
                .hasMessageContaining("through the link");
        assertThat(elsewhere.resolve("planted.txt")).doesNotExist();
    }

    private record Entry(TarArchiveEntry header, byte[] content) {
    }

    private static Entry file(String name, String content) {
        var header = new TarArchiveEntry(name, true);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        header.setSize(bytes.length);
        return new Entry(header, bytes);
    }

    private static byte[] tar(Entry... entries) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(out)) {
            for (Entry e : entries) {
                tar.putArchiveEntry(e.header());
                tar.write(e.content());
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }
}
