// The history store's schema and queries, in SQL that SQLite (>= 3.24) and PostgreSQL (>= 9.5)
// both accept, shared by every adapter of engine::HistoryStore (sqlite_store.* here; a
// PostgreSQL adapter uses the same text). Data, not code: an adapter runs these strings.
//
// Portability rules kept here (check them when you add a query):
//   - Parameters are `$1`, `$2`, ... (PostgreSQL's form; SQLite reads them as named parameters,
//     so its adapter binds by name, never by position).
//   - Types: TEXT, INTEGER, BIGINT, DOUBLE PRECISION. No AUTOINCREMENT/SERIAL: the primary key is
//     the natural one, (run_id, test_id).
//   - Upsert with INSERT ... ON CONFLICT (...) DO UPDATE SET col = excluded.col.
//   - Sums are wrapped in COALESCE (SUM over no rows is NULL) and use CASE, not FILTER or booleans.
//   - Table and index names start with flakyd_ (a shared PostgreSQL database holds other things).
//   - `commit` is a reserved word: the column is commit_id. Times are Unix seconds (BIGINT).
//
// Versioning: flakyd_schema holds one row per applied migration. An adapter, in one transaction
// that excludes other writers, reads MAX(version) and applies every migration above it in order.
// A database whose version is above k_schema_version was written by a newer flakyd: the adapter
// refuses it (flakyd then answers from text) rather than guess.
//
// Integer keys (version 3, store/history_keys.hpp): every outcome row also carries test_key,
// commit_key and fingerprint_key, 64-bit hashes the adapter computes from the text (SQL has no
// portable hash). The classification path reads only those. A migration with `fills_keys`
// makes the adapter compute them for the rows already there (k_rows_to_key, k_fill_keys, in
// chunks of primary-key order) between its `statements` and its `after_fill` statements.
#pragma once

#include <array>
#include <string_view>
#include <vector>

