package dev.whirlwind.protocol.bencode;

/** Input that is not valid bencode; the message says where and what was expected. */
public final class BencodeException extends RuntimeException {
  public BencodeException(String message) {
    super(message);
  }
}
