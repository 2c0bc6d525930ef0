package io.berth.engine;

import io.berth.common.StdStream;
import io.berth.runtime.LogEntry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeFormatter;

/** The k8s-file reader keeps the log source contract on files written as conmon writes them. */
class K8sFileLogSourceContractTest extends LogSourceContract {
  @Override
  protected LogSource open() {
    return new K8sFileLogSource();
  }

  /** conmon's {@code ctr_logging.c}: {@code <RFC 3339 nano> <stream> <F|P> <text>\n}. */
  @Override
  protected void append(Path log, LogEntry e) throws Exception {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    line.write((DateTimeFormatter.ISO_INSTANT.format(e.time()) + " "
        + (e.stream() == StdStream.STDERR ? "stderr" : "stdout") + " "
        + (e.partial() ? "P" : "F") + " ").getBytes(StandardCharsets.US_ASCII));
    line.write(e.data());
    line.write('\n');
    Files.write(log, line.toByteArray(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
