package dev.whirlwind.server.http;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What a daemon's ops endpoints report: liveness ({@code /healthz}: a reason when it cannot work,
 * such as a dead event loop or an unusable disk), readiness ({@code /readyz}) and its own metrics
 * ({@code /metrics}, to which the surface adds its connection and timeout series).
 */
public record Ops(
    String daemon,
    Supplier<Optional<String>> liveProblem,
    BooleanSupplier ready,
    String notReadyDetail,
    Supplier<String> metrics) {}
