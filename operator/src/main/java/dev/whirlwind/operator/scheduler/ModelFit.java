package dev.whirlwind.operator.scheduler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fits each swarm's {@link SwarmModel} by least squares on the log form
 *
 * <pre>
 *   log(D/l) = a log(S/l) - b log(l/s) + log f
 * </pre>
 *
 * over a sliding window of its recent samples (S and D in bytes/s; l, s peer counts, s floored at
 * 1). A swarm with too few samples, or whose samples do not vary enough to separate a from b (the
 * scheduler dithers the shares it pushes for that reason), gets the pooled parameters fitted over
 * every swarm's samples. Fitted a and b are clamped so the allocation problem stays concave.
 */
public final class ModelFit {
  /** One measurement of a swarm over a scheduling interval. */
  public record Sample(double share, double leechers, double seeders, double rate) {
    boolean usable() {
      return share > 0
          && leechers > 0
          && rate > 0
          && Double.isFinite(rate)
          && Double.isFinite(share);
    }
  }

  /**
   * A swarm's model and how it was obtained.
   *
   * @param pooled whether the pooled parameters stand in for the swarm's own
   * @param meanRelativeError mean |D_model - D| / D over the swarm's samples (NaN without any)
   */
  public record Fitted(SwarmModel model, boolean pooled, double meanRelativeError, int samples) {}

  /** Used when not even the pool can be fitted: a middling, concave model. */
  static final SwarmModel FALLBACK = new SwarmModel(0.5, 0.2, 1.0);

  private final int window;
  private final int minSamples;
  private final Map<String, Deque<Sample>> samples = new LinkedHashMap<>();

  /**
   * @param window samples kept per swarm (the oldest drop out)
   * @param minSamples fewer than this and the swarm gets the pooled parameters
   */
  public ModelFit(int window, int minSamples) {
    if (minSamples < 4 || window < minSamples) {
      throw new IllegalArgumentException("need window >= minSamples >= 4");
    }
    this.window = window;
    this.minSamples = minSamples;
  }

  /** Records a sample; unusable ones (no leechers, no rate) are ignored. */
  public void add(String swarm, Sample s) {
    if (!s.usable()) {
      return;
    }
    Deque<Sample> q = samples.computeIfAbsent(swarm, k -> new ArrayDeque<>());
    q.addLast(s);
    while (q.size() > window) {
      q.removeFirst();
    }
  }

  /** Forgets a swarm that is gone. */
  public void forget(String swarm) {
    samples.remove(swarm);
  }

  /** The model of every swarm with samples, and the pooled one under the key "". */
  public Map<String, Fitted> fitAll() {
    List<Sample> all = new ArrayList<>();
    samples.values().forEach(all::addAll);
    // A handful of samples fits three parameters exactly, and wildly (a scale of 1e177 was seen
    // on a real pool after four samples, which starved its swarms): the pool needs as many as a
    // swarm does, and until then the middling shape with a scale from what was measured.
    SwarmModel pooled =
        (all.size() >= minSamples ? leastSquares(all) : Optional.<SwarmModel>empty())
            .orElseGet(() -> withFittedScale(FALLBACK, all));
    Map<String, Fitted> out = new LinkedHashMap<>();
    out.put("", new Fitted(pooled, true, meanRelativeError(pooled, all), all.size()));
    samples.forEach(
        (id, q) -> {
          List<Sample> own = List.copyOf(q);
          Optional<SwarmModel> fit =
              own.size() >= minSamples ? leastSquares(own) : Optional.empty();
          SwarmModel m = fit.orElse(pooled);
          out.put(id, new Fitted(m, fit.isEmpty(), meanRelativeError(m, own), own.size()));
        });
    return out;
  }

  /** The clamped least-squares model, or empty when the samples cannot separate a, b and f. */
  static Optional<SwarmModel> leastSquares(List<Sample> samples) {
    if (samples.size() < 3) {
      return Optional.empty();
    }
    // Normal equations of y = a x1 + b x2 + c over (x1, x2, 1).
    double[][] n = new double[3][4];
    for (Sample s : samples) {
      double seeders = Math.max(1, s.seeders());
      double x1 = Math.log(s.share() / s.leechers());
      double x2 = -Math.log(s.leechers() / seeders);
      double y = Math.log(s.rate() / s.leechers());
      double[] row = {x1, x2, 1};
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          n[i][j] += row[i] * row[j];
        }
        n[i][3] += row[i] * y;
      }
    }
    double[] coef = solve3(n);
    if (coef == null || !Double.isFinite(coef[0]) || !Double.isFinite(coef[1])) {
      return Optional.empty();
    }
    // The intercept belongs to the unclamped slopes: once a and b are clamped, the scale is
    // fitted again for them, so that the model still passes through the samples.
    return Optional.of(
        withFittedScale(SwarmModel.clamped(coef[0], coef[1], Math.exp(coef[2])), samples));
  }

  /**
   * The model's shape (a, b) with the scale f that fits the samples best in the log form (the mean
   * residual), or the model as it is without samples.
   */
  static SwarmModel withFittedScale(SwarmModel shape, List<Sample> samples) {
    double sum = 0;
    int n = 0;
    for (Sample s : samples) {
      double seeders = Math.max(1, s.seeders());
      double x1 = Math.log(s.share() / s.leechers());
      double x2 = -Math.log(s.leechers() / seeders);
      double y = Math.log(s.rate() / s.leechers());
      sum += y - shape.a() * x1 - shape.b() * x2;
      n++;
    }
    if (n == 0) {
      return shape;
    }
    return SwarmModel.clamped(shape.a(), shape.b(), Math.exp(sum / n));
  }

  /** Gaussian elimination with partial pivoting; null when (nearly) singular. */
  private static double[] solve3(double[][] m) {
    double scale = 0;
    for (double[] row : m) {
      for (int j = 0; j < 3; j++) {
        scale = Math.max(scale, Math.abs(row[j]));
      }
    }
    for (int c = 0; c < 3; c++) {
      int pivot = c;
      for (int r = c + 1; r < 3; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      if (Math.abs(m[pivot][c]) <= 1e-9 * Math.max(scale, 1e-300)) {
        return null;
      }
      double[] t = m[c];
      m[c] = m[pivot];
      m[pivot] = t;
      for (int r = 0; r < 3; r++) {
        if (r != c) {
          double k = m[r][c] / m[c][c];
          for (int j = c; j < 4; j++) {
            m[r][j] -= k * m[c][j];
          }
        }
      }
    }
    return new double[] {m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]};
  }

  static double meanRelativeError(SwarmModel m, List<Sample> samples) {
    if (samples.isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    for (Sample s : samples) {
      sum += Math.abs(m.rate(s.share(), s.leechers(), s.seeders()) - s.rate()) / s.rate();
    }
    return sum / samples.size();
  }
}
