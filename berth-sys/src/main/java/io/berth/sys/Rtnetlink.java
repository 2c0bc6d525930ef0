package io.berth.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The few rtnetlink(7) requests a veth endpoint needs, each sent with {@code NLM_F_ACK} and
 * its answer awaited, as {@code ip link/addr/route} send them, without the {@code ip} process.
 * A socket works in the network namespace of the thread that opened it, and only that thread
 * may use it: open one on a thread that entered the container's namespace for the requests
 * meant for inside.
 */
public final class Rtnetlink implements AutoCloseable {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  private static final int AF_NETLINK = 16;
  private static final int SOCK_RAW_CLOEXEC = 3 | 0x80000;
  private static final int NETLINK_ROUTE = 0;
  private static final int O_RDONLY_CLOEXEC = 0x80000;

  private static final short RTM_NEWLINK = 16;
  private static final short RTM_DELLINK = 17;
  private static final short RTM_NEWADDR = 20;
  private static final short RTM_NEWROUTE = 24;
  private static final short NLMSG_ERROR = 2;
  private static final short NLM_F_REQUEST = 1;
  private static final short NLM_F_ACK = 4;
  private static final short NLM_F_EXCL = 0x200;
  private static final short NLM_F_CREATE = 0x400;

  private static final short IFLA_ADDRESS = 1;
  private static final short IFLA_IFNAME = 3;
  private static final short IFLA_MTU = 4;
  private static final short IFLA_MASTER = 10;
  private static final short IFLA_LINKINFO = 18;
  private static final short IFLA_NET_NS_FD = 28;
  private static final short IFLA_INFO_KIND = 1;
  private static final short IFLA_INFO_DATA = 2;
  private static final short VETH_INFO_PEER = 1;
  private static final int IFF_UP = 1;
  private static final short IFA_ADDRESS = 1;
  private static final short IFA_LOCAL = 2;
  private static final byte IFA_F_NODAD = 2;
  private static final short RTA_OIF = 4;
  private static final short RTA_GATEWAY = 5;
  private static final byte AF_INET = 2;
  private static final byte AF_INET6 = 10;

  /** Confined: a shared arena's close is a handshake with every thread of the JVM. */
  private final Arena arena = Arena.ofConfined();
  private final MemorySegment errno = arena.allocate(CAPTURE);
  private final MemorySegment buf = arena.allocate(16384, 8);
  private final int fd;
  private int seq;

  private Rtnetlink(int fd) {
    this.fd = fd;
  }

