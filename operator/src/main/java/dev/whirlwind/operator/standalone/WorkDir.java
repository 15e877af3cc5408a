package dev.whirlwind.operator.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Everything standalone mode keeps, under one directory: the admin token, the daemons' configs,
 * logs and data, the sample clips, the ports each daemon got and each catalog's last status. A
 * second start finds it all again; a lock keeps two runs off the same directory.
 *
 * <pre>
 *   lock  token  ports.json  children.json
 *   configs/NAME.yaml  logs/NAME.log  daemons/NAME/  status/NS.CATALOG.json  samples/  javacpp/
 * </pre>
 */
public final class WorkDir implements AutoCloseable {
  private final Path root;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private WorkDir(Path root, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Creates the directory if need be and locks it; fails if another run holds it. */
  public static WorkDir open(Path root) throws IOException {
    Path dir = root.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    for (String sub : new String[] {"configs", "logs", "daemons", "status", "samples"}) {
      Files.createDirectories(dir.resolve(sub));
    }
    FileChannel channel =
        FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = channel.tryLock();
    if (lock == null) {
      channel.close();
      throw new IllegalStateException(
          "another standalone run uses " + dir + "; stop it or pick another --work-dir");
    }
    return new WorkDir(dir, channel, lock);
  }

  public Path root() {
    return root;
  }

  /** The admin token every daemon and this process share, made once (owner-only). */
  public Path tokenFile() throws IOException {
    Path file = root.resolve("token");
    if (!Files.exists(file)) {
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      writeAtomically(file, HexFormat.of().formatHex(random));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
    return file;
  }

  public String token() throws IOException {
    return Files.readString(tokenFile(), StandardCharsets.UTF_8).trim();
  }

  public Path config(String daemon) {
    return root.resolve("configs").resolve(daemon + ".yaml");
  }

  public Path log(String daemon) {
    return root.resolve("logs").resolve(daemon + ".log");
  }

  /** A daemon's own data or state directory. */
  public Path data(String daemon) {
    return root.resolve("daemons").resolve(daemon);
  }

  public Path status(String namespace, String catalog) {
    return root.resolve("status").resolve(namespace + "." + catalog + ".json");
  }

  public Path samples() {
    return root.resolve("samples");
  }

  public Path ports() {
    return root.resolve("ports.json");
  }

  public Path children() {
    return root.resolve("children.json");
  }

  /** Where JavaCPP unpacks FFmpeg's natives for the children (not the user's home). */
  public Path javacpp() {
    return root.resolve("javacpp");
  }

  /** Writes through a temporary file and a rename: a reader never sees half a file. */
  public static void writeAtomically(Path file, String text) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    lockChannel.close();
  }
}
