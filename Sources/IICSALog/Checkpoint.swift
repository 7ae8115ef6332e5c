import Foundation
public import IICSADomain

/// A statement of how long the log was and what its head was at a moment, optionally signed
/// by the publisher (docs/log-format.md#checkpoints). Held by others, it is what defeats a
/// consistent rewrite of the whole chain, a deleted last event, and a forged event appended
/// after it: the log must still have, at that length, that head.
public struct Checkpoint: Hashable, Sendable {
  public var log: LogHead
  /// When it was made.
  public var time: Timestamp

  public static let title = "iicsa checkpoint"

  public init(log: LogHead, time: Timestamp) {
    self.log = log
    self.time = time
  }

  /// The unsigned text: a title line, then `key: value` lines.
  public var text: String {
    "\(Self.title)\nlog_length: \(log.length)\nlog_head: \(log.head)\ntime: \(time)\n"
  }

  /// Reads a checkpoint file's text; `signed` says whether it ends in a key and signature.
  public static func parse(_ text: String) throws(CheckpointError) -> (checkpoint: Checkpoint, signed: SignedText.Parts?) {
    let parts: SignedText.Parts?
    do {
      parts = try SignedText.parts(of: text)
    } catch {
      throw .malformed(error.description)
    }
    let lines = (parts?.message ?? text).split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.first == Substring(title) else { throw .malformed("its first line is not '\(title)'") }
    var values: [String: String] = [:]
    for line in lines.dropFirst() where !line.isEmpty {
      guard let colon = line.firstIndex(of: ":") else { throw .malformed("'\(line.prefix(80))' is not a 'key: value' line") }
      values[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    guard let length = values["log_length"].flatMap({ Int($0) }), length >= 0,
      let head = values["log_head"], head.count == 64, head.allSatisfy(\.isHexDigit),
      let time = values["time"].flatMap({ Timestamp(iso: $0) })
    else { throw .malformed("it lacks a valid log_length, log_head (64 hex digits) or time") }
    return (Checkpoint(log: LogHead(length: length, head: head.lowercased()), time: time), parts)
  }
}

/// How the log stands against a checkpoint.
public enum CheckpointMatch: Hashable, Sendable {
  /// The event at the checkpoint's length has its head.
  case matches
  /// The log is shorter: events were deleted from its end.
  case shorter(length: Int)
  /// The event at that length has another hash: the log was rewritten up to there.
  case differs(hash: String)
}

public enum CheckpointError: Error, Hashable, Sendable, CustomStringConvertible {
  case malformed(String)

  public var description: String {
    switch self {
    case .malformed(let detail): return "is not an iicsa checkpoint: \(detail)"
    }
  }
}
