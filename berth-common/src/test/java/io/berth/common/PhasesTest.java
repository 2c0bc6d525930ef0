package io.berth.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PhasesTest {
  private final Logger log = Logger.getLogger(Phases.class.getName());
  private final List<String> lines = new ArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      lines.add(r.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @AfterEach
  void restore() {
    log.removeHandler(capture);
    log.setLevel(null);
  }

  @Test
  void atDebugEachStepIsNamedWithItsTimeAndTheTotal() throws Exception {
    log.setLevel(Level.FINE);
    log.addHandler(capture);
    Phases p = Phases.start("start abc");
    Thread.sleep(5);
    p.mark("mount");
    p.mark("spec");
    p.done();
    assertThat(lines).hasSize(1);
    assertThat(lines.getFirst()).matches("trace start abc: mount=\\d+\\.\\dms spec=\\d+\\.\\dms total=\\d+\\.\\dms");
    double mount = Double.parseDouble(lines.getFirst().replaceAll(".*mount=([0-9.]+)ms.*", "$1"));
    assertThat(mount).isGreaterThanOrEqualTo(5.0);
  }

  @Test
  void belowDebugNothingIsLogged() {
    log.setLevel(Level.INFO);
    log.addHandler(capture);
    Phases p = Phases.start("x");
    p.mark("a");
    p.done();
    Phases.process(List.of("ip", "-batch", "-"), System.nanoTime());
    assertThat(lines).isEmpty();
  }

  @Test
  void aProcessLineKeepsTheFirstWordsOnOneLine() {
    log.setLevel(Level.FINE);
    log.addHandler(capture);
    Phases.process(List.of("sh", "-ec", "ip -batch - <<'HOST'\nlink add"), System.nanoTime());
    assertThat(lines).singleElement().asString()
        .matches("exec sh -ec ip -batch - <<'HOST' link add \\d+\\.\\dms");
  }
}
