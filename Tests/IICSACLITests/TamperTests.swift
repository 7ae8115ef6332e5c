import Foundation
import GRDB
import Testing

/// Someone with the file drops the triggers and edits, deletes, reorders or inserts log rows:
/// `iicsa verify` names the first bad event and exits 3. A forger who recomputes the whole chain
/// passes `verify`, but not against a head published before: that is what the manifest is for.
@Suite struct TamperTests {
  enum Tamper: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case edit, garble, delete, reorder, insertInTheMiddle, appendWithAFakeHash, editAProjection

    var testDescription: String { rawValue }

    var sql: String {
      switch self {
      case .edit:
        return
          "UPDATE event SET payload = replace(payload, 'Said something', 'Said nothing') WHERE sequence = 10"
      case .garble:
        // Valid JSON that no longer decodes: the replay fails too, and the chain must win.
        return #"UPDATE event SET payload = '{"nonsense": true}' WHERE sequence = 10"#
      case .delete: return "DELETE FROM event WHERE sequence = 10"
      case .reorder:
        return """
          UPDATE event SET sequence = 1000 WHERE sequence = 10;
          UPDATE event SET sequence = 10 WHERE sequence = 11;
          UPDATE event SET sequence = 11 WHERE sequence = 1000;
          """
      case .insertInTheMiddle:
        // Shift events 10… up by one, then put a forged copy of event 12 (with its hash) at 10.
        return """
          UPDATE event SET sequence = sequence + 1000 WHERE sequence >= 10;
          UPDATE event SET sequence = sequence - 999 WHERE sequence > 1000;
          INSERT INTO event SELECT 10, 'forged', type, recorded_at, payload, hash
            FROM event WHERE sequence = 13;
          """
      case .appendWithAFakeHash:
        return """
          INSERT INTO event SELECT sequence + 1, 'forged', type, recorded_at, payload, hash
            FROM event WHERE sequence = (SELECT max(sequence) FROM event);
          """
      case .editAProjection:
        return "UPDATE statusChange SET stage = 'delivered' WHERE statement = 'tamper-0003'"
      }
    }

