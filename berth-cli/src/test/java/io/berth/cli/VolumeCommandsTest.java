package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** berth volume against a fake daemon answering as dockerd does. */
class VolumeCommandsTest {
  private FakeDaemon daemon;

  @AfterEach
  void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static final String VOLUMES = """
      {"Volumes":[{"CreatedAt":"2026-11-23T03:00:00Z","Driver":"local","Labels":{},
        "Mountpoint":"/var/lib/berth/volumes/zeta/_data","Name":"zeta","Options":{},
        "Scope":"local"},
       {"CreatedAt":"2026-11-23T03:00:00Z","Driver":"local","Labels":null,
        "Mountpoint":"/var/lib/berth/volumes/alpha/_data","Name":"alpha","Options":null,
        "Scope":"local"}],"Warnings":[]}""";

  @Test
  void lsSortsByNameAndSendsFilters() throws Exception {
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.json(200, VOLUMES));
    Cli c = Cli.run(daemon.host(), "", "volume", "ls", "-f", "dangling=true");
    assertThat(c.out()).isEqualTo("""
        DRIVER    VOLUME NAME
        local     alpha
        local     zeta
        """);
    assertThat(URLDecoder.decode(daemon.last().target(), StandardCharsets.UTF_8))
        .isEqualTo("/v1.44/volumes?filters={\"dangling\":{\"true\":true}}");
    assertThat(Cli.run(daemon.host(), "", "volume", "ls", "-q").out()).isEqualTo("alpha\nzeta\n");
  }

  @Test
  void createSendsNameDriverOptionsAndLabels() throws Exception {
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.json(201, "{\"Name\":\"data\"}"));
    Cli c = Cli.run(daemon.host(), "", "volume", "create", "--label", "a=b", "-o", "type=tmpfs",
        "data");
    assertThat(c.out()).isEqualTo("data\n");
    assertThat(daemon.last().text()).isEqualTo("{\"Name\":\"data\",\"Driver\":\"local\","
        + "\"DriverOpts\":{\"type\":\"tmpfs\"},\"Labels\":{\"a\":\"b\"}}");
  }

  @Test
  void rmReportsEachNameAndTheDaemonsConflict() throws Exception {
    daemon = new FakeDaemon(r -> r.target().contains("busy")
        ? FakeDaemon.Reply.json(409, "{\"message\":\"remove busy: volume is in use - [abc]\"}")
        : FakeDaemon.Reply.json(204, ""));
    Cli c = Cli.run(daemon.host(), "", "volume", "rm", "free", "busy");
    assertThat(c.out()).isEqualTo("free\n");
    assertThat(c.err()).contains("Error response from daemon: remove busy: volume is in use"
        + " - [abc]");
    assertThat(c.exit()).isEqualTo(1);
  }

  @Test
  void pruneAllAddsTheAllFilter() throws Exception {
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.json(200,
        "{\"VolumesDeleted\":[\"a\",\"b\"],\"SpaceReclaimed\":2048}"));
    Cli c = Cli.run(daemon.host(), "", "volume", "prune", "-a", "-f");
    assertThat(c.out()).isEqualTo("Deleted Volumes:\na\nb\n\nTotal reclaimed space: 2.048kB\n");
    assertThat(URLDecoder.decode(daemon.last().target(), StandardCharsets.UTF_8))
        .isEqualTo("/v1.44/volumes/prune?filters={\"all\":{\"true\":true}}");
  }
}
