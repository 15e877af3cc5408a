package dev.whirlwind.bench;

import dev.whirlwind.operator.scheduler.AllocationProblem;
import dev.whirlwind.operator.scheduler.FifaSolver;
import dev.whirlwind.operator.scheduler.KktSolver;
import dev.whirlwind.operator.scheduler.Scheduler;
import dev.whirlwind.operator.scheduler.SwarmDemand;
import dev.whirlwind.operator.scheduler.SwarmModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scheduler's round at production size: swarms over caches (three holders each, Zipf-like
 * sizes), solved exactly and placed; and FIFA at 1,000 and 10,000 swarms with an iteration cap.
 * One thread: the goal is 100,000 swarms over 1,000 caches in under 100 ms on one core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SchedulerBenchmark {
  @Param({"100000"})
  int swarms;

  @Param({"1000"})
  int caches;

  AllocationProblem problem;
  double[] capacity;
  int[] edgeSwarm;
  int[] edgeCache;
  int[][] swarmEdges;

  static AllocationProblem problem(int m, long seed) {
    Random r = new Random(seed);
    List<SwarmDemand> list = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      double leechers = Math.floor(1 + 2000 / Math.pow(i + 1, 0.8) * r.nextDouble());
      double seeders = r.nextInt(4) == 0 ? 0 : Math.floor(1 + 50 * r.nextDouble());
      SwarmModel model =
          new SwarmModel(0.1 + 0.8 * r.nextDouble(), 0.05 + 0.5 * r.nextDouble(), Math.exp(2 * r.nextDouble()));
      list.add(
          new SwarmDemand(
              "s" + i, leechers, seeders, model, seeders == 0 ? 20_000 : 0, leechers * 2e6));
    }
    return new AllocationProblem(list, m * 2e4);
  }

  @Setup
  public void setup() {
    problem = problem(swarms, 1);
    Random r = new Random(2);
    capacity = new double[caches];
    java.util.Arrays.fill(capacity, problem.capacity() / caches * 1.5);
    edgeSwarm = new int[swarms * 3];
    edgeCache = new int[swarms * 3];
    swarmEdges = new int[swarms][3];
    for (int i = 0; i < swarms; i++) {
      for (int k = 0; k < 3; k++) {
        int e = 3 * i + k;
        edgeSwarm[e] = i;
        edgeCache[e] = r.nextInt(caches);
        swarmEdges[i][k] = e;
      }
    }
  }

  @Benchmark
  public Scheduler.Plan solveAndPlace() {
    return new Scheduler(new KktSolver()).plan(problem, capacity, edgeSwarm, edgeCache, swarmEdges);
  }

  /** FIFA on its own, capped at 1,000 iterations. */
  @State(Scope.Benchmark)
  public static class Fifa {
    @Param({"1000", "10000"})
    int swarms;

    AllocationProblem problem;

    @Setup
    public void setup() {
      problem = SchedulerBenchmark.problem(swarms, 3);
    }
  }

  @Benchmark
  @Warmup(iterations = 1, time = 1)
  @Measurement(iterations = 3, time = 1)
  public Object fifa(Fifa f) {
    return new FifaSolver(1_000, 1e-9).solve(f.problem);
  }
}
