import Foundation
import IICSAStore
import IICSALog

/// The folder a site is written to: checked before anything is read, built beside, swapped in.
///
/// Only the files a site's MANIFEST lists are iicsa's. Anything else in the folder (a `.git`
/// folder, a `CNAME` for the web host, a published copy of the store) is the user's: it is
/// carried into the new site by hard links before the swap, so the old site stays whole until
/// the new one is complete, and nothing of the user's is ever deleted.
struct SiteFolder {
  let out: OutputPath

  var path: String { out.path }

  /// Refuses a file, a folder that holds something other than a site iicsa built, and a place
  /// that cannot be written; nothing is touched. Returns the user's entries, which `replace`
  /// carries into the new site.
  func checkWritable() throws -> [String] {
    let manager = FileManager.default
    let given = out.given
    var isFolder: ObjCBool = false
    var manifest: Manifest?
    if manager.fileExists(atPath: path, isDirectory: &isFolder) {
      guard isFolder.boolValue else { throw CommandError("\(given) is a file, not a folder. Nothing was written.") }
      let contents = (try? manager.contentsOfDirectory(atPath: path)) ?? []
      manifest = self.manifest
      if !contents.isEmpty && manifest == nil {
        throw CommandError(
          "\(given) is not empty (\(contents.count) entries) and is not a site iicsa built (it has no site MANIFEST). "
            + "Nothing was written or deleted; choose an empty or new folder.")
      }
    }
    let parent = Paths.parent(path)
    if !manager.isWritableFile(atPath: parent) || (manager.fileExists(atPath: path) && !manager.isWritableFile(atPath: path)) {
      throw CommandError("\(given) cannot be written (check the permissions of \(parent)). Nothing was written.")
    }
    return try manifest.map(usersEntries) ?? []
  }

  /// The site MANIFEST in the folder, if it holds one.
  var manifest: Manifest? {
    guard let text = UserFile.text(at: path + "/MANIFEST", maximumBytes: Manifest.maximumBytes), text.hasPrefix(Manifest.siteTitle + "\n"),
      let manifest = try? Manifest.parse(((try? SignedText.parts(of: text)) ?? nil)?.message ?? text, file: "MANIFEST")
    else { return nil }
    return manifest
  }

  /// The entries of the folder that the site did not write (`manifest`, the folder's own, does
  /// not list them), as paths inside it, outermost only (a `.git` folder, not each file in it),
  /// sorted. A folder that holds site files is looked into.
  private func usersEntries(_ manifest: Manifest) throws -> [String] {
    let ours = Set(manifest.files.keys).union(["MANIFEST"])
    let folders = Set(ours.flatMap { name in
      let parts = name.split(separator: "/").dropLast()
      return parts.indices.map { parts[...$0].joined(separator: "/") }
    })
    var found: [String] = []
    func visit(_ relative: String) throws {
      let names = try FileManager.default.contentsOfDirectory(atPath: relative.isEmpty ? path : path + "/" + relative).sorted()
      for name in names {
        let inner = relative.isEmpty ? name : relative + "/" + name
        let type = try? FileManager.default.attributesOfItem(atPath: path + "/" + inner)[.type] as? FileAttributeType
        if type == .typeDirectory, folders.contains(inner) {
          try visit(inner)
        } else if !(type == .typeRegular && ours.contains(inner)) {
          guard type == .typeRegular || type == .typeDirectory || type == .typeSymbolicLink else {
            throw CommandError(
              "\(out.given)/\(inner) is neither a file, a folder nor a link, and iicsa did not write it: it cannot be "
                + "carried into the new site. Nothing was written or deleted; move it out of the site folder.")
          }
          found.append(inner)
        }
      }
    }
    try visit("")
    return found
  }

  /// Has `build` write the site into a new folder beside `path`, carries the user's entries
  /// (`kept`, from `checkWritable`) into it, then swaps it in with renames, so the previous site
  /// stays whole until the new one is complete. Returns `build`'s count.
  func replace(keeping kept: [String], _ build: (_ write: (String, Data) throws -> Void) throws -> Int) throws -> Int {
    let manager = FileManager.default
    let url = URL(fileURLWithPath: path)
    let parent = url.deletingLastPathComponent()
    let tag = UUID().uuidString.prefix(8)
    let building = parent.appendingPathComponent(".\(url.lastPathComponent).building-\(tag)")
    let old = parent.appendingPathComponent(".\(url.lastPathComponent).old-\(tag)")
    do {
      try manager.createDirectory(at: building, withIntermediateDirectories: true)
      var made: Set<String> = []
      let count = try build { path, bytes in
        let target = building.appendingPathComponent(path)
        let folder = target.deletingLastPathComponent()
        if made.insert(folder.path).inserted { try manager.createDirectory(at: folder, withIntermediateDirectories: true) }
        try bytes.write(to: target)
      }
      for entry in kept {
        let target = building.appendingPathComponent(entry)
        if (try? manager.attributesOfItem(atPath: target.path)) != nil {
          throw CommandError(
            "\(out.given)/\(entry) was not written by iicsa, and the new site has a file of that name. Nothing was "
              + "written or deleted; move \(entry) out of the site folder.")
        }
        try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Self.link(url.appendingPathComponent(entry).path, to: target.path)
      }
      if manager.fileExists(atPath: url.path) { try manager.moveItem(at: url, to: old) }
      try manager.moveItem(at: building, to: url)
      try? manager.removeItem(at: old)
      return count
    } catch {
      try? manager.removeItem(at: building)
      if !manager.fileExists(atPath: url.path), manager.fileExists(atPath: old.path) { try? manager.moveItem(at: old, to: url) }
      if let error = error as? CommandError { throw error }
      throw CommandError("Cannot write the site to \(out.given): \(error.localizedDescription). The previous site, if any, is as it was.")
    }
  }

  /// Makes `target` hold what `source` holds without touching `source`: a file is hard-linked
  /// (copied where the file system cannot link), a link is made anew with its own target, and
  /// a folder is made and filled the same way.
  private static func link(_ source: String, to target: String) throws {
    let manager = FileManager.default
    let type = try manager.attributesOfItem(atPath: source)[.type] as? FileAttributeType
    switch type {
    case .typeDirectory:
      let attributes = try manager.attributesOfItem(atPath: source)
      try manager.createDirectory(
        atPath: target, withIntermediateDirectories: false,
        attributes: [.posixPermissions: attributes[.posixPermissions] ?? 0o755])
      for name in try manager.contentsOfDirectory(atPath: source) {
        try link(source + "/" + name, to: target + "/" + name)
      }
    case .typeSymbolicLink:
      try manager.createSymbolicLink(atPath: target, withDestinationPath: try manager.destinationOfSymbolicLink(atPath: source))
    case .typeRegular:
      if Foundation.link(source, target) != 0 { try manager.copyItem(atPath: source, toPath: target) }
    default:
      throw CommandError("\(source) is neither a file, a folder nor a link: move it out of the site folder. Nothing was written.")
    }
  }
}
