package io.berth.cri;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.cri.api.SecurityProfile;
import io.berth.cri.api.SecurityProfile.ProfileType;
import org.junit.jupiter.api.Test;

class SeccompProfileTest {
  @Test
  void noProfileIsUnconfinedAsTheCriDefinesIt() {
    assertThat(EngineAdapter.profile(null, "").getProfileType()).isEqualTo(ProfileType.Unconfined);
  }

  @Test
  void theDeprecatedPathStringsMapToProfiles() {
    assertThat(EngineAdapter.profile(null, "runtime/default").getProfileType())
        .isEqualTo(ProfileType.RuntimeDefault);
    assertThat(EngineAdapter.profile(null, "docker/default").getProfileType())
        .isEqualTo(ProfileType.RuntimeDefault);
    SecurityProfile local = EngineAdapter.profile(null, "localhost/etc/p.json");
    assertThat(local.getProfileType()).isEqualTo(ProfileType.Localhost);
    assertThat(local.getLocalhostRef()).isEqualTo("etc/p.json");
  }

  @Test
  void theFieldWinsOverThePath() {
    SecurityProfile field = SecurityProfile.newBuilder()
        .setProfileType(ProfileType.RuntimeDefault).build();
    assertThat(EngineAdapter.profile(field, "unconfined")).isSameAs(field);
  }
}
