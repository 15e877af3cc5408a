package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** The video stream of a rendition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.width % 2 == 0 && self.height % 2 == 0",
    message = "width and height must be even (4:2:0 chroma subsampling)")
@ValidationRule(
    value =
        "!has(self.maxBitrateBytesPerSecond)"
            + " || self.maxBitrateBytesPerSecond >= self.bitrateBytesPerSecond",
    message = "maxBitrateBytesPerSecond must be at least bitrateBytesPerSecond")
public class VideoSettings {
  @Required
  @JsonPropertyDescription("h264, h265 (also spelled hevc), av1 or vp9.")
  public VideoCodec codec;

  @Required
  @Min(16)
  @Max(7680)
  @JsonPropertyDescription("Output width in pixels.")
  public Integer width;

  @Required
  @Min(16)
  @Max(4320)
  @JsonPropertyDescription("Output height in pixels.")
  public Integer height;

  @Required
  @Min(1000)
  @JsonPropertyDescription("Target average video rate in bytes per second (bits / 8).")
  public Long bitrateBytesPerSecond;

  @Min(1000)
  @JsonPropertyDescription("Peak video rate in bytes per second (VBV maximum).")
  public Long maxBitrateBytesPerSecond;

  @Min(1000)
  @Max(1073741824)
  @JsonPropertyDescription(
      "VBV buffer size in bytes (ffmpeg's bufsize): how far the rate may swing around the peak;"
          + " one second of the peak rate when unset.")
  public Long bufferBytes;

  @Pattern("^[1-9][0-9]{0,5}(/[1-9][0-9]{0,4})?$")
  @JsonPropertyDescription("Output frame rate, e.g. 30 or 30000/1001; the source's when unset.")
  public String frameRate;

  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Frames between key frames (GOP length); two seconds when unset.")
  public Integer gopFrames;

  @Pattern("^[a-z0-9]+$")
  @JsonPropertyDescription("Encoder speed preset (x264 names such as veryfast, NVENC p1-p7).")
  public String preset;
}
