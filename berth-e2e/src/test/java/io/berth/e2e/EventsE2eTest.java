package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: {@code docker events} with Docker 20.10's attributes — a labelled container's every
 * event passes {@code --filter label=}, image and volume events carry what dockerd's carry.
 */
class EventsE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;
  static Path busyboxTar;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeContainers();
    daemon = Berthd.start(dir.resolve("d"));
    busyboxTar = Images.loadBusybox(daemon, dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static Cmd.Result docker(String... args) throws Exception {
    return Cmd.docker(daemon, args);
  }

  /** The events from {@code since} until now, one formatted line each. */
  private static List<String> events(Instant since, String format, String... filters)
      throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("events", "--since",
        Long.toString(since.getEpochSecond()), "--until",
        Long.toString(Instant.now().getEpochSecond() + 1), "--format", format));
    for (String f : filters) {
      args.add("--filter");
      args.add(f);
    }
    Cmd.Result r = docker(args.toArray(String[]::new));
    assertThat(r.code()).as(r.all()).isZero();
    return r.out().lines().toList();
  }

  @Test
  void everyEventOfALabelledContainerCarriesItsLabels() throws Exception {
    Instant t0 = Instant.now().minusSeconds(1);
    assertThat(docker("run", "--name", "lab", "--label", "team=blue", "--label", "tier=web",
        "busybox", "sh", "-c", "exit 3").code()).isEqualTo(3);
    assertThat(docker("rename", "lab", "lab2").code()).isZero();
    assertThat(docker("rm", "lab2").code()).isZero();
    assertThat(docker("run", "--rm", "--label", "team=red", "busybox", "true").code()).isZero();

    List<String> blue = events(t0, "{{.Action}} {{.Actor.Attributes.tier}}"
        + " {{.Actor.Attributes.name}} {{.Actor.Attributes.exitCode}}", "label=team=blue");
    assertThat(blue).containsSubsequence("create web lab <no value>",
        "start web lab <no value>", "die web lab 3", "rename web lab2 <no value>",
        "destroy web lab2 <no value>");
    assertThat(blue).allMatch(l -> l.contains(" web "));
  }

  @Test
  void imageEventsOfTagSaveLoadImportUntagDelete() throws Exception {
    Instant t0 = Instant.now().minusSeconds(1);
    String id = docker("image", "inspect", "-f", "{{.Id}}", "busybox").out().strip();
    assertThat(docker("tag", "busybox", "ev/bb:1").code()).isZero();
    Path saved = dir.resolve("ev.tar");
    assertThat(docker("save", "-o", saved.toString(), "ev/bb:1").code()).isZero();
    assertThat(docker("rmi", "ev/bb:1").code()).isZero();
    assertThat(docker("load", "-i", saved.toString()).code()).isZero();
    assertThat(docker("rmi", "ev/bb:1").code()).isZero();
    Cmd.Result imported = docker("import", "--change", "LABEL team=blue",
        busyboxTar.toString(), "ev/imp:1");
    assertThat(imported.code()).as(imported.all()).isZero();
    String imp = imported.out().strip();
    assertThat(docker("rmi", "ev/imp:1").code()).isZero();

    List<String> got = events(t0, "{{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}}"
        + " {{.ID}}", "type=image");
    assertThat(got).containsSubsequence(
        "image tag " + id + " ev/bb:1 " + id,
        "image save " + id + " " + id + " " + id,
        "image untag " + id + " " + id + " " + id,
        "image load " + id + " " + id + " " + id,
        "image untag " + id + " " + id + " " + id,
        "image tag " + imp + " ev/imp:1 " + imp,
        "image import " + imp + " " + imp + " " + imp,
        "image untag " + imp + " " + imp + " " + imp,
        "image delete " + imp + " " + imp + " " + imp);
    assertThat(events(t0, "{{.Action}}", "image=ev/imp:1")).containsExactly("tag");
    // an image's labels are in its events while it exists (not in delete's)
    assertThat(events(t0, "{{.Action}}", "type=image", "label=team=blue"))
        .containsExactly("tag", "import", "untag");
  }

  @Test
  void volumeEventsNameTheContainerAndDestination() throws Exception {
    Instant t0 = Instant.now().minusSeconds(1);
    assertThat(docker("volume", "create", "evvol").code()).isZero();
    Cmd.Result run = docker("run", "-d", "--name", "vuser", "-v", "evvol:/data:ro", "busybox",
        "true");
    assertThat(run.code()).as(run.all()).isZero();
    String cid = run.out().strip();
    assertThat(docker("wait", "vuser").code()).isZero();
    assertThat(docker("rm", "vuser").code()).isZero();
    assertThat(docker("volume", "rm", "evvol").code()).isZero();

    List<String> got = events(t0, "{{.Action}} {{.Actor.ID}} {{.Actor.Attributes.driver}}"
        + " {{.Actor.Attributes.container}} {{.Actor.Attributes.destination}}"
        + " {{index .Actor.Attributes \"read/write\"}}", "type=volume", "volume=evvol");
    assertThat(got).containsExactly(
        "create evvol local <no value> <no value> ",
        "mount evvol local " + cid + " /data false",
        "unmount evvol local " + cid + " <no value> ",
        "destroy evvol local <no value> <no value> ");
  }

  @Test
  void networkEventsOfAContainersStartAndExitNameIt() throws Exception {
    Instant t0 = Instant.now().minusSeconds(1);
    assertThat(docker("network", "create", "evnet").code()).isZero();
    String net = docker("network", "inspect", "-f", "{{.Id}}", "evnet").out().strip();
    Cmd.Result run = docker("run", "-d", "--name", "netuser", "--network", "evnet", "busybox",
        "true");
    assertThat(run.code()).as(run.all()).isZero();
    String cid = run.out().strip();
    assertThat(docker("wait", "netuser").code()).isZero();
    assertThat(docker("rm", "netuser").code()).isZero();
    assertThat(docker("network", "rm", "evnet").code()).isZero();

    List<String> got = events(t0, "{{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}}"
        + " {{.Actor.Attributes.type}} {{.Actor.Attributes.container}}", "network=evnet");
    assertThat(got).containsExactly(
        "create " + net + " evnet bridge <no value>",
        "connect " + net + " evnet bridge " + cid,
        "disconnect " + net + " evnet bridge " + cid,
        "destroy " + net + " evnet bridge <no value>");
  }

  /** {@code docker commit} logs a container {@code commit} event with dockerd's attributes. */
  @Test
  void commitEventNamesTheNewImage() throws Exception {
    Instant t0 = Instant.now().minusSeconds(1);
    assertThat(docker("run", "--name", "com", "--label", "team=green", "busybox", "true").code())
        .isZero();
    Cmd.Result commit = docker("commit", "-m", "hi", "com", "ev/com:1");
    assertThat(commit.code()).as(commit.all()).isZero();
    String image = commit.out().strip();
    assertThat(docker("rm", "com").code()).isZero();
    assertThat(docker("rmi", "ev/com:1").code()).isZero();

    assertThat(events(t0, "{{.Type}} {{.Actor.Attributes.name}} {{.Actor.Attributes.comment}}"
        + " {{.Actor.Attributes.imageID}} {{.Actor.Attributes.imageRef}}"
        + " {{.Actor.Attributes.team}}", "event=commit"))
        .containsExactly("container com hi " + image + " ev/com:1 green");
  }

  /** dockerd's sequence for an attached run and for a stop that has to escalate to SIGKILL. */
  @Test
  void attachAndStopEventsAsDockerd() throws Exception {
    Instant t0 = Instant.now().minusSeconds(1);
    assertThat(docker("run", "--name", "att", "busybox", "true").code()).isZero();
    // sh as pid 1 ignores SIGTERM: stop -t 1 ends with SIGKILL
    assertThat(docker("run", "-d", "--name", "stubborn", "busybox", "sleep", "60").code())
        .isZero();
    assertThat(docker("stop", "-t", "1", "stubborn").code()).isZero();
    docker("rm", "att", "stubborn");
    assertThat(events(t0, "{{.Action}}", "container=att")).containsExactly("create", "attach",
        "start", "die", "destroy");
    assertThat(events(t0, "{{.Action}} {{.Actor.Attributes.signal}}{{.Actor.Attributes.exitCode}}",
        "container=stubborn")).containsExactly("create <no value><no value>",
        "start <no value><no value>", "kill 15<no value>", "kill 9<no value>",
        "die <no value>137", "stop <no value><no value>", "destroy <no value><no value>");
  }
}
