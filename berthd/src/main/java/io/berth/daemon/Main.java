package io.berth.daemon;

import io.berth.api.model.BuildInfo;
import io.berth.common.BerthException;
import io.berth.common.Messages;

/** berthd's entry point: start-up errors are one line on stderr and exit 1, no stack trace. */
public final class Main {
  private static final String HTTP_BUFFER = "jdk.httpclient.bufsize";

  private Main() {}

  public static void main(String[] args) {
    // The JDK's HttpClient reads a response 16 KiB at a time; at 64 KiB a pull takes a third
    // less CPU (bench/pull.sh: 3.3 s a pull -> 2.2-2.6 s). Larger reads were faster still but
    // each read is a new heap buffer, and at 256 KiB they outgrow the small young generation
    // and pile up in the old one: 515 MiB RSS after three pulls against 183 MiB (ADR 0149).
    // Read once, when the client's classes start: set before any request.
    if (System.getProperty(HTTP_BUFFER) == null) {
      System.setProperty(HTTP_BUFFER, Integer.toString(64 * 1024));
    }
    System.exit(run(args));
  }

  static int run(String[] args) {
    try {
      Flags flags = Flags.parse(args);
      if (Boolean.TRUE.equals(flags.bool("help"))) {
        System.out.print(Flags.usage());
        return 0;
      }
      if (Boolean.TRUE.equals(flags.bool("version"))) {
        BuildInfo b = BuildInfo.current();
        System.out.println("berthd version " + b.version() + ", build " + b.commit());
        return 0;
      }
      DaemonConfig config = BerthdCommand.from(flags).resolve();
      if (Boolean.TRUE.equals(flags.bool("cleanup"))) {
        return Cleanup.run(config);
      }
      return Daemon.run(config);
    } catch (ConfigException | StartupException e) {
      System.err.println("berthd: " + Messages.of(e));
      return 1;
    } catch (BerthException e) {
      // a refusal in the engine's words (a bridge with another address...): one line too,
      // but a fault of berth's own keeps its trace
      System.err.println("berthd: " + Messages.of(e));
      if (e instanceof BerthException.Internal) {
        e.printStackTrace();
      }
      return 1;
    } catch (Exception e) {
      System.err.println("berthd: " + Messages.of(e));
      e.printStackTrace();
      return 1;
    }
  }
}
