import dev.whirlwind.protocol.transcode.RenditionProfile;
import dev.whirlwind.transcoder.media.Accelerators;
import dev.whirlwind.transcoder.media.EncoderPlan;
import dev.whirlwind.transcoder.media.Transcoder;
import java.nio.file.Path;

/**
 * One transcode through the transcoder's pipeline, for bench/transcode/run.sh: prints frames,
 * seconds and fps. {@code java -cp transcoder-daemon.jar:. TranscodeOnce IN OUT CODEC WIDTH HEIGHT
 * BITRATE_BYTES MAXRATE_BYTES PRESET THREADS ACCELERATOR}
 */
public final class TranscodeOnce {
  public static void main(String[] a) throws Exception {
    RenditionProfile p =
        new RenditionProfile(
                "bench",
                a[2],
                Integer.parseInt(a[3]),
                Integer.parseInt(a[4]),
                Long.parseLong(a[5]),
                Long.parseLong(a[6]),
                0,
                null,
                0,
                a[7],
                "aac",
                16000,
                0,
                0,
                "mp4",
                0,
                a[9])
            .effective();
    Accelerators acc = Accelerators.probe();
    EncoderPlan plan = EncoderPlan.choose(p, Transcoder.probeCodec(a[0]), acc, true);
    long t0 = System.nanoTime();
    Transcoder.Result r =
        new Transcoder()
            .run(a[0], Path.of(a[1]), p, plan, Integer.parseInt(a[8]), (f, pc, fps) -> {}, () -> false);
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("frames %d seconds %.3f fps %.1f path %s%n", r.frames(), s, r.frames() / s, r.path());
  }
}
