package io.berth.cri;

import io.berth.common.Messages;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * Runs one unary call: its answer, or its error as a gRPC status. At debug level each call
 * logs its wall time ({@code CRI StartContainer 74.2ms}), as the engine's trace lines do.
 */
final class Calls {
  private static final System.Logger LOG = System.getLogger("berth.cri");

  private Calls() {}

  static <T> void unary(String method, StreamObserver<T> out, Supplier<T> call) {
    long t0 = System.nanoTime();
    T answer;
    try {
      answer = call.get();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "CRI " + method + ": " + Messages.of(e), e);
      out.onError(GrpcErrors.of(e));
      return;
    }
    out.onNext(answer);
    out.onCompleted();
    if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
      LOG.log(System.Logger.Level.DEBUG, String.format("CRI %s %.1fms", method,
          (System.nanoTime() - t0) / 1e6));
    }
  }
}
