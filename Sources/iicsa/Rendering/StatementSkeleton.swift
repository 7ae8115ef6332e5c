import IICSADomain

/// The YAML skeleton of a new statement that `iicsa new statement` writes: every field with a
/// comment saying what goes there, `TODO` where only the source can say, and the current status
/// of each recommendation named, so the volunteer writes down what the source changed.
enum StatementSkeleton {
  /// The value that marks a field still to fill in; `check` lists the fields that still hold it.
  static let placeholder = "TODO"

  /// A recommendation to list under `changes`, with its status now.
  struct Named {
    var id: RecommendationID
    var title: String
    var status: Status
  }

  /// What a source's own data already says, for a draft `iicsa discover` writes: each value
  /// replaces its TODO, and `notes` head the file as comments.
  struct Prefill {
    var speaker: String?
    var role: String?
    var kind: StatementKind?
    var title: String?
    var source: SourceLink?
    var notes: [String] = []
  }

  static func render(id: EventID, date: Day, named: [Named], asOf today: Day, prefill: Prefill = Prefill()) -> String {
    let kinds = StatementKind.allCases.map(\.rawValue).joined(separator: ", ")
    let positions = Position.allCases.map(\.rawValue).joined(separator: ", ")
    let stages = Stage.allCases.map(\.rawValue).joined(separator: ", ")
    var out = """
      # A new statement for the iicsa record; docs/data-format.md explains every field.
      # Replace each TODO with what the source says and delete the lines that do not apply, then run
      #   iicsa check FILE     to see what is still missing or wrong, and
      #   iicsa record FILE    to add it to the record.
      # Paraphrase: never copy long passages. Every fact needs a public source.
      \(prefill.notes.map { "# " + comment($0) + "\n" }.joined())
      # A unique id: the date, then a few words (lower-case letters, digits and '-').
      id: \(id)
      # The day the statement was made, as YYYY-MM-DD.
      date: \(date)
      # day; or month, or year, when only that much of the date is known.
      date_precision: day
      # Who made it: a person's name, or a body (Home Office).
      speaker: \(value(prefill.speaker))
      # Their role when they made it (Home Secretary, Minister for Safeguarding).
      role: \(value(prefill.role))
      # One of: \(kinds).
      kind: \(prefill.kind?.rawValue ?? placeholder)
      # One line saying what was said.
      title: \(value(prefill.title))
      # What it says, in your own words: a few sentences.
      summary: \(placeholder)
      # confirmed (read in the primary source), single_source, or unconfirmed.
      confidence: confirmed
      # Optional: what a reader should know (a doubt, another date). Delete the # to use it.
      # note: \(placeholder)
      # At least one public web address, primary where possible (Hansard, GOV.UK, legislation.gov.uk).
      sources:
        - url: \(value(prefill.source?.url))
          publisher: \(value(prefill.source?.publisher))
          \(prefill.source?.title.map { "title: " + YAMLText.quoted($0) } ?? "# title: the page's title (optional)")

      """
    out += "# What the statement changed: a position (\(positions))\n"
    out += "# and a stage (\(stages)).\n"
    out += "# A stage that moves back needs a reason.\n"
    if named.isEmpty {
      out += "changes: []\n"
      out += "#  - recommendation: IICSA-13\n#    position: accepted\n#    stage: legislating\n"
    } else {
      out += "changes:\n"
      for item in named {
        out += "  # \(item.id): \(comment(item.title))\n"
        out += "  # Now \(item.status.position.rawValue) / \(item.status.stage.rawValue) (as of \(today)). Give what the\n"
        out += "  # statement changed it to, and delete the line of what it left as it was.\n"
        out += "  - recommendation: \(item.id)\n"
        out += "    position: \(placeholder)\n"
        out += "    stage: \(placeholder)\n"
        out += "    # reason: why it moved back, if it did\n"
        out += "    # note: what the source says about it\n"
      }
    }
    out += """
      # Recommendations it repeats a commitment to, changing nothing: [IICSA-13, JAY-5].
      reaffirms: []
      # Recommendations it bears on without a commitment (background).
      relates_to: []
      # Promises. Give target_stage or target_position (any for a response), or neither for an act
      # that no status shows (publishing a response); due is optional.
      pledges: []
      #  - recommendation: IICSA-13
      #    text: what was promised, in your words
      #    target_stage: legislating
      #    due: 2027-03-31
      #    due_text: "by the spring"

      """
    return out
  }

  /// A field's value: quoted so that no text can end it or start another field; TODO when the
  /// source did not say.
  private static func value(_ text: String?) -> String {
    text.map(YAMLText.quoted) ?? placeholder
  }

  /// Text safe inside a YAML comment, which ends at the line's end.
  static func comment(_ text: String) -> String {
    String(text.map { $0.isNewline ? " " : $0 })
  }
}

/// YAML scalars written so that they read back as exactly the text given.
enum YAMLText {
  /// A double-quoted scalar: `"`, `\\` and every control character escaped, so a title holding
  /// `: `, `#`, a quote or a line break stays one title.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
          || scalar.value == 0xFEFF
        {
          out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
