package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogDriversTest {
  private static final HostConfig.LogConfig JSON = LogDrivers.daemonDefault();

  @Test
  void emptyTypeIsTheDaemonsDriverAndItsOptionsFillTheGaps() {
    HostConfig.LogConfig daemon = new HostConfig.LogConfig("json-file",
        Map.of("max-size", "5m", "max-file", "2"));
    assertThat(LogDrivers.resolve(new HostConfig.LogConfig("", Map.of("max-file", "7")), daemon))
        .isEqualTo(new HostConfig.LogConfig("json-file", Map.of("max-file", "7",
            "max-size", "5m")));
    // another driver than the daemon's takes none of the daemon's options
    assertThat(LogDrivers.resolve(new HostConfig.LogConfig("none", Map.of()), daemon))
        .isEqualTo(new HostConfig.LogConfig("none", Map.of()));
  }

  @Test
  void maxFileWithoutMaxSizeIsAcceptedAsDockerDoes() {
    assertThat(LogDrivers.resolve(new HostConfig.LogConfig("json-file",
        Map.of("max-file", "100")), JSON).config()).isEqualTo(Map.of("max-file", "100"));
  }

  @Test
  void unknownDriversAndOptionsAre400sThatNameThem() {
    assertThatThrownBy(() -> LogDrivers.resolve(new HostConfig.LogConfig("asdf", Map.of()), JSON))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("error looking up logging plugin asdf: plugin \"asdf\" not found");
    assertThatThrownBy(() -> LogDrivers.resolve(new HostConfig.LogConfig("syslog", Map.of()),
        JSON)).hasMessageContaining("\"syslog\" is not supported");
    assertThatThrownBy(() -> LogDrivers.resolve(new HostConfig.LogConfig("json-file",
        Map.of("bogus", "1")), JSON))
        .hasMessage("unknown log opt 'bogus' for json-file log driver");
    assertThat(LogDrivers.resolve(new HostConfig.LogConfig("none", Map.of("max-size", "1k")),
        JSON).type()).isEqualTo("none");
  }

  @Test
  void k8sFileWritesWhereItsPathSays() {
    HostConfig.LogConfig cri = LogDrivers.resolve(new HostConfig.LogConfig("k8s-file",
        Map.of("path", "/var/log/pods/p/c/0.log")), JSON);
    assertThat(LogDrivers.path(cri, java.nio.file.Path.of("/root/c/container.log")))
        .isEqualTo("/var/log/pods/p/c/0.log");
    assertThat(LogDrivers.path(new HostConfig.LogConfig("json-file", Map.of()),
        java.nio.file.Path.of("/root/c/container.log"))).isEqualTo("/root/c/container.log");
    assertThatThrownBy(() -> LogDrivers.resolve(new HostConfig.LogConfig("k8s-file",
        Map.of("compress", "true")), JSON))
        .hasMessage("unknown log opt 'compress' for k8s-file log driver");
  }
}
