package io.berth.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.common.IdMap;
import io.berth.oci.OciJson;
import io.berth.oci.runtime.RuntimeSpec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The daemon's userns-remap in a spec: a user namespace with the range, or dockerd's refusals. */
class UserNamespaceTest {
  private static final IdMap IDS = new IdMap(100000, 100000, 65536);

  private static RuntimeSpec spec() {
    return SpecGenerator.generate(new InputBuilder().build());
  }

  @Test
  void aRemappedContainerJoinsItsUserNamespaceWithTheRange() {
    RuntimeSpec s = UserNamespace.apply(spec(), IDS, "", false, "default", "", "/run/u/x");
    String json = new String(OciJson.write(s), StandardCharsets.UTF_8);
    assertThat(json).contains("{\"type\":\"user\",\"path\":\"/run/u/x\"}")
        .contains("\"uidMappings\":[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]")
        .contains("\"gidMappings\":[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]");
    assertThat(s.linux().sysctl()).containsEntry("net.ipv4.ping_group_range", "0 65535");
  }

  @Test
  void noRemapOrUsernsHostLeavesTheSpecAlone() {
    RuntimeSpec plain = spec();
    assertThat(UserNamespace.apply(plain, IdMap.NONE, "", false, "default", "", null))
        .isSameAs(plain);
    assertThat(UserNamespace.apply(plain, IDS, "host", true, "host", "host", null))
        .isSameAs(plain);
  }

  @Test
  void hostNamespacesAreRefusedAsDockerdRefusesThem() {
    assertThatThrownBy(() -> UserNamespace.apply(spec(), IDS, "", true, "default", "", null))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageStartingWith("privileged mode is incompatible with user namespaces");
    assertThatThrownBy(() -> UserNamespace.apply(spec(), IDS, "", false, "host", "", null))
        .hasMessage("cannot share the host's network namespace when user namespaces are enabled");
    assertThatThrownBy(() -> UserNamespace.apply(spec(), IDS, "", false, "default", "host", null))
        .hasMessage("cannot share the host PID namespace when user namespaces are enabled");
  }

  @Test
  void rootlessPingsOnlyForTheGroupsBerthdsOwnNamespaceMaps() {
    RuntimeSpec s = UserNamespace.pingGroups(spec(), 65537);
    assertThat(s.linux().sysctl()).containsEntry("net.ipv4.ping_group_range", "0 65536");
    assertThat(s.linux().cgroupsPath()).isEqualTo(spec().linux().cgroupsPath());
    assertThat(s.linux().uidMappings()).isEqualTo(spec().linux().uidMappings());
  }
}
