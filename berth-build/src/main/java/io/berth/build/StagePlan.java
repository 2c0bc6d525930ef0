package io.berth.build;

import io.berth.build.dockerfile.Dockerfile;
import io.berth.build.dockerfile.Instruction;
import io.berth.common.BerthException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Which stages a build runs: the target and, transitively, the stages it names. */
final class StagePlan {
  private StagePlan() {}

  /** The index of stage {@code name} ({@code --target}), or the last stage when null. */
  static int target(List<Dockerfile.Stage> stages, String name) {
    if (name == null) {
      return stages.size() - 1;
    }
    for (int i = stages.size() - 1; i >= 0; i--) {
      if (name.equalsIgnoreCase(stages.get(i).name())) {
        return i;
      }
    }
    throw BerthException.invalid("failed to reach build target " + name + " in Dockerfile");
  }

  /** The target and the stages it names in FROM and COPY --from, transitively, in order. */
  static Set<Integer> needed(List<Dockerfile.Stage> stages, int target) {
    Set<Integer> out = new TreeSet<>();
    ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(target));
    while (!todo.isEmpty()) {
      int i = todo.pop();
      if (!out.add(i)) {
        continue;
      }
      Dockerfile.Stage s = stages.get(i);
      List<String> refs = new ArrayList<>(List.of(s.from().image()));
      for (Instruction ins : s.instructions()) {
        if (ins instanceof Instruction.Copy c && c.from() != null) {
          refs.add(c.from());
        }
      }
      for (String r : refs) {
        Integer dep = index(stages, r, i);
        if (dep != null) {
          todo.push(dep);
        }
      }
    }
    return out;
  }

  /** The stage {@code ref} names (by name or index) among the first {@code before}, or null. */
  static Integer index(List<Dockerfile.Stage> stages, String ref, int before) {
    for (int j = 0; j < before; j++) {
      if (ref.equalsIgnoreCase(stages.get(j).name()) || ref.equals(String.valueOf(j))) {
        return j;
      }
    }
    return null;
  }
}
