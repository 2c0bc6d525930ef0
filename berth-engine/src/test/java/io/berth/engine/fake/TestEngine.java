package io.berth.engine.fake;

import io.berth.engine.ContainerConfig;
import io.berth.engine.ContainerService;
import io.berth.engine.CreateRequest;
import io.berth.engine.store.StoreJson;
import io.berth.engine.EngineSettings;
import io.berth.engine.EventBus;
import io.berth.engine.HostConfig;
import io.berth.engine.Layout;
import io.berth.engine.PsProcessLister;
import io.berth.image.ImageService;
import io.berth.image.fake.TestImages;
import io.berth.snapshot.Mounter;
import io.berth.sys.RecordingSyscalls;
import io.berth.testkit.FakeRuntime;
import io.berth.testkit.FakeSnapshotter;
import io.berth.testkit.MemoryContentStore;
import io.berth.volume.LocalVolumeDriver;
import io.berth.volume.VolumeService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A container engine on fakes: images in memory with busybox:latest loaded, snapshots as
 * metadata (their layer directories empty under {@code layers/} until a test fills them),
 * mounts recorded, tasks in {@link FakeRuntime}. {@link #restart} makes a new service on the
 * same root and runtime, as a berthd restart would.
 */
public final class TestEngine {
  public final Path dir;
  public final FakeSnapshotter snapshots = new FakeSnapshotter();
  public final RecordingSyscalls sys = new RecordingSyscalls();
  public final FakeLogs logs = new FakeLogs();
  public final FakeRuntime runtime = new FakeRuntime(logs::append);
  public final EventBus events = new EventBus();
  public final ImageService images;
  public final String imageId;
  public ContainerService service;
  public VolumeService volumes;

  public TestEngine(Path dir) throws Exception {
    this.dir = dir;
    Path resolv = dir.resolve("host-resolv.conf");
    Files.writeString(resolv, "nameserver 127.0.0.53\noptions edns0\n");
    images = new ImageService(dir.resolve("root"), new MemoryContentStore(), snapshots,
        snapshots);
    byte[] layer = TestImages.tar(Map.of("bin/sh", "sh"));
    var img = TestImages.image(List.of(layer), "sh", List.of("busybox:latest"));
    images.load(new ByteArrayInputStream(TestImages.dockerSave(List.of(img))), l -> { });
    imageId = img.id().toString();
    restart();
  }

  public ContainerService restart() {
    if (service != null) {
      service.close();
    }
    volumes = new VolumeService(dir.resolve("root/volumes"),
        new LocalVolumeDriver(dir.resolve("root/volumes"), sys));
    service = new ContainerService(new Layout(dir.resolve("root"), dir.resolve("run")), images,
        snapshots, this::layerDir, new Mounter(sys), runtime, new TestBundleSpec(), logs,
        new PsProcessLister(), events,
        new EngineSettings("runc", dir.resolve("host-resolv.conf")), volumes);
    images.setImageUsers(service);
    images.setEvents(service.imageEvents());
    volumes.setEvents(service.volumeEvents());
    service.reconcile();
    return service;
  }

  /**
   * The fake's layer directory of snapshot {@code key}, under {@code <dir>/layers}, created on
   * first use: the fake snapshotter keeps no files, so tests put a layer's files here.
   */
  public Path layerDir(String key) {
    Path p = dir.resolve("layers").resolve(key.replace(':', '-'));
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  public Layout layout() {
    return new Layout(dir.resolve("root"), dir.resolve("run"));
  }

  /** A create request from Docker's create JSON ({@code Image}, {@code Cmd}, ... at the top). */
  public static CreateRequest request(String name, String configJson, String hostConfigJson) {
    return new CreateRequest(name,
        StoreJson.read(configJson.getBytes(StandardCharsets.UTF_8), ContainerConfig.class, "c"),
        hostConfigJson == null ? null : StoreJson.read(
            hostConfigJson.getBytes(StandardCharsets.UTF_8), HostConfig.class, "h"));
  }
}
