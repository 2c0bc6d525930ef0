package io.berth.api.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.ContainerInspect;
import io.berth.api.model.ContainerStateWire;
import io.berth.api.model.ContainerSummary;
import io.berth.api.model.ExecInspect;
import io.berth.api.model.MountPointWire;
import io.berth.common.BerthException;
import io.berth.engine.Container;
import io.berth.engine.ContainerConfig;
import io.berth.engine.ContainerState;
import io.berth.engine.ContainerStatus;
import io.berth.engine.ContainerView;
import io.berth.engine.CreateRequest;
import io.berth.engine.ExecView;
import io.berth.engine.HostConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Engine containers to Docker's wire records, and the create body to a request. */
final class ContainerWire {
  private ContainerWire() {}

  /**
   * The create body: Config's fields at the top level, plus {@code HostConfig} and
   * {@code NetworkingConfig} (ignored until networks exist).
   */
  static CreateRequest createRequest(String name, JsonNode root) {
    if (root == null || !root.isObject()) {
      throw BerthException.invalid("config cannot be empty in order to create a container");
    }
    ObjectNode config = ((ObjectNode) root).deepCopy();
    JsonNode host = config.remove("HostConfig");
    JsonNode networking = config.remove("NetworkingConfig");
    RequestShapes.check(config, RequestShapes.Config.class, "Config");
    RequestShapes.check(networking, RequestShapes.NetworkingConfig.class, "NetworkingConfig");
    return new CreateRequest(name, JsonBody.convert(config, ContainerConfig.class, "Config"),
        host == null || host.isNull() ? null
            : JsonBody.convert(host, HostConfig.class, "HostConfig"),
        NetworkWire.endpoints(networking == null ? null : networking.get("EndpointsConfig")));
  }

  static ContainerInspect inspect(ContainerView v) {
    Container c = v.container();
    return new ContainerInspect(c.id(), c.created(), c.path(), c.args(), state(c.state()),
        c.image(), c.resolvConfPath(), c.hostnamePath(), c.hostsPath(), c.logPath(), c.name(),
        c.restartCount(), "overlayfs", "linux", "", "", "", v.execIds().isEmpty() ? null
            : v.execIds(), WireNames.MAPPER.valueToTree(c.hostConfig()),
        new ContainerInspect.GraphDriver("overlayfs", Map.of()), mounts(c),
        WireNames.MAPPER.valueToTree(c.config()),
        NetworkWire.settings(c, v.network()));
  }

  static ContainerStateWire state(ContainerState s) {
    ContainerStatus st = s.status();
    return new ContainerStateWire(st.wire(), st.isRunning(), st == ContainerStatus.PAUSED,
        st == ContainerStatus.RESTARTING, s.oomKilled(), st == ContainerStatus.DEAD, s.pid(),
        s.exitCode(), s.error() == null ? "" : s.error(), s.startedAt(), s.finishedAt(),
        s.health() == null ? null : new ContainerStateWire.Health(s.health().status(),
            s.health().failingStreak(), s.health().log().stream().map(p ->
                new ContainerStateWire.Probe(p.start(), p.end(), p.exitCode(), p.output()))
                .toList()));
  }

  /** {@code Command} of {@code GET /containers/json}: an argument with a space in quotes. */
  static String listCommand(String path, List<String> args) {
    StringBuilder b = new StringBuilder(path);
    for (String a : args) {
      b.append(' ').append(a.contains(" ") ? "'" + a + "'" : a);
    }
    return b.toString();
  }

  static ContainerSummary summary(ContainerView v, Instant now) {
    Container c = v.container();
    Map<String, Object> net = new LinkedHashMap<>();
    net.put("Networks", NetworkWire.settings(c, v.network()).networks());
    return new ContainerSummary(c.id(), List.of(c.name()), c.config().image(), c.image(),
        listCommand(c.path(), c.args()), Instant.parse(c.created()).getEpochSecond(),
        NetworkWire.summaryPorts(v.network()),
        c.config().labelsOrEmpty(), c.status().wire(), HumanStatus.of(c, now),
        Map.of("NetworkMode", c.hostConfig().networkMode()), net, mounts(c));
  }

  /** {@code Mounts}: the container's mount points as Docker reports them. */
  static List<Object> mounts(Container c) {
    return c.mountPoints() == null ? List.of() : c.mountPoints().stream()
        .map(m -> (Object) new MountPointWire(m.type(), m.name(), m.source(), m.destination(),
            m.driver(), m.mode(), m.rw(), m.propagation()))
        .toList();
  }

  static ExecInspect exec(ExecView x) {
    List<String> cmd = x.config().cmd();
    return new ExecInspect(x.id(), x.running(), x.exitCode(), new ExecInspect.ProcessConfig(
        x.config().tty(), cmd.isEmpty() ? "" : cmd.getFirst(),
        cmd.isEmpty() ? List.of() : cmd.subList(1, cmd.size()), x.config().privileged(),
        x.config().user() == null ? "" : x.config().user()), x.config().attachStdin(),
        x.config().attachStderr(), x.config().attachStdout(), false, x.containerId(),
        x.config().detachKeys() == null ? "" : x.config().detachKeys(), x.pid());
  }
}
