package dev.whirlwind.operator.security;

import dev.whirlwind.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The namespace's one admin-token Secret, shared by the daemons of all three kinds and the
 * operator. It is created once with a random token and never rewritten: a reconcile only adds its
 * resource to the Secret's owner references, so the Secret lives while any Whirlwind resource of
 * the namespace does and the token is never rotated by accident.
 */
public class AdminTokenSecret<P extends HasMetadata> extends KubernetesDependentResource<Secret, P>
    implements Creator<Secret, P>, Updater<Secret, P>, GarbageCollected<P> {
  public static final String NAME = "whirlwind-admin-token";
  public static final String KEY = "admin-token";
  private static final SecureRandom RANDOM = new SecureRandom();

  public AdminTokenSecret() {
    super(Secret.class);
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<Secret> informerConfigurationBuilder(
      EventSourceContext<P> context) {
    return super.informerConfigurationBuilder(context).withLabelSelector(Labels.MANAGED_SELECTOR);
  }

  /**
   * The Secret is found by name, not through owner references: a resource that is not an owner yet
   * must see the existing Secret and join it rather than try to create another.
   */
  @Override
  public Optional<Secret> getSecondaryResource(P primary, Context<P> context) {
    return eventSource()
        .flatMap(es -> es.get(new ResourceID(NAME, primary.getMetadata().getNamespace())));
  }

  @Override
  protected Secret desired(P primary, Context<P> context) {
    return desired(primary.getMetadata().getNamespace(), newToken());
  }

  /** The Secret as first created; the token is random, so render mode never prints one. */
  public static Secret desired(String namespace, String token) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .withLabels(Labels.of("whirlwind", "admin-token", "security"))
        .endMetadata()
        .withType("Opaque")
        .withStringData(Map.of(KEY, token))
        .build();
  }

  /** The token a Secret holds, or null while it has none. */
  public static String token(Secret secret) {
    if (secret == null) {
      return null;
    }
    if (secret.getData() != null && secret.getData().get(KEY) != null) {
      return new String(
              Base64.getDecoder().decode(secret.getData().get(KEY)),
              java.nio.charset.StandardCharsets.UTF_8)
          .trim();
    }
    // Before the API server has turned it into data (the mock server keeps it as written).
    if (secret.getStringData() != null && secret.getStringData().get(KEY) != null) {
      return secret.getStringData().get(KEY).trim();
    }
    return null;
  }

  static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public Matcher.Result<Secret> match(
      Secret actual, Secret desired, P primary, Context<P> context) {
    return Matcher.Result.computed(ownedBy(actual, primary), desired);
  }

  /**
   * Creates the Secret; when another reconciler created it a moment earlier (the informer has not
   * seen it yet), this one joins it instead.
   */
  @Override
  public Secret create(Secret desired, P primary, Context<P> context) {
    try {
      return super.create(desired, primary, context);
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return update(null, desired, primary, context);
    }
  }

  /**
   * Joins the Secret's owners. Every kind's reconciler joins the same Secret, often at once: a
   * conflict is a fresh read and another try, not a failed reconcile.
   */
  @Override
  public Secret update(Secret actual, Secret desired, P primary, Context<P> context) {
    for (int attempt = 1; ; attempt++) {
      try {
        return join(primary, context);
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  private Secret join(P primary, Context<P> context) {
    return context
        .getClient()
        .secrets()
        .inNamespace(primary.getMetadata().getNamespace())
        .withName(NAME)
        .edit(
            s -> {
              if (!ownedBy(s, primary)) {
                List<OwnerReference> refs = new ArrayList<>(s.getMetadata().getOwnerReferences());
                refs.add(
                    new OwnerReferenceBuilder()
                        .withApiVersion(primary.getApiVersion())
                        .withKind(primary.getKind())
                        .withName(primary.getMetadata().getName())
                        .withUid(primary.getMetadata().getUid())
                        .withController(false)
                        .withBlockOwnerDeletion(false)
                        .build());
                s.getMetadata().setOwnerReferences(refs);
              }
              return s;
            });
  }

  private static boolean ownedBy(Secret secret, HasMetadata owner) {
    return secret.getMetadata().getOwnerReferences().stream()
        .anyMatch(r -> r.getUid().equals(owner.getMetadata().getUid()));
  }
}
