package io.berth.engine;

import io.berth.common.BerthException;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Container names: validation ({@code moby:daemon/names/names.go}) and generated
 * {@code adjective_surname} names as moby's {@code namesgenerator} makes them.
 */
public final class Names {
  private static final Pattern VALID = Pattern.compile("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
  private static final List<String> LEFT = List.of("admiring", "agitated", "amazing", "angry",
      "awesome", "blissful", "bold", "brave", "busy", "charming", "clever", "compassionate",
      "confident", "cool", "dazzling", "determined", "eager", "ecstatic", "elegant", "epic",
      "festive", "focused", "friendly", "gallant", "gifted", "goofy", "happy", "hopeful",
      "jolly", "keen", "kind", "laughing", "loving", "modest", "nice", "nostalgic", "peaceful",
      "pensive", "quirky", "relaxed", "serene", "sharp", "stoic", "tender", "vibrant", "zen");
  private static final List<String> RIGHT = List.of("agnesi", "albattani", "babbage", "bardeen",
      "bohr", "cannon", "curie", "darwin", "dijkstra", "einstein", "euclid", "fermat", "feynman",
      "galileo", "goldberg", "hopper", "hypatia", "johnson", "kepler", "knuth", "lamarr",
      "lovelace", "mayer", "meitner", "noether", "pascal", "ritchie", "shannon", "tesla",
      "thompson", "torvalds", "turing", "wozniak", "yalow");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Names() {}

  /** {@code /name} for a valid name; 400 with Docker's text otherwise. */
  public static String normalize(String name) {
    if (!VALID.matcher(name).matches()) {
      throw BerthException.invalid("Invalid container name (" + name + "), only "
          + "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    }
    return name.startsWith("/") ? name : "/" + name;
  }

  /** A fresh {@code /adjective_surname} that {@code taken} rejects; a digit is added on clashes. */
  public static String generate(Predicate<String> taken) {
    for (int attempt = 0; ; attempt++) {
      String n = "/" + LEFT.get(RANDOM.nextInt(LEFT.size())) + "_"
          + RIGHT.get(RANDOM.nextInt(RIGHT.size()));
      if (attempt >= 10) {
        n += RANDOM.nextInt(10);
      }
      if (!taken.test(n)) {
        return n;
      }
    }
  }
}
