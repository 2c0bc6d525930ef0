package io.berth.runtime.conmon;

import io.berth.sys.Syscalls;
import java.nio.file.Path;
import java.time.Duration;

/** What every task of one runtime shares: binaries, state roots, and the create deadline. */
record ConmonEnv(Path conmon, RuntimeBinary runtime, Path stateRoot, Path socketDir,
    CgroupDirs cgroups, Syscalls sys, Duration timeout) {
  RuntimeCli cli() {
    return new RuntimeCli(runtime, stateRoot);
  }
}
