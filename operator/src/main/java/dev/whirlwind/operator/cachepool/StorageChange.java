package dev.whirlwind.operator.cachepool;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.operator.kube.Quantities;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Objects;

/**
 * How a pool's requested storage differs from the volume claim template of its existing
 * StatefulSet. Claim templates are immutable, so anything but {@link Kind#NONE} needs more than an
 * update: a growth patches the claims and re-creates the StatefulSet, the rest is refused.
 */
public record StorageChange(
    Kind kind, long currentBytes, long requestedBytes, String currentClass, String requestedClass) {

  /** What kind of change. */
  public enum Kind {
    NONE,
    GROW,
    SHRINK,
    CLASS_CHANGE
  }

  public static StorageChange between(StatefulSet existing, CachePool pool) {
    long requested = Quantities.bytes(pool.getSpec().storage.size);
    String requestedClass = pool.getSpec().storage.storageClassName;
    if (existing == null || existing.getSpec().getVolumeClaimTemplates().isEmpty()) {
      return new StorageChange(Kind.NONE, requested, requested, requestedClass, requestedClass);
    }
    PersistentVolumeClaim template = existing.getSpec().getVolumeClaimTemplates().get(0);
    long current =
        Quantities.bytes(template.getSpec().getResources().getRequests().get("storage").toString());
    String currentClass = template.getSpec().getStorageClassName();
    Kind kind;
    if (!Objects.equals(currentClass, requestedClass)) {
      kind = Kind.CLASS_CHANGE;
    } else if (requested > current) {
      kind = Kind.GROW;
    } else if (requested < current) {
      kind = Kind.SHRINK;
    } else {
      kind = Kind.NONE;
    }
    return new StorageChange(kind, current, requested, currentClass, requestedClass);
  }

  /** A condition reason and message when the change cannot be applied, else null. */
  public String refusalReason() {
    return switch (kind) {
      case SHRINK -> "StorageShrinkRefused";
      case CLASS_CHANGE -> "StorageClassImmutable";
      default -> null;
    };
  }

  public String refusalMessage() {
    return switch (kind) {
      case SHRINK ->
          "storage.size asks for "
              + requestedBytes
              + " bytes per node but the volumes hold "
              + currentBytes
              + "; volumes cannot shrink. Restore the size or create a new pool and move the"
              + " catalog to it. Nothing was changed.";
      case CLASS_CHANGE ->
          "storage.storageClassName asks for '"
              + requestedClass
              + "' but the volumes are of class '"
              + currentClass
              + "'; existing claims cannot change class. Nothing was changed.";
      default -> null;
    };
  }
}
