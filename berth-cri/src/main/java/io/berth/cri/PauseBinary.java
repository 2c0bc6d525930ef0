package io.berth.cri;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The pod sandbox's process, as a 256-byte static x86-64 ELF executable written out here so that
 * berth needs neither a registry nor a compiler for it. It does what Kubernetes' pause.c does:
 * SIGTERM or SIGINT ends it with status 0 (a handler is needed: as PID 1 of its namespace it
 * would ignore a signal left at its default), SIGCHLD is ignored so the kernel reaps children
 * it inherits, and otherwise it waits in pause(2) for ever. The code, at 0x400078:
 *
 * <pre>
 *   mov esi, ACT; mov edi, 15; xor edx, edx; mov r10d, 8; mov eax, 13; syscall  ; rt_sigaction(SIGTERM)
 *   mov edi, 2; mov eax, 13; syscall                                            ; rt_sigaction(SIGINT)
 *   mov esi, IGN; mov edi, 17; mov eax, 13; syscall                             ; SIGCHLD: SIG_IGN
 * L: mov eax, 34; syscall; jmp L                                                ; pause()
 * X: xor edi, edi; mov eax, 231; syscall                                        ; exit_group(0)
 * ACT: {handler X, SA_RESTORER, restorer X, mask 0}   IGN: {SIG_IGN, 0, 0, 0}
 * </pre>
 *
 * Why SA_RESTORER: x86-64 Linux refuses to deliver a signal to a handler without a restorer
 * ({@code arch/x86/kernel/signal_64.c}); X never returns, so it serves as both.
 */
final class PauseBinary {
  private static final long BASE = 0x400000;
  private static final int CODE = 120;
  private static final int LOOP = CODE + 54;
  private static final int EXIT = LOOP + 9;
  private static final int ACT = 192;
  private static final int IGN = 224;
  private static final int SIZE = 256;
  private static final long SA_RESTORER = 0x04000000L;

  private PauseBinary() {}

  static byte[] bytes() {
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    // ELF header
    b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    b.putShort((short) 2).putShort((short) 0x3e).putInt(1).putLong(BASE + CODE).putLong(64)
        .putLong(0).putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1)
        .putShort((short) 0).putShort((short) 0).putShort((short) 0);
    // one PT_LOAD, read + execute, the whole file at BASE
    b.putInt(1).putInt(5).putLong(0).putLong(BASE).putLong(BASE).putLong(SIZE).putLong(SIZE)
        .putLong(0x1000);
    b.put((byte) 0xbe).putInt((int) (BASE + ACT));
    b.put(bytes(0xbf, 15, 0, 0, 0, 0x31, 0xd2, 0x41, 0xba, 8, 0, 0, 0, 0xb8, 13, 0, 0, 0,
        0x0f, 0x05));
    b.put(bytes(0xbf, 2, 0, 0, 0, 0xb8, 13, 0, 0, 0, 0x0f, 0x05));
    b.put((byte) 0xbe).putInt((int) (BASE + IGN));
    b.put(bytes(0xbf, 17, 0, 0, 0, 0xb8, 13, 0, 0, 0, 0x0f, 0x05));
    check(b, LOOP);
    b.put(bytes(0xb8, 34, 0, 0, 0, 0x0f, 0x05, 0xeb, 0xf7));
    check(b, EXIT);
    b.put(bytes(0x31, 0xff, 0xb8, 231, 0, 0, 0, 0x0f, 0x05));
    check(b, ACT);
    b.putLong(BASE + EXIT).putLong(SA_RESTORER).putLong(BASE + EXIT).putLong(0);
    b.putLong(1).putLong(0).putLong(0).putLong(0);
    check(b, SIZE);
    return b.array();
  }

  private static byte[] bytes(int... v) {
    byte[] out = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (byte) v[i];
    }
    return out;
  }

  private static void check(ByteBuffer b, int at) {
    if (b.position() != at) {
      throw new IllegalStateException("pause binary layout: at " + b.position() + ", not " + at);
    }
  }
}
