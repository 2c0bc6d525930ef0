package io.berth.cri;

import io.berth.common.BerthException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The one place where berth's errors become gRPC statuses (as ErrorStatus does for HTTP). */
final class GrpcErrors {
  private GrpcErrors() {}

  static StatusRuntimeException of(Throwable t) {
    if (t instanceof StatusRuntimeException s) {
      return s;
    }
    String message = io.berth.common.Messages.of(t);
    Status status = !(t instanceof BerthException e) ? Status.INTERNAL : switch (e) {
      case BerthException.NotFound x -> Status.NOT_FOUND;
      case BerthException.InvalidArgument x -> Status.INVALID_ARGUMENT;
      case BerthException.Conflict x -> Status.FAILED_PRECONDITION;
      case BerthException.Unauthorized x -> Status.UNAUTHENTICATED;
      case BerthException.PermissionDenied x -> Status.PERMISSION_DENIED;
      case BerthException.NotModified x -> Status.ALREADY_EXISTS;
      case BerthException.NotImplemented x -> Status.UNIMPLEMENTED;
      case BerthException.Unavailable x -> Status.UNAVAILABLE;
      case BerthException.Internal x -> Status.INTERNAL;
    };
    return status.withDescription(message).withCause(t).asRuntimeException();
  }
}
