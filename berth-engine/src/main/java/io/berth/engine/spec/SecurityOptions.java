package io.berth.engine.spec;

import io.berth.common.BerthException;
import java.util.List;

/**
 * Docker's {@code --security-opt} values, parsed as moby's {@code parseSecurityOpt} does:
 * {@code key=value} (the legacy {@code key:value} too), or the bare {@code no-new-privileges}.
 *
 * @param seccomp "builtin" (the default profile), "unconfined", or a profile's JSON text
 */
record SecurityOptions(boolean noNewPrivileges, String seccomp, boolean unconfinedSystemPaths) {
  static final String BUILTIN = "builtin";
  static final String UNCONFINED = "unconfined";

  /** @throws BerthException.InvalidArgument with Docker's {@code invalid --security-opt} texts */
  static SecurityOptions parse(List<String> options) {
    boolean noNewPrivileges = false;
    String seccomp = BUILTIN;
    boolean unconfinedPaths = false;
    for (String opt : options) {
      if (opt.equals("no-new-privileges")) {
        noNewPrivileges = true;
        continue;
      }
      int sep = separator(opt);
      if (sep < 0) {
        throw BerthException.invalid("invalid --security-opt 1: \"" + opt + "\"");
      }
      String key = opt.substring(0, sep);
      String value = opt.substring(sep + 1);
      switch (key) {
        case "no-new-privileges" -> noNewPrivileges = bool(value, opt);
        case "seccomp" -> seccomp = value.isEmpty() ? BUILTIN : value;
        case "systempaths" -> {
          if (!value.equals(UNCONFINED)) {
            throw BerthException.invalid("invalid --security-opt 2: \"" + opt + "\"");
          }
          unconfinedPaths = true;
        }
        // Why accepted and ignored: berth sets no SELinux or AppArmor labels yet.
        case "label", "apparmor" -> { }
        default -> throw BerthException.invalid("invalid --security-opt 2: \"" + opt + "\"");
      }
    }
    return new SecurityOptions(noNewPrivileges, seccomp, unconfinedPaths);
  }

  /** '=' or, for old clients, ':' — whichever comes first (a seccomp JSON value holds both). */
  private static int separator(String opt) {
    int eq = opt.indexOf('=');
    int colon = opt.indexOf(':');
    if (eq < 0) {
      return colon;
    }
    return colon < 0 ? eq : Math.min(eq, colon);
  }

  private static boolean bool(String value, String opt) {
    return switch (value) {
      case "true", "1", "t", "T", "TRUE", "True" -> true;
      case "false", "0", "f", "F", "FALSE", "False" -> false;
      default -> throw BerthException.invalid("invalid --security-opt 2: \"" + opt + "\"");
    };
  }
}
