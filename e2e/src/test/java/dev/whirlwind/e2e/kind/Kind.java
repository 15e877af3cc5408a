package dev.whirlwind.e2e.kind;

import dev.whirlwind.e2e.Commands;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code kind} and {@code docker} command lines, for one throw-away cluster. */
final class Kind {
  final String cluster;
  final Path kubeconfig;

  Kind(String cluster, Path kubeconfig) {
    this.cluster = cluster;
    this.kubeconfig = kubeconfig;
  }

  /** Why the suite cannot run here, or null when docker answers and kind is installed. */
  static String missing() {
    if (!succeeds(List.of("docker", "info", "--format", "{{.ServerVersion}}"), 30)) {
      return "no container engine: `docker info` failed";
    }
    if (!succeeds(List.of("kind", "version"), 30)) {
      return "kind is not installed (https://kind.sigs.k8s.io)";
    }
    return null;
  }

  void create() throws Exception {
    Commands.run(
        List.of(
            "kind",
            "create",
            "cluster",
            "--name",
            cluster,
            "--kubeconfig",
            kubeconfig.toString(),
            "--wait",
            "180s"),
        600);
  }

  void load(Path imageTar) throws Exception {
    Commands.run(
        List.of("kind", "load", "image-archive", imageTar.toString(), "--name", cluster), 600);
  }

  /** The host's address on the cluster's Docker network: pods reach the test's origin there. */
  String hostAddress() throws Exception {
    return Commands.run(
            List.of(
                "docker",
                "network",
                "inspect",
                "kind",
                "--format",
                "{{range .IPAM.Config}}{{if .Gateway}}{{.Gateway}} {{end}}{{end}}"),
            30)
        .trim()
        .split("\\s+")[0];
  }

  void delete() throws Exception {
    Commands.run(List.of("kind", "delete", "cluster", "--name", cluster), 300);
  }

  private static boolean succeeds(List<String> command, int seconds) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(seconds, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
