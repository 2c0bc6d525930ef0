package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth logs}: inspect first to learn {@code Config.Tty}, then
 * {@code GET /containers/{name}/logs}, demultiplexed unless the container has a tty.
 */
@Command(name = "logs", description = "Fetch the logs of a container")
final class LogsCommand implements Callable<Integer> {
  private static final Pattern DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  @Spec CommandSpec spec;

  @Option(names = "--details", description = "Show extra details provided to logs")
  boolean details;

  @Option(names = {"-f", "--follow"}, description = "Follow log output")
  boolean follow;

  @Option(names = "--since", paramLabel = "string",
      description = "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)")
  String since;

  @Option(names = {"-n", "--tail"}, paramLabel = "string", defaultValue = "all",
      description = "Number of lines to show from the end of the logs (default \"all\")")
  String tail;

  @Option(names = {"-t", "--timestamps"}, description = "Show timestamps")
  boolean timestamps;

  @Option(names = "--until", paramLabel = "string",
      description = "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)")
  String until;

  @Parameters(index = "0", paramLabel = "CONTAINER")
  String container;

  @Override
  public Integer call() throws IOException {
    Api api = BerthCommand.api(spec);
    JsonNode c = api.get(Query.path("/containers/", container, "/json").toString());
    Instant now = Instant.now();
    // Go's url.Values sorts the keys.
    Query q = Query.path("/containers/", container, "/logs").flag("details", details)
        .flag("follow", follow);
    if (since != null && !since.isEmpty()) {
      q.add("since", timestamp(since, now));
    }
    q.add("stderr", "1").add("stdout", "1").add("tail", tail).flag("timestamps", timestamps);
    if (until != null && !until.isEmpty()) {
      q.add("until", timestamp(until, now));
    }
    try (DaemonClient.Streamed s = api.stream("GET", q.toString(), null)) {
      InputStream in = s.body();
      if (c.path("Config").path("Tty").asBoolean()) {
        byte[] buf = new byte[8192];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          System.out.write(buf, 0, n);
          System.out.flush();
        }
      } else {
        StdCopy.demux(in, System.out, System.err);
      }
    }
    System.out.flush();
    return 0;
  }

  /**
   * docker's timetypes.GetTimestamp: a Go duration is that long before now, a date is read as
   * RFC 3339 (local time without a zone), and anything else (unix seconds) goes as it is.
   * The result is {@code seconds.nanoseconds}.
   */
  static String timestamp(String value, Instant now) {
    Matcher m = DURATION.matcher(value);
    if (!value.isEmpty() && m.replaceAll("").isEmpty()) {
      m.reset();
      long nanos = 0;
      while (m.find()) {
        double n = Double.parseDouble(m.group(1));
        nanos += (long) (n * switch (m.group(2)) {
          case "ns" -> 1L;
          case "us", "µs" -> 1_000L;
          case "ms" -> 1_000_000L;
          case "s" -> 1_000_000_000L;
          case "m" -> 60_000_000_000L;
          default -> 3_600_000_000_000L;
        });
      }
      return seconds(now.minus(Duration.ofNanos(nanos)));
    }
    try {
      return seconds(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      // not with a zone
    }
    try {
      return seconds(LocalDateTime.parse(value).atZone(ZoneId.systemDefault()).toInstant());
    } catch (DateTimeParseException e) {
      // not a local date-time
    }
    try {
      return seconds(LocalDate.parse(value).atStartOfDay(ZoneId.systemDefault()).toInstant());
    } catch (DateTimeParseException e) {
      return value;
    }
  }

  private static String seconds(Instant t) {
    return String.format("%d.%09d", t.getEpochSecond(), t.getNano());
  }
}
