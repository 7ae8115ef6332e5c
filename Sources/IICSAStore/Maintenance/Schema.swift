internal import GRDB

/// The database schema. Migrations are frozen once shipped: add a new one, never edit one.
enum Schema {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in try db.execute(sql: v1) }
    migrator.registerMigration("v2") { db in
      try db.execute(sql: v2)
      try db.execute(sql: projections)
      try markForRebuild(db)
    }
    migrator.registerMigration("v3") { db in try db.execute(sql: v3) }
    migrator.registerMigration("v4") { db in
      try db.execute(sql: v4)
      try markForRebuild(db)
    }
    migrator.registerMigration("v5") { db in try db.execute(sql: v5) }
    migrator.registerMigration("v6") { db in try db.execute(sql: v6) }
    return migrator
  }

  /// The table whose presence says the projections must be rebuilt from the log before the store
  /// is read. A migration changes the schema only and, when it empties or reshapes projections,
  /// marks them; `EventStore` rebuilds (and drops the mark) in one transaction once every
  /// migration has run, with the running version's code. So no migration calls living code, and
  /// a crash in between leaves the mark in place.
  static let rebuildMark = "projectionRebuildNeeded"

  static func markForRebuild(_ db: Database) throws {
    try db.execute(sql: "CREATE TABLE IF NOT EXISTS \(rebuildMark) (since TEXT)")
  }

  static func rebuildIfMarked(_ db: Database) throws {
    guard try db.tableExists(rebuildMark) else { return }
    try ProjectionUpdater.rebuild(db)
    try db.execute(sql: "DROP TABLE \(rebuildMark)")
  }

  /// v6 lets the log hold sweeps (`sweep_recorded`). SQLite cannot alter a CHECK constraint, so
  /// the `event` table is made again with the wider one, as SQLite's documentation says to change
  /// a table's definition: a new table, the rows copied as they are (every byte the chain hashes
  /// stays the same), the old one dropped (its triggers go first, so none fires), the new one
  /// renamed, and the indexes and triggers made again as v1, v2 and v5 made them. All in the
  /// migration's one transaction: a store is wholly v5 or wholly v6.
  static let v6 = """
    CREATE TABLE event_v6 (
      sequence INTEGER PRIMARY KEY CHECK (sequence >= 1),
      id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL
        CHECK (type IN ('report_published', 'statement_recorded', 'event_corrected', 'sweep_recorded')),
      recorded_at TEXT NOT NULL
        CHECK (recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'),
      payload TEXT NOT NULL CHECK (json_valid(payload)),
      hash TEXT NOT NULL CHECK (length(hash) = 64)
    );
    INSERT INTO event_v6 (sequence, id, type, recorded_at, payload, hash)
      SELECT sequence, id, type, recorded_at, payload, hash FROM event ORDER BY sequence;
    DROP TABLE event;
    ALTER TABLE event_v6 RENAME TO event;

    CREATE INDEX event_by_type ON event(type);
    CREATE INDEX event_by_time ON event(recorded_at, sequence);
    CREATE INDEX event_correction_target ON event(json_extract(payload, '$.target'))
      WHERE type = 'event_corrected';

    CREATE TRIGGER event_no_update BEFORE UPDATE ON event BEGIN
      SELECT RAISE(ABORT, 'event log is append-only: record a correction with iicsa correct');
    END;

    CREATE TRIGGER event_no_delete BEFORE DELETE ON event BEGIN
      SELECT RAISE(ABORT, 'event log is append-only: record a correction with iicsa correct');
    END;

    CREATE TRIGGER event_in_order BEFORE INSERT ON event
    WHEN NEW.sequence IS NOT (SELECT coalesce(max(sequence), 0) + 1 FROM event)
      OR NEW.recorded_at < (SELECT recorded_at FROM event ORDER BY sequence DESC LIMIT 1)
    BEGIN
      SELECT RAISE(ABORT, 'event log: each event follows the last, in sequence and in time');
    END;
    """

  /// v5 indexes the corrections by the event they correct, so that numbering a new one
  /// (`correctionCount(of:)`) is one seek instead of a read of the whole log.
  static let v5 = """
    CREATE INDEX event_correction_target ON event(json_extract(payload, '$.target'))
      WHERE type = 'event_corrected';
    """

  /// v4 versions the catalogue as the other projections are, so that reads known at a past
  /// moment find the reports there instead of resolving the log's corrections on every read:
  /// `source` keeps each report's place in the log (`sequence`) and the event holding it as it
  /// stands (`content`: its own, or the correction that replaced it), as `statement` does. A
  /// versioned `recommendation` can no longer be the parent of a foreign key, so `statusChange`
  /// and `pledge` are made again without theirs. Every projection is emptied and rebuilt.
  static let v4 = """
    DROP TABLE statusChange;
    DROP TABLE pledge;
    DROP TABLE recommendation;
    DROP TABLE source;
    DELETE FROM statement;
    DELETE FROM mention;
    DELETE FROM dateHorizon;

    CREATE TABLE source (
      id TEXT NOT NULL,
      prefix TEXT NOT NULL,
      title TEXT NOT NULL,
      author TEXT NOT NULL,
      published TEXT NOT NULL,
      url TEXT NOT NULL,
      sequence INTEGER NOT NULL,
      content INTEGER NOT NULL,
      known_from INTEGER NOT NULL,
      known_until INTEGER CHECK (known_until > known_from),
      PRIMARY KEY (id, known_from)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX source_live_prefix ON source(prefix) WHERE known_until IS NULL;

    CREATE TABLE recommendation (
      id TEXT NOT NULL,
      source TEXT NOT NULL,
      number INTEGER NOT NULL,
      title TEXT NOT NULL,
      published TEXT NOT NULL,
      known_from INTEGER NOT NULL,
      known_until INTEGER CHECK (known_until > known_from),
      PRIMARY KEY (id, known_from)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX recommendation_live_id ON recommendation(id) WHERE known_until IS NULL;
    CREATE UNIQUE INDEX recommendation_live_number ON recommendation(source, number) WHERE known_until IS NULL;
    CREATE INDEX recommendation_in_order ON recommendation(published, source, number);

    CREATE TABLE statusChange (
      recommendation TEXT NOT NULL,
      date TEXT NOT NULL,
      sequence INTEGER NOT NULL,
      statement TEXT NOT NULL,
      position TEXT NOT NULL CHECK (position IN
        ('no_response', 'considering', 'rejected', 'accepted_in_principle', 'accepted_in_part', 'accepted')),
      stage TEXT NOT NULL CHECK (stage IN
        ('not_started', 'planned', 'consulting', 'legislating', 'enacted', 'partially_delivered', 'delivered')),
      known_from INTEGER NOT NULL,
      known_until INTEGER CHECK (known_until > known_from),
      PRIMARY KEY (recommendation, date, sequence, known_from)
    ) WITHOUT ROWID;

    CREATE TABLE pledge (
      statement TEXT NOT NULL,
      ordinal INTEGER NOT NULL,
      recommendation TEXT NOT NULL,
      made_on TEXT NOT NULL,
      text TEXT NOT NULL,
      target TEXT NOT NULL,
      due TEXT,
      due_text TEXT,
      ended_on TEXT,
      ended_by TEXT,
      ended_seq INTEGER,
      known_from INTEGER NOT NULL,
      known_until INTEGER CHECK (known_until > known_from),
      -- Where the pledge is filed in two interval trees (PledgeSpans.swift): the days it was
      -- open (live rows only), and the events at which this version was open.
      date_node INTEGER, date_lo INTEGER, date_hi INTEGER,
      seq_node INTEGER, seq_lo INTEGER, seq_hi INTEGER,
      ending TEXT CHECK (ending IN ('fulfilled', 'met', 'superseded', 'withdrawn')),
      ending_note TEXT,
      replaced_by TEXT,
      replaces TEXT,
      baseline_due TEXT,
      PRIMARY KEY (statement, ordinal, known_from)
    );
    CREATE INDEX pledge_by_made ON pledge(made_on);
    CREATE INDEX pledge_date_lo ON pledge(date_node, date_lo);
    CREATE INDEX pledge_date_hi ON pledge(date_node, date_hi);
    CREATE INDEX pledge_seq_lo ON pledge(seq_node, seq_lo);
    CREATE INDEX pledge_seq_hi ON pledge(seq_node, seq_hi);
    CREATE INDEX pledge_open ON pledge(recommendation, made_on)
      WHERE ended_on IS NULL AND known_until IS NULL;
    """

  /// v3 lets a pledge end other than by fulfilment (met, superseded, withdrawn) and keeps its
  /// baseline: the `fulfilled_*` columns become `ended_*`, saying how any end happened. Before v3
  /// a pledge could only end by fulfilment and re-made none, so the rows are updated in place.
  static let v3 = """
    ALTER TABLE pledge RENAME COLUMN fulfilled_on TO ended_on;
    ALTER TABLE pledge RENAME COLUMN fulfilled_by TO ended_by;
    ALTER TABLE pledge RENAME COLUMN fulfilled_seq TO ended_seq;
    ALTER TABLE pledge ADD COLUMN ending TEXT
      CHECK (ending IN ('fulfilled', 'met', 'superseded', 'withdrawn'));
    ALTER TABLE pledge ADD COLUMN ending_note TEXT;
    ALTER TABLE pledge ADD COLUMN replaced_by TEXT;
    ALTER TABLE pledge ADD COLUMN replaces TEXT;
    ALTER TABLE pledge ADD COLUMN baseline_due TEXT;
    UPDATE pledge SET ending = 'fulfilled' WHERE ended_on IS NOT NULL;
    UPDATE pledge SET baseline_due = due;
    """

  /// v2 versions the projections: every row says from which event on it was known
  /// (`known_from`) and, once a correction or a back-dated statement superseded it, from which
  /// event on it no longer was (`known_until`). "Known at" a past moment then seeks the rows
  /// live at that event instead of replaying the log. The log is untouched; the projections
  /// are dropped and rebuilt from it.
  static let v2 = """
    -- `recorded_at` never decreases along the log (trigger event_in_order), so the last event
    -- recorded by a time is one seek here.
    CREATE INDEX event_by_time ON event(recorded_at, sequence);

    DROP TABLE mention;
    DROP TABLE statement;
    DROP TABLE pledge;
    DROP TABLE statusChange;
    DROP TABLE recommendation;
    DROP TABLE source;
    """

  /// The projection tables of v2, created by the v2 migration. Frozen with v2: later migrations
  /// alter them, and `verify` shadows the live schema, not this text.
  static let projections = """
    CREATE TABLE source (
      id TEXT PRIMARY KEY,
      prefix TEXT NOT NULL UNIQUE,
      title TEXT NOT NULL,
      author TEXT NOT NULL,
      published TEXT NOT NULL,
      url TEXT NOT NULL
    );

    -- Reports are few and rarely corrected: these two hold the current catalogue only, and
    -- reads known at a past moment take the reports from the log.
    CREATE TABLE recommendation (
      id TEXT PRIMARY KEY,
      source TEXT NOT NULL REFERENCES source(id),
      number INTEGER NOT NULL,
      title TEXT NOT NULL,
      published TEXT NOT NULL,
      UNIQUE (source, number)
    );
    CREATE INDEX recommendation_in_order ON recommendation(published, source, number);

    -- One row per status change; "as of D" seeks the last live row <= D.
    CREATE TABLE statusChange (
      recommendation TEXT NOT NULL REFERENCES recommendation(id),
      date TEXT NOT NULL,
      sequence INTEGER NOT NULL,
      statement TEXT NOT NULL,
      position TEXT NOT NULL CHECK (position IN
        ('no_response', 'considering', 'rejected', 'accepted_in_principle', 'accepted_in_part', 'accepted')),
      stage TEXT NOT NULL CHECK (stage IN
        ('not_started', 'planned', 'consulting', 'legislating', 'enacted', 'partially_delivered', 'delivered')),
      known_from INTEGER NOT NULL,
      known_until INTEGER CHECK (known_until > known_from),
      PRIMARY KEY (recommendation, date, sequence, known_from)
    ) WITHOUT ROWID;

    -- Every pledge. A fulfilment is written into the live row with the sequence of the
    -- statement that fulfilled it (`fulfilled_seq`), so "known at" sees it only from then on.
    CREATE TABLE pledge (
      statement TEXT NOT NULL,
      ordinal INTEGER NOT NULL,
      recommendation TEXT NOT NULL REFERENCES recommendation(id),
      made_on TEXT NOT NULL,
      text TEXT NOT NULL,
      target TEXT NOT NULL,
      due TEXT,
      due_text TEXT,
      fulfilled_on TEXT,
      fulfilled_by TEXT,
      fulfilled_seq INTEGER,
      known_from INTEGER NOT NULL,
      known_until INTEGER CHECK (known_until > known_from),
      -- Where the pledge is filed in two interval trees (PledgeSpans.swift): the days it was
      -- open (live rows only), and the events at which this version was open.
      date_node INTEGER, date_lo INTEGER, date_hi INTEGER,
      seq_node INTEGER, seq_lo INTEGER, seq_hi INTEGER,
      PRIMARY KEY (statement, ordinal, known_from)
    );
    CREATE INDEX pledge_by_made ON pledge(made_on);
    CREATE INDEX pledge_date_lo ON pledge(date_node, date_lo);
    CREATE INDEX pledge_date_hi ON pledge(date_node, date_hi);
    CREATE INDEX pledge_seq_lo ON pledge(seq_node, seq_lo);
    CREATE INDEX pledge_seq_hi ON pledge(seq_node, seq_hi);
    CREATE INDEX pledge_open ON pledge(recommendation, made_on)
      WHERE fulfilled_on IS NULL AND known_until IS NULL;

    -- The statements, by date: timelines seek a date range here. `content` is the sequence of
    -- the event holding the text (a replacement's, if any).
    CREATE TABLE statement (
      sequence INTEGER NOT NULL,
      id TEXT NOT NULL,
      date TEXT NOT NULL,
      content INTEGER NOT NULL,
      known_from INTEGER NOT NULL,
      known_until INTEGER CHECK (known_until > known_from),
      PRIMARY KEY (sequence, known_from)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX statement_live_id ON statement(id) WHERE known_until IS NULL;
    CREATE INDEX statement_by_date ON statement(date, sequence);

    -- Which statements name which recommendation: `show` seeks one recommendation's history.
    CREATE TABLE mention (
      recommendation TEXT NOT NULL,
      date TEXT NOT NULL,
      sequence INTEGER NOT NULL,
      known_from INTEGER NOT NULL,
      known_until INTEGER CHECK (known_until > known_from),
      PRIMARY KEY (recommendation, date, sequence, known_from)
    ) WITHOUT ROWID;

    -- The latest statement date known once event `sequence` was in the log, one row each time
    -- it moved: no row live at that event is dated later, so "known at" seeks start there
    -- instead of walking past everything recorded afterwards.
    CREATE TABLE dateHorizon (
      sequence INTEGER PRIMARY KEY,
      latest TEXT NOT NULL
    );
    """

  static let v1 = """
    CREATE TABLE event (
      sequence INTEGER PRIMARY KEY CHECK (sequence >= 1),
      id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL
        CHECK (type IN ('report_published', 'statement_recorded', 'event_corrected')),
      recorded_at TEXT NOT NULL
        CHECK (recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'),
      payload TEXT NOT NULL CHECK (json_valid(payload)),
      hash TEXT NOT NULL CHECK (length(hash) = 64)
    );

    -- Resuming from projections reads the few reports and checks for corrections by type.
    CREATE INDEX event_by_type ON event(type);

    CREATE TRIGGER event_no_update BEFORE UPDATE ON event BEGIN
      SELECT RAISE(ABORT, 'event log is append-only: record a correction with iicsa correct');
    END;

    CREATE TRIGGER event_no_delete BEFORE DELETE ON event BEGIN
      SELECT RAISE(ABORT, 'event log is append-only: record a correction with iicsa correct');
    END;

    -- The log is gap-free and moves forward in time, so "known at T" is always a prefix of it.
    CREATE TRIGGER event_in_order BEFORE INSERT ON event
    WHEN NEW.sequence IS NOT (SELECT coalesce(max(sequence), 0) + 1 FROM event)
      OR NEW.recorded_at < (SELECT recorded_at FROM event ORDER BY sequence DESC LIMIT 1)
    BEGIN
      SELECT RAISE(ABORT, 'event log: each event follows the last, in sequence and in time');
    END;

    -- Projections: disposable, rebuilt from the log by `iicsa rebuild`.
    CREATE TABLE source (
      id TEXT PRIMARY KEY,
      prefix TEXT NOT NULL UNIQUE,
      title TEXT NOT NULL,
      author TEXT NOT NULL,
      published TEXT NOT NULL,
      url TEXT NOT NULL
    );

    CREATE TABLE recommendation (
      id TEXT PRIMARY KEY,
      source TEXT NOT NULL REFERENCES source(id),
      number INTEGER NOT NULL,
      title TEXT NOT NULL,
      published TEXT NOT NULL,
      UNIQUE (source, number)
    );
    CREATE INDEX recommendation_in_order ON recommendation(published, source, number);

    -- One row per status change under current knowledge; "as of D" seeks the last row <= D.
    -- `sequence` is the statement's place in the log: the order of same-day changes.
    CREATE TABLE statusChange (
      recommendation TEXT NOT NULL REFERENCES recommendation(id),
      date TEXT NOT NULL,
      sequence INTEGER NOT NULL,
      statement TEXT NOT NULL,
      position TEXT NOT NULL CHECK (position IN
        ('no_response', 'considering', 'rejected', 'accepted_in_principle', 'accepted_in_part', 'accepted')),
      stage TEXT NOT NULL CHECK (stage IN
        ('not_started', 'planned', 'consulting', 'legislating', 'enacted', 'partially_delivered', 'delivered')),
      PRIMARY KEY (recommendation, date, sequence)
    ) WITHOUT ROWID;

    -- Every pledge, with what fulfils it, so that a new statement is checked without replaying.
    CREATE TABLE pledge (
      statement TEXT NOT NULL,
      ordinal INTEGER NOT NULL,
      recommendation TEXT NOT NULL REFERENCES recommendation(id),
      made_on TEXT NOT NULL,
      text TEXT NOT NULL,
      target TEXT NOT NULL,
      due TEXT,
      due_text TEXT,
      fulfilled_on TEXT,
      fulfilled_by TEXT,
      PRIMARY KEY (statement, ordinal)
    );
    CREATE INDEX pledge_by_recommendation ON pledge(recommendation, made_on);
    CREATE INDEX pledge_open ON pledge(recommendation) WHERE fulfilled_on IS NULL;

    -- The statements that stand (as corrected), by date: timelines seek a date range here.
    -- `content` is the sequence of the event holding the current text (a replacement's, if any).
    CREATE TABLE statement (
      sequence INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      date TEXT NOT NULL,
      content INTEGER NOT NULL
    );
    CREATE INDEX statement_by_date ON statement(date, sequence);

    -- Which statements name which recommendation: `show` seeks one recommendation's history.
    CREATE TABLE mention (
      recommendation TEXT NOT NULL,
      date TEXT NOT NULL,
      sequence INTEGER NOT NULL,
      PRIMARY KEY (recommendation, date, sequence)
    ) WITHOUT ROWID;
    """
}
