import Foundation
import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog
import Testing

@testable import iicsa

/// A report is read in one transaction: a statement another process records while the report is
/// being built is wholly outside it, never half in (a status from the old log beside a head from
/// the new one).
@Suite struct SnapshotTests {
  @Test func anAppendByAnotherProcessCannotSplitAReport() throws {
    let store = try BundledStore()
    let path = store.folder + "/change.yaml"
    try Data(
      """
      id: 2026-12-01-recorded-mid-report
      date: 2026-11-30
      speaker: A Minister
      role: Minister
      kind: written_answer
      title: Recorded while a report was read
      summary: A test statement.
      sources: [{url: "https://www.gov.uk/mid-report", publisher: GOV.UK}]
      changes: [{recommendation: IICSA-5, position: accepted}]
      """.utf8
    ).write(to: URL(fileURLWithPath: path))
    // Opened for writing once, as any store that was ever written to: in WAL mode, where a
    // reader holds a snapshot without blocking a writer. (A store fresh from `init` keeps a
    // rollback journal, whose reader's lock makes a writer wait until the read ends.)
    try EventStore.open(at: store.path, access: .readWrite).close()
    let log = try EventStore.open(at: store.path, access: .readOnly)
    let day = try #require(Day(iso: "2026-11-30"))
    let month = try #require(Month(iso: "2026-11"))
    let knownAt = KnownAt(Clock.now())
    let (before, after) = try log.snapshot(knownAt: nil) { snapshot in
      let before = (
        head: try snapshot.head(), status: try snapshot.status(asOf: day),
        export: ExportBundle.files(try MonthlyExport(from: snapshot, month: month, knownAt: knownAt))
      )
      // Another process appends, and succeeds: a reader never blocks a writer.
      let recorded = try store.run(["record", path])
      #expect(recorded.status == 0, "\(recorded.stderr)")
      let after = (
        head: try snapshot.head(), status: try snapshot.status(asOf: day),
        export: ExportBundle.files(try MonthlyExport(from: snapshot, month: month, knownAt: knownAt))
      )
      return (before, after)
    }
    #expect(after.head == before.head)
    #expect(after.status == before.status)
    #expect(after.export.map(\.1) == before.export.map(\.1))
    // The next snapshot sees the append, and the change it made.
    let next = try log.snapshot(knownAt: nil) { (head: try $0.head(), status: try $0.status(asOf: day)) }
    #expect(next.head.length == before.head.length + 1)
    let id = try #require(RecommendationID("IICSA-5"))
    #expect(next.status.rows.first { $0.id == id }?.status.position == .accepted)
    #expect(before.status.rows.first { $0.id == id }?.status.position != .accepted)
  }
}
