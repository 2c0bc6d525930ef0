package io.berth.cri;

import io.berth.common.Messages;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** Runs one unary call: its answer, or its error as a gRPC status. */
final class Calls {
  private static final System.Logger LOG = System.getLogger("berth.cri");

  private Calls() {}

  static <T> void unary(String method, StreamObserver<T> out, Supplier<T> call) {
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
  }
}
