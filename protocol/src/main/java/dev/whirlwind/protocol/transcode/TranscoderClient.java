package dev.whirlwind.protocol.transcode;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.whirlwind.protocol.http.AdminHttp;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/**
 * The typed client of one transcoder's job API, as the operator uses it. Jobs are keyed by (source,
 * profile hash), so submitting twice is asking once. Non-2xx answers throw {@link
 * dev.whirlwind.protocol.http.DaemonException}.
 */
public final class TranscoderClient {
  private static final TypeReference<List<TranscodeJobStatus>> JOBS = new TypeReference<>() {};

  private final String baseUrl;
  private final AdminHttp http;

  public TranscoderClient(String baseUrl, String token, HttpClient http, Duration timeout) {
    this.baseUrl = AdminHttp.base(baseUrl);
    this.http = new AdminHttp(http, token, timeout);
  }

  public String baseUrl() {
    return baseUrl;
  }

  public TranscodeJobStatus submit(TranscodeJobRequest request)
      throws IOException, InterruptedException {
    return http.send("POST", baseUrl + "/v1/jobs", request, TranscodeJobStatus.class);
  }

  public List<TranscodeJobStatus> jobs() throws IOException, InterruptedException {
    return http.send("GET", baseUrl + "/v1/jobs", null, JOBS);
  }

  public TranscodeJobStatus job(String jobId) throws IOException, InterruptedException {
    return http.send("GET", baseUrl + "/v1/jobs/" + jobId, null, TranscodeJobStatus.class);
  }

  public TranscodeJobStatus cancel(String jobId) throws IOException, InterruptedException {
    return http.send("DELETE", baseUrl + "/v1/jobs/" + jobId, null, TranscodeJobStatus.class);
  }
}
