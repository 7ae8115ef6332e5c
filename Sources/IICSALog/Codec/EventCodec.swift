internal import Crypto
public import IICSADomain

/// The stored form of events: payload JSON, the canonical bytes that are hashed, and the chain.
///
/// Canonical bytes are the event as one line of JSON with sorted keys and no white space:
/// `{"id":…,"payload":…,"recorded_at":…,"sequence":…,"type":…}`. The payload text is stored as
/// written, so verification hashes the stored bytes and never depends on re-encoding them.
public enum EventCodec {
  /// The payload's JSON, byte for byte what `JSONEncoder` with `[.sortedKeys,
  /// .withoutEscapingSlashes]` wrote when the record was started (see `PayloadWriter`).
  public static func payloadJSON(_ payload: EventPayload) throws -> String {
    PayloadWriter.json(payload)
  }

  /// Reads a stored payload; a `PayloadError` says where and what is wrong with a bad one.
  public static func decode(type: String, payload: String) throws -> EventPayload {
    guard let type = EventType(rawValue: type) else { throw CodecError.unknownType(type) }
    return try PayloadReader.decode(type, from: payload)
  }

  /// The bytes hashed for one event. Ids are slugs and times are fixed-format, so plain
  /// interpolation is already canonical JSON.
  public static func canonicalBytes(
    sequence: Int, id: String, type: String, recordedAt: String, payload: String
  ) -> [UInt8] {
    Array(
      "{\"id\":\"\(id)\",\"payload\":\(payload),\"recorded_at\":\"\(recordedAt)\",\"sequence\":\(sequence),\"type\":\"\(type)\"}"
        .utf8)
  }

  /// `canonicalBytes` from the stored bytes of each text column, exactly as they are: a check
  /// of the chain must never see a repaired text (a decoder turns each invalid byte into U+FFFD,
  /// so two different stored payloads would hash alike).
  public static func canonicalBytes(sequence: Int, id: [UInt8], type: [UInt8], recordedAt: [UInt8], payload: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(payload.count + id.count + 96)
    out += Array("{\"id\":\"".utf8) + id + Array("\",\"payload\":".utf8) + payload
    out += Array(",\"recorded_at\":\"".utf8) + recordedAt + Array("\",\"sequence\":\(sequence),\"type\":\"".utf8)
    out += type + Array("\"}".utf8)
    return out
  }

  /// `SHA-256(previous hash ‖ canonical bytes)`; the first event's previous hash is empty.
  public static func chain(previous: String, canonical: [UInt8]) -> String {
    var hasher = SHA256()
    hasher.update(data: bytes(fromHex: previous))
    hasher.update(data: canonical)
    return hex(hasher.finalize())
  }

  public static func hex(_ digest: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for byte in digest {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  static func bytes(fromHex text: String) -> [UInt8] {
    var out: [UInt8] = []
    var high: UInt8?
    for char in text.utf8 {
      guard let nibble = nibble(char) else { return [] }
      if let h = high {
        out.append(h << 4 | nibble)
        high = nil
      } else {
        high = nibble
      }
    }
    return out
  }

  private static func nibble(_ char: UInt8) -> UInt8? {
    switch char {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return char - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return char - UInt8(ascii: "a") + 10
    default: return nil
    }
  }

  enum CodecError: Error, CustomStringConvertible {
    case unknownType(String)
    var description: String {
      switch self {
      case .unknownType(let type): return "unknown event type '\(type)'"
      }
    }
  }
}
