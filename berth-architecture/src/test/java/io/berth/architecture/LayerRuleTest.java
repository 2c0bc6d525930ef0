package io.berth.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Every module's main classes keep the layer rule of docs/layers.md. */
class LayerRuleTest {
  private static final JavaClasses BERTH = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TEST_FIXTURES)
      .importPackages("io.berth");

  @Test
  void dependenciesPointDown() {
    LayerRules.dependencyDirection().check(BERTH);
  }

  @Test
  void wireTypesStayAtTheWire() {
    LayerRules.wireTypesStayAtTheWire().check(BERTH);
  }

  @Test
  void engineRecordsKnowNoJson() {
    LayerRules.engineRecordsKnowNoJson().check(BERTH);
  }

  @Test
  void theStoreStaysInTheEngine() {
    LayerRules.theStoreStaysInTheEngine().check(BERTH);
  }

  @Test
  void onlyBerthdNamesImplementations() {
    LayerRules.onlyBerthdNamesImplementations().check(BERTH);
  }
}
