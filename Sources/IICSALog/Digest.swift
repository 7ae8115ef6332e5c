internal import Crypto

/// SHA-256 for files the CLI writes and checks (export manifests), so that the CLI target does
/// not import Crypto itself: the store already links it for the hash chain.
public enum Digest {
  /// The lower-case hex SHA-256 of `bytes`.
  public static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
    EventCodec.hex(SHA256.hash(data: Array(bytes)))
  }
}
