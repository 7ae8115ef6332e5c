import ArgumentParser
import Foundation
import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog

extension IICSA {
  /// A publisher's signing key.
  struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Make a publisher's Ed25519 signing key, for signed checkpoints and manifests.",
      subcommands: [KeyNew.self])
  }

  /// Writes a new key pair.
  struct KeyNew: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "new",
      abstract: "Make a new Ed25519 key: the private key in FILE (readable by you only), the public key in FILE.pub.",
      discussion: """
        Keep FILE secret and out of any published folder: whoever holds it can sign in your name. \
        Hand out FILE.pub (or the public key printed), so that readers can check your checkpoints \
        and manifests with `iicsa verify --key FILE.pub`. Neither file is ever overwritten.
        """)

    @Option(help: ArgumentHelp("The private key file to create; the public key goes to FILE.pub.", valueName: "file"))
    var out: String

    func run() throws {
      let publicPath = out + ".pub"
      for path in [out, publicPath] where FileManager.default.fileExists(atPath: path) {
        throw CommandError("\(path) already exists. Nothing was written; name a new file with --out.")
      }
      let key = SigningKey()
      try UserFile.create(out, text: key.fileText, mode: 0o600)
      do {
        try UserFile.create(publicPath, text: key.publicKey.fileText, mode: 0o644)
      } catch {
        try? FileManager.default.removeItem(atPath: out)
        throw error
      }
      print("Wrote the private key to \(out), readable by you only: keep it secret and never publish it.")
      print("Wrote the public key to \(publicPath): hand it out, so readers can check your signatures.")
      print("Public key \(key.publicKey) (fingerprint \(key.publicKey.fingerprint)).")
    }
  }

  /// Writes a checkpoint of the log.
  struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "checkpoint",
      abstract: "Write a checkpoint of the log (its length, head and the time), signed with --key.",
      discussion: """
        Publish the checkpoint where others keep a copy (a newsletter, a website, a repository): \
        `iicsa verify --checkpoint FILE --key KEY.pub` then proves the log still holds that head \
        at that length, so no event up to it was changed, deleted, inserted or reordered, and none \
        was removed from its end. Signed, it also proves who made it. See docs/log-format.md.
        """)

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Sign with this private key file (from `iicsa key new`).", valueName: "file"))
    var key: String?

    @Option(help: ArgumentHelp("Write the checkpoint to this new file (default: standard output).", valueName: "file"))
    var out: String?

    func run() throws {
      let signer = try key.map(UserFile.signingKey(at:))
      let log = try store.open(.readOnly)
      var text = Checkpoint(log: try log.head(), time: Clock.now()).text
      if let signer { text = try SignedText.sign(text, with: signer) }
      guard let out else {
        print(text, terminator: "")
        return
      }
      try UserFile.create(out, text: text, mode: 0o644)
      print("Wrote \(out)\(signer.map { ", signed by key \($0.publicKey.fingerprint)" } ?? " (unsigned)").")
    }
  }
}

/// The words for how a log stands against a checkpoint, a manifest or a head and length.
enum CheckpointText {
  /// Why the log does not hold `expected`; nil when it does. `what` names what was checked.
  static func problem(_ match: CheckpointMatch, expected: LogHead, what: String) -> String? {
    switch match {
    case .matches: return nil
    case .shorter(let length):
      return "the log has \(length) events, fewer than the \(expected.length) of \(what): events were deleted from its end, "
        + "or \(what) was drawn from another log"
    case .differs(let hash):
      return "event \(expected.length) of the log has hash \(hash.isEmpty ? "(none)" : hash), not \(expected.head) as \(what) says: "
        + "\(what) was not drawn from this log, or the log was rewritten"
    }
  }

  /// What a signed file's signature shows, or why it is refused. `trusted` is the key the
  /// reader gave, if any.
  static func signatureProblem(_ parts: SignedText.Parts?, trusted: PublicKey?, file: String) -> String? {
    guard let parts else {
      return trusted == nil ? nil : "\(file) is not signed, so it cannot show that the key's owner made it"
    }
    if !parts.isValid {
      return "\(file): the signature does not match the text: it was altered after it was signed"
    }
    if let trusted, trusted != parts.key {
      return "\(file) is signed by key \(parts.key.fingerprint), not by the key given (\(trusted.fingerprint))"
    }
    return nil
  }
}
