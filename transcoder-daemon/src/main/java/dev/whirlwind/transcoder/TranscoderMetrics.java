package dev.whirlwind.transcoder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/** Prometheus metrics of a transcoder: fps, queue depth, durations, failures, engines in use. */
public final class TranscoderMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public TranscoderMetrics(
      IntSupplier queued, IntSupplier runningOnGpu, IntSupplier runningOnCpu, DoubleSupplier fps) {
    new JvmMemoryMetrics().bindTo(registry);
    Gauge.builder("whirlwind_transcoder_queue_depth", queued, IntSupplier::getAsInt)
        .description("Jobs waiting for a slot or for another transcoder's claim")
        .strongReference(true) // lambdas: nothing else keeps them alive
        .register(registry);
    Gauge.builder("whirlwind_transcoder_jobs_running", runningOnGpu, IntSupplier::getAsInt)
        .tag("accelerator", "gpu")
        .description("Running jobs by the engines they use (gpu: any GPU engine)")
        .strongReference(true)
        .register(registry);
    Gauge.builder("whirlwind_transcoder_jobs_running", runningOnCpu, IntSupplier::getAsInt)
        .tag("accelerator", "cpu")
        .strongReference(true)
        .register(registry);
    Gauge.builder("whirlwind_transcoder_fps", fps, DoubleSupplier::getAsDouble)
        .description("Frames per second of all running jobs together")
        .strongReference(true)
        .register(registry);
  }

  /**
   * What the start-up probe found, one series per engine ({@code kind} cpu_encoder, nvdec or
   * nvenc), so a dashboard shows which nodes can decode on the GPU and what a missing codec is.
   */
  public void engines(dev.whirlwind.transcoder.media.Accelerators found) {
    Gauge.builder("whirlwind_transcoder_cuda_devices", () -> found.cuda() ? 1 : 0)
        .description("1 when a CUDA device opened at start-up")
        .strongReference(true)
        .register(registry);
    for (String name : dev.whirlwind.transcoder.media.Accelerators.CPU_ENCODERS.values()) {
      engine("cpu_encoder", name, found.cpuEncoders().contains(name));
    }
    found.gpuDecoders().forEach(name -> engine("nvdec", name, true));
    found.gpuEncoders().forEach(name -> engine("nvenc", name, true));
  }

  private void engine(String kind, String name, boolean present) {
    Gauge.builder("whirlwind_transcoder_engine", () -> present ? 1 : 0)
        .tag("kind", kind)
        .tag("name", name)
        .description("1 for an engine this transcoder can use, 0 for a missing CPU encoder")
        .strongReference(true)
        .register(registry);
  }

  public void finished(String path, Duration took) {
    Timer.builder("whirlwind_transcoder_job_duration")
        .tag("path", path)
        .description("Wall time of completed transcodes")
        .register(registry)
        .record(took);
  }

  public void failed(String reason) {
    Counter.builder("whirlwind_transcoder_failures")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void reused() {
    registry.counter("whirlwind_transcoder_reused").increment();
  }

  public String scrape() {
    return registry.scrape();
  }
}
