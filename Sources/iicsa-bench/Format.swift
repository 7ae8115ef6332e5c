import Foundation

/// How figures are printed: milliseconds, rates, sizes.
enum Format {
  /// Milliseconds with precision that suits the size: `3.42`, `41.7`, `1234`.
  static func ms(_ seconds: Double) -> String {
    let ms = seconds * 1000
    if ms < 10 { return String(format: "%.2f", ms) }
    if ms < 100 { return String(format: "%.1f", ms) }
    return String(format: "%.0f", ms)
  }

  /// Seconds for a progress line: `12.3 s`.
  static func seconds(_ seconds: Double) -> String {
    String(format: "%.1f s", seconds)
  }

  /// A rate: `73,412 events/s`.
  static func rate(_ perSecond: Double) -> String {
    "\(grouped(Int(perSecond.rounded()))) events/s"
  }

  /// An integer with thousands separators: `1,000,000`.
  static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, digit) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
      out.append(digit)
    }
    return (value < 0 ? "-" : "") + out
  }

  /// A store size as a column label: `10k`, `1M`, `250000`.
  static func size(_ events: Int) -> String {
    if events % 1_000_000 == 0 { return "\(events / 1_000_000)M" }
    if events % 1000 == 0 { return "\(events / 1000)k" }
    return "\(events)"
  }

  /// KiB as MB with one decimal.
  static func megabytes(kib: Int) -> String {
    String(format: "%.1f", Double(kib) / 1024)
  }

  /// A ratio: `1.07×`.
  static func ratio(_ value: Double) -> String {
    String(format: "%.2f×", value)
  }
}
