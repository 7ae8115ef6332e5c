import Foundation
import GRDB
import Testing

/// Signed checkpoints and the ends of the log (issue 14): what the chain alone catches, what
/// only a checkpoint held by others catches, and that a signature shows who made it.
@Suite struct CheckpointTests {
  /// A store of 30 events (TamperTests' store), a key pair and a signed checkpoint of the log.
  struct Published {
    let store: ScratchStore
    let key: String
    let checkpoint: String

    init() throws {
      store = try TamperTests.tamperedStore()
      key = store.folder + "/publisher"
      checkpoint = store.folder + "/checkpoint"
      let made = try run(["key", "new", "--out", key])
      #expect(made.status == 0, "\(made.stderr)")
      let signed = try run(["checkpoint", "--db", store.path, "--key", key, "--out", checkpoint])
      #expect(signed.status == 0, "\(signed.stderr)")
    }

    func run(_ arguments: [String]) throws -> Child.Outcome {
      try Child.run(arguments, folder: store.folder)
    }

    func verify(_ arguments: [String] = []) throws -> Child.Outcome {
      try run(["verify", "--db", store.path] + arguments)
    }

    var privateKey: String {
      get throws {
        try String(contentsOfFile: key, encoding: .utf8).split(separator: "\n")[1].description
      }
    }
  }

  @Test func aSignedCheckpointVerifiesAndAnAlteredOrForeignOneIsRefused() throws {
    let published = try Published()
    let good = try published.verify(["--checkpoint", published.checkpoint, "--key", published.key + ".pub"])
    #expect(good.status == 0, "\(good.stderr)")
    #expect(good.stdout.contains("event 30 has its head") && good.stdout.contains("Signed by the key given"))

    // One byte changed anywhere in what was signed.
    let text = try String(contentsOfFile: published.checkpoint, encoding: .utf8)
    for (old, new) in [("log_length: 30", "log_length: 29"), ("time: 20", "time: 19")] {
      let altered = published.store.folder + "/altered"
      try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: URL(fileURLWithPath: altered))
      let refused = try published.verify(["--checkpoint", altered, "--key", published.key + ".pub"])
      #expect(refused.status == 3, "\(old): \(refused.stdout)")
      #expect(refused.stderr.contains("the signature does not match the text: it was altered after it was signed"))
    }

    // Signed by another key.
    let other = published.store.folder + "/other"
    #expect(try published.run(["key", "new", "--out", other]).status == 0)
    let foreign = try published.verify(["--checkpoint", published.checkpoint, "--key", other + ".pub"])
    #expect(foreign.status == 3)
    #expect(foreign.stderr.contains("is signed by key") && foreign.stderr.contains("not by the key given"))

    // Unsigned, but a key was asked for.
    let unsigned = published.store.folder + "/unsigned"
    #expect(try published.run(["checkpoint", "--db", published.store.path, "--out", unsigned]).status == 0)
    let bare = try published.verify(["--checkpoint", unsigned, "--key", published.key + ".pub"])
    #expect(bare.status == 3 && bare.stderr.contains("is not signed"))
    #expect(try published.verify(["--checkpoint", unsigned]).status == 0)

