/**
 * Schema migrations, applied in order and recorded in `PRAGMA user_version`. Append only: a shipped
 * migration never changes, so an old database upgrades step by step.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the first schema.
  `
  CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    district      TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    eval_date     TEXT NOT NULL,
    status        TEXT NOT NULL,          -- crawling | auditing | done | failed
    config_json   TEXT NOT NULL,
    config_hash   TEXT NOT NULL,
    rule_set_version TEXT NOT NULL
  );
  CREATE TABLE units (
    run_id   INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    id       TEXT NOT NULL,
    name     TEXT NOT NULL,
    type     TEXT NOT NULL,
    url      TEXT NOT NULL,
    scope_json TEXT NOT NULL,
    PRIMARY KEY (run_id, id)
  );
  -- The persisted frontier: one row per URL a unit's crawl admitted. seq orders the work (FIFO).
  CREATE TABLE frontier (
    run_id    INTEGER NOT NULL,
    unit_id   TEXT NOT NULL,
    url       TEXT NOT NULL,
    depth     INTEGER NOT NULL,
    parent    TEXT,
    link_text TEXT,
    state     TEXT NOT NULL,             -- pending | active | done
    seq       INTEGER NOT NULL,
    PRIMARY KEY (run_id, unit_id, url)
  );
  CREATE INDEX frontier_state ON frontier (run_id, state, seq);
  CREATE TABLE pages (
    run_id       INTEGER NOT NULL,
    unit_id      TEXT NOT NULL,
    url          TEXT NOT NULL,
    final_url    TEXT NOT NULL,
    status       INTEGER,
    content_type TEXT,
    charset      TEXT,
    fetched_at   TEXT NOT NULL,
    redirects_json TEXT NOT NULL,
    error        TEXT,
    depth        INTEGER NOT NULL,
    snapshot_json TEXT,
    html_gz      BLOB,
    PRIMARY KEY (run_id, unit_id, url)
  );
  CREATE INDEX pages_final_url ON pages (run_id, unit_id, final_url);
  -- Every distinct link target of a unit, with the first page that links it; verdict NULL = unchecked.
  CREATE TABLE link_checks (
    run_id    INTEGER NOT NULL,
    unit_id   TEXT NOT NULL,
    href      TEXT NOT NULL,
    from_url  TEXT NOT NULL,
    text      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    external  INTEGER NOT NULL,
    from_home INTEGER NOT NULL,
    status    INTEGER,
    error     TEXT,
    verdict   TEXT,
    PRIMARY KEY (run_id, unit_id, href)
  );
  CREATE INDEX link_checks_pending ON link_checks (run_id, verdict);
  CREATE TABLE findings (
    id        INTEGER PRIMARY KEY,
    run_id    INTEGER NOT NULL,
    unit_id   TEXT NOT NULL,
    rule_id   TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    url       TEXT NOT NULL,
    target_json TEXT,
    message   TEXT NOT NULL,
    data_json TEXT NOT NULL
  );
  CREATE INDEX findings_run_unit ON findings (run_id, unit_id);
  CREATE TABLE scores (
    run_id  INTEGER NOT NULL,
    unit_id TEXT NOT NULL,
    total   REAL NOT NULL,
    max     REAL NOT NULL,
    vetoed  INTEGER NOT NULL,
    json    TEXT NOT NULL,
    PRIMARY KEY (run_id, unit_id)
  );
  `,
  // 2: attachments read for personal data, and per-unit network probes (HTTPS, IPv6).
  `
  CREATE TABLE attachments (
    run_id     INTEGER NOT NULL,
    unit_id    TEXT NOT NULL,
    url        TEXT NOT NULL,
    from_url   TEXT NOT NULL,
    from_text  TEXT NOT NULL,
    type       TEXT NOT NULL,
    state      TEXT NOT NULL,            -- pending | done
    status     INTEGER,
    bytes      INTEGER,
    text_gz    BLOB,
    truncated  INTEGER NOT NULL DEFAULT 0,
    error      TEXT,
    PRIMARY KEY (run_id, unit_id, url)
  );
  CREATE INDEX attachments_pending ON attachments (run_id, state);
  CREATE TABLE unit_probes (
    run_id   INTEGER NOT NULL,
    unit_id  TEXT NOT NULL,
    probe    TEXT NOT NULL,              -- https | ipv6
    outcome  TEXT NOT NULL,              -- yes | no | unknown | inapplicable
    detail   TEXT NOT NULL,
    PRIMARY KEY (run_id, unit_id, probe)
  );
  `,
  // 3: the browser: how each page was read, axe results per page, screenshots as evidence.
  `
  ALTER TABLE pages ADD COLUMN via TEXT NOT NULL DEFAULT 'http';   -- http | browser
  ALTER TABLE pages ADD COLUMN render_note TEXT;                   -- why it was (or could not be) rendered
  CREATE TABLE axe_results (
    run_id   INTEGER NOT NULL,
    unit_id  TEXT NOT NULL,
    url      TEXT NOT NULL,
    json     TEXT,                     -- stored axe results (null when axe could not run)
    error    TEXT,
    PRIMARY KEY (run_id, unit_id, url)
  );
  CREATE TABLE screenshots (
    run_id   INTEGER NOT NULL,
    unit_id  TEXT NOT NULL,
    url      TEXT NOT NULL,
    selector TEXT NOT NULL,
    png      BLOB NOT NULL,
    PRIMARY KEY (run_id, unit_id, url, selector)
  );
  `,
  // 4: the office's work on the findings. Not per run: marks (误报 / 已整改) follow a finding by its
  // stable key (reports/finding-key.ts) from run to run, and the hand-entered 30 points belong to the
  // unit. Neither references runs, so pruning old runs leaves them alone; run_id only records the
  // run the mark was made on.
  `
  CREATE TABLE marks (
    unit_id     TEXT NOT NULL,
    finding_key TEXT NOT NULL,
    rule_id     TEXT NOT NULL,
    url         TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('false-positive', 'fixed')),
    reason      TEXT NOT NULL,
    marked_by   TEXT NOT NULL,
    marked_at   TEXT NOT NULL,
    run_id      INTEGER,
    UNIQUE (unit_id, finding_key)
  );
  CREATE TABLE manual_entries (
    unit_id     TEXT PRIMARY KEY,
    json        TEXT NOT NULL,
    entered_by  TEXT,
    entered_at  TEXT NOT NULL
  );
  `,
  // 5: incremental nightly crawls. The validators of each answer (ETag, Last-Modified) so the next
  // night can ask "changed since?", and the run a row was carried from when the server said
  // 304 Not Modified (NULL = downloaded in this run). Only ADD COLUMN: the PostgreSQL translation
  // of these migrations is generic.
  `
  ALTER TABLE pages ADD COLUMN etag TEXT;
  ALTER TABLE pages ADD COLUMN last_modified TEXT;
  ALTER TABLE pages ADD COLUMN reused_from INTEGER;
  ALTER TABLE attachments ADD COLUMN etag TEXT;
  ALTER TABLE attachments ADD COLUMN last_modified TEXT;
  ALTER TABLE attachments ADD COLUMN reused_from INTEGER;
  `,
  // 6: the page phase claims work unit by unit in turn (Frontier.claimFair), so each unit's oldest
  // pending entry must be found without scanning the unit's whole frontier.
  `
  CREATE INDEX frontier_unit_state ON frontier (run_id, unit_id, state, seq);
  `,
  // 7: the nightly plan (crawler/night-plan.ts). A night fetches what it must and carries the rest
  // from the previous run, so every row says which run last had it confirmed by the server (a
  // download or a 304) and on which evaluation date: verified_run orders re-verification (least
  // recently verified first, whatever the dates), verified_on is shown ("核验于") and ages a row in
  // nights; a carried row keeps its source's. The frontier orders work by priority (essentials,
  // lists, new pages, re-verification; carried pages need no request) and remembers the list entry
  // (date and title) that led to a page, so the next night sees a changed entry. The audit records
  // what the site model found (site_roles) for the next night's essentials; a carried finding keeps
  // the date its evidence was verified; the run says what the night covered.
  `
  ALTER TABLE pages ADD COLUMN verified_run INTEGER;
  ALTER TABLE pages ADD COLUMN verified_on TEXT;
  ALTER TABLE pages ADD COLUMN page_kind TEXT;
  ALTER TABLE attachments ADD COLUMN verified_run INTEGER;
  ALTER TABLE attachments ADD COLUMN verified_on TEXT;
  ALTER TABLE link_checks ADD COLUMN verified_run INTEGER;
  ALTER TABLE link_checks ADD COLUMN verified_on TEXT;
  ALTER TABLE frontier ADD COLUMN priority INTEGER NOT NULL DEFAULT 2;
  ALTER TABLE frontier ADD COLUMN plan TEXT;
  ALTER TABLE frontier ADD COLUMN list_entry TEXT;
  ALTER TABLE findings ADD COLUMN verified_on TEXT;
  ALTER TABLE runs ADD COLUMN coverage_json TEXT;
  CREATE TABLE site_roles (
    run_id  INTEGER NOT NULL,
    unit_id TEXT NOT NULL,
    url     TEXT NOT NULL,
    role    TEXT NOT NULL,
    PRIMARY KEY (run_id, unit_id, url, role)
  );
  CREATE INDEX frontier_unit_priority ON frontier (run_id, unit_id, state, priority, seq);
  CREATE INDEX pages_unit_verified ON pages (run_id, unit_id, verified_run);
  `,
  // 8: each page parsed once. The crawl stores what it computed on the page it parsed: the page
  // rules' findings and the facts the site model keeps, with the fingerprint of the code that made
  // them (results_version) and the evaluation date and unit name they hold for (results_key). The
  // audit reads them instead of parsing the page again; NULL (older rows, carried rows read again)
  // means "compute them".
  `
  ALTER TABLE pages ADD COLUMN results_version TEXT;
  ALTER TABLE pages ADD COLUMN results_key TEXT;
  ALTER TABLE pages ADD COLUMN findings_json TEXT;
  ALTER TABLE pages ADD COLUMN facts_json TEXT;
  `,
  // 9: frontier_unit_priority (7) serves every query frontier_unit_state (6) served, and each state
  // change of an entry (claimed, done) had to update both: a crawl changes two states a page.
  `
  DROP INDEX IF EXISTS frontier_unit_state;
  `,
  // 10: the snapshot stored gzip-compressed. Its JSON was two thirds of what a crawl wrote per page
  // (about 20 KB of 30 KB); compressed it is about 3 KB. New rows leave snapshot_json NULL; rows
  // stored before keep theirs, and the readers (store/pages.ts storedSnapshot) accept both.
  `
  ALTER TABLE pages ADD COLUMN snapshot_gz BLOB;
  `,
  // 11: the frontier's claim indexes hold pending entries only (partial indexes). A crawl changes
  // each entry's state twice (claimed, then done), and each change rewrote the entry in both state
  // indexes; now a claim only takes it out of them, and done touches no index. The claims, the
  // pending counts and the carry queue read these; the rare queries by another state (requeue
  // after a kill, the night's coverage) scan the run's rows through the primary key.
  `
  DROP INDEX IF EXISTS frontier_state;
  DROP INDEX IF EXISTS frontier_unit_priority;
  CREATE INDEX frontier_pending ON frontier (run_id, priority, seq) WHERE state = 'pending';
  CREATE INDEX frontier_unit_pending ON frontier (run_id, unit_id, priority, seq) WHERE state = 'pending';
  `,
];