namespace flakyd::store {

inline constexpr int k_schema_version = 3;

inline constexpr std::string_view k_create_schema_table =
    "CREATE TABLE IF NOT EXISTS flakyd_schema (version INTEGER NOT NULL PRIMARY KEY, "
    "applied_at BIGINT NOT NULL)";
inline constexpr std::string_view k_read_schema_version = "SELECT COALESCE(MAX(version), 0) FROM flakyd_schema";
inline constexpr std::string_view k_note_schema_version =
    "INSERT INTO flakyd_schema (version, applied_at) VALUES ($1, $2)";

struct Migration {
  int version;
  std::vector<std::string_view> statements;
  bool fills_keys = false;                   // compute the integer keys of existing rows next
  std::vector<std::string_view> after_fill;  // then these (indexes are built once, on full columns)
};

// Append only: a released migration never changes.
inline const std::vector<Migration>& migrations() {
  static const std::vector<Migration> k_migrations = {
      {1,
       {"CREATE TABLE flakyd_outcomes ("
        " run_id TEXT NOT NULL,"
        " test_id TEXT NOT NULL,"
        " commit_id TEXT NOT NULL DEFAULT '',"
        " outcome TEXT NOT NULL CHECK (outcome IN ('passed', 'failed', 'skipped')),"
        " attempts INTEGER NOT NULL,"
        " fingerprint TEXT NOT NULL DEFAULT '',"
        " category TEXT NOT NULL DEFAULT '',"
        " rule_id TEXT NOT NULL DEFAULT '',"
        " duration_s DOUBLE PRECISION,"
        " recorded_at BIGINT NOT NULL,"
        " PRIMARY KEY (run_id, test_id))",
        // Covers the classification path's query (k_test_history): one index range, no table reads.
        "CREATE INDEX flakyd_outcomes_by_test ON flakyd_outcomes"
        " (test_id, commit_id, outcome, attempts, fingerprint)",
        "CREATE INDEX flakyd_outcomes_by_time ON flakyd_outcomes (recorded_at)"},
       false,
       {}},
      // Shared verdicts (#18): what a fleet's daemons learnt about a failure, keyed like the
      // disk cache (a digest of the fingerprint and the classifier's identity).
      {2,
       {"CREATE TABLE flakyd_verdicts ("
        " verdict_key TEXT NOT NULL PRIMARY KEY,"
        " category TEXT NOT NULL,"
        " confidence DOUBLE PRECISION NOT NULL,"
        " rule_id TEXT NOT NULL DEFAULT '',"
        " reason TEXT NOT NULL DEFAULT '',"
        " origin TEXT NOT NULL,"
        " stored_at BIGINT NOT NULL)",
        "CREATE INDEX flakyd_verdicts_by_time ON flakyd_verdicts (stored_at)"},
       false,
       {}},
      // Integer keys: the classification path's covering index holds 8-byte hashes instead of the
      // test id, the 40-character commit and the 64-character fingerprint (a fifth of the size,
      // cheap comparisons). The text stays in the row for `flakyd history` and the report.
      {3,
       {"ALTER TABLE flakyd_outcomes ADD COLUMN test_key BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE flakyd_outcomes ADD COLUMN commit_key BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE flakyd_outcomes ADD COLUMN fingerprint_key BIGINT NOT NULL DEFAULT 0"},
       true,
       {"DROP INDEX flakyd_outcomes_by_test",
        "CREATE INDEX flakyd_outcomes_by_test_key ON flakyd_outcomes"
        " (test_key, commit_key, outcome, attempts, fingerprint_key)"}},
  };
  return k_migrations;
}

// Version 3's key fill. $1, $2: the last (run_id, test_id) filled ('', '' first); $3 chunk size.
// Columns: run_id, test_id, commit_id, fingerprint.
inline constexpr std::string_view k_rows_to_key =
    "SELECT run_id, test_id, commit_id, fingerprint FROM flakyd_outcomes"
    " WHERE (run_id, test_id) > ($1, $2) ORDER BY run_id, test_id LIMIT $3";
// $1 run_id, $2 test_id, $3 test_key, $4 commit_key, $5 fingerprint_key.
inline constexpr std::string_view k_fill_keys =
    "UPDATE flakyd_outcomes SET test_key = $3, commit_key = $4, fingerprint_key = $5"
    " WHERE run_id = $1 AND test_id = $2";

// $1 run_id, $2 test_id, $3 commit_id, $4 outcome, $5 attempts, $6 fingerprint, $7 category,
// $8 rule_id, $9 duration_s (NULL: unknown), $10 recorded_at, $11 test_key, $12 commit_key,
// $13 fingerprint_key (store/history_keys.hpp of $2, $3, $6).
inline constexpr std::string_view k_upsert_outcome =
    "INSERT INTO flakyd_outcomes (run_id, test_id, commit_id, outcome, attempts, fingerprint,"
    " category, rule_id, duration_s, recorded_at, test_key, commit_key, fingerprint_key)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    " ON CONFLICT (run_id, test_id) DO UPDATE SET commit_id = excluded.commit_id,"
    " outcome = excluded.outcome, attempts = excluded.attempts, fingerprint = excluded.fingerprint,"
    " category = excluded.category, rule_id = excluded.rule_id, duration_s = excluded.duration_s,"
    " recorded_at = excluded.recorded_at, test_key = excluded.test_key, commit_key = excluded.commit_key,"
    " fingerprint_key = excluded.fingerprint_key";

// $1 test_key, $2 fingerprint_key, $3 commit_key (0 = unknown): store/history_keys.hpp of the
// query's text. One row: the seven TestHistory counts in declaration order. Reads only the
// covering index flakyd_outcomes_by_test_key. Integer tests come first in each CASE: most rows
// fail them, and the text comparison of `outcome` is then skipped.
inline constexpr std::string_view k_test_history =
    "SELECT COUNT(*),"
    " COALESCE(SUM(CASE WHEN attempts > 1 AND outcome = 'passed' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN fingerprint_key = $2 AND outcome = 'failed' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN attempts > 1 AND fingerprint_key = $2 AND outcome = 'passed' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN commit_key = $3 AND commit_key <> 0 AND outcome = 'failed' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN commit_key = $3 AND commit_key <> 0 AND outcome = 'passed' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN attempts > 1 AND commit_key = $3 AND commit_key <> 0 AND outcome = 'passed'"
    " THEN 1 ELSE 0 END), 0)"
    " FROM flakyd_outcomes WHERE test_key = $1";

// $1 since (Unix seconds), $2 test_id ('' = all), $3 minimum flake rate, $4 row limit.
// Columns: test_id, runs, failures, flaky_runs, last_seen, last_category. A failed run counts as
// flaky when the test also passed on that commit; a pass after a retry always does.
inline constexpr std::string_view k_summarise =
    "WITH per_commit AS ("
    " SELECT test_id, test_key, commit_id, COUNT(*) AS runs,"
    " SUM(CASE WHEN outcome = 'failed' THEN 1 ELSE 0 END) AS failures,"
    " SUM(CASE WHEN outcome = 'passed' THEN 1 ELSE 0 END) AS passes,"
    " SUM(CASE WHEN outcome = 'passed' AND attempts > 1 THEN 1 ELSE 0 END) AS retried_passes,"
    " MAX(recorded_at) AS last_seen"
    " FROM flakyd_outcomes WHERE recorded_at >= $1 AND ($2 = '' OR test_id = $2)"
    " GROUP BY test_id, test_key, commit_id),"
    " per_test AS ("
    " SELECT test_id, test_key, SUM(runs) AS runs, SUM(failures) AS failures,"
    " SUM(retried_passes + CASE WHEN commit_id <> '' AND passes > 0 THEN failures ELSE 0 END) AS flaky_runs,"
    " MAX(last_seen) AS last_seen"
    " FROM per_commit GROUP BY test_id, test_key)"
    " SELECT test_id, runs, failures, flaky_runs, last_seen,"
    " COALESCE((SELECT o.category FROM flakyd_outcomes o WHERE o.test_key = per_test.test_key"
    " AND o.test_id = per_test.test_id"
    " AND o.category <> '' ORDER BY o.recorded_at DESC LIMIT 1), '')"
    " FROM per_test WHERE CAST(flaky_runs AS DOUBLE PRECISION) >= $3 * runs"
    " ORDER BY CAST(flaky_runs AS DOUBLE PRECISION) / runs DESC, failures DESC, test_id"
    " LIMIT $4";

// $1 run_id, $2 test_id. Columns: outcome, attempts.
inline constexpr std::string_view k_final_outcome =
    "SELECT outcome, attempts FROM flakyd_outcomes WHERE run_id = $1 AND test_id = $2";

// $1 before (Unix seconds).
inline constexpr std::string_view k_prune = "DELETE FROM flakyd_outcomes WHERE recorded_at < $1";

// Shared verdicts. $1 key, $2 oldest stored_at still fresh (the cache's TTL). Columns: category,
// confidence, rule_id, reason, origin, stored_at.
inline constexpr std::string_view k_get_verdict =
    "SELECT category, confidence, rule_id, reason, origin, stored_at FROM flakyd_verdicts"
    " WHERE verdict_key = $1 AND stored_at >= $2";
// $1 key, $2 category, $3 confidence, $4 rule_id, $5 reason, $6 origin, $7 stored_at.
inline constexpr std::string_view k_put_verdict =
    "INSERT INTO flakyd_verdicts (verdict_key, category, confidence, rule_id, reason, origin, stored_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7)"
    " ON CONFLICT (verdict_key) DO UPDATE SET category = excluded.category,"
    " confidence = excluded.confidence, rule_id = excluded.rule_id, reason = excluded.reason,"
    " origin = excluded.origin, stored_at = excluded.stored_at";
// $1 before (Unix seconds).
inline constexpr std::string_view k_prune_verdicts = "DELETE FROM flakyd_verdicts WHERE stored_at < $1";

}  // namespace flakyd::store
