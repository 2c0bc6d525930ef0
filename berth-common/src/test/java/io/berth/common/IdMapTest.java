package io.berth.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdMapTest {
  @Test
  void containerIdsShiftIntoTheRangeAndBack() {
    IdMap ids = new IdMap(100000, 200000, 65536);
    assertThat(ids.hostUid(0)).isEqualTo(100000);
    assertThat(ids.hostGid(1000)).isEqualTo(201000);
    assertThat(ids.containerUid(165535)).isEqualTo(65535);
    assertThat(ids.containerGid(200007)).isEqualTo(7);
    assertThat(ids.containerUid(0)).as("the host's root is nobody inside").isEqualTo(65534);
    assertThatThrownBy(() -> ids.hostUid(65536))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageStartingWith("Container ID 65536 cannot be mapped to a host ID");
  }

  @Test
  void noneIsTheIdentity() {
    assertThat(IdMap.NONE.remapped()).isFalse();
    assertThat(IdMap.NONE.hostUid(123456)).isEqualTo(123456);
    assertThat(IdMap.NONE.containerGid(7)).isEqualTo(7);
  }
}
