import IICSADomain

/// Statements written in the spreadsheet layout that `record` reads (docs/data-format.md): one row
/// per entry, each row repeating the statement's fields, the sources spread over its rows. An
/// edited copy, with new statement ids, records back as new statements.
enum StatementCSV {
  /// The reader's columns, with the status before each change beside the one it sets.
  static let header: [String] = CSVStatementFile.columns.flatMap { column -> [String] in
    switch column {
    case "position": return ["from_position", "position"]
    case "stage": return ["from_stage", "stage"]
    default: return [column]
    }
  }

  /// The rows of `statement`; `before` gives the status each change started from, where known.
  static func rows(_ statement: Statement, before: [RecommendationID: Status] = [:]) -> [[String: String]] {
    var entries: [[String: String]] = []
    for change in statement.changes {
      var row = ["entry": "change", "recommendation": change.recommendation.description]
      row["position"] = change.position?.rawValue
      row["stage"] = change.stage?.rawValue
      row["from_position"] = before[change.recommendation]?.position.rawValue
      row["from_stage"] = before[change.recommendation]?.stage.rawValue
      row["reason"] = change.reason
      row["entry_note"] = change.note
      entries.append(row)
    }
    for id in statement.reaffirms { entries.append(["entry": "reaffirm", "recommendation": id.description]) }
    for id in statement.relatesTo { entries.append(["entry": "relates", "recommendation": id.description]) }
    for pledge in statement.pledges {
      var row = ["entry": "pledge", "recommendation": pledge.recommendation.description, "pledge_text": pledge.text]
      switch pledge.target {
      case .stage(let stage): row["target_stage"] = stage.rawValue
      case .position(let position): row["target_position"] = position.rawValue
      case .anyResponse: row["target_position"] = "any"
      case .act: break
      }
      row["due"] = pledge.due?.description
      row["due_text"] = pledge.dueText
      row["replaces"] = pledge.replaces?.description
      entries.append(row)
    }
    for outcome in statement.pledgeOutcomes {
      var row = [
        "entry": "outcome", "recommendation": outcome.recommendation.description,
        "pledge": outcome.pledge.description, "outcome": outcome.outcome.rawValue,
      ]
      row["entry_note"] = outcome.note
      entries.append(row)
    }
    // Every statement has a source, so it has a row; sources beyond its entries get rows of their own.
    while entries.count < statement.sources.count { entries.append(["entry": "source"]) }
    var fields = [
      "statement_id": statement.id.rawValue, "date": statement.date.description,
      "date_precision": statement.datePrecision.rawValue, "speaker": statement.speaker, "role": statement.role,
      "kind": statement.kind.rawValue, "title": statement.title, "summary": statement.summary,
      "confidence": statement.confidence.rawValue,
    ]
    fields["note"] = statement.note
    return entries.enumerated().map { index, entry in
      var row = fields.merging(entry) { a, _ in a }
      if index < statement.sources.count {
        let source = statement.sources[index]
        row["source_url"] = source.url
        row["source_publisher"] = source.publisher
        row["source_title"] = source.title
      }
      return row
    }
  }

  /// The header and `rows`, as CSV with formulas neutralised.
  static func render(_ rows: [[String: String]]) -> String {
    var out = Escape.csvLine(header)
    for row in rows { out += Escape.csvLine(header.map { row[$0] ?? "" }) }
    return out
  }
}
