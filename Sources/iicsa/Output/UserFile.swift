import Foundation
import IICSAStore
import IICSALog

/// Files the user names for a command to make or read: new files, never overwritten, and keys.
enum UserFile {
  /// A key, a checkpoint or a manifest is a few kilobytes (a site's MANIFEST a few hundred).
  static let maximumBytes = 16 << 20

  /// Creates `path` with `mode`, refusing an existing file, folder or link: the permission is
  /// set as the file is made, so a private key is never readable by others, even for an instant.
  static func create(_ path: String, text: String, mode: mode_t, option: String = "--out") throws {
    try OutputPath.refuseUnusable(path, option: option, advice: "name a new file")
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
    guard descriptor >= 0 else {
      let reason = errno
      var isFolder: ObjCBool = false
      if reason == EEXIST, FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
        throw CommandError("\(path) is a folder. Nothing was written; name a new file inside it.")
      }
      throw CommandError(
        reason == EEXIST
          ? "\(path) already exists. Nothing was written; name a new file."
          : "\(path) cannot be created (\(String(cString: strerror(reason)))). Nothing was written.")
    }
    let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    do {
      try handle.write(contentsOf: Data(text.utf8))
      try handle.synchronize()
    } catch {
      // The file is the one just made: O_EXCL guarantees it was not there before.
      try? FileManager.default.removeItem(atPath: path)
      throw CommandError("\(path) could not be written (\(error.localizedDescription)). Nothing was written.")
    }
  }

  /// A small text file the user names (a key, a checkpoint, a manifest), read through
  /// `InputFile`'s bounds; nil when it cannot be read as text.
  static func text(at path: String, maximumBytes: Int = maximumBytes) -> String? {
    try? InputFile.text(at: path, maximumBytes: maximumBytes, what: "text", sizeHint: "")
  }

  /// Reads a private key file, refusing one that others can read, as ssh does. What the file
  /// is comes first: a public key given by mistake is named as one, not told to change its mode.
  static func signingKey(at path: String) throws -> SigningKey {
    guard let text = text(at: path) else {
      throw CommandError("\(path) cannot be read. Give the private key file made by `iicsa key new`.")
    }
    let key: SigningKey
    do {
      key = try SigningKey(fileText: text)
    } catch {
      throw CommandError("\(path) \(error)")
    }
    // The mode that matters is the key file's own, not a link's (links are always 777).
    let real = Paths.resolved(path)
    if let mode = (try? FileManager.default.attributesOfItem(atPath: real))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
      throw CommandError(
        "\(isLink(path) ? "\(path) (a link to \(real))" : path) can be read by others "
          + "(mode \(String(mode & 0o777, radix: 8))): a signing key must be private. "
          + "Run `chmod 600 \(real)`; if others may have copied it, make a new key.")
    }
    return key
  }

  private static func isLink(_ path: String) -> Bool {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
  }

  /// Reads a public key file.
  static func publicKey(at path: String) throws -> PublicKey {
    guard let text = text(at: path) else {
      throw CommandError("\(path) cannot be read. Give the public key file (FILE.pub) made by `iicsa key new`.")
    }
    do {
      return try PublicKey(text: text)
    } catch {
      throw CommandError("\(path) \(error)")
    }
  }
}
