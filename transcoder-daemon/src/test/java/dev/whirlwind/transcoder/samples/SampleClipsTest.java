package dev.whirlwind.transcoder.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.transcoder.media.Decoded;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standalone mode's sample videos play as a player meets them: H.264 + AAC, fast start. */
class SampleClipsTest {
  @Test
  void aSampleIsAFastStartH264AndAacMp4OfItsSizeAndLength(@TempDir Path dir) throws Exception {
    var clip = new SampleClips.Clip("small.mp4", 320, 180, 25, 2, 440);
    Path file = dir.resolve("small.mp4");
    SampleClips.make(clip, file);
    Decoded d = Decoded.of(file);
    assertThat(d.videoCodec()).isEqualTo("h264");
    assertThat(d.width()).isEqualTo(320);
    assertThat(d.height()).isEqualTo(180);
    assertThat(d.frames()).isEqualTo(50);
    assertThat(d.seconds()).isBetween(1.9, 2.2);
    assertThat(d.audioCodec()).isEqualTo("aac");
    assertThat(d.audioChannels()).isEqualTo(2);
    // Fast start: the index (moov) precedes the media (mdat), so players start at once.
    String head =
        new String(Files.readAllBytes(file), 0, 4096, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(head.indexOf("moov")).isPositive().isLessThan(Math.max(head.indexOf("mdat"), 4096));
    assertThat(dir.resolve("small.mp4.tmp")).doesNotExist();
  }

  @Test
  void picturesMoveAndTheTunePlays() {
    var clip = new SampleClips.Clip("x.mp4", 64, 36, 25, 1, 440);
    var a = new org.bytedeco.javacv.Frame(64, 36, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 3);
    var b = new org.bytedeco.javacv.Frame(64, 36, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 3);
    SampleClips.paint(a, clip, 0);
    SampleClips.paint(b, clip, 10);
    assertThat(((java.nio.ByteBuffer) a.image[0]).duplicate())
        .isNotEqualTo(((java.nio.ByteBuffer) b.image[0]).duplicate());
    assertThat(SampleClips.tone(440, 12_001, 0)).isNotZero();
  }
}
