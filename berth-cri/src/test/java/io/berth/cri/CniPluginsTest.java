package io.berth.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.BerthException;
import io.berth.cri.api.PortMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CNI protocol against fake plugins: shell scripts that record what they were given. */
class CniPluginsTest {
  @TempDir
  Path dir;
  Path bin;
  Path conf;
  Path calls;
  static final String RESULT = """
      {"cniVersion":"0.4.0","interfaces":[{"name":"eth0"}],
       "ips":[{"version":"6","address":"fd00::5/64"},{"version":"4","address":"10.9.0.5/24"}]}""";

  @BeforeEach
  void plugins() throws Exception {
    bin = Files.createDirectories(dir.resolve("bin"));
    conf = Files.createDirectories(dir.resolve("net.d"));
    calls = dir.resolve("calls");
    // each call appends "<plugin> <command> <netns> <args>" and its stdin, then answers
    plugin("fakebridge", RESULT);
    plugin("fakeportmap", RESULT.replace("10.9.0.5", "10.9.0.6"));
  }

  private void plugin(String name, String answer) throws Exception {
    Path p = bin.resolve(name);
    String reply = "printf '%s' '" + answer.replace("\n", "") + "'";
    Files.writeString(p, """
        #!/bin/sh
        in=$(mktemp)
        cat > "$in"
        echo "%s $CNI_COMMAND $CNI_NETNS $CNI_IFNAME $CNI_ARGS" >> %s
        cat "$in" >> %s; echo >> %s
        [ "$CNI_COMMAND" = ADD ] && %s
        rm -f "$in"
        exit 0
        """.formatted(name, calls, calls, calls, reply));
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private void conflist() throws Exception {
    Files.writeString(conf.resolve("20-other.conflist"), """
        {"cniVersion":"0.4.0","name":"second","plugins":[{"type":"fakebridge"}]}""");
    Files.writeString(conf.resolve("10-pods.conflist"), """
        {"cniVersion":"0.4.0","name":"pods","plugins":[
          {"type":"fakebridge","bridge":"x0"},
          {"type":"fakeportmap","capabilities":{"portMappings":true}}]}""");
  }

  private CniPlugins.Pod pod(List<PortMapping> ports) {
    return new CniPlugins.Pod("abc123", Path.of("/run/netns/abc123"), "web", "prod", ports);
  }

  @Test
  void addRunsThePluginsInOrderWithThePreviousResultAndTheHostPorts() throws Exception {
    conflist();
    CniNetwork net = CniNetwork.load(conf);
    assertThat(net.name()).isEqualTo("pods");
    CniPlugins cni = new CniPlugins(bin, dir.resolve("cache"));
    String ip = cni.add(net, pod(List.of(
        PortMapping.newBuilder().setContainerPort(80).setHostPort(8080).build(),
        PortMapping.newBuilder().setContainerPort(443).build())));
    assertThat(ip).as("the last plugin's result").isEqualTo("10.9.0.6");
    List<String> lines = Files.readAllLines(calls);
    assertThat(lines.get(0)).isEqualTo("fakebridge ADD /run/netns/abc123 eth0 IgnoreUnknown=1;"
        + "K8S_POD_NAMESPACE=prod;K8S_POD_NAME=web;K8S_POD_INFRA_CONTAINER_ID=abc123");
    JsonNode first = CniNetwork.JSON.readTree(lines.get(1));
    assertThat(first.path("name").asText()).isEqualTo("pods");
    assertThat(first.path("cniVersion").asText()).isEqualTo("0.4.0");
    assertThat(first.path("bridge").asText()).isEqualTo("x0");
    assertThat(first.has("prevResult")).isFalse();
    assertThat(lines.get(2)).startsWith("fakeportmap ADD ");
    JsonNode second = CniNetwork.JSON.readTree(lines.get(3));
    assertThat(second.path("prevResult").path("ips").get(1).path("address").asText())
        .isEqualTo("10.9.0.5/24");
    // only the mapping with a host port is published (portmap refuses host port 0)
    assertThat(second.path("runtimeConfig").path("portMappings")).hasSize(1);
    assertThat(second.path("runtimeConfig").path("portMappings").get(0).path("hostPort")
        .asInt()).isEqualTo(8080);
    assertThat(cni.cachedIp("abc123")).isEqualTo("10.9.0.6");
  }

  @Test
  void deleteRunsInReverseWithTheCachedResultOnce() throws Exception {
    conflist();
    CniPlugins cni = new CniPlugins(bin, dir.resolve("cache"));
    cni.add(CniNetwork.load(conf), pod(List.of()));
    Files.delete(calls);
    cni.delete(pod(List.of()));
    List<String> lines = Files.readAllLines(calls);
    assertThat(lines.get(0)).startsWith("fakeportmap DEL ");
    assertThat(lines.get(2)).startsWith("fakebridge DEL ");
    assertThat(CniNetwork.JSON.readTree(lines.get(3)).path("prevResult").path("ips"))
        .hasSize(2);
    Files.delete(calls);
    cni.delete(pod(List.of())); // nothing cached any more: nothing runs
    assertThat(calls).doesNotExist();
    assertThat(cni.cachedIp("abc123")).isEmpty();
  }

  @Test
  void aFailedAddIsDeletedThroughTheWholeList() throws Exception {
    Path failing = bin.resolve("fakefail");
    Files.writeString(failing, """
        #!/bin/sh
        cat > /dev/null
        echo "fakefail $CNI_COMMAND" >> %s
        [ "$CNI_COMMAND" = ADD ] && { echo '{"code":7,"msg":"Invalid host port number: 0"}'; exit 1; }
        exit 0
        """.formatted(calls));
    Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(conf.resolve("10-pods.conflist"), """
        {"cniVersion":"0.4.0","name":"pods","plugins":[{"type":"fakebridge"},{"type":"fakefail"}]}""");
    CniPlugins cni = new CniPlugins(bin, dir.resolve("cache"));
    assertThatThrownBy(() -> cni.add(CniNetwork.load(conf), pod(List.of())))
        .hasMessageContaining("Invalid host port number: 0");
    List<String> commands = Files.readAllLines(calls).stream()
        .filter(l -> l.startsWith("fake")).map(l -> l.split(" ")[0] + " " + l.split(" ")[1])
        .toList();
    assertThat(commands).containsExactly("fakebridge ADD", "fakefail ADD", "fakefail DEL",
        "fakebridge DEL");
    assertThat(cni.cachedIp("abc123")).isEmpty();
  }

  @Test
  void aSinglePluginConfIsAListOfOne() throws Exception {
    Files.writeString(conf.resolve("05-single.conf"), """
        {"cniVersion":"0.3.1","name":"single","type":"fakebridge"}""");
    CniNetwork net = CniNetwork.load(conf);
    assertThat(net.name()).isEqualTo("single");
    assertThat(net.plugins()).hasSize(1);
    assertThat(net.cniVersion()).isEqualTo("0.3.1");
  }

  @Test
  void noConfigOrNoPluginIsUnavailable() throws Exception {
    assertThatThrownBy(() -> CniNetwork.load(conf))
        .isInstanceOf(BerthException.Unavailable.class).hasMessageContaining("no network config");
    Files.writeString(conf.resolve("10-x.conflist"), """
        {"cniVersion":"0.4.0","name":"x","plugins":[{"type":"missing"}]}""");
    CniPlugins cni = new CniPlugins(bin, dir.resolve("cache"));
    assertThatThrownBy(() -> cni.add(CniNetwork.load(conf), pod(List.of())))
        .isInstanceOf(BerthException.Unavailable.class)
        .hasMessageContaining("failed to find plugin \"missing\"");
  }
}
