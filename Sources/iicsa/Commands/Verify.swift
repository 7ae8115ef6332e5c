import ArgumentParser
import Foundation
import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog

extension IICSA {
  /// Checks the hash chain, the rules and the projections.
  struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check the log's hash chain, replay it, and compare the projections.",
      discussion: "Exits 0 when the store is sound, 3 when the log is damaged or tampered with (or an export does not match its --manifest), 4 when only the projections differ (run `iicsa rebuild`).")

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Also check that the log contains this head hash (from an export).", valueName: "hash"))
    var head: String?

    @Option(
      help: ArgumentHelp(
        "With --head: the hash must be that of this event, so a log cut short before it, or rewritten up to it, is refused.",
        valueName: "n"))
    var length: Int?

    @Option(
      help: ArgumentHelp(
        "Also check a checkpoint (from `iicsa checkpoint`): the log still holds its head at its length, and its signature holds.",
        valueName: "file"))
    var checkpoint: String?

    @Option(
      help: ArgumentHelp(
        "The publisher's public key (FILE.pub): a signed --checkpoint or --manifest must be signed by it.",
        valueName: "file.pub"))
    var key: String?

    @Flag(
      help: "Open the store as a published copy that nobody is writing: read without locks, and make no -wal or -shm file beside it.")
    var immutable = false

    @Option(
      help: ArgumentHelp(
        "Also check an export: every file's SHA-256 and that this log holds its head.",
        valueName: "path/MANIFEST"))
    var manifest: String?

    func validate() throws {
      if length != nil && head == nil { throw ValidationError("--length needs --head: the hash of that event.") }
      if let length, length < 1 { throw ValidationError("--length must be at least 1.") }
      if key != nil && checkpoint == nil && manifest == nil {
        throw ValidationError("--key checks the signature of a --checkpoint or a --manifest: give one.")
      }
    }

    func run() throws {
      let trusted = try key.map(UserFile.publicKey(at:))
      let log = try store.open(immutable ? .immutable : .readOnly)
      let report = try log.verify()
      for problem in report.problems { printError("iicsa verify: \(problem)") }
      let repairable = report.problems.allSatisfy {
        if case .projectionDiffers = $0 { return true }
        return false
      }
      if !report.chainIntact || !repairable { throw ExitCode(3) }
      // What was published is checked before a projection difference is called repairable: a log
      // cut short looks like stale projections, and a rebuild would hide the cut.
      try checkPublished(log: log, length: report.head.length, trusted: trusted)
      if !report.problems.isEmpty { throw ExitCode(4) }
      print("OK: \(report.head.length) events, head \(report.head.head).")
    }

    /// The checks against what was published: a head (and length), a checkpoint, a manifest.
    private func checkPublished(log: any EventLog, length logLength: Int, trusted: PublicKey?) throws {
      if let head, let length {
        let expected = LogHead(length: length, head: head.lowercased())
        if let problem = CheckpointText.problem(try log.match(expected), expected: expected, what: "the given head") {
          printError("iicsa verify: \(problem).")
          throw ExitCode(3)
        }
        print("Head \(head) is event \(length) of \(logLength).")
      } else if let head {
        guard let sequence = try log.sequence(ofHead: head) else {
          printError("iicsa verify: no event in this log has the head hash \(head): the export was not drawn from this log, or the log was rewritten.")
          throw ExitCode(3)
        }
        print("Head \(head) is event \(sequence) of \(logLength).")
      }
      if let checkpoint {
        try check(checkpoint: checkpoint, trusted: trusted, log: log, length: logLength)
      }
      if let manifest {
        let problems = try ExportBundle.check(manifestPath: manifest, against: log, trusted: trusted)
        for problem in problems { printError("iicsa verify: \(problem)") }
        if !problems.isEmpty { throw ExitCode(3) }
        let what = UserFile.text(at: manifest, maximumBytes: Manifest.maximumBytes)?.hasPrefix(Manifest.siteTitle + "\n") == true ? "Site" : "Export"
        print("\(what) \(manifest) matches: every file's SHA-256, and its head is in this log at its length.")
      }
    }

    /// Checks a checkpoint's signature, then that the log still holds its head at its length.
    private func check(checkpoint path: String, trusted: PublicKey?, log: any EventLog, length: Int) throws {
      guard let text = UserFile.text(at: path) else {
        throw CommandError("\(path) cannot be read. Give a checkpoint file from `iicsa checkpoint`.")
      }
      let (point, signed): (Checkpoint, SignedText.Parts?)
      do {
        (point, signed) = try Checkpoint.parse(text)
      } catch {
        printError("iicsa verify: \(path) \(error).")
        throw ExitCode(3)
      }
      if let problem = CheckpointText.signatureProblem(signed, trusted: trusted, file: path) {
        printError("iicsa verify: \(problem).")
        throw ExitCode(3)
      }
      if let problem = CheckpointText.problem(try log.match(point.log), expected: point.log, what: "the checkpoint") {
        printError("iicsa verify: \(path): \(problem).")
        throw ExitCode(3)
      }
      let grown = length - point.log.length
      var line = "Checkpoint \(path) of \(point.time) holds: event \(point.log.length) has its head"
      line += grown > 0 ? "; the log has grown by \(grown) events since." : "; nothing has been added since."
      print(line)
      if let signed {
        print(
          trusted == nil
            ? "Signed by key \(signed.key.fingerprint); give --key FILE.pub to check that it is the publisher's key."
            : "Signed by the key given (\(signed.key.fingerprint)).")
      } else {
        print("Unsigned: it shows the log's state, not who vouched for it.")
      }
    }
  }

  /// Recreates the projections from the log.
  struct Rebuild: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Recreate every projection table from the log alone.")

    @OptionGroup var store: StoreOptions

    func run() throws {
      let head = try store.open(.readWrite).rebuild()
      print("Rebuilt projections from \(head.length) events, head \(head.head).")
    }
  }
}

func printError(_ text: String) {
  var standardError = StandardError()
  print(text, to: &standardError)
}

struct StandardError: TextOutputStream {
  mutating func write(_ string: String) {
    FileHandle.standardError.write(Data(string.utf8))
  }
}

