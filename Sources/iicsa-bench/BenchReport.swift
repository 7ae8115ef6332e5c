import Foundation
import IICSABenchSupport
import IICSADomain

/// Everything one `run` measured, printed as Markdown tables ready for docs/performance.md.
struct BenchReport {
  var machine: Machine
  var binary: String
  var repeats: Int
  /// The real record first, then generated stores, smallest first.
  var stores: [StoreUnderTest] = []
  /// Timings by store label, then by command label.
  var timings: [String: [String: Timing]] = [:]
  /// Stores built in this run, with their append rate.
  var generations: [(String, GenerationResult)] = []
  var writes: WriteFigures?

  /// Issue 6's memory ceiling for read commands on the largest store, and for rebuild.
  static let readRSSLimitMB = 100.0
  static let rebuildRSSLimitMB = 200.0

  func render() -> String {
    var out = "# iicsa-bench run\n\n"
    out += "Machine: \(machine.summary).\n\n"
    out +=
      "Binary: `\(binary)`. Each cell: median of \(repeats) cold runs after one warm-up run "
      + "(* = \(Session.slowRepeats) runs, when one run took over \(Int(Session.slowRun)) s).\n\n"
    out += storesTable()
    if !timings.isEmpty { out += timingTable() + outputTable() + memoryTable() }
    out += generationTable()
    out += writesTable()
    return out
  }

  private var largest: StoreUnderTest? { stores.count > 1 ? stores.last : nil }

  private func storesTable() -> String {
    var table = MarkdownTable(["store", "events", "--as-of", "--known-at", "month", "show"])
    for store in stores {
      let probe = store.probe
      table.add([
        store.label, Format.grouped(probe.events), probe.midDate.description,
        probe.midRecordedAt.description, probe.month, probe.busiest.description,
      ])
    }
    return "## Stores and the questions asked\n\n" + table.text + "\n"
  }

  private func timingTable() -> String {
    let ratioLabel = largest.map { "ratio \($0.label)/record" } ?? "ratio"
    var table = MarkdownTable(["command"] + stores.map(\.label) + [ratioLabel, "target", "result"])
    for command in CommandSpec.all {
      let cells = stores.map { cell(timings[$0.label]?[command.label]) }
      table.add([command.label] + cells + verdict(command))
    }
    return "## Report commands: median milliseconds per cold process\n\n" + table.text + "\n"
  }

  private func cell(_ timing: Timing?) -> String {
    guard let timing else { return "—" }
    if timing.failure != nil { return "FAILED" }
    return Format.ms(timing.median) + (timing.runs < repeats ? "*" : "")
  }

  private func verdict(_ command: CommandSpec) -> [String] {
    guard let largest, let small = timings["record"]?[command.label],
      let large = timings[largest.label]?[command.label], small.median > 0
    else { return ["—", "—", "—"] }
    let ratio = large.median / small.median
    guard let target = command.target else { return [Format.ratio(ratio), "reference", ""] }
    let pass = large.failure == nil && small.failure == nil && ratio <= target
    return [Format.ratio(ratio), "≤ \(Format.ratio(target))", pass ? "PASS" : "FAIL"]
  }

  private func outputTable() -> String {
    var header = ["command"] + stores.map(\.label)
    if let largest { header += ["output \(largest.label)/record", "time ratio ÷ output ratio"] }
    var table = MarkdownTable(header)
    for command in CommandSpec.all {
      table.add(
        [command.label]
          + stores.map { store in
            timings[store.label]?[command.label].map { Format.grouped($0.outputBytes) } ?? "—"
          } + (largest == nil ? [] : perOutput(command)))
    }
    var text = "## Output: bytes printed (export: printed and written)\n\n"
    text +=
      "What a command prints bounds what it must cost: a month of the 1M store holds "
      + "thousands of statements where the real record holds a handful. The last column "
      + "divides the time ratio by the output ratio: at 1× or below, the command costs no more "
      + "per byte of output on the large store than on the real record.\n\n"
    return text + table.text + "\n"
  }

  /// The output ratio largest/record, and the time ratio divided by it.
  private func perOutput(_ command: CommandSpec) -> [String] {
    guard let largest, let small = timings["record"]?[command.label],
      let large = timings[largest.label]?[command.label],
      small.failure == nil, large.failure == nil, small.median > 0, small.outputBytes > 0
    else { return ["—", "—"] }
    let output = Double(large.outputBytes) / Double(small.outputBytes)
    return [Format.ratio(output), Format.ratio(large.median / small.median / output)]
  }

  private func memoryTable() -> String {
    var table = MarkdownTable(["command"] + stores.map(\.label) + ["limit", "result"])
    for command in CommandSpec.all where !command.isReference {
      let cells = stores.map { store in
        timings[store.label]?[command.label].map { Format.megabytes(kib: $0.maxRSSKiB) } ?? "—"
      }
      let peak = largest.flatMap { timings[$0.label]?[command.label] }
      let mb = Double(peak?.maxRSSKiB ?? 0) / 1024
      let result = peak == nil ? "—" : mb < Self.readRSSLimitMB ? "PASS" : "FAIL"
      table.add([command.label] + cells + ["< \(Int(Self.readRSSLimitMB)) MB", result])
    }
    return "## Peak resident memory, MB (warm-up run, through /usr/bin/time)\n\n" + table.text
      + "\n"
  }

