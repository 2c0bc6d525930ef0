package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The create body docker's CLI would send for run/create flags. */
class ContainerOptionsTest {
  @TempDir Path tmp;

  static JsonNode body(String... args) {
    CreateCommand c = new CreateCommand();
    new CommandLine(c).setStopAtPositional(true).parseArgs(args);
    return c.opts.body(c.image, c.cmd, null, Map.of("HOME", "/root")::get);
  }

  static Stream<Arguments> flags() {
    return Stream.of(
        Arguments.of(new String[] {"-e", "A=1", "-e", "HOME", "-e", "UNSET"}, "/Env",
            "[\"A=1\",\"HOME=/root\",\"UNSET\"]"),
        Arguments.of(new String[] {"-p", "8080:80"}, "/HostConfig/PortBindings",
            "{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8080\"}]}"),
        Arguments.of(new String[] {"-p", "8080:80"}, "/ExposedPorts", "{\"80/tcp\":{}}"),
        Arguments.of(new String[] {"-p", "127.0.0.1::80/udp"}, "/HostConfig/PortBindings",
            "{\"80/udp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"\"}]}"),
        Arguments.of(new String[] {"-p", "[::1]:8000-8001:80-81"}, "/HostConfig/PortBindings",
            "{\"80/tcp\":[{\"HostIp\":\"::1\",\"HostPort\":\"8000\"}],"
                + "\"81/tcp\":[{\"HostIp\":\"::1\",\"HostPort\":\"8001\"}]}"),
        Arguments.of(new String[] {"-v", "/a:/b:ro", "-v", "/anon"}, "/HostConfig/Binds",
            "[\"/a:/b:ro\"]"),
        Arguments.of(new String[] {"-v", "/anon"}, "/Volumes", "{\"/anon\":{}}"),
        Arguments.of(new String[] {"--mount", "type=bind,src=/a,dst=/b,readonly"},
            "/HostConfig/Mounts",
            "[{\"Type\":\"bind\",\"Source\":\"/a\",\"Target\":\"/b\",\"ReadOnly\":true}]"),
        Arguments.of(new String[] {"--mount", "type=tmpfs,target=/t,tmpfs-size=1m"},
            "/HostConfig/Mounts",
            "[{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":1048576}}]"),
        Arguments.of(new String[] {"--tmpfs", "/x:size=1m", "--tmpfs", "/y"}, "/HostConfig/Tmpfs",
            "{\"/x\":\"size=1m\",\"/y\":\"\"}"),
        Arguments.of(new String[] {"--ulimit", "nofile=1024:2048"}, "/HostConfig/Ulimits",
            "[{\"Name\":\"nofile\",\"Hard\":2048,\"Soft\":1024}]"),
        Arguments.of(new String[] {"--restart", "on-failure:3"}, "/HostConfig/RestartPolicy",
            "{\"Name\":\"on-failure\",\"MaximumRetryCount\":3}"),
        Arguments.of(new String[] {}, "/HostConfig/RestartPolicy",
            "{\"Name\":\"no\",\"MaximumRetryCount\":0}"),
        Arguments.of(new String[] {"-m", "512m"}, "/HostConfig/Memory", "536870912"),
        Arguments.of(new String[] {"--shm-size", "64M"}, "/HostConfig/ShmSize", "67108864"),
        Arguments.of(new String[] {"--cpus", "1.5"}, "/HostConfig/NanoCpus", "1500000000"),
        Arguments.of(new String[] {"--pids-limit", "100"}, "/HostConfig/PidsLimit", "100"),
        Arguments.of(new String[] {"--rm"}, "/HostConfig/AutoRemove", "true"),
        Arguments.of(new String[] {"-l", "a=b", "-l", "c"}, "/Labels", "{\"a\":\"b\",\"c\":\"\"}"),
        Arguments.of(new String[] {"--sysctl", "net.ipv4.ip_forward=1"}, "/HostConfig/Sysctls",
            "{\"net.ipv4.ip_forward\":\"1\"}"),
        Arguments.of(new String[] {"--entrypoint", "/bin/sh"}, "/Entrypoint", "[\"/bin/sh\"]"),
        Arguments.of(new String[] {"--add-host", "db:10.0.0.2", "--add-host", "x=1.2.3.4"},
            "/HostConfig/ExtraHosts", "[\"db:10.0.0.2\",\"x:1.2.3.4\"]"),
        Arguments.of(new String[] {"--cap-add", "NET_ADMIN", "--cap-drop", "ALL"},
            "/HostConfig/CapDrop", "[\"ALL\"]"),
        Arguments.of(new String[] {"--network", "mynet"}, "/HostConfig/NetworkMode", "\"mynet\""),
        Arguments.of(new String[] {}, "/HostConfig/NetworkMode", "\"default\""),
        Arguments.of(new String[] {"--network", "n", "--ip", "10.0.0.5", "--network-alias", "a"},
            "/NetworkingConfig/EndpointsConfig/n",
            "{\"IPAMConfig\":{\"IPv4Address\":\"10.0.0.5\"},\"Aliases\":[\"a\"]}"),
        Arguments.of(new String[] {"--init"}, "/HostConfig/Init", "true"),
        Arguments.of(new String[] {"--stop-signal", "SIGINT", "--stop-timeout", "5"},
            "/StopTimeout", "5"),
        Arguments.of(new String[] {"-h", "box", "-u", "1000:1000", "-w", "/srv"}, "/Hostname",
            "\"box\""),
        Arguments.of(new String[] {"--privileged", "--read-only"}, "/HostConfig/ReadonlyRootfs",
            "true"),
        Arguments.of(new String[] {"--pid", "host", "--ipc", "private", "--uts", "host"},
            "/HostConfig/PidMode", "\"host\""),
        Arguments.of(new String[] {"--security-opt", "no-new-privileges"},
            "/HostConfig/SecurityOpt", "[\"no-new-privileges\"]"),
        Arguments.of(new String[] {"--runtime", "crun", "--log-driver", "none"},
            "/HostConfig/LogConfig", "{\"Type\":\"none\",\"Config\":{}}"));
  }

  @ParameterizedTest
  @MethodSource("flags")
  void flagBecomesField(String[] flags, String pointer, String json) {
    String[] args = Stream.concat(Stream.of(flags), Stream.of("busybox")).toArray(String[]::new);
    assertThat(body(args).at(pointer).toString()).isEqualTo(json);
  }

  @Test
  void defaultsAndFieldOrderFollowDocker() {
    JsonNode b = body("-t", "-i", "busybox", "sh", "-c", "echo hi");
    assertThat(b.toString()).startsWith("{\"Hostname\":\"\",\"Domainname\":\"\",\"User\":\"\","
        + "\"AttachStdin\":true,\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":true,"
        + "\"OpenStdin\":true,\"StdinOnce\":false,\"Env\":[],\"Cmd\":[\"sh\",\"-c\",\"echo hi\"],"
        + "\"Image\":\"busybox\",\"Volumes\":{},\"WorkingDir\":\"\",\"Entrypoint\":null,"
        + "\"OnBuild\":null,\"Labels\":{},\"HostConfig\":{\"Binds\":null,");
    assertThat(b.at("/HostConfig/ConsoleSize").toString()).isEqualTo("[0,0]");
    assertThat(b.at("/NetworkingConfig").toString()).isEqualTo("{\"EndpointsConfig\":{}}");
    assertThat(body("busybox").at("/Cmd").isNull()).isTrue();
    CreateCommand c = new CreateCommand();
    new CommandLine(c).parseArgs("-t", "busybox");
    assertThat(c.opts.body("busybox", c.cmd, new int[] {40, 120}, k -> null)
        .at("/HostConfig/ConsoleSize").toString()).isEqualTo("[40,120]");
  }

  @Test
  void envFileComesBeforeEnvFlags() throws Exception {
    Path f = tmp.resolve("env");
    Files.writeString(f, "# comment\n\nA=from file\n  HOME\nMISSING\n");
    assertThat(body("--env-file", f.toString(), "-e", "B=2", "busybox").at("/Env").toString())
        .isEqualTo("[\"A=from file\",\"HOME=/root\",\"B=2\"]");
  }

  @Test
  void badValuesAreCliErrorsWithDockersWords() {
    assertThatThrownBy(() -> body("-m", "lots", "busybox"))
        .hasMessage("invalid argument \"lots\" for \"-m, --memory\" flag: invalid size: 'lots'");
    assertThatThrownBy(() -> body("--rm", "--restart", "always", "busybox"))
        .hasMessage("conflicting options: cannot specify both --restart and --rm");
    assertThatThrownBy(() -> body("-p", "80/bogus", "busybox"))
        .hasMessageEndingWith("invalid proto: bogus");
    assertThatThrownBy(() -> body("--ulimit", "nofile=2048:1024", "busybox"))
        .hasMessageEndingWith("ulimit soft limit must be less than or equal to hard limit: "
            + "2048 > 1024");
    assertThatThrownBy(() -> body("--mount", "type=bind,src=/a", "busybox"))
        .hasMessageEndingWith("target is required");
  }
}
