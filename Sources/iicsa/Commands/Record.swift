import ArgumentParser
import IICSADomain
import IICSAStore
import IICSALog

extension IICSA {
  /// Records statement (or catalogue) files: all of them, or none.
  struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Record statements from YAML files, all in one transaction: all of them or none.",
      discussion: "See docs/data-format.md for the file format. A file already recorded with the same content is skipped.")

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("Statement or catalogue files (YAML).", valueName: "file"))
    var files: [String]

    func validate() throws {
      if files.isEmpty { throw ValidationError("Name at least one statement file.") }
    }

    func run() throws {
      print(try Recording.record(paths: files, into: store), terminator: "")
    }
  }

  /// Records every YAML file in a folder: all of them, or none.
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Record every .yaml file in a folder (and its subfolders) in one transaction.")

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("A folder of statement or catalogue files.", valueName: "folder"))
    var folder: String?

    @Flag(help: "Import the record bundled with this version of iicsa (what is already recorded is skipped).")
    var bundled = false

    func validate() throws {
      if (folder == nil) == !bundled { throw ValidationError("Name a folder, or give --bundled.") }
    }

    func run() throws {
      let paths: [String]
      do {
        paths = try folder.map { try RecordFiles.paths(in: $0) } ?? BundledRecord.paths()
      } catch {
        throw CommandError("\(error)\nNothing was recorded.")
      }
      if paths.isEmpty { throw CommandError("\(folder ?? "The bundled record") holds no .yaml or .csv files. Nothing was recorded.") }
      // The bundled record comes with its own times; where the store already holds later events
      // (the user's own), the rest enters at the time of the import (docs/commands/import.md).
      print(try Recording.record(paths: paths, into: store, bundled: bundled), terminator: "")
    }
  }
}

/// What `record` and `import` share: read every file, append in one transaction, report.
enum Recording {
  /// With `bundled`, the files are the bundled record: they enter with the time of the import
  /// where the store already holds later events, and an error is said as a clash with the store,
  /// since a bundled file is not the user's to edit.
  static func record(paths: [String], into options: StoreOptions, bundled: Bool = false) throws -> String {
    let files: RecordFiles
    do {
      files = try RecordFiles.read(paths)
    } catch {
      throw CommandError(error.description + "\nNothing was recorded.")
    }
    let store = try options.open(.readWrite)
    let result: AppendResult
    do {
      result = try store.append(files.events(), expecting: nil, now: Clock.now(), restampingEarlier: bundled)
    } catch {
      switch error {
      case .rule where bundled, .conflictingContent where bundled: throw CommandError(BundledRecord.clash(error))
      default: break
      }
      throw CommandError("\(files.locate(error))\nNothing was recorded.")
    }
    var out = "Recorded \(result.appended.count) new event(s)"
    if !result.unchanged.isEmpty { out += "; \(result.unchanged.count) already recorded with the same content" }
    return out + ". Log: \(result.head.length) events, head \(result.head.head).\n"
  }
}
