import ArgumentParser

/// The `iicsa` command: what the UK government promised on child sexual abuse, and what it did.
@main
struct IICSA: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "iicsa",
    abstract: "Track the government's promises on the IICSA and Rotherham recommendations, with sources.",
    discussion: "The record is an append-only log of statements in a store file. The first "
      + "command creates the store and loads the bundled record. See `iicsa help COMMAND` for each "
      + "command.",
    version: "0.6.0",
    subcommands: [
      Status.self, Show.self, Pledges.self, Alerts.self, Timeline.self, Diff.self, Export.self, Check.self,
      Record.self, Import.self, Template.self, New.self, Correct.self, Verify.self, Rebuild.self, Init.self, Copy.self,
      Site.self, Key.self, CheckpointCommand.self, Discover.self,
    ],
    defaultSubcommand: nil)
}
