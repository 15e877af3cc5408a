package dev.whirlwind.operator.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A fluid model of a video cloud over simulated time, to compare allocation policies on the system
 * bandwidth multiplier. Swarms have Zipf-like popularity and a diurnal arrival rate; leechers
 * arrive, download at D_i (a hidden per-swarm model with 3 % noise, capped by the leechers'
 * download capacity) and leave as seeders that stay for an exponential time. Every interval the
 * policy sees only what a real scheduler sees: the samples (dithered S_i, D_i, l_i, s_i) fitted by
 * {@link ModelFit}, floors for seedless swarms, caps where the fitted model reaches the leechers'
 * download capacity; its shares are applied for the next interval.
 */
public final class FluidSimulator {
  /**
   * @param swarms number of contents
   * @param zipf popularity exponent
   * @param arrivalsPerSecond mean arrivals over all swarms
   * @param contentBytes size of every content
   * @param downloadCapacity per leecher, bytes/s
   * @param seedSeconds mean time a finished peer keeps seeding
   * @param cloudCapacity S, bytes/s
   * @param intervalSeconds scheduling interval
   * @param steps intervals simulated
   * @param seed the random seed (instances and noise)
   */
  public record Config(
      int swarms,
      double zipf,
      double arrivalsPerSecond,
      double contentBytes,
      double downloadCapacity,
      double seedSeconds,
      double cloudCapacity,
      int intervalSeconds,
      int steps,
      long seed) {

    /** A day of a mid-sized cloud in 5-minute intervals. */
    public static Config day(long seed) {
      return new Config(300, 0.9, 5.0, 300e6, 2e6, 3600, 400e6, 300, 288, seed);
    }
  }

  /**
   * A policy's day: the system multiplier, bytes moved, the solver's mean time, and the mean
   * relative error of the swarms' fitted models at the end of the day.
   */
  public record Outcome(
      String policy,
      double multiplier,
      double downloadedBytes,
      double cloudBytes,
      double solveMillis,
      double fitError) {}

  static final double SEEDLESS_FLOOR = 50_000;

  public static Outcome run(Config c, AllocationSolver policy) {
    Random world = new Random(c.seed()); // the instance: same for every policy
    SwarmModel[] truth = new SwarmModel[c.swarms()];
    double[] popularity = new double[c.swarms()];
    double norm = 0;
    for (int i = 0; i < c.swarms(); i++) {
      truth[i] =
          new SwarmModel(
              0.2 + 0.6 * world.nextDouble(),
              0.05 + 0.4 * world.nextDouble(),
              Math.exp(1.5 * world.nextDouble()) * 60);
      popularity[i] = 1 / Math.pow(i + 1, c.zipf());
      norm += popularity[i];
    }
    double[] leechers = new double[c.swarms()];
    double[] seeders = new double[c.swarms()];
    Random noise = new Random(c.seed() * 31 + 7); // measurement noise and dither: same for all
    ModelFit fit = new ModelFit(48, 8);
    double[] shares = new double[c.swarms()];
    // Floors for seedless swarms only: a hungry-swarm floor would hand the baselines part of the
    // exact policy's answer.
    Boxes boxes = new Boxes(c.downloadCapacity(), 0, SEEDLESS_FLOOR);
    double downloaded = 0;
    double cloud = 0;
    double solveNanos = 0;
    for (int step = 0; step < c.steps(); step++) {
      double t = step * (double) c.intervalSeconds();
      double diurnal = 1 + 0.6 * Math.sin(2 * Math.PI * t / 86_400);
      // What the policy decides from the samples so far.
      var models = fit.fitAll();
      SwarmModel pooled = models.get("").model();
      List<SwarmDemand> demands = new ArrayList<>(c.swarms());
      for (int i = 0; i < c.swarms(); i++) {
        var f = models.get("s" + i);
        SwarmModel m = f == null ? pooled : f.model();
        demands.add(boxes.demand("s" + i, m, Math.floor(leechers[i]), seeders[i]));
      }
      long t0 = System.nanoTime();
      Allocation a = policy.solve(new AllocationProblem(demands, c.cloudCapacity()));
      solveNanos += System.nanoTime() - t0;
      shares = Dither.apply(a.shares(), 0.05, noise);
      // The world answers with the hidden models.
      for (int i = 0; i < c.swarms(); i++) {
        double l = leechers[i];
        double s = seeders[i];
        double rate = 0;
        if (l >= 1 && shares[i] > 0) {
          rate =
              Math.min(
                  truth[i].rate(shares[i], l, s) * Math.exp(0.03 * noise.nextGaussian()),
                  l * c.downloadCapacity());
          fit.add("s" + i, new ModelFit.Sample(shares[i], l, s, rate));
        } else {
          noise.nextGaussian(); // keep the noise stream aligned across policies
        }
        double dt = c.intervalSeconds();
        double completions = Math.min(l, rate * dt / c.contentBytes());
        double arrivals = c.arrivalsPerSecond() * diurnal * popularity[i] / norm * dt;
        leechers[i] = l + arrivals - completions;
        seeders[i] = s + completions - s * Math.min(1, dt / c.seedSeconds());
        downloaded += rate * dt;
        cloud += (l >= 1 ? shares[i] : 0) * dt;
      }
    }
    double errorSum = 0;
    int fitted = 0;
    for (var e : fit.fitAll().entrySet()) {
      if (!e.getKey().isEmpty() && !Double.isNaN(e.getValue().meanRelativeError())) {
        errorSum += e.getValue().meanRelativeError();
        fitted++;
      }
    }
    return new Outcome(
        policy.name(),
        cloud > 0 ? downloaded / cloud : 0,
        downloaded,
        cloud,
        solveNanos / 1e6 / c.steps(),
        fitted > 0 ? errorSum / fitted : Double.NaN);
  }

  /** Runs every policy on the same day and prints the comparison. */
  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
    Config c = Config.day(seed);
    List<AllocationSolver> policies =
        List.of(
            new KktSolver(),
            new FifaSolver(500, 1e-6),
            Proportional.proportionalToSwarmSize(),
            Proportional.freeCompetition(),
            Proportional.equalSplit());
    List<Outcome> outcomes = new ArrayList<>();
    for (AllocationSolver p : policies) {
      outcomes.add(run(c, p));
    }
    double proportional = outcomes.get(2).multiplier();
    double free = outcomes.get(3).multiplier();
    System.out.printf(
        Locale.ROOT,
        "%d swarms, %d intervals of %d s, seed %d%n",
        c.swarms(),
        c.steps(),
        c.intervalSeconds(),
        seed);
    for (Outcome o : outcomes) {
      System.out.printf(
          Locale.ROOT,
          "  %-28s multiplier %.3f  (%+.1f %% over proportional, %+.1f %% over free competition)"
              + "  solve %.2f ms  fit error %.1f %%%n",
          o.policy(),
          o.multiplier(),
          100 * (o.multiplier() / proportional - 1),
          100 * (o.multiplier() / free - 1),
          o.solveMillis(),
          100 * o.fitError());
    }
  }
}
