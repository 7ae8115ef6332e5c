import ArgumentParser

/// `iicsa-bench`: the measuring instrument for issue 6 (performance at scale).
@main
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "iicsa-bench",
    abstract: "Measure iicsa at scale: build synthetic stores, then time every report command "
      + "on them and on the real record.",
    discussion: """
      `generate` builds a valid synthetic store through iicsa's own append path: reports made in \
      code, statements dated in order over the years (changes, reaffirmations and pledges that \
      obey every rule) and a few late corrections, all drawn from a seeded generator, so the \
      same flags always give the same log, hash for hash.

      `run` builds (or reuses, with --keep) stores of the given sizes and the real record, then \
      runs the built `iicsa` binary (found beside this one) as a user would, one cold process at \
      a time, and prints Markdown tables: the median time of each report command on each store, \
      the ratio largest/real record against the targets of issue 6, the raw `sqlite3` shell \
      answering "status as of a date" on the same file, output sizes, peak memory, and the write \
      figures (import rate, one durable append, verify and rebuild rates, and a rebuild's SQL \
      alone in the `sqlite3` shell as the floor for rebuild).

      Build everything first, so that `iicsa` sits beside `iicsa-bench`:
        swift build -c release && swift run -c release iicsa-bench run
      See docs/performance.md for the method and the figures measured.
      """,
    subcommands: [Generate.self, Run.self, Postgres.self])
}
