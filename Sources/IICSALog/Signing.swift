internal import Crypto
public import Foundation

/// A publisher's Ed25519 key pair, for signing checkpoints and manifests (docs/log-format.md).
///
/// The private key lives in a file of its own, readable by its owner only; nothing iicsa writes
/// (a store, an export, a page, a checkpoint, its output) ever holds it. The public key is what
/// the publisher hands out, so that anyone can check a signature without trusting the holder of
/// the store.
public struct SigningKey: Sendable {
  /// The raw private key (Crypto's key type is not Sendable; it is rebuilt to sign).
  private let raw: Data
  private var key: Curve25519.Signing.PrivateKey {
    // `raw` was checked when the key was made or read, so this cannot fail.
    (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)) ?? Curve25519.Signing.PrivateKey()
  }

  /// The first line of a private key file.
  public static let privateHeader = "iicsa Ed25519 private key: keep this file secret"
  /// The first line of a public key file.
  public static let publicHeader = "iicsa Ed25519 public key"

  /// A new random key.
  public init() {
    raw = Curve25519.Signing.PrivateKey().rawRepresentation
  }

  /// Reads a private key file's text.
  public init(fileText text: String) throws(SigningError) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
    guard lines.count == 2, lines[0] == Self.privateHeader, let raw = Data(base64Encoded: String(lines[1])),
      (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)) != nil
    else {
      throw lines.first == Substring(Self.publicHeader)
        ? .notAPrivateKey(detail: "it is a public key; signing needs the private key file made with it")
        : .notAPrivateKey(detail: "it is not a private key made by `iicsa key new`")
    }
    self.raw = raw
  }

  /// The private key file's text: a header, then the raw key in base64.
  public var fileText: String {
    "\(Self.privateHeader)\n\(key.rawRepresentation.base64EncodedString())\n"
  }

  /// The matching public key.
  public var publicKey: PublicKey { PublicKey(raw: key.publicKey.rawRepresentation) }

  /// The Ed25519 signature of `message`'s UTF-8 bytes.
  func signature(of message: String) throws(SigningError) -> Data {
    do {
      return try key.signature(for: Data(message.utf8))
    } catch {
      throw .cannotSign
    }
  }
}

/// A publisher's public key, as `iicsa key new` prints it and writes it to `FILE.pub`.
public struct PublicKey: Hashable, Sendable, CustomStringConvertible {
  /// The 32 raw bytes.
  public let raw: Data

  init(raw: Data) { self.raw = raw }

  /// Reads a public key file's text, or the key's base64 alone (as a checkpoint carries it).
  public init(text: String) throws(SigningError) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    if lines.first == SigningKey.privateHeader {
      throw .notAPublicKey(detail: "it is a private key: give the .pub file beside it, and keep this one secret")
    }
    let encoded = lines.count == 2 && lines[0] == SigningKey.publicHeader ? lines[1] : (lines.count == 1 ? lines[0] : "")
    guard let raw = Data(base64Encoded: encoded), raw.count == 32,
      (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil
    else { throw .notAPublicKey(detail: "it is not a public key made by `iicsa key new`") }
    self.raw = raw
  }

  /// The key in base64, as a checkpoint and a signed manifest carry it.
  public var description: String { raw.base64EncodedString() }

  /// The public key file's text.
  public var fileText: String { "\(SigningKey.publicHeader)\n\(description)\n" }

  /// A short name for the key, to tell keys apart in messages: the first 16 hex digits of the
  /// SHA-256 of its raw bytes.
  public var fingerprint: String { String(Digest.sha256Hex(raw).prefix(16)) }

  func isValid(_ signature: Data, for message: String) -> Bool {
    guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
    return key.isValidSignature(signature, for: Data(message.utf8))
  }
}

/// A text file signed in place: its last two lines are `key: PUBLIC-KEY` and `signature: SIG`,
/// where SIG is the Ed25519 signature (base64) of every byte before the `signature:` line. Plain
/// text stays readable, and `sha256sum -c` still reads a signed manifest.
public enum SignedText {
  /// `text` (ending in a newline) with the key and signature lines appended.
  public static func sign(_ text: String, with key: SigningKey) throws(SigningError) -> String {
    let message = text + "key: \(key.publicKey)\n"
    return message + "signature: \(try key.signature(of: message).base64EncodedString())\n"
  }

  /// A signed text taken apart: what was signed, by which key, and whether the signature holds.
  public struct Parts: Sendable {
    /// Everything before the `signature:` line: the bytes the signature covers.
    public var message: String
    public var key: PublicKey
    public var isValid: Bool
  }

  /// The parts of `text` if it ends with a key and a signature; nil when it is not signed.
  public static func parts(of text: String) throws(SigningError) -> Parts? {
    guard let signatureStart = text.range(of: "\nsignature: ", options: .backwards) else { return nil }
    let message = String(text[..<signatureStart.lowerBound]) + "\n"
    let rest = text[signatureStart.upperBound...]
    guard rest.hasSuffix("\n"), !rest.dropLast().contains("\n"), let signature = Data(base64Encoded: String(rest.dropLast()))
    else { throw .malformed(detail: "its 'signature:' line is not the last line, or not base64") }
    let lines = message.split(separator: "\n")
    guard let keyLine = lines.last, keyLine.hasPrefix("key: ") else {
      throw .malformed(detail: "its 'signature:' line does not follow a 'key:' line")
    }
    let key = try PublicKey(text: String(keyLine.dropFirst("key: ".count)))
    return Parts(message: message, key: key, isValid: key.isValid(signature, for: message))
  }
}

/// What can go wrong with a key or a signed file.
public enum SigningError: Error, Hashable, Sendable, CustomStringConvertible {
  case notAPrivateKey(detail: String)
  case notAPublicKey(detail: String)
  case malformed(detail: String)
  case cannotSign

  public var description: String {
    switch self {
    case .notAPrivateKey(let detail): return "is not an iicsa private key: \(detail)"
    case .notAPublicKey(let detail): return "is not an iicsa public key: \(detail)"
    case .malformed(let detail): return "is not signed as iicsa signs: \(detail)"
    case .cannotSign: return "could not be signed with this key"
    }
  }
}
