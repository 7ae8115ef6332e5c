import Foundation
import IICSALog
import IICSATestSupport
import Testing

@testable import iicsa

/// A new store is built under a temporary name and put in place; what it removes afterwards is
/// only what it made. A user's file, folder or link at the temporary name, or at its `-wal` or
/// `-shm`, is refused and left exactly as it was.
@Suite struct NewStoreFileTests {
  @Test(arguments: ["a file", "a folder", "a link", "a -wal file", "a -shm file"])
  func whatIsInTheWayOfTheTemporaryNameIsNeverRemoved(_ what: String) throws {
    let folder = try TemporaryFolder()
    let path = folder.file("tracker.sqlite")
    let temporary = folder.file("tracker.sqlite.new-test")
    let theirs = folder.file("theirs.txt")
    try Data("the user's own\n".utf8).write(to: URL(fileURLWithPath: theirs))
    let inTheWay: String
    switch what {
    case "a file": inTheWay = temporary; try Data("mine\n".utf8).write(to: URL(fileURLWithPath: temporary))
    case "a folder": inTheWay = temporary; try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
    case "a link": inTheWay = temporary; try FileManager.default.createSymbolicLink(atPath: temporary, withDestinationPath: theirs)
    case "a -wal file": inTheWay = temporary + "-wal"; try Data("mine\n".utf8).write(to: URL(fileURLWithPath: inTheWay))
    default: inTheWay = temporary + "-shm"; try Data("mine\n".utf8).write(to: URL(fileURLWithPath: inTheWay))
    }
    let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(throws: CommandError.self) {
      _ = try NewStoreFile.build(at: path, temporary: temporary) { _ in .empty }
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before, "nothing made or removed")
    #expect(FileManager.default.fileExists(atPath: inTheWay))
    #expect(try String(contentsOfFile: theirs, encoding: .utf8) == "the user's own\n")
    if what == "a link" { #expect(try FileManager.default.destinationOfSymbolicLink(atPath: temporary) == theirs) }
    if what.hasSuffix("file") { #expect(try String(contentsOfFile: inTheWay, encoding: .utf8) == "mine\n") }
  }

  @Test func aStoreIsPutInPlaceWholeAndNoTemporaryIsLeft() throws {
    let folder = try TemporaryFolder()
    let path = folder.file("tracker.sqlite")
    let head = try NewStoreFile.build(at: path) { _ in .empty }
    #expect(head == .empty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["tracker.sqlite"])
  }

  @Test func aFileThatAppearsAtTheNameMeanwhileIsKept() throws {
    let folder = try TemporaryFolder()
    let path = folder.file("tracker.sqlite")
    let head = try NewStoreFile.build(at: path) { _ in
      try Data("someone else's\n".utf8).write(to: URL(fileURLWithPath: path))
      return .empty
    }
    #expect(head == nil)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "someone else's\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["tracker.sqlite"])
  }
}
