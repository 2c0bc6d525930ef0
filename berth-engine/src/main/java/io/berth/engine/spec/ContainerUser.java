package io.berth.engine.spec;

/** A container's {@code User} as numeric ids, for {@code docker cp -a} ({@code copyUIDGID}). */
public final class ContainerUser {
  private ContainerUser() {}

  /** {uid, gid} of {@code user} in the given passwd and group files (null when absent). */
  public static long[] ids(String user, String passwd, String group) {
    Users.Resolved r = Users.resolve(user, passwd, group);
    return new long[] {r.uid(), r.gid()};
  }
}
