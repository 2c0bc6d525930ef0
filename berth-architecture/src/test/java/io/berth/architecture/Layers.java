package io.berth.architecture;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The layer rule of {@code docs/layers.md}, as data: each module's root package and the modules
 * its main code may use directly. Keep the two in step; the POMs declare the same edges (the
 * build's {@code dependency:analyze-only} checks those).
 */
enum Layers {
  COMMON("io.berth.common"),
  API_MODEL("io.berth.api.model"),
  SYS("io.berth.sys"),
  OCI("io.berth.oci"),
  CONTENT("io.berth.content"),
  DISTRIBUTION("io.berth.distribution"),
  SNAPSHOT("io.berth.snapshot"),
  IMAGE("io.berth.image"),
  RUNTIME("io.berth.runtime"),
  NETWORK("io.berth.network"),
  VOLUME("io.berth.volume"),
  ENGINE("io.berth.engine"),
  BUILD("io.berth.build"),
  CRI("io.berth.cri"),
  API_SERVER("io.berth.api.server"),
  BERTHD("io.berth.daemon"),
  CLI("io.berth.cli");

  final String pkg;

  Layers(String pkg) {
    this.pkg = pkg;
  }

  /** {@code io.berth.x..}: the module's packages, as ArchUnit spells them. */
  String packages() {
    return pkg + "..";
  }

  /** Which module a class in {@code packageName} belongs to, or null outside berth. */
  static Layers of(String packageName) {
    for (Layers l : values()) {
      if (packageName.equals(l.pkg) || packageName.startsWith(l.pkg + ".")) {
        return l;
      }
    }
    return null;
  }

  /** What each module may use besides itself. */
  static final Map<Layers, Set<Layers>> MAY_USE = Map.ofEntries(
      Map.entry(COMMON, EnumSet.noneOf(Layers.class)),
      Map.entry(API_MODEL, EnumSet.noneOf(Layers.class)),
      Map.entry(SYS, EnumSet.noneOf(Layers.class)),
      Map.entry(OCI, EnumSet.of(COMMON)),
      Map.entry(CONTENT, EnumSet.of(COMMON)),
      Map.entry(DISTRIBUTION, EnumSet.of(COMMON, OCI)),
      Map.entry(SNAPSHOT, EnumSet.of(COMMON, SYS)),
      Map.entry(IMAGE, EnumSet.of(COMMON, OCI, CONTENT, DISTRIBUTION, SNAPSHOT)),
      Map.entry(RUNTIME, EnumSet.of(COMMON, SYS)),
      Map.entry(NETWORK, EnumSet.of(COMMON, SYS)),
      Map.entry(VOLUME, EnumSet.of(COMMON, SYS)),
      Map.entry(ENGINE, EnumSet.of(COMMON, SYS, OCI, IMAGE, SNAPSHOT, RUNTIME, NETWORK, VOLUME)),
      Map.entry(BUILD, EnumSet.of(COMMON, SYS, OCI, SNAPSHOT, IMAGE)),
      Map.entry(CRI, EnumSet.of(COMMON, OCI, DISTRIBUTION, IMAGE, ENGINE)),
      Map.entry(API_SERVER, EnumSet.of(COMMON, API_MODEL, OCI, DISTRIBUTION, IMAGE, NETWORK, VOLUME,
          ENGINE, BUILD)),
      Map.entry(BERTHD, EnumSet.complementOf(EnumSet.of(BERTHD, CLI))),
      Map.entry(CLI, EnumSet.of(COMMON, API_MODEL)));
}
