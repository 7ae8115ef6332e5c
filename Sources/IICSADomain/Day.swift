/// A calendar date with no time of day and no time zone, as statements and reports are dated.
///
/// Dates in the record are days, not instants: "the Home Secretary said it on 6 January 2025".
/// Keeping them apart from `Timestamp` stops a time zone from moving a statement to another day.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The year, 1900 to 9999.
  public let year: Int
  /// The month, 1 to 12.
  public let month: Int
  /// The day of the month, 1 to 31.
  public let day: Int

  /// Creates a day, or returns nil when no such day exists (2025-02-30, month 13).
  public init?(year: Int, month: Int, day: Int) {
    guard (1900...9999).contains(year), (1...12).contains(month),
      (1...Day.daysIn(month: month, year: year)).contains(day)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD` strictly: four, two and two digits, and a day that exists.
  public init?(iso text: some StringProtocol) {
    // The stored form, YYYY-MM-DD in ASCII, parsed from its bytes: dates are read for every
    // statement a replay reads.
    let bytes = Array(text.utf8)
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
      let year = Self.number(bytes[0..<4]), let month = Self.number(bytes[5..<7]), let day = Self.number(bytes[8..<10])
    else { return nil }
    self.init(year: year, month: month, day: day)
  }

  /// The value of a run of ASCII digits; nil if any byte is not one.
  static func number(_ digits: ArraySlice<UInt8>) -> Int? {
    var value = 0
    for byte in digits {
      guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    return value
  }

  /// Creates the day that lies `daysSinceEpoch` days after 1970-01-01.
  public init(daysSinceEpoch: Int) {
    // Howard Hinnant's civil-from-days algorithm: exact for the proleptic Gregorian calendar.
    let z = daysSinceEpoch + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    self.year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    self.month = month
    self.day = day
  }

  /// The number of days since 1970-01-01 (negative before it).
  public var daysSinceEpoch: Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The number of days from this day to `other` (negative when `other` is earlier).
  public func days(until other: Day) -> Int { other.daysSinceEpoch - daysSinceEpoch }

  /// The day `count` days later (or earlier, for a negative count).
  public func adding(days count: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + count) }

  /// The last day of this day's month.
  public var lastDayOfMonth: Day {
    Day(unchecked: year, month, Day.daysIn(month: month, year: year))
  }

  /// The first day of this day's month.
  public var firstDayOfMonth: Day { Day(unchecked: year, month, 1) }

  /// `YYYY-MM-DD`.
  public var description: String {
    "\(Day.pad(year, 4))-\(Day.pad(month, 2))-\(Day.pad(day, 2))"
  }

  public static func < (lhs: Day, rhs: Day) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  static func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }

  private init(unchecked year: Int, _ month: Int, _ day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }
}

extension Day: Codable {
  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let day = Day(iso: text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a YYYY-MM-DD date"))
    }
    self = day
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}
