package dev.whirlwind.transcoder.jobs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.transcode.TranscodeJobRequest;
import dev.whirlwind.protocol.transcode.TranscodeJobStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job records under {@code stateDir/jobs}, one JSON file per job written atomically (temp and
 * rename), so that a restarted daemon re-queues what was unfinished and still answers for what
 * finished.
 */
final class JobStore {
  private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The JSON form. */
  record Saved(TranscodeJobRequest request, TranscodeJobStatus status) {}

  private final Path dir;

  JobStore(Path stateDir) throws IOException {
    this.dir = Files.createDirectories(stateDir.resolve("jobs"));
  }

  synchronized void save(Job job) {
    Path tmp = dir.resolve(job.id + ".json.tmp");
    try {
      // Forced before the rename: a crash leaves the old record or the new one, never an empty one.
      try (FileChannel out =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        out.write(ByteBuffer.wrap(JSON.writeValueAsBytes(new Saved(job.request, job.status()))));
        out.force(false);
      }
      try {
        Files.move(tmp, dir.resolve(job.id + ".json"), StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir.resolve(job.id + ".json"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LOG.warn("cannot save job {}: {}", job.id, e.getMessage());
    }
  }

  /** Forgets a job's record. */
  synchronized void delete(String jobId) {
    try {
      Files.deleteIfExists(dir.resolve(jobId + ".json"));
    } catch (IOException e) {
      LOG.warn("cannot delete job record {}: {}", jobId, e.getMessage());
    }
  }

  List<Saved> load() throws IOException {
    List<Saved> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        try {
          out.add(JSON.readValue(f.toFile(), Saved.class));
        } catch (IOException e) {
          LOG.warn("unreadable job record {}: {}", f.getFileName(), e.getMessage());
        }
      }
    }
    return out;
  }
}
