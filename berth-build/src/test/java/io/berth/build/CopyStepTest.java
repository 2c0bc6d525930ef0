package io.berth.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COPY's content hash (the cache key part) and its placement rules. */
class CopyStepTest {
  @TempDir Path ctx;
  @TempDir Path root;

  @Test
  void theHashIgnoresMtimesButNotContentOrMode() throws Exception {
    Files.createDirectories(ctx.resolve("src"));
    Files.writeString(ctx.resolve("src/a"), "a");
    var first = new CopyStep(ctx, List.of("src"), "/app/", false, "COPY").hash();
    Files.setLastModifiedTime(ctx.resolve("src/a"), FileTime.fromMillis(0));
    assertThat(new CopyStep(ctx, List.of("src"), "/app/", false, "COPY").hash()).isEqualTo(first);
    Files.writeString(ctx.resolve("src/a"), "b");
    var changed = new CopyStep(ctx, List.of("src"), "/app/", false, "COPY").hash();
    assertThat(changed).isNotEqualTo(first);
    Files.setAttribute(ctx.resolve("src/a"), "unix:mode", 0755);
    assertThat(new CopyStep(ctx, List.of("src"), "/app/", false, "COPY").hash())
        .isNotEqualTo(changed);
  }

  @Test
  void placesFilesAndDirectoryContentsAsDockerDoes() throws Exception {
    Files.createDirectories(ctx.resolve("dir/sub"));
    Files.writeString(ctx.resolve("dir/sub/x"), "x");
    Files.writeString(ctx.resolve("one.txt"), "1");
    Files.writeString(ctx.resolve("two.txt"), "2");
    Files.createDirectories(root.resolve("etc"));
    Files.createSymbolicLink(root.resolve("link"), Path.of("/etc"));
    int[] owner = {0, 0};
    new CopyStep(ctx, List.of("dir"), "/app", false, "COPY").apply(root, owner, null);
    new CopyStep(ctx, List.of("one.txt"), "/renamed", false, "COPY").apply(root, owner, null);
    new CopyStep(ctx, List.of("*.txt"), "/txt/", false, "COPY").apply(root, owner, 0600);
    new CopyStep(ctx, List.of("one.txt"), "/link/", false, "COPY").apply(root, owner, null);
    assertThat(root.resolve("app/sub/x")).hasContent("x");
    assertThat(root.resolve("renamed")).hasContent("1");
    assertThat(root.resolve("txt/two.txt")).hasContent("2");
    assertThat(Files.getAttribute(root.resolve("txt/one.txt"), "unix:mode")).isEqualTo(0100600);
    assertThat(root.resolve("etc/one.txt")).hasContent("1");
  }

  @Test
  void missingSourcesAndEscapesFail() throws Exception {
    assertThatThrownBy(() -> new CopyStep(ctx, List.of("nope"), "/x", false, "COPY"))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("COPY failed: file not found in build context");
    assertThatThrownBy(() -> new CopyStep(ctx, List.of("../../etc/passwd"), "/x", false, "COPY"))
        .isInstanceOf(BerthException.InvalidArgument.class);
    int closed;
    try (var sock = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = sock.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closed + "/y";
    assertThatThrownBy(() -> new CopyStep(ctx, List.of(url), "/x", true, "ADD"))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("failed to GET " + url);
  }
}
