package io.berth.cri;

import io.berth.cri.stream.StreamingServer;
import io.berth.engine.ContainerService;
import io.berth.image.ImageService;
import java.io.IOException;
import java.nio.file.Path;

/** Wires the CRI services onto berth's engine and image store and serves them. */
public final class Cri {
  private Cri() {}

  /**
   * Starts the CRI server on {@code settings.socket()}.
   *
   * @param imageFs the directory of the image layers (ImageFsInfo's mount point)
   * @param version berth's version, as Version reports it
   */
  public static CriServer serve(CriSettings settings, ContainerService containers,
      ImageService images, Path imageFs, String version) throws IOException {
    EngineAdapter engine = new EngineAdapter(containers);
    ImageApi imageApi = new ImageApi(images, imageFs);
    CniPlugins cni = new CniPlugins(settings.cniBinDir(), settings.stateDir().resolve("cni"));
    Pods pods = new Pods(engine, cni, settings, () -> settings.sandboxImage() != null
        ? imageApi.ensure(settings.sandboxImage()) : PauseImage.ensure(images));
    PodContainers podContainers = new PodContainers(engine, pods, imageApi);
    StreamingServer streaming = StreamingServer.start(0,
        new Streams(engine, podContainers, pods));
    try {
      return CriServer.start(settings.socket(),
          new RuntimeApi(pods, podContainers, engine, settings, version, streaming), imageApi,
          streaming);
    } catch (IOException | RuntimeException e) {
      streaming.close();
      throw e;
    }
  }
}
