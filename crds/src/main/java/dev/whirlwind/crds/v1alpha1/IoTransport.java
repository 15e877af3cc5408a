package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The Netty transport a daemon serves with; it falls back to the next one when unavailable. */
public enum IoTransport {
  @JsonProperty("io_uring")
  IO_URING,
  @JsonProperty("epoll")
  EPOLL,
  @JsonProperty("nio")
  NIO
}
