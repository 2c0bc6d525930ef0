package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth build and berth commit against a fake daemon; .dockerignore as the docker CLI has it. */
class BuildCommandTest {
  @TempDir Path tmp;
  private FakeDaemon daemon;

  @AfterEach
  void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  /** The names in a tar, from its ustar headers (PAX {@code path} records win). */
  static List<String> names(byte[] tar) {
    List<String> out = new ArrayList<>();
    String paxPath = null;
    for (int off = 0; off + 512 <= tar.length; ) {
      if (tar[off] == 0) {
        break;
      }
      String name = new String(tar, off, 100, StandardCharsets.UTF_8).replaceAll("\0.*", "");
      long size = Long.parseLong(new String(tar, off + 124, 11, StandardCharsets.US_ASCII)
          .trim(), 8);
      char type = (char) tar[off + 156];
      if (type == 'x') {
        String rec = new String(tar, off + 512, (int) size, StandardCharsets.UTF_8);
        paxPath = rec.replaceAll("(?s).*path=([^\n]*)\n.*", "$1");
      } else {
        out.add(paxPath != null ? paxPath : name);
        paxPath = null;
      }
      off += 512 + (int) ((size + 511) / 512 * 512);
    }
    return out;
  }

  @Test
  void sendsTheContextMinusDockerignoreAndTheOptions() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\n");
    Files.writeString(ctx.resolve(".dockerignore"), "# comment\n*.log\nsecret\n**/tmp\n!keep.log\n");
    Files.writeString(ctx.resolve("a.txt"), "a");
    Files.writeString(ctx.resolve("x.log"), "x");
    Files.writeString(ctx.resolve("keep.log"), "k");
    Files.createDirectories(ctx.resolve("secret/inner"));
    Files.writeString(ctx.resolve("secret/inner/s"), "s");
    Files.createDirectories(ctx.resolve("src/deep/tmp"));
    Files.writeString(ctx.resolve("src/deep/tmp/t"), "t");
    Files.writeString(ctx.resolve("src/" + "n".repeat(120)), "long");
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.stream(
        "{\"stream\":\"Step 1/1 : FROM busybox\\n\"}\r\n{\"aux\":{\"ID\":\"sha256:abc\"}}\r\n"
            + "{\"stream\":\"Successfully built abc\\n\"}\r\n"));
    Path iid = tmp.resolve("iid");
    Cli c = Cli.run(daemon.host(), "", "build", "-t", "app:1", "-t", "app:2", "--build-arg",
        "A=1", "--label", "l=v", "--target", "t", "--no-cache", "--iidfile", iid.toString(),
        ctx.toString());
    assertThat(c.err()).isEmpty();
    assertThat(c.out()).isEqualTo("Step 1/1 : FROM busybox\nSuccessfully built abc\n");
    assertThat(Files.readString(iid)).isEqualTo("sha256:abc");
    FakeDaemon.Request r = daemon.last();
    assertThat(URLDecoder.decode(r.target(), StandardCharsets.UTF_8)).isEqualTo(
        "/v1.44/build?t=app:1&t=app:2&dockerfile=Dockerfile&buildargs={\"A\":\"1\"}"
            + "&labels={\"l\":\"v\"}&target=t&nocache=1&rm=1&version=1");
    assertThat(r.headers()).containsEntry("content-type", "application/x-tar");
    assertThat(names(r.body())).containsExactly(".dockerignore", "Dockerfile", "a.txt",
        "keep.log", "src/", "src/deep/", "src/" + "n".repeat(120));
  }

  @Test
  void aFailingRunEndsWithItsExitCode() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\nRUN exit 3\n");
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.stream(
        "{\"stream\":\"Step 2/2 : RUN exit 3\\n\"}\r\n{\"errorDetail\":{\"code\":3,\"message\":"
            + "\"The command '/bin/sh -c exit 3' returned a non-zero code: 3\"},\"error\":\"x\"}"));
    Cli c = Cli.run(daemon.host(), "", "build", ctx.toString());
    assertThat(c.exit()).isEqualTo(3);
    assertThat(c.err()).isEqualTo(
        "The command '/bin/sh -c exit 3' returned a non-zero code: 3\n");
  }

  @Test
  void commitSendsChangesAndPrintsTheId() throws Exception {
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.json(201, "{\"Id\":\"sha256:abc\"}"));
    Cli c = Cli.run(daemon.host(), "", "commit", "-c", "CMD [\"x\"]", "-m", "msg", "web",
        "repo/app:2");
    assertThat(c.out()).isEqualTo("sha256:abc\n");
    assertThat(URLDecoder.decode(daemon.last().target(), StandardCharsets.UTF_8)).isEqualTo(
        "/v1.44/commit?container=web&repo=repo/app&tag=2&changes=CMD [\"x\"]&comment=msg&pause=1");
  }
}
