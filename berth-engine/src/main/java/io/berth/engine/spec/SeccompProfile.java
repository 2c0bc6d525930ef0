package io.berth.engine.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.common.BerthException;
import io.berth.oci.OciJson;
import io.berth.oci.runtime.Linux;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A seccomp profile in Docker's format ({@code archMap}, rules with {@code includes} /
 * {@code excludes} on capabilities and architectures), and its resolution into the OCI form for
 * one architecture and one capability set, as moby's {@code profiles/seccomp.setupSeccomp} does.
 * The built-in profile is {@code seccomp-default.json} next to this class.
 */
record SeccompProfile(
    @JsonProperty("defaultAction") String defaultAction,
    @JsonProperty("defaultErrnoRet") Integer defaultErrnoRet,
    @JsonProperty("architectures") List<String> architectures,
    @JsonProperty("archMap") List<ArchMap> archMap,
    @JsonProperty("syscalls") List<Rule> syscalls) {

  record ArchMap(@JsonProperty("architecture") String architecture,
      @JsonProperty("subArchitectures") List<String> subArchitectures) {}

  record Rule(@JsonProperty("name") String name, @JsonProperty("names") List<String> names,
      @JsonProperty("action") String action, @JsonProperty("errnoRet") Integer errnoRet,
      @JsonProperty("args") List<Linux.SyscallArg> args,
      @JsonProperty("includes") Filter includes, @JsonProperty("excludes") Filter excludes) {}

  record Filter(@JsonProperty("caps") List<String> caps,
      @JsonProperty("arches") List<String> arches) {}

  /** Go architecture names → libseccomp's native architecture. */
  private static final Map<String, String> NATIVE = Map.of(
      "amd64", "SCMP_ARCH_X86_64", "386", "SCMP_ARCH_X86", "arm64", "SCMP_ARCH_AARCH64",
      "arm", "SCMP_ARCH_ARM", "ppc64le", "SCMP_ARCH_PPC64LE", "s390x", "SCMP_ARCH_S390X",
      "riscv64", "SCMP_ARCH_RISCV64");

  private static final SeccompProfile BUILTIN = load();

  static SeccompProfile builtin() {
    return BUILTIN;
  }

  /** @throws BerthException.InvalidArgument when {@code json} is not a profile */
  static SeccompProfile parse(String json) {
    SeccompProfile p = OciJson.read(json.getBytes(StandardCharsets.UTF_8), SeccompProfile.class,
        "seccomp profile");
    if (p.defaultAction == null || p.defaultAction.isEmpty()) {
      throw BerthException.invalid("invalid seccomp profile: defaultAction is required");
    }
    return p;
  }

  /** The rules that apply on {@code arch} (Go name) to a process bounded by {@code caps}. */
  Linux.Seccomp resolve(String arch, List<String> caps) {
    List<String> arches = architectures;
    if (arches == null || arches.isEmpty()) {
      arches = new ArrayList<>();
      for (ArchMap m : archMap == null ? List.<ArchMap>of() : archMap) {
        if (m.architecture().equals(NATIVE.get(arch))) {
          arches.add(m.architecture());
          arches.addAll(m.subArchitectures() == null ? List.of() : m.subArchitectures());
        }
      }
    }
    List<Linux.Syscall> rules = new ArrayList<>();
    for (Rule r : syscalls == null ? List.<Rule>of() : syscalls) {
      if (applies(r, arch, caps)) {
        List<String> names = r.names() != null ? r.names() : List.of(r.name());
        rules.add(new Linux.Syscall(names, r.action(), r.errnoRet(),
            r.args() == null || r.args().isEmpty() ? null : r.args()));
      }
    }
    return new Linux.Seccomp(defaultAction, defaultErrnoRet, List.copyOf(arches), rules);
  }

  private static boolean applies(Rule r, String arch, List<String> caps) {
    Filter in = r.includes();
    if (in != null) {
      if (in.arches() != null && !in.arches().isEmpty() && !in.arches().contains(arch)) {
        return false;
      }
      if (in.caps() != null && !caps.containsAll(in.caps())) {
        return false;
      }
    }
    Filter ex = r.excludes();
    if (ex != null) {
      if (ex.arches() != null && ex.arches().contains(arch)) {
        return false;
      }
      if (ex.caps() != null && ex.caps().stream().anyMatch(caps::contains)) {
        return false;
      }
    }
    return true;
  }

  private static SeccompProfile load() {
    try (InputStream in = SeccompProfile.class.getResourceAsStream("seccomp-default.json")) {
      if (in == null) {
        throw new IllegalStateException("seccomp-default.json is missing from the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