    /// What `verify` must say on stderr, and its exit code.
    var expected: (message: String, exit: Int32) {
      switch self {
      case .edit, .garble, .reorder, .insertInTheMiddle: return ("event 10 (", 3)
      case .delete: return ("event 10 is missing", 3)
      case .appendWithAFakeHash: return ("event 31 ('forged')", 3)
      case .editAProjection: return ("projection 'statusChange' differs", 4)
      }
    }
  }

  static func tamperedStore() throws -> ScratchStore {
    let store = try ScratchStore()
    let dir = try store.writeStatements(29, into: "tamper")
    let imported = try Child.run(["import", "--db", store.path, dir], folder: store.folder)
    #expect(imported.status == 0, "\(imported.stderr)")
    return store
  }

  static func execute(_ sql: String, on path: String) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
      for trigger in ["event_no_update", "event_no_delete", "event_in_order"] {
        try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger)")
      }
      try db.execute(sql: sql)
    }
    try queue.close()
  }

  @Test(arguments: Tamper.allCases)
  func verifyNamesTheFirstBadEvent(_ tamper: Tamper) throws {
    let store = try Self.tamperedStore()
    #expect(
      verifiedLength(try Child.run(["verify", "--db", store.path], folder: store.folder)) == 30)
    try Self.execute(tamper.sql, on: store.path)
    let verify = try Child.run(["verify", "--db", store.path], folder: store.folder)
    #expect(verify.status == tamper.expected.exit, "\(tamper): \(verify.stdout)\(verify.stderr)")
    #expect(verify.stderr.contains(tamper.expected.message), "\(tamper): \(verify.stderr)")
    #expect(!verify.signalled && !verify.stderr.contains("Fatal error"))
  }

  /// `rebuild` checks the chain on a second connection while it replays: a broken chain must
  /// still win over whatever the replay made of the tampered rows, and nothing may be written.
  @Test(arguments: Tamper.allCases)
  func rebuildRefusesABrokenChainAndRepairsOnlyProjections(_ tamper: Tamper) throws {
    let store = try Self.tamperedStore()
    try Self.execute(tamper.sql, on: store.path)
    let projections = "SELECT * FROM statusChange ORDER BY recommendation, date, sequence, known_from"
    let before = try Self.rows(projections, in: store.path)
    let rebuild = try Child.run(["rebuild", "--db", store.path], folder: store.folder)
    #expect(!rebuild.signalled && !rebuild.stderr.contains("Fatal error"))
    let verify = try Child.run(["verify", "--db", store.path], folder: store.folder)
    if tamper == .editAProjection {
      #expect(rebuild.status == 0, "\(rebuild.stderr)")
      #expect(verify.status == 0, "the rebuild repaired the projection: \(verify.stderr)")
    } else {
      #expect(rebuild.status != 0, "\(tamper): \(rebuild.stdout)")
      #expect(rebuild.stderr.contains("nothing was rebuilt"), "\(tamper): \(rebuild.stderr)")
      #expect(rebuild.stderr.contains(tamper.expected.message), "\(tamper): \(rebuild.stderr)")
      #expect(try Self.rows(projections, in: store.path) == before, "\(tamper): a refused rebuild wrote")
      #expect(verify.status == tamper.expected.exit)
    }
  }

  static func rows(_ sql: String, in path: String) throws -> [Row] {
    let queue = try ScratchStore.readOnly(path)
    defer { try? queue.close() }
    return try queue.read { try Row.fetchAll($0, sql: sql) }
  }

  @Test func theForgersHashIsSHA256() {
    let abc = SHA256Forger.hex(SHA256Forger.hash(Array("abc".utf8)))
    #expect(abc == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test func aRewrittenChainPassesVerifyButNotAnEarlierManifest() throws {
    let store = try Self.tamperedStore()
    let export = store.folder + "/export-2023-06"
    let exported = try Child.run(
      ["export", "--month", "2023-06", "--out", export, "--db", store.path], folder: store.folder)
    #expect(exported.status == 0, "\(exported.stderr)")
    let manifest = export + "/MANIFEST"
    let before = try Child.run(
      ["verify", "--manifest", manifest, "--db", store.path], folder: store.folder)
    #expect(before.status == 0, "\(before.stderr)")
    let head = try #require(before.stdout.split(separator: " ").last.map { String($0.dropLast(2)) })

    // The forger edits a statement's summary and recomputes every hash from there on.
    try Self.execute(
      "UPDATE event SET payload = replace(payload, 'Said something', 'Said nothing') WHERE sequence = 10",
      on: store.path)
    let queue = try DatabaseQueue(path: store.path)
    try queue.write { db in
      let rows = try Row.fetchAll(
        db, sql: "SELECT sequence, id, type, recorded_at, payload FROM event ORDER BY sequence")
      var previous = ""
      for row in rows {
        let sequence: Int = row[0]
        let canonical =
          "{\"id\":\"\(row[1] as String)\",\"payload\":\(row[4] as String),\"recorded_at\":\"\(row[3] as String)\","
          + "\"sequence\":\(sequence),\"type\":\"\(row[2] as String)\"}"
        previous = SHA256Forger.hex(
          SHA256Forger.hash(SHA256Forger.bytes(hex: previous) + Array(canonical.utf8)))
        try db.execute(
          sql: "UPDATE event SET hash = ? WHERE sequence = ?", arguments: [previous, sequence])
      }
    }
    try queue.close()
    // The chain is whole again: verify alone cannot tell.
    let plain = try Child.run(["verify", "--db", store.path], folder: store.folder)
    #expect(plain.status == 0, "a full rewrite is expected to pass plain verify: \(plain.stderr)")
    // A head published before the rewrite is no longer in the log.
    let published = try Child.run(
      ["verify", "--head", head, "--db", store.path], folder: store.folder)
    #expect(published.status == 3, "\(published.stdout)\(published.stderr)")
    #expect(published.stderr.contains("no event in this log has the head hash"))
    let after = try Child.run(
      ["verify", "--manifest", manifest, "--db", store.path], folder: store.folder)
    #expect(after.status == 3, "\(after.stdout)\(after.stderr)")
    #expect(!after.stderr.isEmpty)
  }
}

/// SHA-256 (FIPS 180-4) in plain Swift: the forger's tool, so the test needs no crypto library.
enum SHA256Forger {
  static let k: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4,
    0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7,
    0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc,
    0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351,
    0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e,
    0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585,
    0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f,
    0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7,
    0xc671_78f2,
  ]

  static func hash(_ message: [UInt8]) -> [UInt8] {
    var h: [UInt32] = [
      0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab,
      0x5be0_cd19,
    ]
    var data = message
    data.append(0x80)
    while data.count % 64 != 56 { data.append(0) }
    let bits = UInt64(message.count) * 8
    for shift in stride(from: 56, through: 0, by: -8) {
      data.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
    }
    func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
    for chunk in stride(from: 0, to: data.count, by: 64) {
      var w = [UInt32](repeating: 0, count: 64)
      for i in 0..<16 {
        w[i] = data[chunk + 4 * i..<chunk + 4 * i + 4].reduce(0) { $0 << 8 | UInt32($1) }
      }
      for i in 16..<64 {
        let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
        let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
        w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
      }
      var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
      for i in 0..<64 {
        let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
        let choice = (e & f) ^ (~e & g)
        let t1 = hh &+ s1 &+ choice &+ k[i] &+ w[i]
        let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
        let majority = (a & b) ^ (a & c) ^ (b & c)
        let t2 = s0 &+ majority
        (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
      }
      for (i, v) in [a, b, c, d, e, f, g, hh].enumerated() { h[i] = h[i] &+ v }
    }
    return h.flatMap { v in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: v >> UInt32($0)) } }
  }

  static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

  static func bytes(hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
      out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
      index = next
    }
    return out
  }
}
