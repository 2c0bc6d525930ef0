package io.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 1: a reader that follows an ingest file while it is written (ADR 0149). */
class TapTest {
  @TempDir Path dir;

  private void append(Path file, Tap tap, String s) throws IOException {
    Files.writeString(file, s, StandardOpenOption.APPEND);
    tap.wrote(Files.size(file));
  }

  @Test
  void aReaderFollowsTheWritesAndEndsWithTheDownload() throws Exception {
    Path ingest = Files.createFile(dir.resolve("data"));
    Tap tap = new Tap();
    InputStream in = tap.attach();
    CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes());
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    tap.open(ingest, 0);
    append(ingest, tap, "abc");
    Thread.sleep(50);
    assertThat(read).isNotDone();
    append(ingest, tap, "def");
    // the commit renames the file: the reader holds its own descriptor
    Files.move(ingest, dir.resolve("blob"));
    tap.finish(null);
    assertThat(read.get()).isEqualTo("abcdef");
  }

  @Test
  void aReaderAttachedAfterTheDownloadReadsFromTheFirstByteOfAResumedIngest() throws Exception {
    Path ingest = Files.writeString(dir.resolve("data"), "earlier");
    Tap tap = new Tap();
    tap.open(ingest, 7);
    append(ingest, tap, "+rest");
    tap.finish(null);
    try (InputStream in = tap.attach()) {
      assertThat(new String(in.readAllBytes())).isEqualTo("earlier+rest");
    }
    assertThat(tap.attach()).as("one reader").isNull();
  }

  @Test
  void aRestartOrAFailureReachesTheReaderAndNoBytesMeansDropped() throws Exception {
    Path ingest = Files.createFile(dir.resolve("data"));
    Tap restarted = new Tap();
    restarted.open(ingest, 0);
    InputStream in = restarted.attach();
    restarted.drop();
    assertThatThrownBy(in::read).isInstanceOf(IOException.class)
        .hasMessage("download restarted");

    Tap failed = new Tap();
    failed.open(ingest, 0);
    InputStream f = failed.attach();
    failed.finish(new IllegalStateException("connection reset"));
    assertThatThrownBy(f::read).hasMessageContaining("download failed: connection reset");

    Tap unused = new Tap();
    unused.finish(null); // the blob was in the store already: nothing was written through it
    assertThat(unused.dropped()).isTrue();
    assertThat(unused.attach()).isNull();
  }
}
