import Foundation
import IICSADomain
import IICSAStore
import IICSALog
import Testing

@testable import iicsa

/// A small hand-made record in a temporary store, for the export, pledges, timeline and diff
/// tests: one report of three recommendations and three statements, one of them hostile (markup,
/// a spreadsheet formula, a pipe) and in Welsh.
final class ExportFixture: Sendable {
  let folder: String
  let db: String

  /// When the first files entered the record, and a time after them: what `--known-at` pins.
  static let knownAt = "2026-01-15T00:00:00Z"
  static let script = "<script>alert(1)</script>"

  init() throws {
    folder = NSTemporaryDirectory() + "iicsa-export-" + UUID().uuidString
    try FileManager.default.createDirectory(
      atPath: folder + "/record", withIntermediateDirectories: true)
    db = folder + "/tracker.sqlite"
    _ = try BundledRecord.createStore(at: db, empty: true)
    try write("record/test-2024.yaml", Self.catalogue)
    try write("record/s1.yaml", Self.considering)
    try write("record/s2.yaml", Self.hostile)
    try write("record/s3.yaml", Self.accepts)
    _ = try record(["record/test-2024.yaml", "record/s1.yaml", "record/s2.yaml", "record/s3.yaml"])
  }

  deinit { try? FileManager.default.removeItem(atPath: folder) }

  /// Records a statement dated inside June 2025 but entered after `knownAt`.
  func recordLateEntry() throws {
    try write("late.yaml", Self.late)
    _ = try record(["late.yaml"])
  }

  /// Records the bill of 1 July 2025 that moves TEST-1 to legislating, fulfilling the pledge of
  /// the Welsh statement 11 days late; entered after `knownAt`.
  func recordBill() throws {
    try write("bill.yaml", Self.bill)
    _ = try record(["bill.yaml"])
  }

  func write(_ name: String, _ text: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
  }

  func record(_ names: [String]) throws -> String {
    try Recording.record(
      paths: names.map { folder + "/" + $0 }, into: StoreOptions.parse(["--db", db]))
  }

  /// Runs `export` in process into `out` (under the fixture's folder) and returns its folder.
  @discardableResult
  func export(
    _ out: String, month: String = "2025-06", knownAt: String? = ExportFixture.knownAt,
    extra: [String] = []
  )
    throws -> String
  {
    let path = folder + "/" + out
    var arguments = ["--month", month, "--out", path, "--db", db] + extra
    if let knownAt { arguments += ["--known-at", knownAt] }
    _ = try IICSA.Export.parse(arguments).write()
    return path
  }

  func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

  static let bill = """
    id: 2025-07-01-bill-introduced
    date: 2025-07-01
    recorded_at: 2026-02-01T00:00:00Z
    speaker: A Minister
    role: Home Secretary
    kind: bill
    title: Bill introduced
    sources: [{url: "https://example.org/bill", publisher: Parliament}]
    summary: The bill carries the duty.
    changes:
      - recommendation: TEST-1
        stage: legislating

    """

  static let catalogue = """
    id: test-2024
    prefix: TEST
    title: A test inquiry's report
    author: The Test Inquiry
    published: 2024-01-10
    recorded_at: 2026-01-01T09:00:00Z
    url: https://example.org/report
    recommendations:
      - number: 1
        title: =SUM(A1:A9) a duty to report
        text: Make reporting a duty.
        addressed_to: [UK government, Welsh Government]
        sources: [{url: "https://example.org/report#1", publisher: Example}]
      - number: 2
        title: A national inquiry
        text: Hold an inquiry.
        addressed_to: [UK government]
        sources: [{url: "https://example.org/report#2", publisher: Example}]
      - number: 3
        title: Compensation scheme
        text: Pay redress.
        addressed_to: [UK government]
        sources: [{url: "https://example.org/report#3", publisher: Example}]

    """

  static let considering = """
    id: 2025-05-10-considering-an-inquiry
    date: 2025-05-10
    recorded_at: 2026-01-01T10:00:00Z
    speaker: A Minister
    role: Home Office minister
    kind: written_answer
    title: Considering an inquiry
    sources: [{url: "https://example.org/answer", publisher: Hansard}]
    summary: The government is considering an inquiry.
    changes:
      - recommendation: TEST-2
        position: considering

    """

  static let hostile = """
    id: 2025-06-03-welsh-statement
    date: 2025-06-03
    recorded_at: 2026-01-01T10:00:01Z
    speaker: Llywodraeth Cymru
    role: Welsh Government
    kind: written_statement
    title: '=HYPERLINK("x") \(script) a|b'
    sources: [{url: "https://example.org/cymru?a=1&b=2", publisher: Llywodraeth Cymru}]
    summary: 'Datganiad ysgrifenedig: \(script) a|b & more.'
    changes:
      - recommendation: TEST-1
        position: accepted
        stage: planned
        note: '\(script)'
    pledges:
      - recommendation: TEST-1
        text: '=HYPERLINK("x") a bill by midsummer'
        target_stage: legislating
        due: 2025-06-20
        due_text: by midsummer

    """

  static let accepts = """
    id: 2025-06-20-accepts-redress
    date: 2025-06-20
    recorded_at: 2026-01-01T10:00:02Z
    speaker: A Minister
    role: Home Secretary
    kind: commons_statement
    title: Redress accepted
    sources: [{url: "https://example.org/redress", publisher: Hansard}]
    summary: The government accepts redress.
    changes:
      - recommendation: TEST-3
        position: accepted
    reaffirms: [TEST-1]

    """

  static let late = """
    id: 2025-06-25-inquiry-announced
    date: 2025-06-25
    recorded_at: 2026-02-01T00:00:00Z
    speaker: A Minister
    role: Home Secretary
    kind: press_release
    title: Inquiry announced
    sources: [{url: "https://example.org/inquiry", publisher: GOV.UK}]
    summary: An inquiry will be held.
    changes:
      - recommendation: TEST-2
        position: accepted
        stage: planned

    """
}
