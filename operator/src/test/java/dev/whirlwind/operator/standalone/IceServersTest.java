package dev.whirlwind.operator.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IceServersTest {
  @Test
  void noneUnlessAsked() {
    assertThat(IceServers.parse(null)).isEmpty();
    assertThat(IceServers.parse(List.of())).isEmpty();
  }

  @Test
  void stunAlone_turnWithCredentials() {
    assertThat(
            IceServers.parse(
                List.of(
                    "stun:stun.example.net:3478", "turns:turn.example.net:5349?transport=tcp,u,s")))
        .containsExactly(
            Map.of("urls", "stun:stun.example.net:3478"),
            Map.of(
                "urls",
                "turns:turn.example.net:5349?transport=tcp",
                "username",
                "u",
                "credential",
                "s"));
  }

  @Test
  void badEntriesAreNamed() {
    assertThatThrownBy(() -> IceServers.parse(List.of("http://example.net")))
        .hasMessageContaining("stun:, turn: or turns:")
        .hasMessageContaining("http://example.net");
    assertThatThrownBy(() -> IceServers.parse(List.of("stun:")))
        .hasMessageContaining("with a host");
    assertThatThrownBy(() -> IceServers.parse(List.of("turn:turn.example.net")))
        .hasMessageContaining("needs URL,USERNAME,CREDENTIAL");
    assertThatThrownBy(() -> IceServers.parse(List.of("stun:a,b")))
        .hasMessageContaining("URL or URL,USERNAME,CREDENTIAL");
    assertThatThrownBy(() -> IceServers.parse(Collections.nCopies(9, "stun:a.example")))
        .hasMessageContaining("at most 8");
  }
}
