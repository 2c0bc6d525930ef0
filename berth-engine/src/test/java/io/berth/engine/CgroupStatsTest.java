package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 1: counters read from fake cgroupfs trees (v1 and v2) and a fake /proc. */
class CgroupStatsTest {
  @TempDir Path dir;

  private Path write(String rel, String text) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private void proc() throws IOException {
    write("proc/stat", "cpu  100 0 50 800 10 0 5 0 0 0\ncpu0 50 0 25 400 5 0 2 0 0 0\n");
    write("proc/meminfo", "MemTotal:        1000000 kB\nMemFree: 1 kB\n");
    write("proc/42/net/dev", """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0
          eth0:    2000      20    1    2    0     0          0         0     3000      30    3    4    0     0       0          0
        """);
  }

  @Test
  void cgroupV1() throws IOException {
    proc();
    String c = "berth/abc";
    write("cg/cpuacct/" + c + "/cpuacct.usage", "5000000000\n");
    write("cg/cpuacct/" + c + "/cpuacct.usage_percpu", "3000000000 2000000000 \n");
    write("cg/cpuacct/" + c + "/cpuacct.stat", "user 300\nsystem 100\n");
    write("cg/cpu/" + c + "/cpu.stat", "nr_periods 10\nnr_throttled 4\nthrottled_time 999\n");
    write("cg/memory/" + c + "/memory.usage_in_bytes", "10485760\n");
    write("cg/memory/" + c + "/memory.max_usage_in_bytes", "20971520\n");
    write("cg/memory/" + c + "/memory.limit_in_bytes", "33554432\n");
    write("cg/memory/" + c + "/memory.failcnt", "7\n");
    write("cg/memory/" + c + "/memory.stat", "cache 4096\nrss 8192\ntotal_inactive_file 1024\n");
    write("cg/blkio/" + c + "/blkio.throttle.io_service_bytes_recursive",
        "8:0 Read 4096\n8:0 Write 8192\n8:0 Total 12288\nTotal 12288\n");
    write("cg/pids/" + c + "/pids.current", "3\n");
    write("cg/pids/" + c + "/pids.max", "max\n");
    CgroupStats stats = new CgroupStats(new CgroupHost(dir.resolve("cg"), 1, true, 2),
        dir.resolve("proc"));
    StatsSample s = stats.read("/berth/abc", 42);
    assertThat(s.cpuTotal()).isEqualTo(5_000_000_000L);
    assertThat(s.perCpu()).containsExactly(3_000_000_000L, 2_000_000_000L);
    assertThat(s.cpuUser()).isEqualTo(3_000_000_000L);
    assertThat(s.cpuKernel()).isEqualTo(1_000_000_000L);
    assertThat(s.systemCpu()).isEqualTo((100 + 50 + 800 + 10 + 5) * 10_000_000L);
    assertThat(s.throttledPeriods()).isEqualTo(4);
    assertThat(s.memoryUsage()).isEqualTo(10485760);
    assertThat(s.memoryMaxUsage()).isEqualTo(20971520);
    assertThat(s.memoryLimit()).isEqualTo(33554432);
    assertThat(s.memoryStats()).containsEntry("total_inactive_file", 1024L);
    assertThat(s.blkioBytes()).containsExactly(new StatsSample.BlkioEntry(8, 0, "Read", 4096),
        new StatsSample.BlkioEntry(8, 0, "Write", 8192),
        new StatsSample.BlkioEntry(8, 0, "Total", 12288));
    assertThat(s.pidsCurrent()).isEqualTo(3);
    assertThat(s.pidsLimit()).isZero();
    assertThat(s.networks()).containsOnlyKeys("eth0");
    assertThat(s.networks().get("eth0"))
        .isEqualTo(new StatsSample.NetStats(2000, 20, 1, 2, 3000, 30, 3, 4));
  }

  @Test
  void cgroupV2AndAnUnlimitedMemoryReportsTheHostsMemory() throws IOException {
    proc();
    String c = "cg/berth/abc/";
    write(c + "cpu.stat", "usage_usec 2000\nuser_usec 1500\nsystem_usec 500\nnr_periods 2\n"
        + "nr_throttled 1\nthrottled_usec 30\n");
    write(c + "memory.current", "4096\n");
    write(c + "memory.max", "max\n");
    write(c + "memory.stat", "anon 1024\nfile 2048\ninactive_file 512\n");
    write(c + "memory.events", "low 0\nhigh 0\nmax 5\noom 1\noom_kill 1\n");
    write(c + "io.stat", "8:0 rbytes=100 wbytes=200 rios=1 wios=2 dbytes=0 dios=0\n");
    write(c + "pids.current", "2\n");
    write(c + "pids.max", "20\n");
    CgroupStats stats = new CgroupStats(new CgroupHost(dir.resolve("cg"), 2, true, 2),
        dir.resolve("proc"));
    StatsSample s = stats.read("/berth/abc", 0);
    assertThat(s.cpuTotal()).isEqualTo(2_000_000);
    assertThat(s.cpuUser()).isEqualTo(1_500_000);
    assertThat(s.throttledTime()).isEqualTo(30_000);
    assertThat(s.memoryUsage()).isEqualTo(4096);
    assertThat(s.memoryLimit()).isEqualTo(1_000_000L * 1024);
    assertThat(s.memoryFailcnt()).isEqualTo(5);
    assertThat(s.blkioBytes()).isEqualTo(List.of(new StatsSample.BlkioEntry(8, 0, "read", 100),
        new StatsSample.BlkioEntry(8, 0, "write", 200)));
    assertThat(s.blkioOps()).hasSize(2);
    assertThat(s.pidsLimit()).isEqualTo(20);
    assertThat(s.networks()).isEmpty();
    assertThat(s.cgroupVersion()).isEqualTo(2);
  }
}
