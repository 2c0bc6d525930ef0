package io.berth.engine.spec;

import static io.berth.engine.spec.InputBuilder.GROUP;
import static io.berth.engine.spec.InputBuilder.PASSWD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsersTest {
  @Test
  void emptyIsRootWithHomeFromPasswd() {
    assertThat(Users.resolve("", PASSWD, GROUP))
        .isEqualTo(new Users.Resolved(0, 0, List.of(0L), "/root"));
  }

  @Test
  void nameGivesIdsHomeAndMemberGroups() {
    assertThat(Users.resolve("app", PASSWD, GROUP))
        .isEqualTo(new Users.Resolved(1000, 1000, List.of(1000L, 50L, 999L), "/home/app"));
  }

  @Test
  void numericUidFindsEntryOrStandsAlone() {
    assertThat(Users.resolve("33", PASSWD, GROUP).home()).isEqualTo("/var/www");
    assertThat(Users.resolve("4242", PASSWD, GROUP))
        .isEqualTo(new Users.Resolved(4242, 0, List.of(0L), "/"));
  }

  @Test
  void groupByNameOrNumberReplacesMemberships() {
    assertThat(Users.resolve("app:staff", PASSWD, GROUP).additionalGids()).containsExactly(50L);
    assertThat(Users.resolve("1000:4242", PASSWD, GROUP))
        .isEqualTo(new Users.Resolved(1000, 4242, List.of(4242L), "/home/app"));
    assertThat(Users.resolve(":5", PASSWD, GROUP).uid()).isZero();
  }

  @Test
  void missingFilesStillAllowNumericIds() {
    assertThat(Users.resolve("1:2", null, null))
        .isEqualTo(new Users.Resolved(1, 2, List.of(2L), "/"));
  }

  @Test
  void unknownNamesUseDockersTexts() {
    assertThatThrownBy(() -> Users.resolve("nope", PASSWD, GROUP))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("unable to find user nope: no matching entries in passwd file");
    assertThatThrownBy(() -> Users.resolve("root", null, null))
        .hasMessage("unable to find user root: no matching entries in passwd file");
    assertThatThrownBy(() -> Users.resolve("app:nogroup", PASSWD, GROUP))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("unable to find group nogroup: no matching entries in group file");
    assertThatThrownBy(() -> Users.resolve("4294967296", PASSWD, GROUP))
        .hasMessage("uids and gids must be in range 0-2147483647");
  }

  @Test
  void commentsAndMalformedLinesAreSkipped() {
    String passwd = "# comment\nbroken\nbad:x:abc:0::/:/bin/sh\nok:x:7:8::/srv:/bin/sh\n";
    assertThat(Users.resolve("ok", passwd, "")).isEqualTo(new Users.Resolved(7, 8, List.of(8L), "/srv"));
  }

  /** runc's GetAdditionalGroups: a name or gid of the group file, else any number in range. */
  @Test
  void groupAddTakesNamesGidsAndNumbers() {
    assertThat(Users.additionalGroups(List.of("staff", "5", "4242", "tty"), GROUP))
        .containsExactly(50L, 5L, 4242L);
    assertThat(Users.resolve("app", PASSWD, GROUP).withGroups(List.of(50L, 7L)).additionalGids())
        .containsExactly(1000L, 50L, 999L, 7L);
    assertThatThrownBy(() -> Users.additionalGroups(List.of("nope"), GROUP))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("Unable to find group nope: no matching entries in group file");
    assertThatThrownBy(() -> Users.additionalGroups(List.of("99999999999"), null))
        .hasMessage("uids and gids must be in range 0-2147483647");
  }
}
