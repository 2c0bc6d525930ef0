package io.berth.snapshot;

import java.io.InputStream;

/**
 * Applies a layer diff (an uncompressed tar with OCI whiteouts) into an active snapshot.
 *
 * <p>Whiteouts become what overlayfs expects: {@code .wh.<name>} a 0/0 character device,
 * {@code .wh..wh..opq} the {@code trusted.overlay.opaque=y} xattr on its directory. Hard links,
 * symlinks, devices, xattrs, ownership, modes and mtimes are kept. Nothing is ever written
 * outside the snapshot: {@code ..}, absolute paths and symlinks that point out are resolved
 * inside it, as Docker's chrootarchive does; an entry that cannot be placed safely fails the
 * apply with {@code BerthException.InvalidArgument}.
 */
public interface DiffApplier {
  /** Reads the whole tar from {@code tar}; returns the number of tar bytes consumed. */
  long apply(String activeKey, InputStream tar);
}
