package io.berth.build.dockerfile;

import java.util.List;
import java.util.Map;

/**
 * A parsed Dockerfile: its parser directives ({@code escape}, {@code syntax}), the {@code ARG}s
 * before the first {@code FROM} and its stages in order.
 */
public record Dockerfile(Map<String, String> directives, List<Instruction.Arg> metaArgs,
    List<Stage> stages) {

  public Dockerfile {
    directives = Map.copyOf(directives);
    metaArgs = List.copyOf(metaArgs);
    stages = List.copyOf(stages);
  }

  /** One build stage: its {@code FROM} and the instructions after it. */
  public record Stage(Instruction.From from, List<Instruction> instructions) {
    public Stage {
      instructions = List.copyOf(instructions);
    }

    /** The stage's name ({@code AS name}, lower case), or null. */
    public String name() {
      return from.name();
    }
  }
}
