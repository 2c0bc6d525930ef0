package io.berth.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.Container;
import io.berth.engine.ContainerStatus;
import io.berth.engine.ContainerStore;
import io.berth.engine.HealthConfig;
import io.berth.engine.HostConfig;
import io.berth.engine.Layout;
import io.berth.engine.MountPoint;
import io.berth.engine.MountSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A root written by berth 1.6 (main at 0766ee9, before the engine had its own records): the
 * {@code config.v2.json} and {@code hostconfig.json} of four containers (created; running
 * with a restart policy, ports, labels, a health check, a volume, a bind and a tmpfs; exited
 * with on-failure, extra hosts, DNS, caps, ulimits and memory; stopped with --mount and
 * --tmpfs), copied from a daemon's root. They load, and are written back byte for byte.
 */
class OldRootTest {
  static final Path FIXTURE = fixture();

  @TempDir Path tmp;

  static Path fixture() {
    try {
      return Path.of(OldRootTest.class.getResource("/store/berth-1.6-root").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Path> containerDirs() throws IOException {
    try (Stream<Path> s = Files.list(FIXTURE.resolve("containers"))) {
      return s.sorted().toList();
    }
  }

  @Test
  void everyFileIsWrittenBackByteForByte() throws IOException {
    List<Path> dirs = containerDirs();
    assertThat(dirs).hasSize(4);
    for (Path d : dirs) {
      byte[] config = Files.readAllBytes(d.resolve("config.v2.json"));
      byte[] host = Files.readAllBytes(d.resolve("hostconfig.json"));
      Container c = StoreJson.readContainer(config, "config");
      HostConfig h = StoreJson.readHostConfig(host, "host config");
      assertThat(new String(StoreJson.write(c))).as(d + "/config.v2.json")
          .isEqualTo(new String(config));
      assertThat(new String(StoreJson.write(h))).as(d + "/hostconfig.json")
          .isEqualTo(new String(host));
      // and through the builders, as the engine copies them
      assertThat(StoreJson.write(c.withConfig(c.config().toBuilder().build()))).isEqualTo(config);
      assertThat(StoreJson.write(h.toBuilder().build())).isEqualTo(host);
    }
  }

  @Test
  void theStoreLoadsEveryContainerWithItsSettings() throws IOException {
    copy(FIXTURE, tmp.resolve("root"));
    ContainerStore store = new ContainerStore(new Layout(tmp.resolve("root"), tmp.resolve("run")))
        .load();
    assertThat(store.all()).extracting(Container::name)
        .containsExactlyInAnyOrder("/fx-created", "/fx-running", "/fx-stopped", "/fx-mounts");

    Container created = store.get("fx-created");
    assertThat(created.status()).isEqualTo(ContainerStatus.CREATED);
    assertThat(created.config().labels()).containsEntry("app", "fixture");
    assertThat(created.config().env()).contains("A=1");
    assertThat(created.config().command()).containsExactly("sleep", "1000");

    Container running = store.get("fx-running");
    HostConfig rh = running.hostConfig();
    assertThat(running.status()).isEqualTo(ContainerStatus.RUNNING);
    assertThat(rh.restartPolicy()).isEqualTo(new HostConfig.RestartPolicy("always", 0));
    assertThat(rh.portBindings()).containsKey("80/tcp");
    assertThat(rh.portBindings().get("80/tcp").getFirst()).containsEntry("HostPort", "18086");
    assertThat(running.config().labels()).containsEntry("tier", "web");
    assertThat(running.config().healthcheck()).isEqualTo(new HealthConfig(
        List.of("CMD-SHELL", "true"), 2_000_000_000L, 0L, 0L, 0L, 0));
    assertThat(rh.mounts()).containsExactly(MountSpec.of("tmpfs", null, "/scratch", false));
    assertThat(running.state().health().status()).isEqualTo("healthy");
    assertThat(running.mountPoints()).extracting(MountPoint::type, MountPoint::destination)
        .contains(org.assertj.core.groups.Tuple.tuple("volume", "/data"),
            org.assertj.core.groups.Tuple.tuple("bind", "/src"),
            org.assertj.core.groups.Tuple.tuple("tmpfs", "/scratch"));
    assertThat(running.mountPoints()).filteredOn(m -> m.destination().equals("/src"))
        .extracting(MountPoint::rw).containsExactly(false);

    Container stopped = store.get("fx-stopped");
    HostConfig sh = stopped.hostConfig();
    assertThat(stopped.status()).isEqualTo(ContainerStatus.EXITED);
    assertThat(stopped.state().exitCode()).isEqualTo(3);
    assertThat(sh.restartPolicy()).isEqualTo(new HostConfig.RestartPolicy("on-failure", 3));
    assertThat(sh.capAdd()).containsExactly("NET_ADMIN");
    assertThat(sh.ulimits()).containsExactly(new HostConfig.Ulimit("nofile", 1024, 2048));
    assertThat(sh.memory()).isEqualTo(64L << 20);
    assertThat(sh.other()).containsEntry("ExtraHosts", List.of("db:10.1.1.1"))
        .containsEntry("Dns", List.of("10.9.9.9"));
    assertThat(stopped.config().workingDir()).isEqualTo("/tmp");
    assertThat(stopped.config().hostname()).isEqualTo("fxhost");
    assertThat(stopped.config().stopSignal()).isEqualTo("SIGINT");

    Container mounts = store.get("fx-mounts");
    assertThat(mounts.hostConfig().mounts())
        .containsExactly(MountSpec.of("volume", "fxvol2", "/v2", false));
    assertThat(mounts.hostConfig().tmpfs()).isEqualTo(Map.of("/run", "size=1m"));
    assertThat(mounts.config().entrypoint()).containsExactly("/bin/sh");
    assertThat(mounts.config().user()).isEqualTo("0:0");
  }

  @Test
  void aChangeOfStateRewritesOnlyTheState() throws IOException {
    Path root = tmp.resolve("root");
    copy(FIXTURE, root);
    Layout layout = new Layout(root, tmp.resolve("run"));
    ContainerStore store = new ContainerStore(layout).load();
    Container c = store.get("fx-stopped");
    byte[] hostBefore = Files.readAllBytes(layout.hostConfigFile(c.id()));
    store.update(c.id(), x -> x.withState(x.state().withStatus(ContainerStatus.REMOVING)));
    store.update(c.id(), x -> x.withState(x.state().withStatus(ContainerStatus.EXITED)));
    assertThat(Files.readAllBytes(layout.configFile(c.id())))
        .isEqualTo(Files.readAllBytes(FIXTURE.resolve("containers").resolve(c.id())
            .resolve("config.v2.json")));
    assertThat(Files.readAllBytes(layout.hostConfigFile(c.id()))).isEqualTo(hostBefore);
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      walk.forEach(p -> {
        try {
          Path t = to.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(t);
          } else {
            Files.copy(p, t);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
