package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** load, save, import and system df against a fake daemon. */
class StreamCommandsTest {
  @TempDir Path tmp;
  private FakeDaemon daemon;

  @AfterEach
  void stop() throws Exception {
    Terminal.stdin = () -> false;
    Terminal.stdout = () -> false;
    if (daemon != null) {
      daemon.close();
    }
  }

  private static byte[] tar() {
    byte[] b = new byte[100_000];
    new Random(7).nextBytes(b);
    return b;
  }

  @Test
  void loadStreamsAFileAndRendersMessages() throws Exception {
    Path file = tmp.resolve("img.tar");
    Files.write(file, tar());
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.stream(
        "{\"stream\":\"Loaded image: busybox:latest\\n\"}\r\n"));
    Cli c = Cli.run(daemon.host(), "", "load", "-i", file.toString());
    assertThat(c.out()).isEqualTo("Loaded image: busybox:latest\n");
    assertThat(c.exit()).isZero();
    FakeDaemon.Request r = daemon.last();
    assertThat(r.target()).isEqualTo("/v1.44/images/load?quiet=1");
    assertThat(r.headers()).containsEntry("content-type", "application/x-tar")
        .containsEntry("content-length", "100000");
    assertThat(r.body()).isEqualTo(tar());
  }

  @Test
  void loadFromStdinIsChunkedAndErrorsEndIt() throws Exception {
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.stream(
        "{\"status\":\"Loading layer\",\"id\":\"abc\",\"progressDetail\":{\"current\":5,\"total\":9}}\r\n"
            + "{\"status\":\"Loading layer\",\"id\":\"abc\"}\r\n"
            + "{\"errorDetail\":{\"message\":\"unexpected EOF\"},\"error\":\"unexpected EOF\"}\r\n"));
    Cli c = Cli.run(daemon.host(), new ByteArrayInputStream(tar()), "image", "load");
    assertThat(c.out()).isEqualTo("abc: Loading layer\n");
    assertThat(c.err()).isEqualTo("unexpected EOF\n");
    assertThat(c.exit()).isEqualTo(1);
    assertThat(daemon.last().headers()).containsEntry("transfer-encoding", "chunked");
    assertThat(daemon.last().body()).isEqualTo(tar());
  }

  @Test
  void loadRefusesATerminalStdin() throws Exception {
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.stream("{}"));
    Terminal.stdin = () -> true;
    Cli c = Cli.run(daemon.host(), "", "load");
    assertThat(c.err()).isEqualTo("requested load from stdin, but stdin is empty\n");
    assertThat(c.exit()).isEqualTo(1);
  }

  @Test
  void saveWritesStdoutOrAFile() throws Exception {
    daemon = new FakeDaemon(r -> new FakeDaemon.Reply(200, "application/x-tar", tar(), true));
    Cli c = Cli.run(daemon.host(), "", "save", "busybox", "alpine:3");
    assertThat(c.outBytes()).isEqualTo(tar());
    assertThat(URLDecoder.decode(daemon.last().target(), StandardCharsets.UTF_8))
        .isEqualTo("/v1.44/images/get?names=busybox&names=alpine:3");
    Path out = tmp.resolve("out.tar");
    assertThat(Cli.run(daemon.host(), "", "image", "save", "-o", out.toString(), "busybox")
        .exit()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(tar());
    try (var files = Files.list(tmp)) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void saveRefusesATerminalAndReportsMissingImages() throws Exception {
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.json(404,
        "{\"message\":\"No such image: nope:latest\"}"));
    Terminal.stdout = () -> true;
    Cli c = Cli.run(daemon.host(), "", "save", "busybox");
    assertThat(c.err()).isEqualTo(
        "cowardly refusing to save to a terminal. Use the -o flag or redirect\n");
    assertThat(daemon.requests).isEmpty();
    Terminal.stdout = () -> false;
    Cli missing = Cli.run(daemon.host(), "", "save", "-o", tmp.resolve("x.tar").toString(), "nope");
    assertThat(missing.err()).isEqualTo("Error response from daemon: No such image: nope:latest\n");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(tmp.resolve("x.tar")).doesNotExist();
  }

  @Test
  void importSendsChangesAndPrintsTheId() throws Exception {
    Path file = tmp.resolve("rootfs.tar");
    Files.write(file, tar());
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.stream(
        "{\"status\":\"sha256:0123456789abcdef\"}\r\n"));
    Cli c = Cli.run(daemon.host(), "", "import", "-c", "ENV A=1", "--change", "CMD [\"sh\"]",
        "-m", "hi there", file.toString(), "mine:v1");
    assertThat(c.out()).isEqualTo("sha256:0123456789abcdef\n");
    assertThat(URLDecoder.decode(daemon.last().target(), StandardCharsets.UTF_8)).isEqualTo(
        "/v1.44/images/create?fromSrc=-&repo=mine&tag=v1&message=hi there"
            + "&changes=ENV A=1&changes=CMD [\"sh\"]");
    assertThat(daemon.last().body()).isEqualTo(tar());
    Cli.run(daemon.host(), new ByteArrayInputStream(tar()), "image", "import", "-");
    assertThat(daemon.last().target()).isEqualTo("/v1.44/images/create?fromSrc=-");
    assertThat(daemon.last().body()).isEqualTo(tar());
    Cli missing = Cli.run(daemon.host(), "", "import", tmp.resolve("none.tar").toString());
    assertThat(missing.err()).isEqualTo("open " + tmp.resolve("none.tar")
        + ": no such file or directory\n");
  }

  @Test
  void systemDf() throws Exception {
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.json(200, """
        {"LayersSize":5461375,
         "Images":[{"Id":"sha256:aa","RepoTags":["busybox:latest"],"Created":1,"Size":4261375,"SharedSize":0,"Containers":1},
                   {"Id":"sha256:bb","RepoTags":["x:1"],"Created":1,"Size":1200000,"SharedSize":0,"Containers":0}],
         "Containers":[{"Id":"c1","SizeRw":1000,"State":"running"},{"Id":"c2","SizeRw":3000,"State":"exited"}],
         "Volumes":[{"Name":"v","UsageData":{"Size":2000,"RefCount":0}}],
         "BuildCache":[]}"""));
    Cli c = Cli.run(daemon.host(), "", "system", "df");
    assertThat(c.out()).isEqualTo("""
        TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE
        Images          2         1         5.461MB   1.2MB (21%)
        Containers      2         1         4kB       3kB (75%)
        Local Volumes   1         0         2kB       2kB (100%)
        Build Cache     0         0         0B        0B
        """);
    assertThat(Cli.run(daemon.host(), "", "system", "df", "--format", "json").out().lines()
        .findFirst().orElseThrow()).isEqualTo("{\"Active\":\"1\",\"Reclaimable\":\"1.2MB (21%)\","
            + "\"Size\":\"5.461MB\",\"TotalCount\":\"2\",\"Type\":\"Images\"}");
    Cli v = Cli.run(daemon.host(), "", "system", "df", "-v");
    assertThat(v.out()).startsWith("Images space usage:\n\nREPOSITORY   TAG       IMAGE ID   ")
        .contains("\nLocal Volumes space usage:\n\nVOLUME NAME   LINKS     SIZE\nv             0         2kB\n")
        .contains("Build cache usage: 0B\n");
  }
}
