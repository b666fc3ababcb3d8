package dev.mlcompose.runner.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageDigestsTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void the_tag_is_kept_and_the_digest_of_the_same_repository_added() {
        assertThat(ImageDigests.pinned("127.0.0.1:5000/team/train:1",
                List.of("other/repo@sha256:" + "b".repeat(64), "127.0.0.1:5000/team/train@" + DIGEST)))
                .contains("127.0.0.1:5000/team/train:1@" + DIGEST);
        assertThat(ImageDigests.pinned("redis", List.of("redis@" + DIGEST))).contains("redis@" + DIGEST);
    }

    @Test
    void a_reference_with_a_digest_stays_and_an_image_without_one_from_its_registry_has_none() {
        assertThat(ImageDigests.pinned("redis@" + DIGEST, List.of())).contains("redis@" + DIGEST);
        assertThat(ImageDigests.pinned("local/built:1", List.of())).isEmpty();
        assertThat(ImageDigests.pinned("team/train:1", List.of("team/train-old@" + DIGEST))).isEmpty();
    }

    @Test
    void a_registry_port_is_not_a_tag() {
        assertThat(ImageDigests.repository("host:5000/x")).isEqualTo("host:5000/x");
        assertThat(ImageDigests.repository("host:5000/x:1")).isEqualTo("host:5000/x");
    }
}
