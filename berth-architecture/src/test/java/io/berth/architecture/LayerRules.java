package io.berth.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import java.util.Set;

/** The rules of {@code docs/layers.md} (ADR 0117). */
final class LayerRules {
  private LayerRules() {}

  /**
   * The ports whose implementations only berthd, the composition root, may name: any other module
   * gets them handed in as the interface.
   */
  static final List<String> PORTS = List.of(
      "io.berth.sys.Syscalls",
      "io.berth.content.ContentStore",
      "io.berth.snapshot.Snapshotter",
      "io.berth.runtime.OciRuntime",
      "io.berth.runtime.Task",
      "io.berth.volume.VolumeDriver",
      "io.berth.network.Firewall");

  /** Each module uses only the modules {@link Layers#MAY_USE} gives it. */
  static ArchRule dependencyDirection() {
    LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (Layers l : Layers.values()) {
      rule = rule.layer(l.name()).definedBy(l.packages());
    }
    for (Layers l : Layers.values()) {
      Set<Layers> may = Layers.MAY_USE.get(l);
      rule = may.isEmpty()
          ? rule.whereLayer(l.name()).mayNotAccessAnyLayer()
          : rule.whereLayer(l.name()).mayOnlyAccessLayers(
              may.stream().map(Enum::name).toArray(String[]::new));
    }
    return rule.because("docs/layers.md: lower layers never see higher ones");
  }

  /** Docker's wire records stay with the two ends of the wire (and berthd, which fills /info). */
  static ArchRule wireTypesStayAtTheWire() {
    return noClasses().that().resideOutsideOfPackages(Layers.API_SERVER.packages(),
            Layers.API_MODEL.packages(), Layers.CLI.packages(), Layers.BERTHD.packages())
        .should().dependOnClassesThat().resideInAPackage(Layers.API_MODEL.packages())
        .because("docs/layers.md: wire types never leave api-server/api-model");
  }

  /**
   * The engine knows no JSON library outside its store ({@code io.berth.engine.store}, the JSON
   * of config.v2.json and hostconfig.json) and the OCI formats of {@code io.berth.engine.spec}
   * (the seccomp profile): its records carry no Jackson annotation and no other engine class
   * reads or writes JSON itself (ADR 0139, ADR 0145).
   */
  static ArchRule engineRecordsKnowNoJson() {
    return noClasses().that().resideInAPackage("io.berth.engine..")
        .and().resideOutsideOfPackages("io.berth.engine.store..", "io.berth.engine.spec..")
        .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
        .because("ADR 0139: only the engine's store knows Docker's JSON names");
  }

  /** The store's JSON is the engine's own: no other module reads or writes with it. */
  static ArchRule theStoreStaysInTheEngine() {
    return noClasses().that().resideOutsideOfPackage("io.berth.engine..")
        .should().dependOnClassesThat().resideInAPackage("io.berth.engine.store..")
        .because("ADR 0139: the wire maps Docker's JSON itself (WireNames), not through the"
            + " files' format");
  }

  /** Only berthd names an implementation of a port outside the implementation's own module. */
  static ArchRule onlyBerthdNamesImplementations() {
    return classes().that().implement(PORTS.get(0))
        .or().implement(PORTS.get(1)).or().implement(PORTS.get(2)).or().implement(PORTS.get(3))
        .or().implement(PORTS.get(4)).or().implement(PORTS.get(5)).or().implement(PORTS.get(6))
        .should(beNamedOnlyInTheirModuleOrBerthd())
        .because("docs/layers.md: berthd is the only place that names implementations");
  }

  private static ArchCondition<JavaClass> beNamedOnlyInTheirModuleOrBerthd() {
    return new ArchCondition<>("be named only in their own module or in berthd") {
      @Override
      public void check(JavaClass impl, ConditionEvents events) {
        Layers home = Layers.of(impl.getPackageName());
        for (Dependency d : impl.getDirectDependenciesToSelf()) {
          Layers user = Layers.of(d.getOriginClass().getPackageName());
          if (user != null && user != home && user != Layers.BERTHD) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }
}
