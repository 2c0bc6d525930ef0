package io.berth.cri.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.cri.stream.SpdyFramer.Frame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SpdyFramerTest {
  @Test
  void framesRoundTripWithOneCompressionContextPerDirection() throws Exception {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    SpdyFramer writer = new SpdyFramer(new ByteArrayInputStream(new byte[0]), wire);
    Map<String, String> h1 = new LinkedHashMap<>();
    h1.put("streamType", "error");
    h1.put("port", "80");
    writer.write(Frame.control(SpdyFramer.SYN_STREAM, 0, 1, 0, h1));
    // the second block is compressed against the first: it must still decode
    writer.write(Frame.control(SpdyFramer.SYN_STREAM, SpdyFramer.FLAG_FIN, 3, 0,
        Map.of("streamtype", "stdout")));
    writer.write(Frame.data(3, true, "hello".getBytes(StandardCharsets.UTF_8)));
    writer.write(Frame.control(SpdyFramer.PING, 0, 7, 0, Map.of()));
    writer.write(Frame.control(SpdyFramer.RST_STREAM, 0, 5, 1, Map.of()));

    SpdyFramer reader = new SpdyFramer(new ByteArrayInputStream(wire.toByteArray()),
        OutputStreamNull.INSTANCE);
    Frame a = reader.read();
    assertThat(a.type()).isEqualTo(SpdyFramer.SYN_STREAM);
    assertThat(a.streamId()).isEqualTo(1);
    assertThat(a.headers()).isEqualTo(Map.of("streamtype", "error", "port", "80"));
    Frame b = reader.read();
    assertThat(b.streamId()).isEqualTo(3);
    assertThat(b.fin()).isTrue();
    assertThat(b.headers()).containsExactlyEntriesOf(Map.of("streamtype", "stdout"));
    Frame d = reader.read();
    assertThat(d.control()).isFalse();
    assertThat(d.fin()).isTrue();
    assertThat(new String(d.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(reader.read().streamId()).isEqualTo(7);
    Frame rst = reader.read();
    assertThat(rst.type()).isEqualTo(SpdyFramer.RST_STREAM);
    assertThat(rst.value()).isEqualTo(1);
    assertThat(reader.read()).isNull();
  }

  @Test
  void theHeaderBlockIsZlibWithTheSpdyDictionary() throws Exception {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    new SpdyFramer(new ByteArrayInputStream(new byte[0]), wire)
        .write(Frame.control(SpdyFramer.SYN_REPLY, 0, 1, 0, Map.of()));
    byte[] f = wire.toByteArray();
    // control bit, version 3, type 2; then the stream id and a zlib header with FDICT (0x20)
    assertThat(f[0] & 0xff).isEqualTo(0x80);
    assertThat(f[1]).isEqualTo((byte) 3);
    assertThat(f[3]).isEqualTo((byte) SpdyFramer.SYN_REPLY);
    assertThat(f[12] & 0x20).isEqualTo(0x20);
    java.util.zip.Adler32 adler = new java.util.zip.Adler32();
    adler.update(SpdyDictionary.BYTES);
    long dictId = ((f[14] & 0xffL) << 24) | ((f[15] & 0xff) << 16) | ((f[16] & 0xff) << 8)
        | (f[17] & 0xff);
    assertThat(dictId).isEqualTo(adler.getValue());
  }

  @Test
  void aConnectionRepliesToEachStreamAndDeliversItsData() throws Exception {
    PipedInputStream serverIn = new PipedInputStream(1 << 16);
    PipedOutputStream clientOut = new PipedOutputStream(serverIn);
    PipedInputStream clientIn = new PipedInputStream(1 << 16);
    PipedOutputStream serverOut = new PipedOutputStream(clientIn);
    SpdyConnection conn = new SpdyConnection(serverIn, serverOut, () -> { });
    List<SpdyConnection.Stream> seen = new CopyOnWriteArrayList<>();
    Thread server = Thread.ofVirtual().start(() -> conn.serve(seen::add));
    SpdyFramer client = new SpdyFramer(clientIn, clientOut);
    client.write(Frame.control(SpdyFramer.SYN_STREAM, 0, 1, 0, Map.of("streamType", "stdin")));
    Frame reply = client.read();
    assertThat(reply.type()).isEqualTo(SpdyFramer.SYN_REPLY);
    assertThat(reply.streamId()).isEqualTo(1);
    client.write(Frame.data(1, false, "ab".getBytes(StandardCharsets.UTF_8)));
    client.write(Frame.data(1, true, "c".getBytes(StandardCharsets.UTF_8)));
    SpdyConnection.Stream s = seen.getFirst();
    assertThat(s.header("streamType")).isEqualTo("stdin");
    assertThat(new String(s.input().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("abc");
    s.write("out".getBytes(StandardCharsets.UTF_8), 0, 3);
    s.close();
    Frame out = client.read();
    assertThat(new String(out.data(), StandardCharsets.UTF_8)).isEqualTo("out");
    assertThat(client.read().fin()).isTrue();
    client.write(Frame.control(SpdyFramer.PING, 0, 9, 0, Map.of()));
    Frame pong = client.read();
    assertThat(pong.type()).isEqualTo(SpdyFramer.PING);
    assertThat(pong.streamId()).isEqualTo(9);
    clientOut.close();
    server.join(5000);
    assertThat(server.isAlive()).isFalse();
  }

  private static final class OutputStreamNull extends java.io.OutputStream {
    static final OutputStreamNull INSTANCE = new OutputStreamNull();

    @Override
    public void write(int b) {}
  }
}
