/// Why a stored payload cannot be read: the path to the bad value and what was wrong with it.
struct PayloadError: Error, CustomStringConvertible {
  /// Such as `statement.changes[0].position`; filled in from the inside out as the error unwinds,
  /// so that reading a sound payload never builds it.
  var path: String
  /// Such as `missing key 'date'` or `invalid JSON at byte 123: unterminated string`.
  var message: String

  init(_ message: String, path: String = "") {
    self.message = message
    self.path = path
  }

  var description: String { path.isEmpty ? message : "\(path): \(message)" }

  /// The same error, one level further out: `component` is a field (`.date`), an array index
  /// (`[2]`) or the payload's name.
  func inside(_ component: String) -> PayloadError {
    PayloadError(message, path: component + path)
  }

  static func missing(_ key: StaticString) -> PayloadError {
    PayloadError("missing key '\(key)'")
  }

  /// A value the domain refuses, such as `'2025-02-30' is not a YYYY-MM-DD date`.
  static func invalid(_ text: String, _ complaint: String) -> PayloadError {
    PayloadError("\(quoted(text)) \(complaint)")
  }

  /// A value quoted in a message. A tampered store may hold megabytes or terminal escapes where
  /// an id belongs, and `verify` prints the message on one line.
  static func quoted(_ text: String) -> String {
    let limit = 80
    var shown = "'"
    for (count, scalar) in text.unicodeScalars.enumerated() {
      if count == limit { return shown + "…'" }
      if scalar.value < 0x20 || scalar.value == 0x7F {
        shown += "\\u{" + String(scalar.value, radix: 16) + "}"
      } else {
        shown.unicodeScalars.append(scalar)
      }
    }
    return shown + "'"
  }
}

/// The keys of one JSON object that the reader knows, in the order of `names`.
protocol PayloadKey {
  /// The JSON name of each key, indexed by raw value.
  static var names: [StaticString] { get }
  init?(rawValue: Int)
}

/// A strict RFC 8259 JSON scanner over UTF-8 bytes that hands values straight to the payload
/// decoders (see `PayloadDecoding.swift`), without building a tree.
///
/// Where it differs from `JSONDecoder` it is stricter, and only on text that SQLite's
/// `json_valid` check refuses to store anyway: Foundation tolerates trailing commas, leading
/// zeros and unescaped control characters in parts of a document it never decodes. On the rest it
/// does what Foundation does: the first of duplicate keys wins, unknown keys are skipped (after
/// checking their syntax), a UTF-8 byte order mark is skipped, containers nest at most 512 deep,
/// and a lone surrogate escape is refused in any string that is read.
///
/// It never traps on bad input: every read is checked against the end of the buffer.
struct JSONReader {
  static let maximumDepth = 512

