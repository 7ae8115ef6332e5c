import IICSADomain
import IICSAStore
import Testing

@testable import iicsa

/// `timeline` and `diff` read only the statements of their range, resuming from the projections;
/// on the real record they must say exactly what a full replay says.
@Suite struct RangeReadTests {
  static let ranges: [(String, String)] = [
    ("2014-01-01", "2026-11-01"), ("2022-10-20", "2022-10-31"), ("2023-05-01", "2023-05-31"),
    ("2024-05-01", "2024-06-30"), ("2025-01-01", "2025-02-28"), ("2025-06-01", "2025-06-30"),
    ("2026-04-29", "2026-06-29"), ("2019-01-01", "2019-12-31"),
  ]

  @Test(arguments: ["IICSA-13", "IICSA-15", "IICSA-19", "CASEY25-5", "JAY-5", "CASEY15-1"])
  func showFromTheMentionIndexEqualsAFullReplay(_ text: String) throws {
    let bundled = try BundledStore()
    let store = try EventStore.open(at: bundled.path, access: .readOnly)
    let id = try #require(RecommendationID(text))
    for dayText in ["2014-12-31", "2023-05-22", "2025-06-30", "2026-11-01"] {
      let day = try #require(Day(iso: dayText))
      let full = RecommendationDetail(id, in: try store.tracker(asOf: day), on: day)
      let partial = try store.tracker(for: id, asOf: day).flatMap {
        RecommendationDetail(id, in: $0.tracker, on: day, corrections: $0.corrections.map(\.record))
      }
      #expect((full == nil) == (partial == nil), "\(text) on \(dayText)")
      guard let full, let partial else { continue }
      #expect(ShowRendering.text(partial) == ShowRendering.text(full), "\(text) on \(dayText)")
      #expect(ShowRendering.markdown(partial) == ShowRendering.markdown(full))
      #expect(JSONOutput.string(partial) == JSONOutput.string(full))
    }
  }

  @Test func timelineAndDiffOverARangeEqualAFullReplay() throws {
    let bundled = try BundledStore()
    let store = try EventStore.open(at: bundled.path, access: .readOnly)
    let head = try store.head()
    for (fromText, toText) in Self.ranges {
      let from = try #require(Day(iso: fromText))
      let to = try #require(Day(iso: toText))
      let full = TimelineReport(try store.tracker(asOf: to), from: from, to: to, log: head)
      let range = TimelineReport(try store.tracker(from: from, through: to), from: from, to: to, log: head)
      for format in OutputFormat.allCases {
        #expect(TimelineRendering.render(range, as: format) == TimelineRendering.render(full, as: format), "timeline \(fromText)…\(toText) \(format)")
      }
      let fullDiff = DiffReport(
        before: try store.tracker(asOf: from), after: try store.tracker(asOf: to), from: from, to: to, log: head)
      let rangeDiff = DiffReport(
        before: try store.tracker(from: from.adding(days: 1), through: from),
        after: try store.tracker(from: from.adding(days: 1), through: to), from: from, to: to, log: head)
      for format in OutputFormat.allCases {
        #expect(DiffRendering.render(rangeDiff, as: format) == DiffRendering.render(fullDiff, as: format), "diff \(fromText)…\(toText) \(format)")
      }
    }
  }
}
