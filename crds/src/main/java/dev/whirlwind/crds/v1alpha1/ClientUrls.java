package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where clients get one content. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClientUrls {
  @JsonPropertyDescription("The .torrent: BitTorrent clients download from caches and peers.")
  public String torrent;

  @JsonPropertyDescription("The Metalink (RFC 5854): aria2 and other Metalink clients.")
  public String metalink;

  @JsonPropertyDescription("A redirect to the best cache, for plain HTTP clients and players.")
  public String http;

  @JsonPropertyDescription("The byte-range HLS playlist, for HLS renditions.")
  public String hls;

  public ClientUrls() {}

  public ClientUrls(String torrent, String metalink, String http, String hls) {
    this.torrent = torrent;
    this.metalink = metalink;
    this.http = http;
    this.hls = hls;
  }
}
