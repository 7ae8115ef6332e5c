/// The id of a source (a report), such as `iicsa-2022`.
public struct SourceID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
  /// The id as written: lower-case letters, digits and `-`.
  public let rawValue: String

  /// Accepts any ASCII case and stores lower case; nil unless it is a slug of 1 to 64 characters.
  public init?(_ text: String) {
    guard let lowered = Slug.asciiLowercased(text), Slug.isValid(lowered, maxLength: 64) else { return nil }
    rawValue = lowered
  }

  /// Accepts only the id as stored, lower case: how a catalogue file must write it.
  public static func exactly(_ text: String) -> SourceID? {
    Slug.isValid(text, maxLength: 64) ? SourceID(text) : nil
  }

  public var description: String { rawValue }
  public static func < (lhs: SourceID, rhs: SourceID) -> Bool { lhs.rawValue < rhs.rawValue }

  public init(from decoder: any Decoder) throws {
    self = try Slug.decode(decoder, { SourceID($0) }, what: "source id")
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}

/// The id of an event in the log: a statement's slug, a source id, or a correction's id.
public struct EventID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
  /// The id as written: lower-case letters, digits and `-`.
  public let rawValue: String

  /// Accepts any ASCII case and stores lower case; nil unless it is a slug of 1 to 120 characters.
  public init?(_ text: String) {
    guard let lowered = Slug.asciiLowercased(text), Slug.isValid(lowered, maxLength: 120) else { return nil }
    rawValue = lowered
  }

  /// Accepts only the id as stored, lower case: how a file must write it, so that one id has
  /// one spelling in the record.
  public static func exactly(_ text: String) -> EventID? {
    Slug.isValid(text, maxLength: 120) ? EventID(text) : nil
  }

  /// The event id under which a report's publication is logged: the source id itself.
  public init(_ source: SourceID) { rawValue = source.rawValue }

  public var description: String { rawValue }
  public static func < (lhs: EventID, rhs: EventID) -> Bool { lhs.rawValue < rhs.rawValue }

  public init(from decoder: any Decoder) throws {
    self = try Slug.decode(decoder, { EventID($0) }, what: "event id")
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}

/// The id of a recommendation or finding: its report's prefix and its number, `IICSA-13`.
///
/// Case-insensitive on input, printed upper-case (design.md, "Identifiers").
public struct RecommendationID: Hashable, Sendable, CustomStringConvertible, Codable {
  /// Upper-case letters and digits, such as `IICSA` or `CASEY15`.
  public let prefix: String
  /// The number the report gives it, from 1.
  public let number: Int

  /// Creates an id from a prefix and a number; nil when either is malformed.
  public init?(prefix: String, number: Int) {
    // ASCII letters only are folded: Unicode's mapping would read a dotless ı or a long ſ as
    // I or S, letting a look-alike stand for a real id.
    guard let upper = Slug.asciiUppercased(prefix), RecommendationID.isValidPrefix(upper), (1...9999).contains(number)
    else { return nil }
    self.prefix = upper
    self.number = number
  }

  /// Parses `PREFIX-NUMBER` in any case, such as `iicsa-13`.
  public init?(_ text: String) {
    guard let dash = text.lastIndex(of: "-"),
      let number = Int(text[text.index(after: dash)...]),
      text[text.index(after: dash)...].allSatisfy(\.isASCIIDigit)
    else { return nil }
    self.init(prefix: String(text[..<dash]), number: number)
  }

  /// Whether `text` can be a prefix: 1 to 16 upper-case ASCII letters and digits, starting with
  /// a letter.
  public static func isValidPrefix(_ text: String) -> Bool {
    // On the UTF-8 bytes: every allowed character is one byte, and ids are read for every
    // statement a replay reads.
    let letters = UInt8(ascii: "A")...UInt8(ascii: "Z")
    let bytes = text.utf8
    guard let first = bytes.first, letters.contains(first), bytes.count <= 16 else { return false }
    return bytes.allSatisfy { letters.contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
  }

  public var description: String { "\(prefix)-\(number)" }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let id = RecommendationID(text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a recommendation id"))
    }
    self = id
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

enum Slug {
  /// `text` with ASCII capitals made small; nil when it holds anything but ASCII, so that no
  /// Unicode case mapping (the Kelvin sign K to k) can fold a look-alike into a real id.
  static func asciiLowercased(_ text: String) -> String? {
    guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
    guard text.utf8.contains(where: { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) else { return text }
    return String(decoding: text.utf8.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
  }

  /// `text` with ASCII small letters made capital; nil when it holds anything but ASCII.
  static func asciiUppercased(_ text: String) -> String? {
    guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
    guard text.utf8.contains(where: { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }) else { return text }
    return String(decoding: text.utf8.map { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) ? $0 - 32 : $0 }, as: UTF8.self)
  }

  /// Lowercase ASCII letters, digits and inner hyphens. Checked on the UTF-8 bytes: every
  /// allowed character is one byte, and ids are checked for every event a replay reads.
  static func isValid(_ text: String, maxLength: Int) -> Bool {
    let bytes = text.utf8
    let hyphen = UInt8(ascii: "-")
    guard let first = bytes.first, let last = bytes.last, bytes.count <= maxLength, first != hyphen, last != hyphen
    else { return false }
    return bytes.allSatisfy {
      (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        || $0 == hyphen
    }
  }

  static func decode<T>(_ decoder: any Decoder, _ make: (String) -> T?, what: String) throws -> T {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let value = make(text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a valid \(what)"))
    }
    return value
  }
}

/// The id of a pledge: the statement that made it and its place among that statement's pledges,
/// from 1, written `STATEMENT-ID#N`.
public struct PledgeID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
  /// The statement that made it.
  public let statement: EventID
  /// Its place among the statement's pledges, from 1.
  public let ordinal: Int

  /// Creates an id.
  public init(statement: EventID, ordinal: Int) {
    self.statement = statement
    self.ordinal = ordinal
  }

  /// Parses `STATEMENT-ID#N`; nil unless the statement id is valid and N is a number from 1.
  public init?(_ text: String) {
    let parts = text.split(separator: "#", omittingEmptySubsequences: false)
    guard parts.count == 2, let statement = EventID(String(parts[0])),
      parts[1].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isNumber), parts[1].count <= 6,
      let ordinal = Int(parts[1]), ordinal >= 1
    else { return nil }
    self.init(statement: statement, ordinal: ordinal)
  }

  public var description: String { "\(statement)#\(ordinal)" }

  public static func < (lhs: PledgeID, rhs: PledgeID) -> Bool {
    (lhs.statement, lhs.ordinal) < (rhs.statement, rhs.ordinal)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let id = PledgeID(text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "'\(text)' is not a pledge id (STATEMENT-ID#N)")
    }
    self = id
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
