package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.testkit.FakeRuntime;
import io.berth.engine.fake.TestEngine;
import io.berth.runtime.AttachStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerServiceTest {
  @TempDir java.nio.file.Path dir;
  TestEngine t;
  ContainerService svc;

  @BeforeEach
  void setUp() throws Exception {
    t = new TestEngine(dir);
    svc = t.service;
  }

  private Container create(String name, String config) {
    return svc.create(TestEngine.request(name, config, null));
  }

  private Container busybox(String name) {
    return create(name, "{\"Image\":\"busybox\"}");
  }

  @Test
  void createWritesMetadataHostFilesAndSnapshot() throws Exception {
    Container c = create("web", "{\"Image\":\"busybox\",\"Env\":[\"A=1\"],"
        + "\"Labels\":{\"x\":\"y\"},\"Custom\":{\"kept\":true}}");
    assertThat(c.id()).matches("[0-9a-f]{64}");
    assertThat(c.name()).isEqualTo("/web");
    assertThat(c.path()).isEqualTo("sh");
    assertThat(c.image()).isEqualTo(t.imageId);
    assertThat(c.config().hostname()).isEqualTo(c.id().substring(0, 12));
    assertThat(c.config().labels()).containsEntry("app", "sh").containsEntry("x", "y");
    assertThat(c.hostConfig().logConfig().type()).isEqualTo("json-file");
    var d = t.layout().dir(c.id());
    assertThat(Files.readString(d.resolve("config.v2.json"))).contains("\"Custom\"");
    assertThat(d.resolve("hostconfig.json")).exists();
    assertThat(Files.readString(d.resolve("hostname"))).isEqualTo(c.id().substring(0, 12) + "\n");
    assertThat(Files.readString(d.resolve("hosts"))).startsWith("127.0.0.1\tlocalhost\n");
    assertThat(Files.readString(d.resolve("resolv.conf"))).contains("nameserver 8.8.8.8")
        .doesNotContain("127.0.0.53");
    assertThat(t.snapshots.stat(c.id()).parent()).startsWith("sha256:");
    assertThat(svc.inspect("web").container().state().status()).isEqualTo(ContainerStatus.CREATED);
  }

  @Test
  void createErrorsUseDockerTexts() {
    Container c = busybox("dup");
    assertThatThrownBy(() -> create("x1", "{\"Image\":\"nope:1\"}"))
        .isInstanceOf(BerthException.NotFound.class).hasMessage("No such image: nope:1");
    assertThatThrownBy(() -> busybox("dup")).isInstanceOf(BerthException.Conflict.class)
        .hasMessage("Conflict. The container name \"/dup\" is already in use by container \""
            + c.id() + "\". You have to remove (or rename) that container to be able to reuse"
            + " that name.");
    assertThatThrownBy(() -> busybox("bad name")).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("Invalid container name (bad name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    assertThatThrownBy(() -> svc.create(TestEngine.request("b", "{\"Image\":\"busybox\"}",
        "{\"DeviceCgroupRules\":[\"x 7:128 rwm\"]}")))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("invalid device cgroup format 'x 7:128 rwm'");
    assertThat(svc.list(true, 0, Map.of())).hasSize(1);
  }

  @Test
  void failedCreateLeavesNothing() throws Exception {
    Files.createDirectories(t.layout().containers());
    Files.writeString(t.layout().containers().resolve("blocker"), "");
    var before = t.snapshots.keys();
    // a file where the container's directory would go: creation fails after the snapshot
    Files.delete(t.layout().containers().resolve("blocker"));
    Files.delete(t.layout().containers());
    Files.writeString(t.layout().containers(), "not a directory");
    assertThatThrownBy(() -> busybox("undo")).isInstanceOf(RuntimeException.class);
    assertThat(t.snapshots.keys()).isEqualTo(before);
    Files.delete(t.layout().containers());
    assertThat(busybox("undo").name()).isEqualTo("/undo"); // the name was released
  }

  @Test
  void lookupByIdNameAndPrefix() {
    Container c = busybox("look");
    assertThat(svc.inspect(c.id()).container().id()).isEqualTo(c.id());
    assertThat(svc.inspect("look").container().id()).isEqualTo(c.id());
    assertThat(svc.inspect("/look").container().id()).isEqualTo(c.id());
    assertThat(svc.inspect(c.id().substring(0, 12)).container().id()).isEqualTo(c.id());
    assertThatThrownBy(() -> svc.inspect("nope")).isInstanceOf(BerthException.NotFound.class)
        .hasMessage("No such container: nope");
    Set<Character> seen = new HashSet<>();
    Character dup = null;
    for (int i = 0; i < 17 && dup == null; i++) {
      char first = busybox(null).id().charAt(0);
      if (!seen.add(first)) {
        dup = first;
      }
    }
    String prefix = String.valueOf(dup);
    assertThatThrownBy(() -> svc.inspect(prefix)).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("multiple IDs found with provided prefix: " + prefix);
  }

  @Test
  void runWaitLogsAndRemove() throws Exception {
    t.runtime.scripts = r -> FakeRuntime.Script.print(3, "hi\n", "oops\n");
    Container c = busybox("run");
    var exit = svc.waitFor("run", "next-exit");
    var removed = svc.waitFor("run", "removed");
    svc.start("run");
    assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(new WaitResult(3, null));
    Container after = svc.inspect("run").container();
    assertThat(after.status()).isEqualTo(ContainerStatus.EXITED);
    assertThat(after.state().exitCode()).isEqualTo(3);
    assertThat(after.state().finishedAt()).isNotEqualTo(Times.ZERO);
    assertThat(t.runtime.calls).contains("delete " + c.id());
    assertThat(t.layout().runDir(c.id())).doesNotExist();
    assertThat(svc.waitFor("run", null).get(1, TimeUnit.SECONDS).statusCode()).isEqualTo(3);

    List<String> out = new ArrayList<>();
    svc.logs("run", new LogOptions(true, true, false, false, null, null, -1),
        (s, d) -> out.add(s + ":" + new String(d, StandardCharsets.UTF_8)));
    assertThat(out).containsExactly("STDOUT:hi\n", "STDERR:oops\n");
    out.clear();
    svc.logs("run", new LogOptions(false, true, false, false, null, null, 1),
        (s, d) -> out.add(new String(d, StandardCharsets.UTF_8)));
    assertThat(out).containsExactly("oops\n");

    svc.remove("run", false);
    assertThat(removed.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(3);
    assertThat(t.layout().dir(c.id())).doesNotExist();
    assertThat(t.snapshots.keys()).doesNotContain(c.id());
    assertThatThrownBy(() -> svc.inspect("run")).isInstanceOf(BerthException.NotFound.class);
  }

  @Test
  void startStopKillRules() throws Exception {
    Container c = busybox("svc");
    assertThatThrownBy(() -> svc.stop("svc", null, null)).isInstanceOf(BerthException.NotModified.class);
    assertThatThrownBy(() -> svc.kill("svc", null)).isInstanceOf(BerthException.Conflict.class)
        .hasMessage("Cannot kill container: " + c.id() + ": Container " + c.id() + " is not running");
    svc.start("svc");
    assertThat(svc.inspect("svc").container().state().pid()).isPositive();
    assertThatThrownBy(() -> svc.start("svc")).isInstanceOf(BerthException.NotModified.class);
    assertThatThrownBy(() -> svc.remove("svc", false)).isInstanceOf(BerthException.Conflict.class)
        .hasMessage("You cannot remove a running container " + c.id() + ". Stop the container"
            + " before attempting removal or force remove");
    assertThatThrownBy(() -> t.images.remove("busybox", false, false))
        .isInstanceOf(BerthException.Conflict.class)
        .hasMessage("conflict: unable to remove repository reference \"busybox\" (must force) -"
            + " container " + c.id().substring(0, 12) + " is using its referenced image "
            + t.imageId.substring(7, 19));
    assertThatThrownBy(() -> t.images.remove(t.imageId, true, false))
        .isInstanceOf(BerthException.Conflict.class)
        .hasMessage("conflict: unable to delete " + t.imageId.substring(7, 19) + " (cannot be"
            + " forced) - image is being used by running container " + c.id().substring(0, 12));
    assertThat(t.images.inspect("busybox").repoTags()).containsExactly("busybox:latest");
    svc.stop("svc", 5, null);
    assertThatThrownBy(() -> t.images.remove(t.imageId, false, false))
        .hasMessageContaining("(must be forced) - image is being used by stopped container");
    assertThat(svc.inspect("svc").container().state().exitCode()).isEqualTo(143);
    svc.start("svc");
    svc.kill("svc", "SIGKILL");
    assertThat(svc.inspect("svc").container().state().exitCode()).isEqualTo(137);
    svc.start("svc");
    svc.remove("svc", true);
    assertThat(svc.list(true, 0, Map.of())).isEmpty();
  }

  /** runc refuses a kill whose process exited meanwhile: a stop or kill that raced it succeeds. */
  @Test
  void aKillRacingTheExitIsAStopOrKillAllTheSame() {
    busybox("race1");
    svc.start("race1");
    t.runtime.killRacesExit = true;
    svc.stop("race1", 0, null);
    assertThat(svc.inspect("race1").container().status().isRunning()).isFalse();
    t.runtime.killRacesExit = false;
    svc.start("race1");
    t.runtime.killRacesExit = true;
    svc.kill("race1", null);
    assertThat(svc.inspect("race1").container().status().isRunning()).isFalse();
  }

  @Test
  void stopEscalatesToSigkill() {
    t.runtime.scripts = r -> new FakeRuntime.Script(List.of(), null, false, true);
    Container c = create("stubborn", "{\"Image\":\"busybox\",\"StopSignal\":\"SIGINT\"}");
    svc.start("stubborn");
    svc.stop("stubborn", 1, null);
    assertThat(svc.inspect("stubborn").container().state().exitCode()).isEqualTo(137);
    assertThat(t.runtime.calls).contains("kill " + c.id() + " 2", "kill " + c.id() + " 9");
  }

  @Test
  void autoRemoveCompletesRemovedWait() throws Exception {
    t.runtime.scripts = r -> FakeRuntime.Script.print(0, "bye\n", null);
    Container c = svc.create(TestEngine.request("rm", "{\"Image\":\"busybox\"}",
        "{\"AutoRemove\":true}"));
    var removed = svc.waitFor("rm", "removed");
    svc.start("rm");
    assertThat(removed.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(0);
    assertThat(t.layout().dir(c.id())).doesNotExist();
  }

  @Test
  void attachBeforeStartSeesAllOutputAndStdinOnce() throws Exception {
    t.runtime.scripts = r -> FakeRuntime.Script.echo();
    create("cat", "{\"Image\":\"busybox\",\"OpenStdin\":true,\"StdinOnce\":true}");
    Attachment a = svc.attach("cat", new AttachOptions(true, true, true, false, true));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread pump = Thread.ofVirtual().start(() -> {
      try {
        a.run(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)),
            (s, d) -> out.write(d));
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    svc.start("cat");
    assertThat(pump.join(java.time.Duration.ofSeconds(5))).isTrue();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(svc.waitFor("cat", null).get(5, TimeUnit.SECONDS).statusCode()).isZero();
  }

  @Test
  void execLifecycle() throws Exception {
    Container c = busybox("ex");
    assertThatThrownBy(() -> svc.execs().create("ex", new ExecConfig(List.of("ls"), null, null,
        null, false, false, true, true, false, null, null)))
        .isInstanceOf(BerthException.Conflict.class).hasMessage("Container " + c.id() + " is not running");
    svc.start("ex");
    t.runtime.execScripts = r -> FakeRuntime.Script.print(4, "out\n", null);
    String id = svc.execs().create("ex", new ExecConfig(List.of("ls"), null, null, null, false,
        false, true, true, false, null, null));
    assertThat(svc.inspect("ex").execIds()).containsExactly(id);
    assertThat(svc.execs().inspect(id).running()).isFalse();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    svc.execs().start(id, false).run(null, (s, d) -> out.write(d));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out\n");
    assertThat(svc.execs().inspect(id).exitCode()).isEqualTo(4);
    assertThatThrownBy(() -> svc.execs().start(id, false)).isInstanceOf(BerthException.Conflict.class);
    assertThatThrownBy(() -> svc.execs().inspect("nope")).isInstanceOf(BerthException.NotFound.class)
        .hasMessage("No such exec instance: nope");
    svc.remove("ex", true);
    assertThatThrownBy(() -> svc.execs().inspect(id)).isInstanceOf(BerthException.NotFound.class);
  }

  @Test
  void filters() {
    Container a = create("fa", "{\"Image\":\"busybox\",\"Labels\":{\"tier\":\"web\"}}");
    Container b = create("fb", "{\"Image\":\"busybox\"}");
    svc.start("fb");
    assertThat(ids(svc.list(false, 0, Map.of()))).containsExactly(b.id());
    assertThat(ids(svc.list(true, 0, Map.of("label", List.of("tier=web"))))).containsExactly(a.id());
    assertThat(ids(svc.list(true, 0, Map.of("label", List.of("tier"))))).containsExactly(a.id());
    assertThat(ids(svc.list(true, 0, Map.of("status", List.of("created"))))).containsExactly(a.id());
    assertThat(ids(svc.list(true, 0, Map.of("name", List.of("^fb$"))))).containsExactly(b.id());
    assertThat(ids(svc.list(true, 0, Map.of("name", List.of("f"))))).hasSize(2);
    assertThat(ids(svc.list(true, 0, Map.of("id", List.of(a.id().substring(0, 10))))))
        .containsExactly(a.id());
    assertThat(ids(svc.list(true, 0, Map.of("ancestor", List.of("busybox:latest"))))).hasSize(2);
    assertThat(ids(svc.list(true, 0, Map.of("ancestor", List.of(t.imageId))))).hasSize(2);
    assertThat(ids(svc.list(true, 0, Map.of("before", List.of("fb"))))).containsExactly(a.id());
    assertThat(ids(svc.list(true, 0, Map.of("since", List.of("fa"))))).containsExactly(b.id());
    assertThat(ids(svc.list(true, 1, Map.of()))).containsExactly(b.id());
    svc.kill("fb", null);
    assertThat(ids(svc.list(true, 0, Map.of("exited", List.of("137"))))).containsExactly(b.id());
    assertThatThrownBy(() -> svc.list(true, 0, Map.of("bogus", List.of("x"))))
        .hasMessage("Invalid filter 'bogus'");
    assertThat(svc.prune(Map.of("label", List.of("tier=web"))).deleted()).containsExactly(a.id());
    assertThat(svc.prune(Map.of()).deleted()).containsExactly(b.id());
  }

  private static List<String> ids(List<ContainerView> l) {
    return l.stream().map(v -> v.container().id()).toList();
  }

  @Test
  void renameReleasesTheOldName() {
    busybox("old");
    busybox("other");
    assertThatThrownBy(() -> svc.rename("old", "other")).isInstanceOf(BerthException.Conflict.class);
    svc.rename("old", "new");
    assertThat(svc.inspect("new").container().name()).isEqualTo("/new");
    busybox("old");
  }

  @Test
  void aForcedRemovalAnswersBeforeItsCleanUpAndStartUpFinishesOneACrashCutOff() throws Exception {
    Container c = busybox("gone");
    svc.start("gone");
    var removed = svc.waitFor("gone", "removed");
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    t.snapshots.beforeRemove = () -> { // the clean-up after the answer hangs: a crash cuts it
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    try {
      svc.remove("gone", true, false);
      assertThat(removed.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(137);
      assertThatThrownBy(() -> svc.inspect(c.id())).isInstanceOf(BerthException.NotFound.class);
      Container next = busybox("gone"); // the name is free at once, as after dockerd's rm
      assertThat(Files.readString(t.layout().configFile(c.id()))).contains("\"removing\"");
      assertThat(t.snapshots.keys()).contains(c.id());

      t.service = null; // the daemon dies here; the next one starts on the same root
      ContainerService after = t.restart();
      assertThat(after.inspect("gone").container().id()).isEqualTo(next.id());
      assertThatThrownBy(() -> after.inspect(c.id())).isInstanceOf(BerthException.NotFound.class);
      assertThat(t.layout().dir(c.id())).doesNotExist();
      assertThat(t.layout().runDir(c.id())).doesNotExist();
      assertThat(t.snapshots.keys()).doesNotContain(c.id());
    } finally {
      never.countDown();
    }
  }

  @Test
  void startUpSweepsWhatARemovedContainersCutOffCleanUpLeft() throws Exception {
    Container c = create("rm", "{\"Image\":\"busybox\"}");
    svc.start("rm");
    assertThat(t.layout().runDir(c.id())).exists();
    // an auto-remove's record goes before its answer, the rest after: a crash in between
    ContainerStore.deleteTree(t.layout().dir(c.id()));
    t.service = null;
    ContainerService after = t.restart();
    assertThatThrownBy(() -> after.inspect(c.id())).isInstanceOf(BerthException.NotFound.class);
    assertThat(t.layout().runDir(c.id())).doesNotExist();
    assertThat(t.snapshots.keys()).doesNotContain(c.id());
    assertThat(t.runtime.calls).contains("delete " + c.id());
  }

  @Test
  void aForcedRemovalCleansUpAfterItsAnswer() throws Exception {
    Container c = busybox("rmf");
    svc.start("rmf");
    svc.remove("rmf", true, false);
    assertThatThrownBy(() -> svc.inspect("rmf")).isInstanceOf(BerthException.NotFound.class);
    svc.close(); // waits for the clean-ups under way
    assertThat(t.runtime.calls).contains("delete " + c.id());
    assertThat(t.layout().dir(c.id())).doesNotExist();
    assertThat(t.layout().runDir(c.id())).doesNotExist();
    assertThat(t.snapshots.keys()).doesNotContain(c.id());
  }

  @Test
  void reloadAdoptsRunningAndRecordsVanished() throws Exception {
    Container live = busybox("live");
    Container gone = busybox("gone");
    Container idle = create("idle", "{\"Image\":\"busybox\",\"Labels\":{\"k\":\"v\"}}");
    svc.start("live");
    svc.start("gone");
    t.runtime.tasks.remove(gone.id());
    ContainerService again = t.restart();
    assertThat(again.inspect("live").container().status()).isEqualTo(ContainerStatus.RUNNING);
    assertThat(again.inspect("gone").container().state().exitCode()).isEqualTo(255);
    assertThat(again.inspect("gone").container().status()).isEqualTo(ContainerStatus.EXITED);
    assertThat(again.inspect(idle.id()).container().config().labels()).containsEntry("k", "v");
    again.kill("live", null);
    assertThat(again.inspect(live.id()).container().state().exitCode()).isEqualTo(137);
    assertThatThrownBy(() -> again.create(TestEngine.request("live", "{\"Image\":\"busybox\"}", null)))
        .isInstanceOf(BerthException.Conflict.class);
  }

  @Test
  void topListsTheInitProcess() {
    busybox("top");
    svc.start("top");
    var table = svc.top("top", "-ef");
    assertThat(table.titles()).contains("PID");
    assertThat(table.processes()).isNotEmpty();
  }

  @Test
  void startFailureRecordsTheErrorAndUndoes() {
    Container c = busybox("bad");
    t.runtime.failCreate = BerthException.invalid("exec: \"nope\": executable file not found");
    assertThatThrownBy(() -> svc.start("bad")).isInstanceOf(BerthException.InvalidArgument.class);
    Container after = svc.inspect("bad").container();
    assertThat(after.status()).isEqualTo(ContainerStatus.CREATED);
    assertThat(after.state().error()).contains("executable file not found");
    assertThat(t.layout().runDir(c.id())).doesNotExist();
    t.runtime.failCreate = null;
    svc.start("bad");
    assertThat(svc.inspect("bad").container().state().error()).isEmpty();
  }
}
