package dev.whirlwind.tracker.http;

import dev.whirlwind.protocol.tracker.SwarmReport;
import java.util.List;

/** The swarms of browsers on the WebSocket tracker, which {@code /v1/swarms} lists too. */
public interface BrowserSwarmList {
  BrowserSwarmList NONE =
      new BrowserSwarmList() {
        @Override
        public List<SwarmReport> busiest(int limit) {
          return List.of();
        }

        @Override
        public int count() {
          return 0;
        }
      };

  /** The {@code limit} largest. */
  List<SwarmReport> busiest(int limit);

  /** How many there are. */
  int count();
}
