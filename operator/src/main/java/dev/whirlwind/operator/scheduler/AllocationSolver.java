package dev.whirlwind.operator.scheduler;

/** A policy for the boxed allocation problem; every implementation sees the same problem. */
public interface AllocationSolver {
  /** A short name for reports. */
  String name();

  Allocation solve(AllocationProblem problem);
}
