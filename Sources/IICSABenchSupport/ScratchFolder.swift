import Foundation

/// The folder a bench run works in: the user's `--keep` folder, which is never removed, or a
/// folder made new for the run (`mkdtemp`, so never one that was there before), removed after.
public struct ScratchFolder: Sendable {
  public let path: String
  /// Whether the run made the folder, and so removes it.
  public let owned: Bool

  public init(keep: String?, prefix: String) throws {
    if let keep {
      try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
      path = keep
      owned = false
      return
    }
    var template = Array((NSTemporaryDirectory() + prefix + "-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: NSTemporaryDirectory()])
    }
    path = String(cString: made)
    owned = true
  }

  /// Removes the folder if the run made it.
  public func removeIfOwned() {
    if owned { try? FileManager.default.removeItem(atPath: path) }
  }
}
