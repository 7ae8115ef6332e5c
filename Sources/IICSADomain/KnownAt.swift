/// How much of the log an answer sees: every event recorded by a moment, or the log up to one
/// event. Times are to the second, so two events recorded in the same second (a statement and
/// its retraction) are told apart only by event: `--known-at 66`.
public struct KnownAt: Hashable, Sendable, CustomStringConvertible {
  /// Events recorded at or before this moment are seen.
  public var time: Timestamp
  /// When asked by event: the last event seen (recorded at `time`).
  public var event: Int?

  /// Everything recorded by `time`.
  public init(_ time: Timestamp) {
    self.time = time
    event = nil
  }

  /// The log up to and including event `event`, which was recorded at `recordedAt`.
  public init(event: Int, recordedAt: Timestamp) {
    time = recordedAt
    self.event = event
  }

  /// Whether an answer known at this point sees `event`.
  public func includes(_ event: Event) -> Bool {
    event.recordedAt <= time && (self.event.map { event.sequence <= $0 } ?? true)
  }

  /// `2026-12-01T10:00:00Z`, or `event 66 (2026-12-01T10:00:00Z)`.
  public var description: String {
    event.map { "event \($0) (\(time))" } ?? time.description
  }

  /// Reads `description` back (a manifest's `known_at` line).
  public init?(description text: String) {
    if let time = Timestamp(iso: text) {
      self.init(time)
      return
    }
    guard text.hasPrefix("event "), text.hasSuffix(")"), let open = text.firstIndex(of: "("),
      let event = Int(text.dropFirst("event ".count).prefix { $0 != " " }), event >= 1,
      let time = Timestamp(iso: String(text[text.index(after: open)..<text.index(before: text.endIndex)]))
    else { return nil }
    self.init(event: event, recordedAt: time)
  }
}

extension KnownAt: Codable {
  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let value = KnownAt(description: text) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a known-at: \(text)"))
    }
    self = value
  }

  /// As its description: a time stays the string it always was in JSON.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
