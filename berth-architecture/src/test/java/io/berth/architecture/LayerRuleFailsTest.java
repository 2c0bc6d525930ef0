package io.berth.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.berth.api.server.fixture.ReachesIntoRuntime;
import io.berth.runtime.AttachStream;
import io.berth.runtime.conmon.ConmonRuntime;
import org.junit.jupiter.api.Test;

/** The rules catch what they are for: a class that breaks them fails the check. */
class LayerRuleFailsTest {
  private static final JavaClasses BROKEN = new ClassFileImporter().importClasses(
      ReachesIntoRuntime.class, AttachStream.class, AttachStream.Frame.class, ConmonRuntime.class);

  @Test
  void anApiServerClassUsingARuntimeTypeFails() {
    assertThatThrownBy(() -> LayerRules.dependencyDirection().check(BROKEN))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("where layer 'API_SERVER' may only access layers")
        .hasMessageContaining(ReachesIntoRuntime.class.getName())
        .hasMessageContaining("io.berth.runtime.AttachStream$Frame");
  }

  @Test
  void namingAnImplementationOutsideBerthdFails() {
    assertThatThrownBy(() -> LayerRules.onlyBerthdNamesImplementations().check(BROKEN))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("only place that names implementations")
        .hasMessageContaining(ReachesIntoRuntime.class.getName())
        .hasMessageContaining(ConmonRuntime.class.getName());
  }
}