  private func generationTable() -> String {
    guard !generations.isEmpty else {
      return "## Generation\n\nEvery generated store was reused from --keep: nothing generated.\n\n"
    }
    var table = MarkdownTable(["store", "events", "transactions", "seconds", "rate"])
    for (label, result) in generations {
      table.add([
        label, Format.grouped(result.events), "\(result.transactions)",
        String(format: "%.1f", result.seconds), Format.rate(result.rate),
      ])
    }
    return "## Generation through `EventStore.append`\n\n" + table.text + "\n"
  }

  private func writesTable() -> String {
    var table = MarkdownTable(["figure", "measured", "target", "result"])
    if let status = timings["record"]?["status"] {
      table.add(floor("`status` on the real record, cold", status.median * 1000, "ms", below: 50))
    }
    if let help = timings["record"]?["--help"] {
      table.add(floor("`--help`, cold", help.median * 1000, "ms", below: 20))
    }
    if let writes { addWrites(writes, to: &table) }
    return "## Writes, start-up and memory: targets\n\n" + table.text
  }

  /// The write targets (docs/performance.md): import and rebuild as ratios to their own SQL run
  /// in the `sqlite3` shell in the same run, so a slower machine moves both alike.
  static let writeRatioTarget = 1.5
  /// One durable append, in milliseconds.
  static let appendLimitMS = 10.0
  /// `verify`, in events per second: twice the 21,500 of the last measurement before the work on
  /// writes (docs/performance.md).
  static let verifyRateFloor = 43_000.0

  private func addWrites(_ writes: WriteFigures, to table: inout MarkdownTable) {
    if let result = writes.importResult {
      table.add(
        againstSQL(
          "import of \(Format.grouped(writes.importStatements)) statements, one transaction "
            + "(\(Format.rate(result.rate)))",
          seconds: result.seconds, sql: writes.importSQL, events: result.events))
    }
    if !writes.appendSeconds.isEmpty {
      table.add(
        floor(
          "one durable append on the \(writes.store) store "
            + "(median of \(writes.appendSeconds.count))",
          median(writes.appendSeconds) * 1000, "ms", below: Self.appendLimitMS))
    }
    if let verify = writes.verify, verify.median > 0 {
      let label = "`verify` of the \(writes.store) store (\(Format.ms(verify.median)) ms)"
      table.add(floor(label, Double(writes.events) / verify.median, "events/s", atLeast: Self.verifyRateFloor))
    }
    if let rebuild = writes.rebuild, rebuild.median > 0 {
      table.add(
        againstSQL(
          "`rebuild` of the \(writes.store) store (\(Format.ms(rebuild.median)) ms, "
            + "\(Format.rate(Double(writes.events) / rebuild.median)))",
          seconds: rebuild.median, sql: writes.rebuildSQL, events: writes.events))
    }
    if let rebuild = writes.rebuild {
      table.add(
        floor(
          "`rebuild` peak memory on the \(writes.store) store",
          Double(rebuild.maxRSSKiB) / 1024, "MB", below: Self.rebuildRSSLimitMB))
    }
  }

  /// A write as a ratio to the same rows written by the `sqlite3` shell alone in the same run,
  /// against `writeRatioTarget`; no verdict when the SQL run failed.
  private func againstSQL(_ what: String, seconds: Double, sql: Timing?, events: Int) -> [String] {
    guard let sql, sql.failure == nil, sql.median > 0 else {
      return [what + ", against its SQL alone", "SQL run failed: \(sql?.failure ?? "not run")", "≤ \(Format.ratio(Self.writeRatioTarget))", "—"]
    }
    let ratio = seconds / sql.median
    return [
      "\(what), against its SQL alone in the `sqlite3` shell (\(Format.ms(sql.median)) ms, "
        + "\(Format.rate(Double(events) / sql.median)))",
      Format.ratio(ratio), "≤ \(Format.ratio(Self.writeRatioTarget))", ratio <= Self.writeRatioTarget ? "PASS" : "FAIL",
    ]
  }

  private func floor(_ label: String, _ value: Double, _ unit: String, below limit: Double)
    -> [String]
  {
    [label, figure(value, unit), "< \(figure(limit, unit))", value < limit ? "PASS" : "FAIL"]
  }

  private func floor(_ label: String, _ value: Double, _ unit: String, atLeast limit: Double)
    -> [String]
  {
    [label, figure(value, unit), "≥ \(figure(limit, unit))", value >= limit ? "PASS" : "FAIL"]
  }

  private func figure(_ value: Double, _ unit: String) -> String {
    unit == "events/s"
      ? Format.rate(value) : String(format: value < 10 ? "%.2f" : "%.1f", value) + " " + unit
  }
}

/// A Markdown table with padded columns.
struct MarkdownTable {
  var header: [String]
  var rows: [[String]] = []

  init(_ header: [String]) { self.header = header }

  mutating func add(_ row: [String]) { rows.append(row) }

  var text: String {
    let all = [header] + rows
    let widths = header.indices.map { column in
      // At least the rule's three dashes, which are padded to the width like any cell.
      max(3, all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0)
    }
    func line(_ cells: [String]) -> String {
      let padded = widths.indices.map { column in
        let cell = column < cells.count ? cells[column] : ""
        return cell + String(repeating: " ", count: widths[column] - cell.count)
      }
      return "| " + padded.joined(separator: " | ") + " |\n"
    }
    return line(header) + line(widths.map { String(repeating: "-", count: $0) })
      + rows.map(line).joined()
  }
}
