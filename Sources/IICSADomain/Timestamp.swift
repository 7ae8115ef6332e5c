import Foundation

/// An instant in UTC, to the second: when an event entered the log (`recorded_at`).
///
/// Stored and printed as `YYYY-MM-DDTHH:MM:SSZ`, which sorts as text in time order.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Seconds since 1970-01-01T00:00:00Z.
  public let secondsSinceEpoch: Int64

  /// Creates a timestamp from seconds since the Unix epoch.
  public init(secondsSinceEpoch: Int64) {
    self.secondsSinceEpoch = secondsSinceEpoch
  }

  /// Parses ISO 8601: `YYYY-MM-DDTHH:MM:SS` followed by `Z` or `±HH:MM`, or a bare
  /// `YYYY-MM-DD`, which means the last second of that day in UTC ("as known on that day").
  public init?(iso text: String) {
    // The stored form, read for every event: YYYY-MM-DDTHH:MM:SSZ, from its bytes.
    let bytes = Array(text.utf8)
    if bytes.count == 20, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
      bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z"), let day = Day(iso: text.prefix(10)),
      let hour = Day.number(bytes[11..<13]), let minute = Day.number(bytes[14..<16]),
      let second = Day.number(bytes[17..<19])
    {
      guard hour < 24, minute < 60, second < 60 else { return nil }
      self.init(day: day, seconds: hour * 3600 + minute * 60 + second)
      return
    }
    if let day = Day(iso: text) {
      self.init(day: day, seconds: 86_399)
      return
    }
    let chars = Array(text.utf8)
    guard chars.count >= 20, chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: " "),
      let day = Day(iso: text.prefix(10))
    else { return nil }
    let clock = String(decoding: chars[11..<19], as: UTF8.self)
    let fields = clock.split(separator: ":", omittingEmptySubsequences: false)
    guard fields.count == 3, fields.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }),
      let hour = Int(fields[0]), let minute = Int(fields[1]), let second = Int(fields[2]),
      hour < 24, minute < 60, second < 60
    else { return nil }
    let zone = String(decoding: chars[19...], as: UTF8.self)
    guard let offset = Timestamp.offsetSeconds(zone) else { return nil }
    self.init(day: day, seconds: hour * 3600 + minute * 60 + second - offset)
  }

  /// The current time, to the second.
  public static var current: Timestamp {
    Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970.rounded(.down)))
  }

  /// The day this instant falls on, in UTC.
  public var day: Day {
    Day(daysSinceEpoch: Int((secondsSinceEpoch - Int64(secondOfDay)) / 86_400))
  }

  /// `YYYY-MM-DDTHH:MM:SSZ`.
  public var description: String {
    let s = secondOfDay
    return "\(day)T\(Day.pad(s / 3600, 2)):\(Day.pad(s / 60 % 60, 2)):\(Day.pad(s % 60, 2))Z"
  }

  public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
    lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
  }

  private var secondOfDay: Int {
    Int(((secondsSinceEpoch % 86_400) + 86_400) % 86_400)
  }

  private init(day: Day, seconds: Int) {
    self.secondsSinceEpoch = Int64(day.daysSinceEpoch) * 86_400 + Int64(seconds)
  }

  private static func offsetSeconds(_ zone: String) -> Int? {
    if zone == "Z" { return 0 }
    let chars = Array(zone)
    // Digits only: `Int` alone would read "+-1" as a number.
    guard chars.count == 6, chars[0] == "+" || chars[0] == "-", chars[3] == ":",
      [chars[1], chars[2], chars[4], chars[5]].allSatisfy(\.isASCIIDigit),
      let hours = Int(String(chars[1...2])), let minutes = Int(String(chars[4...5])),
      hours < 24, minutes < 60
    else { return nil }
    return (chars[0] == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
  }
}

extension Timestamp: Codable {
  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let value = Timestamp(iso: text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a timestamp"))
    }
    self = value
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
