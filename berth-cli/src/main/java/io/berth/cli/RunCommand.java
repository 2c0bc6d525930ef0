package io.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth run}: create (pulling a missing image), then, unless detached, attach; the wait
 * registered before start; start; copy the streams; exit with the container's code. Daemon
 * errors exit 125, a command that cannot be found 127, one that cannot be run 126.
 */
@Command(name = "run", description = "Create and run a new container from an image")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ContainerOptions opts;

  @Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID")
  boolean detach;

  @Option(names = "--detach-keys", paramLabel = "string", description = "Override the key sequence for detaching a container")
  String detachKeys;

  @Option(names = "--sig-proxy", arity = "0..1", defaultValue = "true", fallbackValue = "true",
      paramLabel = "bool", description = "Proxy received signals to the process (default true)")
  boolean sigProxy;

  @Option(names = "--pull", paramLabel = "string", defaultValue = "missing",
      description = "Pull image before running (\"always\", \"missing\", \"never\")")
  String pull;

  @Parameters(index = "0", paramLabel = "IMAGE")
  String image;

  @Parameters(index = "1..*", paramLabel = "COMMAND")
  List<String> cmd = new ArrayList<>();

  @Override
  public Integer call() {
    if (!detach && opts.interactive && opts.tty && !Terminal.stdin.getAsBoolean()) {
      throw new CliException("the input device is not a TTY");
    }
    Api api = BerthCommand.api(spec);
    ObjectNode body;
    String id;
    try {
      body = opts.body(image, cmd, opts.tty && Terminal.stdout.getAsBoolean() ? Terminal.size()
          : null, System::getenv);
      if (detach) {
        body.put("AttachStdin", false).put("AttachStdout", false).put("AttachStderr", false);
      } else if (opts.interactive) {
        body.put("StdinOnce", true);
      }
      id = Containers.create(api, body, opts.name, image, pull);
    } catch (CliException e) {
      throw Containers.statusError(e.getMessage(), "run");
    }
    DaemonClient.Hijacked attached = null;
    DaemonClient.Streamed wait = null;
    try {
      if (!detach) {
        attached = Containers.attach(api, id, opts.interactive, detachKeys);
      }
      wait = Containers.waitFor(api, id, opts.rm ? "removed" : "next-exit");
      api.call("POST", Query.path("/containers/", id, "/start").toString());
    } catch (CliException e) {
      close(attached, wait);
      throw Containers.statusError(e.getMessage(), "run");
    }
    if (detach) {
      System.out.println(id);
      close(null, wait);
      return 0;
    }
    if (opts.tty) {
      Containers.resize(api, "/containers/", id);
    }
    if (Containers.pump(attached, opts.interactive ? System.in : null, opts.tty, detachKeys)) {
      close(null, wait);
      return 0;
    }
    int status = Containers.status(wait);
    if (status != 0) {
      throw CliException.exit(status);
    }
    return 0;
  }

  private static void close(DaemonClient.Hijacked attached, DaemonClient.Streamed wait) {
    if (attached != null) {
      attached.close();
    }
    if (wait != null) {
      try {
        wait.close();
      } catch (java.io.IOException e) {
        // closing a connection we gave up on
      }
    }
  }
}
