/**
 * Cloud bandwidth scheduling (DESIGN.md "Cloud bandwidth scheduling"): the per-swarm rate model,
 * its fit from measurements, and solvers for the boxed allocation problem. Pure Java with no
 * Kubernetes types, so the operator and the standalone mode share it.
 *
 * <p>Units throughout: rates (S_i, D_i, S, floors and caps) in bytes per second; peer counts are
 * plain numbers.
 */
package dev.whirlwind.operator.scheduler;
