public import IICSADomain

/// A calendar month, `YYYY-MM`: what `export --month` names.
public struct Month: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var year: Int
  public var month: Int

  /// Parses `YYYY-MM` strictly.
  public init?(iso text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let year = Int(parts[0]), let month = Int(parts[1]),
      Day(year: year, month: month, day: 1) != nil
    else { return nil }
    self.year = year
    self.month = month
  }

  /// The month a day falls in.
  public init(_ day: Day) {
    year = day.year
    month = day.month
  }

  /// The first day of the month.
  public var first: Day { Day(year: year, month: month, day: 1) ?? Day(daysSinceEpoch: 0) }
  /// The last day of the month.
  public var last: Day { first.lastDayOfMonth }
  /// The month after this one.
  public var next: Month { Month(last.adding(days: 1)) }

  /// Whether `day` falls in this month.
  public func contains(_ day: Day) -> Bool { day.year == year && day.month == month }

  public var description: String { String(first.description.prefix(7)) }

  public static func < (lhs: Month, rhs: Month) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
}
