package io.berth.common;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The records of a PAX extended header: {@code "<len> <key>=<value>\n"}, in order. */
final class PaxRecords {
  private PaxRecords() {}

  /** The records as {key, value} pairs, or null when the header is malformed. */
  static List<String[]> parse(byte[] data) {
    List<String[]> records = new ArrayList<>();
    int pos = 0;
    while (pos < data.length) {
      if (data[pos] == 0) {
        break; // padding
      }
      int sp = pos;
      long len = 0;
      while (sp < data.length && data[sp] >= '0' && data[sp] <= '9' && len < data.length) {
        len = len * 10 + (data[sp] - '0');
        sp++;
      }
      if (sp >= data.length || data[sp] != ' ' || len <= sp - pos + 1
          || pos + len > data.length || data[(int) (pos + len - 1)] != '\n') {
        return null;
      }
      String kv = new String(data, sp + 1, (int) (pos + len - 1 - (sp + 1)),
          StandardCharsets.UTF_8);
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        return null;
      }
      records.add(new String[] {kv.substring(0, eq), kv.substring(eq + 1)});
      pos += (int) len;
    }
    return records;
  }

  static byte[] write(List<String[]> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String[] r : records) {
      byte[] body = (" " + r[0] + "=" + r[1] + "\n").getBytes(StandardCharsets.UTF_8);
      int len = body.length + 1;
      while (String.valueOf(len).length() + body.length != len) {
        len = String.valueOf(len).length() + body.length;
      }
      out.writeBytes(String.valueOf(len).getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(body);
    }
    return out.toByteArray();
  }
}