  private let bytes: UnsafeBufferPointer<UInt8>
  /// The next byte to read.
  private(set) var offset = 0
  private var depth = 0
  /// Unescaped string bytes, reused so that escapes cost no allocation once it has grown.
  private var scratch: [UInt8] = []

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
  }

  /// Reads one top-level value with `read`, then insists that only white space follows.
  mutating func document<T>(_ read: (inout JSONReader) throws(PayloadError) -> T) throws(PayloadError) -> T {
    skipWhitespace()
    let value = try read(&self)
    skipWhitespace()
    guard offset == bytes.count else { throw syntax("unexpected text after the payload") }
    return value
  }

  // MARK: Objects and arrays.

  /// Reads an object, calling `body` once for each known key (the first time it appears) with the
  /// reader at its value. Unknown keys, and repeats of known ones, are skipped.
  mutating func members<Key: PayloadKey>(
    _: Key.Type, _ body: (inout JSONReader, Key) throws(PayloadError) -> Void
  ) throws(PayloadError) {
    var seen: UInt64 = 0
    var hint = 0
    try items(of: .object) { (reader) throws(PayloadError) in
      let match = try reader.key { (key) throws(PayloadError) in
        if hint < Key.names.count, Self.equal(key, Key.names[hint]) { return hint }
        for (index, name) in Key.names.enumerated() where Self.equal(key, name) { return index }
        return -1
      }
      hint = match + 1
      guard match >= 0, match < 64, seen & (1 << match) == 0, let key = Key(rawValue: match) else {
        return try reader.skipValue()
      }
      seen |= 1 << match
      do throws(PayloadError) {
        try body(&reader, key)
      } catch {
        throw error.inside(".\(Key.names[match])")
      }
    }
  }

  mutating func array<Element>(
    _ element: (inout JSONReader) throws(PayloadError) -> Element
  ) throws(PayloadError) -> [Element] {
    var result: [Element] = []
    try items(of: .array) { (reader) throws(PayloadError) in
      do throws(PayloadError) {
        result.append(try element(&reader))
      } catch {
        throw error.inside("[\(result.count)]")
      }
    }
    return result
  }

  /// An object or an array: what opens and closes it, and what it is called in errors.
  enum Container {
    case object, array

    var open: UInt8 { self == .object ? UInt8(ascii: "{") : UInt8(ascii: "[") }
    var close: UInt8 { self == .object ? UInt8(ascii: "}") : UInt8(ascii: "]") }
    var name: String { self == .object ? "an object" : "an array" }
  }

  /// Walks the members of an object or the elements of an array: this reads the brackets, the
  /// commas and the white space between them; `item` reads one member or element, from its
  /// first byte (a member's key) to its last.
  @inline(__always)
  private mutating func items(
    of container: Container, _ item: (inout JSONReader) throws(PayloadError) -> Void
  ) throws(PayloadError) {
    try enter(container.open, container.name)
    skipWhitespace()
    if peek == container.close { return leave() }
    while true {
      try item(&self)
      skipWhitespace()
      switch peek {
      case UInt8(ascii: ","):
        offset += 1
        skipWhitespace()
      case container.close:
        return leave()
      default:
        throw syntax("expected ',' or '\(Character(Unicode.Scalar(container.close)))' after a value")
      }
    }
  }

  /// Reads a member's key with `match` and moves past the ':' after it, to its value.
  private mutating func key<T>(_ match: (UnsafeBufferPointer<UInt8>) throws(PayloadError) -> T)
    throws(PayloadError) -> T
  {
    guard peek == quote else { throw syntax("expected a key in double quotes") }
    let result = try withString(match)
    skipWhitespace()
    guard peek == UInt8(ascii: ":") else { throw syntax("expected ':' after a key") }
    offset += 1
    skipWhitespace()
    return result
  }

  /// nil for `null`, as `decodeIfPresent` reads it; otherwise the value `read` reads.
  mutating func optional<T>(_ read: (inout JSONReader) throws(PayloadError) -> T) throws(PayloadError) -> T? {
    if peek == UInt8(ascii: "n") {
      try literal("null")
      return nil
    }
    return try read(&self)
  }

  /// A reader back at a member value of the object just read, for a value whose meaning depends
  /// on keys that came after it.
  func rewound(toMemberAt offset: Int) -> JSONReader {
    var copy = self
    copy.offset = offset
    copy.depth = depth + 1
    return copy
  }

  private mutating func enter(_ open: UInt8, _ what: String) throws(PayloadError) {
    guard peek == open else { throw mismatch(expected: what) }
    guard depth < Self.maximumDepth else { throw syntax("values are nested more than \(Self.maximumDepth) deep") }
    depth += 1
    offset += 1
  }

  private mutating func leave() {
    depth -= 1
    offset += 1
  }

  // MARK: Strings.

  mutating func string() throws(PayloadError) -> String {
    try withString { (text) throws(PayloadError) in String(decoding: text, as: UTF8.self) }
  }

  /// Calls `body` with a string value's unescaped UTF-8 bytes. A string without escapes is passed
  /// in place; one with escapes is unescaped into `scratch` first.
  mutating func withString<T>(
    _ body: (UnsafeBufferPointer<UInt8>) throws(PayloadError) -> T
  ) throws(PayloadError) -> T {
    guard peek == quote else { throw mismatch(expected: "a string") }
    let start = offset + 1
    let index = plainRunEnd(from: start)
    guard index < bytes.count else { throw syntax("unterminated string") }
    if bytes[index] == quote {
      offset = index + 1
      return try body(UnsafeBufferPointer(rebasing: bytes[start..<index]))
    }
    if bytes[index] != backslash { throw syntax(at: index, "a control character in a string must be escaped") }
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
    offset = index
    try unescapeRest()
    return try scratch.withUnsafeBufferPointer { (text) throws(PayloadError) in try body(text) }
  }

  /// Appends the rest of a string to `scratch`, unescaped, and moves past its closing quote.
  private mutating func unescapeRest() throws(PayloadError) {
    while offset < bytes.count {
      let byte = bytes[offset]
      switch byte {
      case quote:
        offset += 1
        return
      case backslash:
        try unescape()
      case ..<0x20:
        throw syntax("a control character in a string must be escaped")
      default:
        scratch.append(byte)
        offset += 1
      }
    }
    throw syntax("unterminated string")
  }

  private mutating func unescape() throws(PayloadError) {
    let start = offset
    guard offset + 1 < bytes.count else { throw syntax("unterminated string") }
    let kind = bytes[offset + 1]
    offset += 2
    switch kind {
    case quote, backslash, UInt8(ascii: "/"): scratch.append(kind)
    case UInt8(ascii: "b"): scratch.append(0x08)
    case UInt8(ascii: "f"): scratch.append(0x0C)
    case UInt8(ascii: "n"): scratch.append(0x0A)
    case UInt8(ascii: "r"): scratch.append(0x0D)
    case UInt8(ascii: "t"): scratch.append(0x09)
    case UInt8(ascii: "u"):
      let scalar = try unicodeEscape(start: start)
      UTF8.encode(scalar) { scratch.append($0) }
    default:
      throw syntax(at: start, "invalid escape in a string")
    }
  }

  /// The scalar of `\uXXXX`, or of a `\uD8xx\uDCxx` surrogate pair; the reader is past the `u`.
  private mutating func unicodeEscape(start: Int) throws(PayloadError) -> Unicode.Scalar {
    let unit = try hex4()
    var value = unit
    if (0xD800...0xDBFF).contains(unit) {
      guard offset + 1 < bytes.count, bytes[offset] == backslash, bytes[offset + 1] == UInt8(ascii: "u") else {
        throw syntax(at: start, "a high surrogate escape is not followed by a low one")
      }
      offset += 2
      let low = try hex4()
      guard (0xDC00...0xDFFF).contains(low) else {
        throw syntax(at: start, "a high surrogate escape is not followed by a low one")
      }
      value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
    }
    guard let scalar = Unicode.Scalar(value) else {
      throw syntax(at: start, "a low surrogate escape without a high one")
    }
    return scalar
  }

  private mutating func hex4() throws(PayloadError) -> UInt32 {
    guard offset + 4 <= bytes.count else { throw syntax("unterminated \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let digit = hexValue(bytes[offset]) else { throw syntax("invalid hex digit in a \\u escape") }
      value = value << 4 | digit
      offset += 1
    }
    return value
  }

  /// The end of the run of bytes from `start` that a string holds as they are: the index of the
  /// first `"`, `\` or control character, or the end of the buffer.
  ///
  /// Strings are most of a payload, so this looks at eight bytes at a time.
  private func plainRunEnd(from start: Int) -> Int {
    var index = start
    if let base = bytes.baseAddress {
      let raw = UnsafeRawPointer(base)
      while index + 8 <= bytes.count, !hasSpecialByte(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
        index += 8
      }
    }
    while index < bytes.count {
      let byte = bytes[index]
      if byte == quote || byte == backslash || byte < 0x20 { return index }
      index += 1
    }
    return index
  }

  /// Reads a key and returns its index in `names`, or -1 when it is not one of them. Our own
  /// payloads list keys in the order of `names`, so `hint` (the index after the last key found)
  /// is tried first.
  private static func equal(_ key: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
    guard key.count == name.utf8CodeUnitCount else { return false }
    let start = name.utf8Start
    for index in 0..<key.count where key[index] != start[index] { return false }
    return true
  }

  // MARK: Skipping unknown values.

  /// Moves past one value of any kind, checking its syntax as strictly as a value that is read.
  mutating func skipValue() throws(PayloadError) {
    switch peek {
    case quote: try skipString()
    case UInt8(ascii: "{"): try skipObject()
    case UInt8(ascii: "["): try skipArray()
    case UInt8(ascii: "t"): try literal("true")
    case UInt8(ascii: "f"): try literal("false")
    case UInt8(ascii: "n"): try literal("null")
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
    default: throw syntax(offset < bytes.count ? "expected a value" : "unexpected end of the payload")
    }
  }

  private mutating func skipObject() throws(PayloadError) {
    try items(of: .object) { (reader) throws(PayloadError) in
      try reader.key { (_) throws(PayloadError) in }
      try reader.skipValue()
    }
  }

  private mutating func skipArray() throws(PayloadError) {
    try items(of: .array) { (reader) throws(PayloadError) in try reader.skipValue() }
  }

  /// Checks escapes for syntax only: like Foundation and SQLite, an unread string may hold a lone
  /// surrogate escape.
  private mutating func skipString() throws(PayloadError) {
    offset = plainRunEnd(from: offset + 1)
    while offset < bytes.count {
      let byte = bytes[offset]
      switch byte {
      case quote:
        offset += 1
        return
      case backslash:
        let start = offset
        guard offset + 1 < bytes.count else { throw syntax("unterminated string") }
        let kind = bytes[offset + 1]
        offset += 2
        switch kind {
        case quote, backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
          UInt8(ascii: "r"), UInt8(ascii: "t"):
          break
        case UInt8(ascii: "u"): _ = try hex4()
        default: throw syntax(at: start, "invalid escape in a string")
        }
      case ..<0x20:
        throw syntax("a control character in a string must be escaped")
      default:
        offset += 1
      }
    }
    throw syntax("unterminated string")
  }

  /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, of any size: it is never converted.
  private mutating func skipNumber() throws(PayloadError) {
    if peek == UInt8(ascii: "-") { offset += 1 }
    if peek == UInt8(ascii: "0") {
      offset += 1
    } else {
      try digits()
    }
    if peek == UInt8(ascii: ".") {
      offset += 1
      try digits()
    }
    if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
      offset += 1
      if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { offset += 1 }
      try digits()
    }
  }

  private mutating func digits() throws(PayloadError) {
    guard isDigit(peek) else { throw syntax("expected a digit in a number") }
    while isDigit(peek) { offset += 1 }
  }

  private mutating func literal(_ word: StaticString) throws(PayloadError) {
    let text = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
    guard offset + text.count <= bytes.count,
      UnsafeBufferPointer(rebasing: bytes[offset..<offset + text.count]).elementsEqual(text)
    else { throw syntax("expected a value") }
    offset += text.count
  }

  // MARK: Bytes.

  /// The next byte, or 0 at the end: NUL is never valid outside a string, so it reads as an
  /// error wherever a structural byte is expected.
  private var peek: UInt8 { offset < bytes.count ? bytes[offset] : 0 }

  private mutating func skipWhitespace() {
    while offset < bytes.count {
      switch bytes[offset] {
      case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): offset += 1
      default: return
      }
    }
  }

  // MARK: Errors.

  func syntax(_ message: String) -> PayloadError { syntax(at: offset, message) }

  func syntax(at position: Int, _ message: String) -> PayloadError {
    if position >= bytes.count { return PayloadError("invalid JSON at byte \(position): unexpected end of the payload") }
    return PayloadError("invalid JSON at byte \(position): \(message)")
  }

  /// A well-formed value of the wrong kind, or a syntax error when it is not a value at all.
  func mismatch(expected: String) -> PayloadError {
    let found: String
    switch peek {
    case quote: found = "a string"
    case UInt8(ascii: "{"): found = "an object"
    case UInt8(ascii: "["): found = "an array"
    case UInt8(ascii: "t"), UInt8(ascii: "f"): found = "a boolean"
    case UInt8(ascii: "n"): found = "null"
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): found = "a number"
    default: return syntax(offset < bytes.count ? "expected a value" : "unexpected end of the payload")
    }
    return PayloadError("expected \(expected), found \(found)")
  }
}

private let quote = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")

/// Whether any of the eight bytes in `word` is `"`, `\` or below 0x20, with the exact
/// "has a zero byte" and "has a byte less than n" tests of Bit Twiddling Hacks.
private func hasSpecialByte(_ word: UInt64) -> Bool {
  let ones: UInt64 = 0x0101_0101_0101_0101
  let high: UInt64 = 0x8080_8080_8080_8080
  let quotes = word ^ (ones &* UInt64(quote))
  let backslashes = word ^ (ones &* UInt64(backslash))
  let zeroInQuotes = (quotes &- ones) & ~quotes
  let zeroInBackslashes = (backslashes &- ones) & ~backslashes
  let belowSpace = (word &- ones &* 0x20) & ~word
  return (zeroInQuotes | zeroInBackslashes | belowSpace) & high != 0
}

private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

private func hexValue(_ byte: UInt8) -> UInt32? {
  switch byte {
  case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
  case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
  case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
  default: return nil
  }
}
