package io.berth.daemon;

import java.time.Instant;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One-line log records on stderr, at dockerd's level names. */
final class Logging {
  private Logging() {}

  static void configure(String levelName) {
    Level level = switch (levelName.toLowerCase(Locale.ROOT)) {
      case "debug", "trace" -> Level.FINE;
      case "info" -> Level.INFO;
      case "warn", "warning" -> Level.WARNING;
      case "error", "fatal", "panic" -> Level.SEVERE;
      default -> throw new ConfigException("unable to parse logging level: " + levelName);
    };
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Handler h = new ConsoleHandler();
    h.setLevel(level);
    h.setFormatter(new OneLine());
    root.addHandler(h);
    // Debug applies to berth's own loggers only: at FINE the JDK itself logs, for example,
    // every ProcessBuilder.start() with a stack trace.
    root.setLevel(level.intValue() < Level.INFO.intValue() ? Level.INFO : level);
    for (String name : BERTH_LOGGERS) {
      Logger l = Logger.getLogger(name);
      l.setLevel(level);
      KEEP.add(l);
    }
  }

  /** The names berth's classes log under ({@code System.getLogger}). */
  private static final String[] BERTH_LOGGERS = {"berth", "berthd", "io.berth"};

  /** JUL holds loggers weakly: a collected logger would forget its level. */
  private static final java.util.List<Logger> KEEP = new java.util.ArrayList<>();

  private static final class OneLine extends Formatter {
    @Override
    public String format(LogRecord r) {
      String lvl = r.getLevel() == Level.FINE ? "debug"
          : r.getLevel() == Level.WARNING ? "warning"
          : r.getLevel() == Level.SEVERE ? "error" : r.getLevel().getName().toLowerCase(Locale.ROOT);
      StringBuilder sb = new StringBuilder()
          .append("time=\"").append(Instant.ofEpochMilli(r.getMillis())).append("\" level=")
          .append(lvl).append(" msg=\"").append(formatMessage(r)).append("\"\n");
      if (r.getThrown() != null) {
        java.io.StringWriter sw = new java.io.StringWriter();
        r.getThrown().printStackTrace(new java.io.PrintWriter(sw));
        sb.append(sw);
      }
      return sb.toString();
    }
  }
}
