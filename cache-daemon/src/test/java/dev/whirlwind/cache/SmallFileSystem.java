package dev.whirlwind.cache;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A tmpfs of a few MiB mounted for one test, so that a full disk is real (ENOSPC from the kernel),
 * not simulated. Mounting needs root (or CAP_SYS_ADMIN); elsewhere the test is skipped with a
 * message saying so.
 */
public final class SmallFileSystem implements AutoCloseable {
  private final Path mountPoint;

  private SmallFileSystem(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  public static SmallFileSystem mount(Path mountPoint, int mebibytes) throws Exception {
    Files.createDirectories(mountPoint);
    int rc =
        run(
            "mount",
            "-t",
            "tmpfs",
            "-o",
            "size=" + mebibytes + "m",
            "tmpfs",
            mountPoint.toString());
    Assumptions.assumeTrue(
        rc == 0,
        "skipped: cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN), so no real full disk");
    return new SmallFileSystem(mountPoint);
  }

  public Path path() {
    return mountPoint;
  }

  /** Writes a file until the file system is full; returns its size. */
  public long fill(String name) throws IOException {
    Path filler = mountPoint.resolve(name);
    long written = 0;
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      for (int i = 0; i < 1 << 20; i++) {
        out.write(block);
        written += block.length;
      }
    } catch (IOException full) {
      return written;
    }
    throw new IllegalStateException("the file system did not fill up");
  }

  public long usableBytes() throws IOException {
    return Files.getFileStore(mountPoint).getUsableSpace();
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  @Override
  public void close() throws Exception {
    run("umount", "-l", mountPoint.toString());
  }
}
