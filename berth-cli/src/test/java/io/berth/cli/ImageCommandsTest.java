package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Commands end to end against a fake daemon answering as dockerd does. */
class ImageCommandsTest {
  private static final String ID =
      "sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824";
  private FakeDaemon daemon;

  @AfterEach
  void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static String images() {
    long twoHoursAgo = Instant.now().getEpochSecond() - 7200;
    return """
        [{"Id":"%s","ParentId":"","RepoTags":["busybox:latest","docker.io/library/busybox:1.36"],
          "RepoDigests":["busybox@sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79"],
          "Created":%d,"Size":4261375,"SharedSize":-1,"Containers":-1,"Labels":null},
         {"Id":"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
          "RepoTags":[],"RepoDigests":[],"Created":%d,"Size":1200000000,"SharedSize":-1,
          "Containers":2}]""".formatted(ID, twoHoursAgo, Instant.now().getEpochSecond() - 70);
  }

  private static String query(FakeDaemon d) {
    return URLDecoder.decode(d.last().target(), StandardCharsets.UTF_8);
  }

  @Test
  void imagesTable() throws Exception {
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.json(200, images()));
    Cli c = Cli.run(daemon.host(), "", "images");
    assertThat(c.exit()).isZero();
    assertThat(c.out()).isEqualTo("""
        REPOSITORY   TAG       IMAGE ID       CREATED              SIZE
        busybox      latest    a416a98b71e2   2 hours ago          4.26MB
        busybox      1.36      a416a98b71e2   2 hours ago          4.26MB
        <none>       <none>    0123456789ab   About a minute ago   1.2GB
        """);
    assertThat(daemon.last().target()).isEqualTo("/v1.44/images/json");
  }

  @Test
  void imagesFlagsBecomeQueryParameters() throws Exception {
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.json(200, "[]"));
    Cli c = Cli.run(daemon.host(), "", "image", "ls", "-a", "-f", "dangling=true", "busybox");
    assertThat(c.out()).isEqualTo("REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n");
    assertThat(query(daemon)).isEqualTo("/v1.44/images/json?all=1&filters="
        + "{\"dangling\":{\"true\":true},\"reference\":{\"busybox\":true}}");
  }

  @Test
  void imagesQuietDigestsNoTruncAndFormats() throws Exception {
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.json(200, images()));
    assertThat(Cli.run(daemon.host(), "", "images", "-q").out())
        .isEqualTo("a416a98b71e2\na416a98b71e2\n0123456789ab\n");
    assertThat(Cli.run(daemon.host(), "", "images", "-q", "--no-trunc").out())
        .startsWith(ID + "\n");
    assertThat(Cli.run(daemon.host(), "", "images", "--digests").out().lines().toList().get(1))
        .startsWith("busybox      latest    sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79   a416a98b71e2   2 hours ago");
    assertThat(Cli.run(daemon.host(), "", "images", "--format", "{{.Repository}}:{{.Tag}}").out())
        .isEqualTo("busybox:latest\nbusybox:1.36\n<none>:<none>\n");
    assertThat(Cli.run(daemon.host(), "", "images", "--format", "table {{.ID}}\\t{{.Size}}").out())
        .isEqualTo("IMAGE ID       SIZE\na416a98b71e2   4.26MB\na416a98b71e2   4.26MB\n"
            + "0123456789ab   1.2GB\n");
    String json = Cli.run(daemon.host(), "", "images", "--format", "json").out().lines().toList()
        .get(2);
    assertThat(json).startsWith("{\"Containers\":\"2\",\"CreatedAt\":\"")
        .endsWith("\"CreatedSince\":\"About a minute ago\",\"Digest\":\"\\u003cnone\\u003e\","
            + "\"ID\":\"0123456789ab\",\"Repository\":\"\\u003cnone\\u003e\",\"SharedSize\":\"N/A\","
            + "\"Size\":\"1.2GB\",\"Tag\":\"\\u003cnone\\u003e\",\"UniqueSize\":\"N/A\","
            + "\"VirtualSize\":\"1.2GB\"}");
  }

  @Test
  void aBadFilterIsRefusedBeforeCallingTheDaemon() throws Exception {
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.json(200, "[]"));
    Cli c = Cli.run(daemon.host(), "", "images", "-f", "dangling");
    assertThat(c.exit()).isEqualTo(1);
    assertThat(c.err()).contains("bad format of filter (expected name=value)");
    assertThat(daemon.requests).isEmpty();
  }

  @Test
  void inspectPrintsAnIndentedArrayThenErrors() throws Exception {
    daemon = new FakeDaemon(r -> r.target().contains("/nope")
        ? FakeDaemon.Reply.json(404, "{\"message\":\"No such image: nope:latest\"}")
        : FakeDaemon.Reply.json(200, "{\"Id\":\"" + ID + "\",\"RepoTags\":[\"busybox:latest\"],"
            + "\"Config\":{\"Env\":[],\"Labels\":{}},\"Size\":4261375}"));
    Cli c = Cli.run(daemon.host(), "", "image", "inspect", "busybox", "nope");
    assertThat(c.out()).isEqualTo("""
        [
            {
                "Id": "%s",
                "RepoTags": [
                    "busybox:latest"
                ],
                "Config": {
                    "Env": [],
                    "Labels": {}
                },
                "Size": 4261375
            }
        ]
        """.formatted(ID));
    assertThat(c.err()).isEqualTo("Error response from daemon: No such image: nope:latest\n");
    assertThat(c.exit()).isEqualTo(1);

    Cli f = Cli.run(daemon.host(), "", "inspect", "-f", "{{.Size}} {{json .RepoTags}}", "busybox");
    assertThat(f.out()).isEqualTo("4261375 [\"busybox:latest\"]\n");
    Cli none = Cli.run(daemon.host(), "", "inspect", "nope");
    assertThat(none.out()).isEqualTo("[]\n");
    assertThat(none.err()).isEqualTo("Error: No such object: nope\n");
  }

  @Test
  void history() throws Exception {
    long created = Instant.now().getEpochSecond() - 3 * 86400;
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.json(200, """
        [{"Id":"%s","Created":%d,"CreatedBy":"/bin/sh -c #(nop)  CMD [\\"sh\\"]","Tags":["busybox:latest"],"Size":0,"Comment":""},
         {"Id":"<missing>","Created":%d,"CreatedBy":"/bin/sh -c #(nop) ADD file:7e9002edaafd4e4579b65c8f0aaabde1aeb7fd3f8d95579f7fd3443cef785fd1 in / ","Tags":null,"Size":4261375,"Comment":"imported"}]
        """.formatted(ID, created, created)));
    Cli c = Cli.run(daemon.host(), "", "history", "busybox");
    assertThat(c.out()).isEqualTo("""
        IMAGE          CREATED      CREATED BY                                      SIZE      COMMENT
        a416a98b71e2   3 days ago   /bin/sh -c #(nop)  CMD ["sh"]                   0B       \s
        <missing>      3 days ago   /bin/sh -c #(nop) ADD file:7e9002edaafd4e457…   4.26MB    imported
        """);
    assertThat(daemon.last().target()).isEqualTo("/v1.44/images/busybox/history");
    assertThat(Cli.run(daemon.host(), "", "image", "history", "-q", "busybox").out())
        .isEqualTo("a416a98b71e2\n<missing>\n");
    assertThat(Cli.run(daemon.host(), "", "history", "-H=false", "--format", "{{.Size}}",
        "busybox").out()).isEqualTo("0\n4261375\n");
  }

  @Test
  void tagNormalizesTheTarget() throws Exception {
    daemon = new FakeDaemon(r -> new FakeDaemon.Reply(201, "text/plain", new byte[0], false));
    Cli c = Cli.run(daemon.host(), "", "tag", "busybox", "127.0.0.1:5055/bb");
    assertThat(c.exit()).isZero();
    assertThat(c.out()).isEmpty();
    assertThat(daemon.last().method()).isEqualTo("POST");
    assertThat(daemon.last().target())
        .isEqualTo("/v1.44/images/busybox/tag?repo=127.0.0.1%3A5055%2Fbb&tag=latest");
    Cli.run(daemon.host(), "", "image", "tag", "busybox:1.36", "mine:v1");
    assertThat(daemon.last().target())
        .isEqualTo("/v1.44/images/busybox:1.36/tag?repo=docker.io%2Flibrary%2Fmine&tag=v1");
  }

  @Test
  void rmiReportsEachImageAndFailsAtTheEnd() throws Exception {
    daemon = new FakeDaemon(r -> r.target().contains("/nope")
        ? FakeDaemon.Reply.json(404, "{\"message\":\"No such image: nope:latest\"}")
        : FakeDaemon.Reply.json(200, "[{\"Untagged\":\"busybox:latest\"},{\"Untagged\":"
            + "\"busybox@sha256:3fbc\"},{\"Deleted\":\"" + ID + "\"}]"));
    Cli c = Cli.run(daemon.host(), "", "rmi", "-f", "nope", "busybox");
    assertThat(c.out()).isEqualTo("Untagged: busybox:latest\nUntagged: busybox@sha256:3fbc\n"
        + "Deleted: " + ID + "\n");
    assertThat(c.err()).isEqualTo("Error response from daemon: No such image: nope:latest\n");
    assertThat(c.exit()).isEqualTo(1);
    assertThat(daemon.last().method()).isEqualTo("DELETE");
    assertThat(daemon.last().target()).isEqualTo("/v1.44/images/busybox?force=1");
    Cli.run(daemon.host(), "", "image", "rm", "--no-prune", "busybox");
    assertThat(daemon.last().target()).isEqualTo("/v1.44/images/busybox?noprune=1");
  }

  @Test
  void pruneAsksFirstAndReports() throws Exception {
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.json(200, "{\"ImagesDeleted\":[{\"Untagged\":"
        + "\"a:1\"},{\"Deleted\":\"" + ID + "\"}],\"SpaceReclaimed\":1200000}"));
    Cli no = Cli.run(daemon.host(), "n\n", "image", "prune");
    assertThat(no.out()).isEqualTo("WARNING! This will remove all dangling images.\n"
        + "Are you sure you want to continue? [y/N] ");
    assertThat(no.exit()).isZero();
    assertThat(daemon.requests).isEmpty();

    Cli yes = Cli.run(daemon.host(), "y\n", "image", "prune");
    assertThat(yes.out()).endsWith("[y/N] Deleted Images:\nuntagged: a:1\ndeleted: " + ID
        + "\n\nTotal reclaimed space: 1.2MB\n");
    assertThat(query(daemon))
        .isEqualTo("/v1.44/images/prune?filters={\"dangling\":{\"true\":true}}");

    Cli all = Cli.run(daemon.host(), "", "image", "prune", "-a", "-f");
    assertThat(all.out()).startsWith("Deleted Images:\n");
    assertThat(query(daemon))
        .isEqualTo("/v1.44/images/prune?filters={\"dangling\":{\"false\":true}}");
  }

  @Test
  void aMissingImageIsTheDaemonsMessage() throws Exception {
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.json(404,
        "{\"message\":\"No such image: x:latest\"}"));
    Cli c = Cli.run(daemon.host(), "", "history", "x");
    assertThat(c.exit()).isEqualTo(1);
    assertThat(c.out()).isEmpty();
    assertThat(c.err()).isEqualTo("Error response from daemon: No such image: x:latest\n");
  }
}
