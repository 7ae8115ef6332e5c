import IICSADomain
import IICSAReports

/// Renders a `PledgeCalendar` as iCalendar: what `pledges --format ics`, the site's and the
/// export's `pledges.ics` hold. Pure: same calendar, same bytes.
enum PledgeCalendarRendering {
  static func render(_ calendar: PledgeCalendar) -> String {
    ICalendar(
      name: "Promises on child sexual abuse: due dates (iicsa)",
      // Not "the government's": a council or a regulator can make a pledge the record tracks.
      description: "The due dates of the open and overdue promises on the recommendations this record tracks, "
        + "as of \(calendar.asOf) (\(Provenance.line(log: calendar.log, knownAt: calendar.knownAt))). "
        + "Each event says who promised what, when, and where it was said.",
      events: calendar.entries.map(event)
    ).text
  }

  static func event(_ entry: PledgeCalendar.Entry) -> ICalendar.Event {
    let record = entry.row.record
    let pledge = record.pledge
    let id = record.pledgeID.description
    let statement = entry.statement?.statement
    let summary: String
    switch entry.mark {
    case .due: summary = (entry.row.isOverdue ? "Overdue" : "Due") + " (\(pledge.recommendation)): " + pledge.text
    case .baseline:
      summary = "First due (\(pledge.recommendation)), now due \(pledge.due.map(String.init(describing:)) ?? "later"): " + pledge.text
    }
    var description = [String]()
    switch entry.mark {
    case .due: break
    case .baseline:
      description.append("This pledge was first promised for \(entry.day); it is now due \(pledge.due.map(String.init(describing:)) ?? "with no date").")
    }
    description.append("\(pledge.recommendation): \(entry.row.title).")
    if let statement {
      description.append("Promised on \(record.madeOn) by \(statement.speaker) (\(statement.role)): \(statement.title).")
    } else {
      description.append("Promised on \(record.madeOn) in \(record.statement).")
    }
    description.append("Promise: \(pledge.text)")
    description.append("Terms: \(PledgeText.terms(pledge)).")
    if let slip = PledgeText.slip(record) { description.append("It slipped: \(slip).") }
    description.append("State on \(entry.row.day): \(PledgeText.state(entry.row.state)).")
    for source in statement?.sources ?? [] { description.append("Source: \(source.publisher), \(source.url)") }
    description.append("Pledge \(id) in the iicsa record; `iicsa show \(pledge.recommendation)` has its history.")
    return ICalendar.Event(
      uid: uid(record, entry.mark),
      stamp: entry.statement?.recordedAt ?? Timestamp(secondsSinceEpoch: Int64(record.madeOn.daysSinceEpoch) * 86_400),
      day: entry.day, summary: summary, description: description.joined(separator: "\n"),
      url: statement?.sources.first?.url)
  }

  /// From the pledge's id alone (`STATEMENT#N`), which never changes once recorded: the event
  /// stays one event however its state or wording changes.
  static func uid(_ record: PledgeRecord, _ mark: PledgeCalendar.Mark) -> String {
    let suffix = mark == .baseline ? "-first-promised" : ""
    return "pledge-\(record.statement.rawValue)-\(record.ordinal)\(suffix)@iicsa"
  }
}
