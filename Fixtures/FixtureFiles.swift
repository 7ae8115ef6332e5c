public import Foundation

/// Where the bundled record lives once the package is built.
///
/// The files ship as SwiftPM resources so that `iicsa` finds them wherever it is run from, never
/// relative to the working directory.
public enum FixtureFiles {
  /// The folder of source catalogues (`*.yaml`), one per report.
  public static var catalogues: URL? { Bundle.module.url(forResource: "catalogues", withExtension: nil) }
  /// The folder of statements (`*.yaml`), one per government statement or event.
  public static var statements: URL? { Bundle.module.url(forResource: "statements", withExtension: nil) }
  /// The folder of corrections (`*.yaml`) of statements and catalogues shipped before.
  public static var corrections: URL? { Bundle.module.url(forResource: "corrections", withExtension: nil) }
  /// The folder of sweeps (`*.yaml`): the searches of the sources the record was made from.
  public static var sweeps: URL? { Bundle.module.url(forResource: "sweeps", withExtension: nil) }

  /// The folders whose files enter the log, in the order they are read: one list, so that the
  /// loader, the release manifests and `check` agree on what the bundled record is.
  public static let recordFolders = ["catalogues", "statements", "corrections", "sweeps"]

  /// Each of `recordFolders`, as built; nil when one is missing from the build.
  public static var recordFolderURLs: [URL]? {
    let urls = recordFolders.compactMap { Bundle.module.url(forResource: $0, withExtension: nil) }
    return urls.count == recordFolders.count ? urls : nil
  }
  /// The folder of release manifests (`VERSION.txt`): the files each release shipped, with their
  /// SHA-256 and event id, so that a shipped file is never edited unnoticed.
  public static var releases: URL? { Bundle.module.url(forResource: "releases", withExtension: nil) }
  /// Which words find which recommendation, for `iicsa discover` (`discovery/terms.yaml`).
  public static var discoveryTerms: URL? {
    Bundle.module.url(forResource: "discovery", withExtension: nil)?.appendingPathComponent("terms.yaml")
  }
}
