/** FFM bindings (mount, umount2, mknod, xattrs, ...) behind the {@code Syscalls} interface. */
package io.berth.sys;
