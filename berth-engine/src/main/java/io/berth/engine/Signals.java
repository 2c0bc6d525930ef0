package io.berth.engine;

import io.berth.common.BerthException;
import java.util.Locale;
import java.util.Map;

/** Signal names and numbers as {@code docker kill --signal} and {@code StopSignal} give them. */
public final class Signals {
  public static final int SIGKILL = 9;
  public static final int SIGTERM = 15;

  private static final Map<String, Integer> BY_NAME = Map.ofEntries(
      Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
      Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7),
      Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
      Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
      Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18),
      Map.entry("STOP", 19), Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22),
      Map.entry("URG", 23), Map.entry("XCPU", 24), Map.entry("XFSZ", 25),
      Map.entry("VTALRM", 26), Map.entry("PROF", 27), Map.entry("WINCH", 28), Map.entry("IO", 29),
      Map.entry("PWR", 30), Map.entry("SYS", 31));

  private Signals() {}

  /**
   * {@code 9}, {@code KILL}, {@code SIGKILL} or {@code sigkill}; {@code fallback} when blank.
   * Anything else is 400 {@code Invalid signal: x}.
   */
  public static int parse(String text, int fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    String t = text.trim().toUpperCase(Locale.ROOT);
    if (t.chars().allMatch(Character::isDigit)) {
      if (t.length() > 9) {
        throw BerthException.invalid("Invalid signal: " + text); // 99999999999 is no int
      }
      int n = Integer.parseInt(t);
      if (n < 1 || n > 64) {
        throw BerthException.invalid("Invalid signal: " + text);
      }
      return n;
    }
    if (t.startsWith("SIG")) {
      t = t.substring(3);
    }
    if (t.startsWith("RTMIN") || t.startsWith("RTMAX")) {
      return rt(t, text);
    }
    Integer n = BY_NAME.get(t);
    if (n == null) {
      throw BerthException.invalid("Invalid signal: " + text);
    }
    return n;
  }

  private static int rt(String t, String text) {
    try {
      if (t.equals("RTMIN")) {
        return 34;
      }
      if (t.equals("RTMAX")) {
        return 64;
      }
      int off = Integer.parseInt(t.substring(6));
      return t.startsWith("RTMIN+") ? 34 + off : 64 - off;
    } catch (RuntimeException e) {
      throw BerthException.invalid("Invalid signal: " + text);
    }
  }
}
