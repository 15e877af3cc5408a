package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** The audio stream of a rendition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(self.codec != 'none' && self.codec != 'copy')"
            + " || (!has(self.bitrateBytesPerSecond) && !has(self.channels)"
            + " && !has(self.sampleRateHz))",
    message = "codec none or copy takes no bitrateBytesPerSecond, channels or sampleRateHz")
public class AudioSettings {
  @Default("aac")
  @JsonPropertyDescription(
      "aac (default), opus, copy (the source's audio untouched; AAC when MP4 cannot carry it)"
          + " or none.")
  public AudioCodec codec = AudioCodec.AAC;

  @Min(4000)
  @Max(128000)
  @JsonPropertyDescription("Audio rate in bytes per second (bits / 8); 16000 when unset.")
  public Long bitrateBytesPerSecond;

  @Min(1)
  @Max(8)
  @JsonPropertyDescription("Output channels; the source's when unset.")
  public Integer channels;

  @Min(8000)
  @Max(192000)
  @JsonPropertyDescription("Output sample rate in Hz; the source's when unset.")
  public Integer sampleRateHz;
}
