package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** A device profile videos are transcoded to, and the transcoders that do it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.container == 'hls' || !has(self.hls)",
    message = "hls settings need container hls")
@ValidationRule(
    value = "!(self.container == 'hls' && self.video.codec == 'vp9')",
    message = "HLS does not carry VP9: use h264, h265 or av1, or container mp4")
@ValidationRule(
    value = "self.accelerator == 'cpu' || has(self.gpu)",
    message = "accelerator gpu or auto needs gpu settings")
public class TranscodeProfileSpec {
  @Required
  @JsonPropertyDescription("The video stream.")
  public VideoSettings video;

  @Default("{}")
  @JsonPropertyDescription("The audio stream.")
  public AudioSettings audio = new AudioSettings();

  @Default("mp4")
  @JsonPropertyDescription("mp4 (fast-start) or hls (single-file fMP4 with byte-range playlist).")
  public Container container = Container.MP4;

  @JsonPropertyDescription("HLS fragmenting; only with container hls.")
  public HlsSettings hls;

  @Default("auto")
  @JsonPropertyDescription("gpu, cpu or auto (GPU when a session is free, else CPU).")
  public Accelerator accelerator = Accelerator.AUTO;

  @JsonPropertyDescription("The GPU of gpu and auto profiles.")
  public GpuSettings gpu;

  @Default("{}")
  @JsonPropertyDescription("Jobs per pod x threads per job.")
  public TranscoderConcurrency concurrency = new TranscoderConcurrency();

  @Min(0)
  @Max(100)
  @Default("1")
  @JsonPropertyDescription("Transcoder pods.")
  public Integer replicas = 1;

  @JsonPropertyDescription("Container image override.")
  public String image;

  @JsonPropertyDescription("CPU and memory of each transcoder container.")
  public ResourceRequirements resources;

  @JsonPropertyDescription("Node selector for transcoder pods (e.g. GPU nodes).")
  public Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations for transcoder pods (e.g. GPU taints).")
  public List<Toleration> tolerations;

  @Pattern(ApiGroup.DNS_LABEL_PATTERN)
  @JsonPropertyDescription(
      "RuntimeClass of GPU pods (e.g. nvidia); CPU pods, fallback ones included, use the default.")
  public String runtimeClassName;
}
