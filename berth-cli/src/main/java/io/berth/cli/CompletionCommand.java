package io.berth.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth completion bash}: prints a completion script (bash; zsh via bashcompinit). */
@Command(name = "completion", description = "Generate the autocompletion script for the specified shell")
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh")
  String shell;

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw new CliException("unsupported shell \"" + shell + "\": use bash or zsh");
    }
    System.out.print(AutoComplete.bash("berth", spec.root().commandLine()));
    return 0;
  }
}
