import Foundation
import IICSADiscovery
import IICSADomain

/// The folder `discover --draft` writes statement skeletons into: made if missing, added to,
/// never emptied. A file already there is left alone, whoever wrote it.
enum DraftFolder {
  /// Checks the folder before anything is asked of the sources, making it if it is missing; the
  /// drafts go where it resolved then.
  static func prepare(_ given: String) throws -> OutputPath {
    let folder = try OutputPath.folder(given, option: "--draft", replacing: false)
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
      guard isFolder.boolValue else { throw CommandError("--draft '\(given)' is a file, not a folder. Nothing was written; name a folder.") }
      return folder
    }
    do {
      try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
    } catch {
      throw CommandError("--draft '\(given)' cannot be made (\(error.localizedDescription)). Nothing was written.")
    }
    return folder
  }

  /// Writes one draft per item; returns the files written. An item whose file exists is
  /// skipped, with a line saying so.
  static func write(_ candidates: [Candidate], into folder: OutputPath, record: DiscoveryRecord, today: Day) throws -> [String] {
    var written: [String] = []
    var used: Set<String> = []
    for candidate in candidates {
      let id = eventID(for: candidate, avoiding: used)
      used.insert(id.rawValue)
      guard let path = newFile(id, in: folder) else { continue }
      try UserFile.create(path, text: draft(candidate, id: id, record: record, today: today), mode: 0o644, option: "--draft")
      written.append(path)
    }
    return written
  }

  /// The path of `ID.yaml` in the folder; nil, with a line saying so, when something (a file, a
  /// link, even a broken one) is already there: a draft never replaces what it finds.
  private static func newFile(_ id: EventID, in folder: OutputPath) -> String? {
    let path = (folder.path as NSString).appendingPathComponent("\(id).yaml")
    if FileManager.default.fileExists(atPath: path) || (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil {
      printError("Warning: \(folder.given)/\(id).yaml already exists and was left alone.")
      return nil
    }
    return path
  }

  /// The sweep of the search just made, to record once its drafts are recorded: the period, the
  /// recommendations searched for and the sources that answered (those that failed are not
  /// claimed). Nil when no source answered, or when the file exists (left alone, with a line).
  static func writeSweep(
    _ result: DiscoveryResult, searched: [RecommendationID], drafts: [String], into folder: OutputPath,
    record: DiscoveryRecord, today: Day
  ) throws -> String? {
    let failed = Set(result.failures.map(\.source))
    let answered = result.asked.filter { !failed.contains($0) }
    guard !answered.isEmpty, let id = EventID("\(today)-sweep-through-\(result.period.through)") else { return nil }
    guard let path = newFile(id, in: folder) else { return nil }
    var notes = [
      "Drafted by `iicsa discover` on \(today): the search of \(result.period.from) to \(result.period.through).",
      "Record it after the statements you record from this search's drafts, and list their ids under 'found'.",
    ]
    if !drafts.isEmpty {
      notes.append("Drafts written: " + drafts.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ") + ".")
    }
    if !failed.isEmpty {
      notes.append("Not listed, because they did not answer: " + failed.sorted().map(\.label).joined(separator: ", ") + ".")
    }
    let searchedItems = searched.map { id in
      SweepSkeleton.Searched(id: id, title: record.titles[id] ?? "?", checked: record.checked[id])
    }
    let text = SweepSkeleton.render(
      id: id, from: result.period.from, through: result.period.through, searched: searchedItems,
      sources: answered.map(\.searchPage), notes: notes)
    try UserFile.create(path, text: text, mode: 0o644, option: "--draft")
    return path
  }

  /// A statement skeleton with what the source's own data says filled in, and the
  /// recommendations matched, with their status now, as comments.
  static func draft(_ candidate: Candidate, id: EventID, record: DiscoveryRecord, today: Day) -> String {
    var notes = [
      "Drafted by `iicsa discover` on \(today) from \(candidate.source.label): a \(candidate.kind.label).",
      "Only the source's listing was read. Open the link, read what was said, and fill in what it changed.",
    ]
    if let detail = candidate.detail { notes.append("The source says: \(detail).") }
    if let body = candidate.body, candidate.kind != .writtenStatement { notes.append("Answered or published by: \(body).") }
    for id in candidate.recommendations {
      let status = record.statuses[id].map { "now \($0.position.rawValue) / \($0.stage.rawValue)" } ?? "not in the record"
      notes.append("Matched \(id) (\(record.titles[id] ?? "?")), \(status) as of \(today).")
    }
    for report in candidate.reports { notes.append("Matched the report \(report) as a whole.") }
    notes.append("Terms that found it: \(DiscoveryRendering.terms(candidate)).")
    let prefill = StatementSkeleton.Prefill(
      speaker: candidate.speaker ?? candidate.body, role: candidate.kind == .writtenStatement ? candidate.body : nil,
      kind: candidate.statementKind, title: candidate.title,
      source: SourceLink(url: candidate.link, publisher: candidate.source.publisher, title: candidate.title), notes: notes)
    return StatementSkeleton.render(id: id, date: candidate.date, named: [], asOf: today, prefill: prefill)
  }

  /// `DATE-KIND-LAST-PARTS-OF-THE-LINK`, a valid event id, unique among `used`: the parts that
  /// name the item (a question's number, a title, an instrument's year and number), without
  /// dates, long opaque ids or the words every link of its kind holds.
  static func eventID(for candidate: Candidate, avoiding used: Set<String>) -> EventID {
    let common: Set<Substring> = ["made", "enacted", "contents", "debates", "detail", "written-questions", "written-statements"]
    let path = candidate.link.split(separator: "/").dropFirst(2).filter { part in
      !common.contains(part) && Day(iso: part) == nil && part.filter({ $0 == "-" }).count < 4
    }
    let words = (candidate.kind.rawValue + "-" + path.suffix(3).joined(separator: "-")).lowercased()
    var slug = ""
    for character in words {
      if character.isASCII && (character.isLetter || character.isNumber) {
        slug.append(character)
      } else if !slug.hasSuffix("-") {
        slug.append("-")
      }
    }
    let base = "\(candidate.date)-" + String(slug.prefix(90)).trimmingCharacters(in: ["-"])
    var id = base
    var ordinal = 2
    while used.contains(id) {
      id = "\(base)-\(ordinal)"
      ordinal += 1
    }
    return EventID(id) ?? EventID("\(candidate.date)-discovered")!
  }
}
