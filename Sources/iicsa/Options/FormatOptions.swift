import ArgumentParser

/// The output formats of the report commands.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
  case table, json, csv, md
}

/// `--format`: how a report is printed.
struct FormatOptions: ParsableArguments {
  @Option(help: "Output format: table (for reading), json, csv or md (Markdown).")
  var format: OutputFormat = .table
}

/// The formats of a report about one thing (`show`): CSV is for lists of rows.
enum DocumentFormat: String, CaseIterable, ExpressibleByArgument {
  case table, json, md
}

/// `--format` of `show`.
struct DocumentFormatOptions: ParsableArguments {
  @Option(help: "Output format: table (for reading), json or md (Markdown).")
  var format: DocumentFormat = .table
}

/// The formats of `pledges`: the report formats, and a calendar of due dates.
enum PledgeFormat: String, CaseIterable, ExpressibleByArgument {
  case table, json, csv, md, ics

  /// The report format of the same name; nil for the calendar.
  var report: OutputFormat? { OutputFormat(rawValue: rawValue) }
}

/// `--format` of `pledges`.
struct PledgeFormatOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Output format: table (for reading), json, csv, md (Markdown) or ics (an iCalendar file of the open and "
        + "overdue pledges' due dates)."))
  var format: PledgeFormat = .table
}
