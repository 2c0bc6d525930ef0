package io.berth.engine.fake;

import io.berth.engine.BundleSpec;
import io.berth.engine.Container;
import io.berth.engine.ExecConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A bundle spec that only names the process, enough for the fake runtime and for assertions. */
public final class TestBundleSpec implements BundleSpec {
  @Override
  public byte[] config(Container c, Path rootfs, HostFilePaths files) {
    return ("{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":" + quote(c.config().command())
        + ",\"terminal\":" + c.config().tty() + "},\"root\":{\"path\":\"rootfs\"},\"hostname\":\""
        + c.config().hostname() + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] execProcess(Container c, ExecConfig exec) {
    return ("{\"args\":" + quote(exec.cmd()) + ",\"terminal\":" + exec.tty() + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String quote(java.util.List<String> l) {
    return l.stream().map(s -> "\"" + s.replace("\"", "\\\"") + "\"").toList().toString()
        .replace(", ", ",");
  }
}
