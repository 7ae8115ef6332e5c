import Foundation
import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog
import Testing

@testable import iicsa

/// Every report built from the store's bounded reads (a range resumed from the projections, one
/// recommendation's statements through the mention index, counts by index seeks) must print
/// exactly what the same report built from a replay of the whole log prints, on the real record.
@Suite struct RangeReadTests {
  static let ranges: [(String, String)] = [
    ("2014-01-01", "2026-11-01"), ("2022-10-20", "2022-10-31"), ("2023-05-01", "2023-05-31"),
    ("2024-05-01", "2024-06-30"), ("2025-01-01", "2025-02-28"), ("2025-06-01", "2025-06-30"),
    ("2026-04-29", "2026-06-29"), ("2019-01-01", "2019-12-31"),
  ]
  static let days = ["2014-12-31", "2023-05-22", "2025-06-30", "2026-11-01"]

  /// The bundled record, as the store answers and as a replay answers.
  static func readers() throws -> (store: EventStore, replay: ReplayedRecord) {
    let bundled = try BundledStore()
    let store = try EventStore.open(at: bundled.path, access: .readOnly)
    return (store, try ReplayedRecord(of: store))
  }

  /// `build` from both readers' snapshots, rendered by `render`: the two must be equal.
  static func expectAlike<T>(
    _ readers: (store: EventStore, replay: ReplayedRecord), knownAt: KnownAt? = nil, _ what: String,
    build: (any RecordSnapshot) throws -> T, render: (T) -> [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let bounded = try readers.store.snapshot(knownAt: knownAt) { try render(build($0)) }
    let replayed = try readers.replay.snapshot(knownAt: knownAt) { try render(build($0)) }
    #expect(bounded == replayed, "\(what)", sourceLocation: sourceLocation)
  }

  static func formats<T>(_ render: @escaping (T, OutputFormat) -> String) -> (T) -> [String] {
    { report in OutputFormat.allCases.map { render(report, $0) } }
  }

  @Test(arguments: ["IICSA-13", "IICSA-15", "IICSA-19", "CASEY25-5", "JAY-5", "CASEY15-1"])
  func showFromTheMentionIndexEqualsAFullReplay(_ text: String) throws {
    let readers = try Self.readers()
    let id = try #require(RecommendationID(text))
    for dayText in Self.days {
      let day = try #require(Day(iso: dayText))
      let found = try readers.store.snapshot(knownAt: nil) { (try? RecommendationDetail(from: $0, id: id, on: day)) != nil }
      guard found else { continue }
      try Self.expectAlike(
        readers, "show \(text) on \(dayText)", build: { try RecommendationDetail(from: $0, id: id, on: day) },
        render: { [ShowRendering.text($0), ShowRendering.markdown($0), JSONOutput.string(ShowJSON(detail: $0))] })
    }
  }

  @Test func timelineAndDiffOverARangeEqualAFullReplay() throws {
    let readers = try Self.readers()
    for (fromText, toText) in Self.ranges {
      let from = try #require(Day(iso: fromText))
      let to = try #require(Day(iso: toText))
      try Self.expectAlike(
        readers, "timeline \(fromText)…\(toText)", build: { try TimelineReport(from: $0, from: from, to: to) },
        render: Self.formats(TimelineRendering.render))
      try Self.expectAlike(
        readers, "diff \(fromText)…\(toText)", build: { try DiffReport(from: $0, from: from, to: to) },
        render: Self.formats(DiffRendering.render))
      try Self.expectAlike(
        readers, "alerts \(fromText)…\(toText)", build: { try AlertReport(from: $0, since: from, asOf: to) },
        render: Self.formats(AlertRendering.render))
    }
  }

  @Test func statusAndPledgesEqualAFullReplay() throws {
    let readers = try Self.readers()
    let events = try readers.store.events(knownAt: nil)
    // Now, a moment when only the catalogues were in, and the middle of the log.
    let moments: [KnownAt?] = [nil, events.first.map { KnownAt(event: $0.sequence, recordedAt: $0.recordedAt) }] + [
      events[events.count / 2]
    ].map { KnownAt(event: $0.sequence, recordedAt: $0.recordedAt) }
    for knownAt in moments {
      for dayText in Self.days {
        let day = try #require(Day(iso: dayText))
        try Self.expectAlike(
          readers, knownAt: knownAt, "status on \(dayText) known at \(knownAt?.description ?? "now")",
          build: { try $0.status(asOf: day) },
          render: { report in OutputFormat.allCases.map { StatusRendering.render(report, as: $0, colour: false, firstCalled: true) } })
        for overdue in [false, true] {
          try Self.expectAlike(
            readers, knownAt: knownAt, "pledges on \(dayText), overdue only: \(overdue)",
            build: { try PledgeReport(from: $0, asOf: day, overdueOnly: overdue) },
            render: Self.formats(PledgeRendering.render))
        }
      }
    }
  }

  @Test func theSiteEqualsTheSiteOfAFullReplay() throws {
    let readers = try Self.readers()
    let knownAt = KnownAt(try #require(Timestamp(iso: "2026-12-01T00:00:00Z")))
    func files(_ reader: some RecordReader) throws -> [String: Data] {
      let report = try reader.snapshot(knownAt: knownAt) { try SiteReport(from: $0, knownAt: knownAt) }
      var files: [String: Data] = [:]
      _ = try SiteFiles.build(report, baseURL: "https://example.org/", write: { files[$0] = $1 })
      return files
    }
    let bounded = try files(readers.store)
    let replayed = try files(readers.replay)
    #expect(bounded.keys.sorted() == replayed.keys.sorted())
    for (path, bytes) in bounded where replayed[path] != bytes { Issue.record("\(path) differs") }
  }
}
