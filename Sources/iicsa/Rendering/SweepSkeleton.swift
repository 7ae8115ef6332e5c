import IICSADomain

/// The YAML skeleton of a sweep that `iicsa new sweep` and `iicsa discover --draft` write: the
/// period, every recommendation searched for with the day it was last checked through, and the
/// places searched, with `TODO` where only the person who searched can say.
enum SweepSkeleton {
  /// A recommendation searched for, with its title and the day it was last checked through.
  struct Searched {
    var id: RecommendationID
    var title: String
    var checked: Day?
  }

  static func render(
    id: EventID, from: Day?, through: Day, searched: [Searched], sources: [SourceLink], found: [EventID] = [],
    notes: [String] = []
  ) -> String {
    let placeholder = StatementSkeleton.placeholder
    let comment = StatementSkeleton.comment
    var out = """
      # A sweep for the iicsa record: that the sources were searched for these recommendations
      # through a day, and what was found (docs/data-format.md, "Sweep"). It changes no status.
      # Replace each TODO, delete the recommendations that were not searched for, then run
      #   iicsa check FILE     to see what is still missing or wrong, and
      #   iicsa record FILE    to add it to the record (after the statements it found).
      \(notes.map { "# " + comment($0) + "\n" }.joined())
      # A unique id: the day, then a few words (lower-case letters, digits and '-').
      id: \(id)

      """
    out += from.map { "# The first day searched (delete the line if the search had no lower bound).\nfrom: \($0)\n" }
      ?? "# The first day searched, if the search had one, as YYYY-MM-DD.\n# from: YYYY-MM-DD\n"
    out += """
      # The last day searched: every source below was read through it. Not after today.
      through: \(through)
      # Who searched: a person, or the group.
      checked_by: \(placeholder)
      # The recommendations searched for.
      recommendations:

      """
    for item in searched {
      let last = item.checked.map { "last checked through \($0)" } ?? "never checked"
      out += "  - \(item.id)  # \(comment(item.title)); \(last)\n"
    }
    out += "# The places searched, each with its web address (a search page is right here).\nsources:\n"
    if sources.isEmpty {
      out += "  - url: \(placeholder)\n    publisher: \(placeholder)\n    # title: what the page is (optional)\n"
    }
    for link in sources {
      out += "  - url: \(YAMLText.quoted(link.url))\n    publisher: \(YAMLText.quoted(link.publisher))\n"
      if let title = link.title { out += "    title: \(YAMLText.quoted(title))\n" }
    }
    out += "# The statements recorded from this search (record them first); [] when nothing new was found.\n"
    out += found.isEmpty ? "found: []\n" : "found:\n" + found.map { "  - \($0)\n" }.joined()
    out += "# Optional: how the search was made, and anything not searched. Delete the # to use it.\n# note: \(placeholder)\n"
    return out
  }
}