  /** A NETLINK_ROUTE socket in the calling thread's network namespace. */
  public static Rtnetlink open() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment err = a.allocate(CAPTURE);
      int fd = (int) Handles.SOCKET.invokeExact(err, AF_NETLINK, SOCK_RAW_CLOEXEC, NETLINK_ROUTE);
      if (fd < 0) {
        throw new SyscallException("socket", "AF_NETLINK", (int) ERRNO.get(err, 0L));
      }
      return new Rtnetlink(fd);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("netlink socket", t);
    }
  }

  /**
   * {@code ip link add NAME mtu MTU type veth peer name PEER mtu MTU netns PEERNS}: the pair,
   * the peer moved into the namespace bound at {@code peerNetns} at once.
   */
  public void addVeth(String name, int mtu, String peer, String peerNetns) {
    int nsFd = openFile(peerNetns);
    try {
      Message m = new Message(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
      m.ifinfo(0, 0, 0).string(IFLA_IFNAME, name).u32(IFLA_MTU, mtu);
      int info = m.begin(IFLA_LINKINFO);
      m.string(IFLA_INFO_KIND, "veth");
      int data = m.begin(IFLA_INFO_DATA);
      int peerAttr = m.begin(VETH_INFO_PEER);
      m.ifinfo(0, 0, 0).string(IFLA_IFNAME, peer).u32(IFLA_MTU, mtu).u32(IFLA_NET_NS_FD, nsFd);
      m.end(peerAttr).end(data).end(info);
      send(m, "add veth " + name);
    } finally {
      closeFd(nsFd);
    }
  }

  /**
   * {@code ip link set NAME [master MASTER] [address MAC] [up]}: {@code master} and {@code mac}
   * may be null.
   */
  public void setLink(String name, String master, byte[] mac, boolean up) {
    Message m = new Message(RTM_NEWLINK, 0);
    m.ifinfo(0, up ? IFF_UP : 0, up ? IFF_UP : 0).string(IFLA_IFNAME, name);
    if (master != null) {
      m.u32(IFLA_MASTER, index(master));
    }
    if (mac != null) {
      m.bytes(IFLA_ADDRESS, mac);
    }
    send(m, "set link " + name);
  }

  /** {@code ip addr add ADDR/PREFIX dev NAME [nodad]}. */
  public void addAddress(String name, InetAddress address, int prefix, boolean nodad) {
    boolean v6 = address instanceof Inet6Address;
    Message m = new Message(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
    m.put((byte) (v6 ? AF_INET6 : AF_INET)).put((byte) prefix).put(nodad ? IFA_F_NODAD : 0)
        .put((byte) 0).putInt(index(name));
    m.bytes(IFA_LOCAL, address.getAddress()).bytes(IFA_ADDRESS, address.getAddress());
    send(m, "add address " + address.getHostAddress() + "/" + prefix + " to " + name);
  }

  /** {@code ip route add default via GATEWAY dev NAME}. */
  public void addDefaultRoute(String name, InetAddress gateway) {
    boolean v6 = gateway instanceof Inet6Address;
    Message m = new Message(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
    // rtmsg: family, dst_len, src_len, tos, table main, protocol boot, scope universe, unicast
    m.put((byte) (v6 ? AF_INET6 : AF_INET)).put((byte) 0).put((byte) 0).put((byte) 0)
        .put((byte) 254).put((byte) 3).put((byte) 0).put((byte) 1).putInt(0);
    m.bytes(RTA_GATEWAY, gateway.getAddress()).u32(RTA_OIF, index(name));
    send(m, "add default route via " + gateway.getHostAddress() + " dev " + name);
  }

  /** {@code ip link del NAME}; false when there is no such link. */
  public boolean deleteLink(String name) {
    Message m = new Message(RTM_DELLINK, 0);
    m.ifinfo(0, 0, 0).string(IFLA_IFNAME, name);
    int err = request(m);
    if (err == Errno.ENODEV) {
      return false;
    }
    check(err, "delete link " + name);
    return true;
  }

  /** The interface index of {@code name} in this socket's namespace (the thread's). */
  private int index(String name) {
    try (Arena a = Arena.ofConfined()) {
      int i = (int) Handles.IF_NAMETOINDEX.invokeExact(errno, a.allocateFrom(name));
      if (i == 0) {
        throw new SyscallException("if_nametoindex", name, (int) ERRNO.get(errno, 0L));
      }
      return i;
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("if_nametoindex", t);
    }
  }

  private void send(Message m, String what) {
    check(request(m), what);
  }

  private static void check(int err, String what) {
    if (err != 0) {
      throw new SyscallException("netlink " + what, "", err);
    }
  }

  /** Sends {@code m} and reads its ack: 0, or the errno the kernel answered. */
  private int request(Message m) {
    byte[] bytes = m.finish(++seq);
    MemorySegment.copy(bytes, 0, buf, JAVA_BYTE, 0, bytes.length);
    try {
      long n = (long) Handles.SEND.invokeExact(errno, fd, buf, (long) bytes.length, 0);
      if (n < 0) {
        return (int) ERRNO.get(errno, 0L);
      }
      while (true) {
        long got = (long) Handles.RECV.invokeExact(errno, fd, buf, buf.byteSize(), 0);
        if (got < 0) {
          int e = (int) ERRNO.get(errno, 0L);
          if (e == Errno.EINTR) {
            continue;
          }
          return e;
        }
        ByteBuffer in = buf.asSlice(0, got).asByteBuffer().order(ByteOrder.nativeOrder());
        while (in.remaining() >= 16) {
          int start = in.position();
          int len = in.getInt();
          short type = in.getShort();
          in.getShort();
          int s = in.getInt();
          in.getInt();
          if (type == NLMSG_ERROR && s == seq) {
            return -in.getInt();
          }
          if (len < 16) {
            break;
          }
          in.position(Math.min(in.limit(), start + align(len)));
        }
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("netlink", t);
    }
  }

  private int openFile(String path) {
    try (Arena a = Arena.ofConfined()) {
      int nsFd = (int) Handles.OPEN.invokeExact(errno, a.allocateFrom(path), O_RDONLY_CLOEXEC, 0);
      if (nsFd < 0) {
        throw new SyscallException("open", path, (int) ERRNO.get(errno, 0L));
      }
      return nsFd;
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("open", t);
    }
  }

  private static void closeFd(int fd) {
    try {
      int ignored = (int) Handles.CLOSE.invokeExact(fd);
    } catch (Throwable t) {
      throw new IllegalStateException("close", t);
    }
  }

  @Override
  public void close() {
    closeFd(fd);
    arena.close();
  }

  private static int align(int n) {
    return (n + 3) & ~3;
  }

  /** One request: the header, its family struct, then attributes, nested with begin/end. */
  private static final class Message {
    private final ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());

    Message(short type, int flags) {
      b.putInt(0).putShort(type).putShort((short) (NLM_F_REQUEST | NLM_F_ACK | flags))
          .putInt(0).putInt(0);
    }

    /** struct ifinfomsg: family unspecified, type 0, index, flags, change mask. */
    Message ifinfo(int index, int flags, int change) {
      b.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(index).putInt(flags).putInt(change);
      return this;
    }

    Message put(byte v) {
      b.put(v);
      return this;
    }

    Message putInt(int v) {
      b.putInt(v);
      return this;
    }

    Message string(short type, String s) {
      byte[] raw = s.getBytes(StandardCharsets.US_ASCII);
      byte[] z = new byte[raw.length + 1];
      System.arraycopy(raw, 0, z, 0, raw.length);
      return bytes(type, z);
    }

    Message u32(short type, int v) {
      return bytes(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array());
    }

    Message bytes(short type, byte[] v) {
      b.putShort((short) (4 + v.length)).putShort(type).put(v);
      pad();
      return this;
    }

    /** Starts a nested attribute; returns where its header is, for {@link #end}. */
    int begin(short type) {
      int at = b.position();
      b.putShort((short) 0).putShort(type);
      return at;
    }

    Message end(int at) {
      b.putShort(at, (short) (b.position() - at));
      return this;
    }

    private void pad() {
      while ((b.position() & 3) != 0) {
        b.put((byte) 0);
      }
    }

    byte[] finish(int seq) {
      b.putInt(0, b.position()).putInt(8, seq);
      byte[] out = new byte[b.position()];
      b.get(0, out);
      return out;
    }
  }

  private static final class Handles {
    static final MethodHandle SOCKET = bind("socket",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle SEND = bind("send",
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    static final MethodHandle RECV = bind("recv",
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    static final MethodHandle IF_NAMETOINDEX = bind("if_nametoindex",
        FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle CLOSE = LINKER.downcallHandle(
        LINKER.defaultLookup().find("close").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    /** open(2) is variadic (the mode). */
    static final MethodHandle OPEN = LINKER.downcallHandle(
        LINKER.defaultLookup().find("open").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
        Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(2));

    private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
      return LINKER.downcallHandle(LINKER.defaultLookup().find(name)
          .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name)), descriptor,
          Linker.Option.captureCallState("errno"));
    }
  }
}
