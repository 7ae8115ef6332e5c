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
