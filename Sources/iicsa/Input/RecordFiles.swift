import Foundation
import IICSADomain
import IICSAStore
import IICSALog
import Yams

/// Files of the record (catalogues, statements and corrections) turned into events, in the order
/// they enter the log, with a way back from an event to the file and line it came from.
struct RecordFiles {
  enum Item {
    case catalogue(CatalogueFile)
    case statement(StatementFile)
    case correction(CorrectionFile)
    case sweep(SweepFile)

    var path: String {
      switch self {
      case .catalogue(let file): return file.path
      case .statement(let file): return file.path
      case .correction(let file): return file.path
      case .sweep(let file): return file.path
      }
    }

    var id: EventID {
      switch self {
      case .catalogue(let file): return EventID(file.report.id)
      case .statement(let file): return file.statement.id
      case .correction(let file): return file.id
      case .sweep(let file): return file.sweep.id
      }
    }

    var recordedAt: Timestamp? {
      switch self {
      case .catalogue(let file): return file.recordedAt
      case .statement(let file): return file.recordedAt
      case .correction(let file): return file.recordedAt
      case .sweep(let file): return file.recordedAt
      }
    }

    /// Every source address the file gives, in the order given.
    var sourceURLs: [String] {
      func urls(_ report: Report) -> [String] { [report.url] + report.recommendations.flatMap { $0.sources.map(\.url) } }
      switch self {
      case .catalogue(let file): return urls(file.report)
      case .statement(let file): return file.statement.sources.map(\.url)
      case .correction(let file):
        let replaced: [String]
        switch file.correction.replacement {
        case .report(let report)?: replaced = urls(report)
        case .statement(let statement)?: replaced = statement.sources.map(\.url)
        case nil: replaced = []
        }
        return file.correction.sources.map(\.url) + replaced
      case .sweep(let file): return file.sweep.sources.map(\.url)
      }
    }

    /// Catalogues, then statements, then corrections (whose targets must be in first), then
    /// sweeps (whose found statements must be in first) at the same time; then by date; then by id.
    var sortKey: (Int, Day, String) {
      switch self {
      case .catalogue(let file): return (0, file.report.published, file.report.id.rawValue)
      case .statement(let file): return (1, file.statement.date, file.statement.id.rawValue)
      case .correction(let file): return (2, Day(daysSinceEpoch: 0), file.id.rawValue)
      case .sweep(let file): return (3, file.sweep.through, file.sweep.id.rawValue)
      }
    }
  }

  var items: [Item]

  /// Reads every file, collecting every problem rather than stopping at the first.
  static func read(_ paths: [String]) throws(InputErrors) -> RecordFiles {
    var items: [Item] = []
    var errors: [InputError] = []
    for path in paths {
      do {
        items += try readOne(path)
      } catch {
        errors.append(error)
      }
    }
    var seen: [EventID: String] = [:]
    for item in items {
      if let other = seen[item.id], other != item.path {
        errors.append(
          InputError(
            file: item.path, message: "uses the id '\(item.id)', which \(other) uses too",
            hint: "Each statement needs its own id."))
      }
      seen[item.id] = item.path
    }
    if !errors.isEmpty { throw InputErrors(errors: errors) }
    return RecordFiles(items: items)
  }

  /// The extensions of the files a folder's import reads.
  static let extensions = ["yaml", "yml", "csv"]

  /// The `.yaml`, `.yml` and `.csv` files in a folder and its subfolders, in path order.
  static func paths(in folder: String) throws(InputError) -> [String] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
      throw InputError(file: folder, message: "is not a folder", hint: "Name a folder of .yaml or .csv files.")
    }
    let base = URL(fileURLWithPath: folder)
    guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
    var paths: [String] = []
    for case let url as URL in walker where extensions.contains(url.pathExtension.lowercased()) {
      paths.append(folder + url.path.dropFirst(base.path.count))
    }
    return paths.sorted()
  }

  /// A CSV file holds statements; a YAML file holds one statement, catalogue, correction or sweep. The
  /// discovery terms (`departments`, no `prefix`) sit beside the record and are not part of it:
  /// they are checked, and add nothing.
  private static func readOne(_ path: String) throws(InputError) -> [Item] {
    if path.lowercased().hasSuffix(".csv") { return try CSVStatementFile.read(path).map(Item.statement) }
    let node = try InputFile.yaml(at: path)
    let keys = node.mapping?.keys.compactMap(\.string) ?? []
    if keys.contains("departments") && !keys.contains("prefix") {
      _ = try TermsFile.parse(node, path: path)
      return []
    }
    if keys.contains("corrects") { return [.correction(try CorrectionFile.parse(node, path: path))] }
    if keys.contains("through") { return [.sweep(try SweepFile.parse(node, path: path))] }
    if keys.contains("prefix") || keys.contains("recommendations") {
      return [.catalogue(try CatalogueFile.parse(node, path: path))]
    }
    return [.statement(try StatementFile.parse(node, path: path))]
  }

  /// The events, in log order: files with `recorded_at` first (by time, catalogues first, then
  /// date and id), then the rest, which the store stamps when it appends them.
  func events() -> [NewEvent] {
    let ordered = items.sorted { a, b in
      switch (a.recordedAt, b.recordedAt) {
      case (let ta?, let tb?) where ta != tb: return ta < tb
      case (nil, _?): return false
      case (_?, nil): return true
      default: return a.sortKey < b.sortKey
      }
    }
    return ordered.map { item in
      let time = item.recordedAt
      switch item {
      case .catalogue(let file): return .published(file.report, at: time)
      case .statement(let file): return .recorded(file.statement, at: time)
      case .correction(let file):
        return NewEvent(id: file.id, recordedAt: time, payload: .eventCorrected(file.correction))
      case .sweep(let file): return .swept(file.sweep, at: time)
      }
    }
  }

  /// Places a store error at the file and line it came from.
  func locate(_ error: StoreError) -> any Error {
    let id: EventID
    let recommendation: RecommendationID?
    switch error {
    case .rule(let violation):
      if case .breaksLaterStatement(let cause, _, _) = violation { id = cause } else { id = violation.event }
      recommendation = violation.recommendation
    case .conflictingContent(let event), .recordedBeforeHead(let event, _, _):
      id = event
      recommendation = nil
    default:
      return error
    }
    // A correction's violations name the event it corrects: point at the correction.
    let correcting = items.first {
      if case .correction(let file) = $0 { return file.correction.target == id }
      return false
    }
    guard let item = items.first(where: { $0.id == id }) ?? correcting else { return error }
    var place: InputLocation?
    if case .statement(let file) = item, let recommendation { place = file.places[recommendation] }
    if case .correction(let file) = item { place = InputLocation(line: file.line) }
    if case .sweep(let file) = item { place = InputLocation(line: file.line) }
    return InputError(file: item.path, at: place, message: error.description)
  }
}
