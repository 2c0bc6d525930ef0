package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.image.registry.TestRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Tier 4 with the Java clients Java developers drive containers with (ADR 0125): the
 * Testcontainers 2 and docker-java 3.7 scenarios of {@link JavaClientScenarios} against a berthd
 * of this test's own and, with {@code BERTH_E2E_REFERENCE_DOCKER_HOST} set, against that real
 * dockerd too, to show they check Docker's behaviour. Each run is a JVM of its own, with
 * {@code DOCKER_HOST} in its environment: Testcontainers looks for its daemon once per JVM, and
 * only an environment variable makes it use a socket other than /var/run/docker.sock.
 */
class TestcontainersE2eTest {
  private static final int SCENARIOS = 7;

  @TempDir Path dir;

  @Test
  @Timeout(240)
  void theScenariosPassOnBerthd() throws Exception {
    Prerequisites.assumeNetworking();
    assumeTrue(TestRegistry.available(), "docker-registry is not installed");
    try (Berthd daemon = Berthd.start(dir.resolve("d"))) {
      assertPass(daemon.host());
    }
  }

  @Test
  @Timeout(240)
  void theScenariosPassOnTheReferenceDockerd() throws Exception {
    String reference = System.getenv("BERTH_E2E_REFERENCE_DOCKER_HOST");
    assumeTrue(reference != null && !reference.isEmpty(),
        "BERTH_E2E_REFERENCE_DOCKER_HOST names no reference dockerd");
    assumeTrue(TestRegistry.available(), "docker-registry is not installed");
    assumeTrue(Images.busyboxAvailable(), "busybox-static is not installed");
    assertPass(reference);
  }

  private static void assertPass(String host) throws Exception {
    Cmd.Result r = Cmd.run(Map.of("DOCKER_HOST", host, "TESTCONTAINERS_RYUK_DISABLED", "true"),
        null, List.of(Berthd.java(), "--enable-native-access=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"),
            TestcontainersE2eTest.class.getName()), 200);
    assertThat(r.out()).as(r.all()).contains(SCENARIOS + " tests successful", "0 tests failed");
    assertThat(r.code()).as(r.all()).isZero();
  }

  /** Runs {@link JavaClientScenarios}, prints JUnit's summary and failures; exits 1 on one. */
  public static void main(String[] args) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(DiscoverySelectors.selectClass(JavaClientScenarios.class)).build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    TestExecutionSummary summary = listener.getSummary();
    PrintWriter out = new PrintWriter(System.out, true);
    summary.printTo(out);
    summary.printFailuresTo(out, 30);
    System.exit(summary.getTotalFailureCount() == 0 ? 0 : 1);
  }
}
