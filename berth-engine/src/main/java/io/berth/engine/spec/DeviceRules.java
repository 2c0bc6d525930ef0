package io.berth.engine.spec;

import io.berth.common.BerthException;
import io.berth.oci.runtime.Linux;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --device-cgroup-rule 'c 7:128 rwm'}: {@code a|b|c}, major and minor numbers or
 * {@code *}, and {@code r}, {@code w}, {@code m} (moby's {@code deviceCgroupRuleRegex}), as allow
 * rules after the defaults. The runtime writes them to {@code devices.allow} on cgroup v1 and
 * into its device program on v2. Pure.
 */
public final class DeviceRules {
  private static final Pattern RULE =
      Pattern.compile("^([acb]) ([0-9]+|\\*):([0-9]+|\\*) ([rwm]{1,3})$");

  private DeviceRules() {}

  /** @throws BerthException.InvalidArgument {@code invalid device cgroup format '<rule>'} */
  public static List<Linux.DeviceRule> parse(List<String> rules) {
    return rules == null ? List.of() : rules.stream().map(DeviceRules::parse).toList();
  }

  private static Linux.DeviceRule parse(String rule) {
    Matcher m = RULE.matcher(rule == null ? "" : rule.strip());
    if (!m.matches()) {
      throw BerthException.invalid("invalid device cgroup format '" + rule + "'");
    }
    return new Linux.DeviceRule(true, m.group(1), number(m.group(2)), number(m.group(3)),
        m.group(4));
  }

  private static Long number(String s) {
    if (s.equals("*")) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid device cgroup number " + s);
    }
  }
}
