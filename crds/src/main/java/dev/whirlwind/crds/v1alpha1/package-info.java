/**
 * The {@code whirlwind.dev/v1alpha1} API: {@link dev.whirlwind.crds.v1alpha1.VideoCatalog}, {@link
 * dev.whirlwind.crds.v1alpha1.CachePool} and {@link dev.whirlwind.crds.v1alpha1.TranscodeProfile}.
 *
 * <p>The CRD YAML is generated from these classes at build time; nobody edits it by hand. Rates are
 * in bytes per second and sizes in bytes everywhere, except where a Kubernetes quantity is passed
 * through to a Kubernetes object (storage sizes).
 */
package dev.whirlwind.crds.v1alpha1;
