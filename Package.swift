// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "iicsa",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "iicsa", targets: ["iicsa"]),
    .executable(name: "iicsa-bench", targets: ["iicsa-bench"]),
  ],
  // PostgreSQL, for a team's shared record, is on by default. Its client (PostgresNIO, with
  // SwiftNIO and NIOSSL) adds minutes to a first build; `swift build --disable-default-traits`
  // builds iicsa without it, for SQLite files alone.
  traits: [
    .trait(name: "PostgreSQL", description: "Keep the record in a PostgreSQL database shared by a team (--db postgres://…)."),
    // `iicsa discover` asks Parliament's, GOV.UK's and legislation.gov.uk's APIs over HTTPS
    // (AsyncHTTPClient, on the same SwiftNIO). Without it the command says it was left out.
    .trait(name: "Discovery", description: "Ask the official sources what was said since the last entry (iicsa discover)."),
    .default(enabledTraits: ["PostgreSQL", "Discovery"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
    // A record a team shares: the log on PostgreSQL (IICSAPostgres).
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    // Keeping the record current: the official sources' APIs (IICSADiscovery).
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
  ],
  targets: [
    // Layer 1: the rules of the record. Foundation only.
    .target(name: "IICSADomain"),
    // Layer 2: every report as a value, built from one snapshot of the record, and the reads
    // they need (`RecordReader`), which the store and a replay of the log both answer.
    .target(name: "IICSAReports", dependencies: ["IICSADomain"]),
    // Layer 3a: the log itself, whatever database holds it: the stored form of events and the
    // hash chain, checkpoints and signing, the append policy every backend shares, and the
    // interface (`EventLog`) the command line reaches a store through.
    .target(
      name: "IICSALog",
      dependencies: ["IICSADomain", "IICSAReports", .product(name: "Crypto", package: "swift-crypto")]),
    // Layer 3b: the event log on SQLite, answering the reports' reads. The only target that
    // imports GRDB.
    .target(
      name: "IICSAStore",
      dependencies: [
        "IICSADomain", "IICSAReports", "IICSALog",
        .product(name: "GRDB", package: "GRDB.swift"),
        // SQLite's C API, for binding the hot inserts directly (Statement+Run.swift).
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    // Layer 3c: the event log on PostgreSQL, for a team's shared record: storage only, its
    // policy is IICSALog's; its reads come from a local SQLite replica of the log (IICSAStore's
    // projections), or from a replay of it (`ReplayedRecord`) when there is no replica.
    .target(
      name: "IICSAPostgres",
      dependencies: [
        "IICSADomain", "IICSAReports", "IICSALog", "IICSAStore",
        .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
        .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["PostgreSQL"])),
        .product(name: "NIOPosix", package: "swift-nio", condition: .when(traits: ["PostgreSQL"])),
        .product(name: "NIOSSL", package: "swift-nio-ssl", condition: .when(traits: ["PostgreSQL"])),
        .product(name: "Logging", package: "swift-log", condition: .when(traits: ["PostgreSQL"])),
      ]),
    // Layer 3d: keeping the record current. What the official sources said since a date,
    // matched to recommendations by the reviewed terms, with a polite HTTP client that treats
    // every response as hostile until checked. Reads nothing of the store: the command line
    // gives it what the record already cites.
    .target(
      name: "IICSADiscovery",
      dependencies: [
        "IICSADomain",
        .product(name: "AsyncHTTPClient", package: "async-http-client", condition: .when(traits: ["Discovery"])),
        .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["Discovery"])),
        .product(name: "NIOHTTP1", package: "swift-nio", condition: .when(traits: ["Discovery"])),
      ]),
    // The bundled record (catalogues, statements, corrections, sweeps, and the files each
    // release shipped), shipped as resources.
    .target(
      name: "IICSAFixtures",
      path: "Fixtures",
      exclude: ["README.md"],
      resources: [
        .copy("catalogues"), .copy("statements"), .copy("corrections"), .copy("sweeps"), .copy("releases"),
        .copy("discovery"),
      ]),
    // Layer 4: the command line: options, input files, and the writers of each format.
    .executableTarget(
      name: "iicsa",
      dependencies: [
        "IICSADomain", "IICSAReports", "IICSALog", "IICSAStore", "IICSAPostgres", "IICSADiscovery", "IICSAFixtures",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Yams", package: "Yams"),
        .product(name: "SwiftCSV", package: "SwiftCSV"),
      ]),
    // The measuring instrument (issue 6): synthetic stores, and timings of the built `iicsa`.
    .target(name: "IICSABenchSupport", dependencies: ["IICSADomain", "IICSAReports", "IICSALog", "IICSAStore"]),
    .executableTarget(
      name: "iicsa-bench",
      dependencies: [
        "IICSABenchSupport", "IICSADomain", "IICSALog", "IICSAStore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // Tests
    .target(name: "IICSATestSupport", dependencies: ["IICSADomain", "IICSAReports"], path: "Tests/IICSATestSupport"),
    .testTarget(name: "IICSADomainTests", dependencies: ["IICSADomain", "IICSAReports", "IICSATestSupport"]),
    .testTarget(
      name: "IICSAStoreTests",
      dependencies: [
        "IICSAStore", "IICSALog", "IICSAPostgres", "IICSAReports", "IICSATestSupport",
        // Raw SQL, to prove that the database itself refuses to rewrite the log.
        .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    .testTarget(name: "IICSADiscoveryTests", dependencies: ["IICSADiscovery", "IICSADomain"]),
    .testTarget(
      name: "IICSABenchSupportTests",
      dependencies: ["IICSABenchSupport", "IICSAReports", "IICSALog", "IICSAStore", "IICSADomain", "IICSATestSupport"]),
    .testTarget(
      name: "IICSACLITests",
      dependencies: ["iicsa", "IICSAReports", "IICSALog", "IICSATestSupport", .product(name: "GRDB", package: "GRDB.swift")],
      exclude: ["Golden", "Inputs"]),
  ],
  swiftLanguageModes: [.v6]
)

for target in package.targets where target.type != .test {
  target.swiftSettings =
    (target.swiftSettings ?? []) + [
      // GRDB and Crypto cannot leak out of IICSAStore's public API.
      .enableUpcomingFeature("InternalImportsByDefault"),
      .enableUpcomingFeature("MemberImportVisibility"),
      .enableUpcomingFeature("ExistentialAny"),
    ]
}