    // The private key is given as a public one.
    let swapped = try published.verify(["--checkpoint", published.checkpoint, "--key", published.key])
    #expect(swapped.status == 1 && swapped.stderr.contains("it is a private key"))
  }

  @Test func thePrivateKeyIsPrivateAndNeverWrittenElsewhere() throws {
    let published = try Published()
    let attributes = try FileManager.default.attributesOfItem(atPath: published.key)
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
    let secret = try published.privateKey
    let made = try published.run(["key", "new", "--out", published.key])
    #expect(made.status == 1 && made.stderr.contains("already exists"), "never overwritten")
    #expect(try published.privateKey == secret)

    let export = published.store.folder + "/export"
    let exported = try published.run([
      "export", "--db", published.store.path, "--month", "2023-06", "--out", export, "--key", published.key,
    ])
    #expect(exported.status == 0, "\(exported.stderr)")
    var written = [exported.stdout, exported.stderr, try String(contentsOfFile: published.checkpoint, encoding: .utf8)]
    for name in try FileManager.default.contentsOfDirectory(atPath: export) {
      written.append(try String(contentsOfFile: export + "/" + name, encoding: .utf8))
    }
    written.append(String(decoding: try Data(contentsOf: URL(fileURLWithPath: published.store.path)), as: UTF8.self))
    #expect(written.allSatisfy { !$0.contains(secret) })

    // A key file others can read is refused, as ssh refuses one.
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: published.key)
    let exposed = try published.run(["checkpoint", "--db", published.store.path, "--key", published.key])
    #expect(exposed.status == 1 && exposed.stderr.contains("can be read by others"))
  }

  @Test func aSignedManifestVerifiesAndTheSameExportSignsTheSameBytes() throws {
    let published = try Published()
    func export(_ folder: String, key: String) throws -> String {
      let out = published.store.folder + "/" + folder
      let made = try published.run([
        "export", "--db", published.store.path, "--month", "2023-06", "--known-at", "2026-01-02T00:00:00Z",
        "--out", out, "--key", key,
      ])
      #expect(made.status == 0, "\(made.stderr)")
      return out + "/MANIFEST"
    }
    let first = try export("a", key: published.key)
    let second = try export("b", key: published.key)
    #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
    let manifest = try String(contentsOfFile: first, encoding: .utf8)
    #expect(manifest.contains("\nkey: ") && manifest.contains("\nsignature: "))
    #expect(try published.verify(["--manifest", first, "--key", published.key + ".pub"]).status == 0)
    let other = published.store.folder + "/other"
    #expect(try published.run(["key", "new", "--out", other]).status == 0)
    let foreign = try published.verify(["--manifest", first, "--key", other + ".pub"])
    #expect(foreign.status == 3 && foreign.stderr.contains("not by the key given"))
  }

  /// The last event deleted behind iicsa's back: the projections still hold its rows, so plain
  /// `verify` finds the cut and `rebuild` refuses to erase it; once a careful forger removes
  /// those rows too, only the checkpoint finds it.
  @Test func aDeletedLastEventIsFoundAndARebuildDoesNotHideItFromACheckpoint() throws {
    let published = try Published()
    let head = try #require(published.verify().stdout.split(separator: " ").last.map { String($0.dropLast(2)) })
    try TamperTests.execute("DELETE FROM event WHERE sequence = 30", on: published.store.path)
    let cut = try published.verify()
    #expect(cut.status == 3, "\(cut.stdout)")
    #expect(cut.stderr.contains("the projections hold rows written by event 30, but the log ends at event 29"))
    #expect(!cut.stderr.contains("run `iicsa rebuild`"), "the advice that would hide the cut")

    let rebuild = try published.run(["rebuild", "--db", published.store.path])
    #expect(rebuild.status != 0 && rebuild.stderr.contains("nothing was rebuilt"), "rebuild refuses to erase the trace")
    // A careful forger removes the rows event 30 wrote, by hand: the cut is then consistent.
    try TamperTests.execute(
      """
      DELETE FROM statusChange WHERE known_from >= 30; UPDATE statusChange SET known_until = NULL WHERE known_until >= 30;
      DELETE FROM pledge WHERE known_from >= 30; UPDATE pledge SET known_until = NULL WHERE known_until >= 30;
      DELETE FROM statement WHERE known_from >= 30; UPDATE statement SET known_until = NULL WHERE known_until >= 30;
      DELETE FROM mention WHERE known_from >= 30; UPDATE mention SET known_until = NULL WHERE known_until >= 30;
      DELETE FROM dateHorizon WHERE sequence >= 30;
      """, on: published.store.path)
    let consistent = try published.verify()
    #expect(consistent.status == 0, "a consistent cut passes the chain alone: \(consistent.stderr)")
    let checked = try published.verify(["--checkpoint", published.checkpoint, "--key", published.key + ".pub"])
    #expect(checked.status == 3)
    #expect(checked.stderr.contains("the log has 29 events, fewer than the 30 of the checkpoint: events were deleted from its end"), "\(checked.stderr)")
    let byHead = try published.verify(["--head", head, "--length", "30"])
    #expect(byHead.status == 3 && byHead.stderr.contains("fewer than the 30"))
  }

  /// A forged event appended with a correct hash passes the chain, and an earlier checkpoint
  /// (it changes nothing up to it); the publisher's next checkpoint, of the real next event,
  /// catches it.
  @Test func aForgedAppendIsCaughtByTheNextCheckpoint() throws {
    let published = try Published()
    let copy = try Self.forgeAppend(to: published)
    #expect(try published.run(["rebuild", "--db", copy]).status == 0)
    #expect(try published.run(["verify", "--db", copy]).status == 0, "the chain alone cannot tell")
    let earlier = try published.run([
      "verify", "--db", copy, "--checkpoint", published.checkpoint, "--key", published.key + ".pub",
    ])
    #expect(earlier.status == 0 && earlier.stdout.contains("grown by 1 events"), "\(earlier.stderr)")

    // The publisher records the real next event and publishes a checkpoint of it.
    let next = published.store.folder + "/next.yaml"
    try Data(ScratchStore.statement(id: "real-0030", date: "2024-12-01", recommendation: 1, step: 9).utf8)
      .write(to: URL(fileURLWithPath: next))
    #expect(try published.run(["record", "--db", published.store.path, next]).status == 0)
    let newer = published.store.folder + "/checkpoint-31"
    #expect(
      try published.run(["checkpoint", "--db", published.store.path, "--key", published.key, "--out", newer]).status == 0)
    let caught = try published.run(["verify", "--db", copy, "--checkpoint", newer, "--key", published.key + ".pub"])
    #expect(caught.status == 3, "\(caught.stdout)")
    #expect(caught.stderr.contains("event 31 of the log has hash") && caught.stderr.contains("the log was rewritten"))
  }

  /// A copy of the published store with a forged event 31 appended behind iicsa's back, with the
  /// right hash: a reaffirmation, recorded at `time` (default: the same second as the last event).
  static func forgeAppend(to published: Published, at time: String? = nil) throws -> String {
    let copy = published.store.folder + "/copy-\(UUID().uuidString).sqlite"
    try FileManager.default.copyItem(atPath: published.store.path, toPath: copy)
    let queue = try DatabaseQueue(path: copy)
    try queue.write { db in
      try db.execute(sql: "DROP TRIGGER IF EXISTS event_in_order")
      let last = try #require(try Row.fetchOne(db, sql: "SELECT * FROM event ORDER BY sequence DESC LIMIT 1"))
      // A reaffirmation, which every replay accepts, so that only the checks on the log can object.
      let payload =
        #"{"changes":[],"confidence":"confirmed","date":"2023-02-01","date_precision":"day","id":"forged-0031","#
        + #""kind":"other","pledges":[],"reaffirms":["TEST-1"],"relates_to":[],"role":"R","#
        + #""sources":[{"publisher":"X","url":"https://example.org/x"}],"speaker":"S","summary":"S.","title":"T"}"#
      let time = time ?? last["recorded_at"] as String
      let canonical =
        "{\"id\":\"forged-0031\",\"payload\":\(payload),\"recorded_at\":\"\(time)\",\"sequence\":31,"
        + "\"type\":\"statement_recorded\"}"
      let hash = SHA256Forger.hex(SHA256Forger.hash(SHA256Forger.bytes(hex: last["hash"]) + Array(canonical.utf8)))
      try db.execute(
        sql: "INSERT INTO event (sequence, id, type, recorded_at, payload, hash) VALUES (31, 'forged-0031', ?, ?, ?, ?)",
        arguments: ["statement_recorded", time, payload, hash])
    }
    try queue.close()
    return copy
  }

  /// Back-timed, the forged event would make `--known-at` answers before it include it: the
  /// chain check refuses an event recorded before the one it follows.
  @Test func aBackTimedAppendIsRefusedByTheChainCheck() throws {
    let published = try Published()
    let copy = try Self.forgeAppend(to: published, at: "2000-01-01T00:00:00Z")
    let verify = try published.run(["verify", "--db", copy])
    #expect(verify.status == 3, "\(verify.stdout)")
    #expect(verify.stderr.contains("event 31 ('forged-0031') is recorded at 2000-01-01T00:00:00Z, before the event it follows"))
    let rebuild = try published.run(["rebuild", "--db", copy])
    #expect(rebuild.status != 0, "a rebuild refuses it too")
  }

  @Test func verifyImmutableReadsAPublishedCopyWithoutSideFiles() throws {
    let published = try Published()
    // `import` left the store in WAL mode: a plain read of it makes -wal and -shm files.
    let folder = published.store.folder + "/published"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let copy = folder + "/tracker.sqlite"
    try FileManager.default.copyItem(atPath: published.store.path, toPath: copy)
    let checked = try published.run(["verify", "--immutable", "--db", copy])
    #expect(checked.status == 0, "\(checked.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["tracker.sqlite"])
    let plain = try published.run(["verify", "--db", copy])
    #expect(plain.status == 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count > 1, "why --immutable exists")
    let missing = try published.run(["verify", "--immutable", "--db", folder + "/nothere.sqlite"])
    #expect(missing.status == 1 && !FileManager.default.fileExists(atPath: folder + "/nothere.sqlite"))
  }
}
