package io.berth.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.api.server.fixture.ReachesIntoRuntime;
import io.berth.api.server.fixture.ReadsTheStore;
import io.berth.engine.fixture.AnnotatedRecord;
import io.berth.engine.store.StoreJson;
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
  void aJacksonAnnotationOnAnEngineRecordFails() {
    JavaClasses annotated = new ClassFileImporter().importClasses(AnnotatedRecord.class,
        JsonProperty.class);
    assertThatThrownBy(() -> LayerRules.engineRecordsKnowNoJson().check(annotated))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("only the engine's store knows Docker's JSON names")
        .hasMessageContaining(AnnotatedRecord.class.getName())
        .hasMessageContaining(JsonProperty.class.getName());
  }

  @Test
  void anApiServerClassReadingTheStoreFails() {
    JavaClasses reads = new ClassFileImporter().importClasses(ReadsTheStore.class,
        StoreJson.class);
    assertThatThrownBy(() -> LayerRules.theStoreStaysInTheEngine().check(reads))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(ReadsTheStore.class.getName())
        .hasMessageContaining(StoreJson.class.getName());
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
