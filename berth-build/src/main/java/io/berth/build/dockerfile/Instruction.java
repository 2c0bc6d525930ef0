package io.berth.build.dockerfile;

import java.time.Duration;
import java.util.List;

/**
 * One Dockerfile instruction, as parsed: arguments are kept as written (variables are
 * substituted when the builder reaches the instruction, with the environment of that moment,
 * as Docker does). {@code line} is the instruction's first line; {@code original} its text with
 * continuations joined, which the builder prints as {@code Step N/M : <original>}.
 */
public sealed interface Instruction {
  int line();

  String original();

  /** The instruction's keyword in upper case, as Docker's messages name it. */
  default String keyword() {
    return getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
  }

  /** A command in exec form ({@code ["a","b"]}) or shell form (one string, run by SHELL). */
  record Command(List<String> args, boolean shellForm) {
    public Command {
      args = List.copyOf(args);
    }
  }

  /** A {@code key=value} pair of ENV, LABEL or ARG; {@code value} is null for {@code ARG x}. */
  record KeyValue(String key, String value) {}

  /** {@code FROM [--platform=p] image [AS name]}. */
  record From(int line, String original, String image, String name, String platform)
      implements Instruction {}

  record Run(int line, String original, Command command) implements Instruction {}

  record Cmd(int line, String original, Command command) implements Instruction {}

  record Entrypoint(int line, String original, Command command) implements Instruction {}

  /** {@code COPY [--from=x] [--chown=u:g] [--chmod=m] src... dest}. */
  record Copy(int line, String original, List<String> sources, String dest, String from,
      String chown, String chmod) implements Instruction {
    public Copy {
      sources = List.copyOf(sources);
    }
  }

  /** {@code ADD [--chown=u:g] [--chmod=m] src... dest}: local tars are unpacked. */
  record Add(int line, String original, List<String> sources, String dest, String chown,
      String chmod) implements Instruction {
    public Add {
      sources = List.copyOf(sources);
    }
  }

  record Env(int line, String original, List<KeyValue> pairs) implements Instruction {
    public Env {
      pairs = List.copyOf(pairs);
    }
  }

  record Arg(int line, String original, List<KeyValue> pairs) implements Instruction {
    public Arg {
      pairs = List.copyOf(pairs);
    }
  }

  record Label(int line, String original, List<KeyValue> pairs) implements Instruction {
    public Label {
      pairs = List.copyOf(pairs);
    }
  }

  record Workdir(int line, String original, String path) implements Instruction {}

  record User(int line, String original, String user) implements Instruction {}

  record Expose(int line, String original, List<String> ports) implements Instruction {
    public Expose {
      ports = List.copyOf(ports);
    }
  }

  record Volume(int line, String original, List<String> paths) implements Instruction {
    public Volume {
      paths = List.copyOf(paths);
    }
  }

  /**
   * {@code HEALTHCHECK [options] CMD ...} or {@code HEALTHCHECK NONE} ({@code test} null);
   * durations and retries are null when not given.
   */
  record Healthcheck(int line, String original, Command test, Duration interval,
      Duration timeout, Duration startPeriod, Duration startInterval, Integer retries)
      implements Instruction {}

  record Shell(int line, String original, List<String> shell) implements Instruction {
    public Shell {
      shell = List.copyOf(shell);
    }
  }

  record StopSignal(int line, String original, String signal) implements Instruction {}

  /** {@code ONBUILD <instruction>}: {@code trigger} is the text stored in the image. */
  record OnBuild(int line, String original, String trigger, Instruction inner)
      implements Instruction {}

  record Maintainer(int line, String original, String name) implements Instruction {}
}
