package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import org.junit.jupiter.api.Test;

class ContainerStatusTest {
  @Test
  void legalMoves() {
    assertThat(ContainerStatus.CREATED.canMoveTo(ContainerStatus.RUNNING)).isTrue();
    assertThat(ContainerStatus.RUNNING.canMoveTo(ContainerStatus.EXITED)).isTrue();
    assertThat(ContainerStatus.EXITED.canMoveTo(ContainerStatus.RUNNING)).isTrue();
    assertThat(ContainerStatus.EXITED.canMoveTo(ContainerStatus.REMOVING)).isTrue();
    assertThat(ContainerStatus.REMOVING.canMoveTo(ContainerStatus.DEAD)).isTrue();
  }

  @Test
  void illegalMovesAreConflicts() {
    assertThat(ContainerStatus.RUNNING.canMoveTo(ContainerStatus.REMOVING)).isFalse();
    assertThat(ContainerStatus.CREATED.canMoveTo(ContainerStatus.EXITED)).isFalse();
    assertThat(ContainerStatus.DEAD.canMoveTo(ContainerStatus.RUNNING)).isFalse();
    assertThatThrownBy(() -> ContainerStatus.RUNNING.checkMove("abc", ContainerStatus.REMOVING))
        .isInstanceOf(BerthException.Conflict.class)
        .hasMessage("cannot move container abc from running to removing");
  }

  @Test
  void wireNamesAndRunningFlag() {
    assertThat(ContainerStatus.parse("exited")).isEqualTo(ContainerStatus.EXITED);
    assertThat(ContainerStatus.PAUSED.wire()).isEqualTo("paused");
    assertThat(ContainerStatus.PAUSED.isRunning()).isTrue();
    assertThat(ContainerStatus.CREATED.isRunning()).isFalse();
  }
}
