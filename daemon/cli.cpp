#include "daemon/cli.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>

#include "daemon/history_commands.hpp"
#include "daemon/junit_commands.hpp"
#include "daemon/logging.hpp"
#include "daemon/maintenance_commands.hpp"
#include "daemon/store_commands.hpp"
#include "daemon/offline_commands.hpp"
#include "daemon/run_command.hpp"
#include "daemon/serve_command.hpp"
#include "daemon/settings.hpp"

namespace flakyd::app {

namespace {

constexpr const char* k_description =
    "flakyd tells retry runners whether a failed test is worth retrying.\n"
    "It redacts secrets, fingerprints the failure, classifies it (flaky-network, timeout,\n"
    "resource-exhaustion, infrastructure, concurrency, order-dependency, environmental,\n"
    "deterministic, unknown) and advises retry_with_delay or stop_retry.\n\n"
    "Exit codes: 0 ok; 1 some input was rejected; 2 bad configuration; 3 input unreadable.\n"
    "Every option can also be set by the environment variable named in its help\n"
    "(FLAKYD_*), or in a TOML config file given with --config.";

void add_shared_options(CLI::App& app, Settings& settings) {
  app.add_option("--rules", settings.rules_file,
                 "rule file (TOML, or JSON): extra or overriding heuristic rules, secret rules, allow-list")
      ->envname("FLAKYD_RULES")
      ->check(CLI::ExistingFile);
  app.add_flag("--keep-emails", settings.keep_emails, "Do not redact e-mail addresses")
      ->envname("FLAKYD_KEEP_EMAILS");
  app.add_flag("--keep-ips", settings.keep_ip_addresses, "Do not redact public IPv4 addresses")
      ->envname("FLAKYD_KEEP_IPS");
  app.add_option("--max-trace-bytes", settings.max_trace_bytes,
                 "Longer traces keep their head and tail (default 1 MiB)")
      ->envname("FLAKYD_MAX_TRACE_BYTES")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{64} << 20));
  app.add_option("--unknown-retries", settings.unknown_retries,
                 "Retries granted to a failure no rule recognises (default 1)")
      ->envname("FLAKYD_UNKNOWN_RETRIES")
      ->check(CLI::Range(0, 100));
  app.add_option("--log-level", settings.log_level, "trace, debug, info, warn, error, off")
      ->envname("FLAKYD_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  app.add_option("--log-format", settings.log_format, "Logs on stderr: text or json")
      ->envname("FLAKYD_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}));
}

void add_classify(CLI::App& app, Settings& settings) {
  auto* classify = app.add_subcommand(
      "classify",
      "Classify one failure offline and print the result JSON.\n"
      "Input is plain text by default, one JSON request object with --json, or one JSON\n"
      "request per line with --jsonl (one result or error object per output line).");
  classify->add_option("input", settings.input, "File to read, or - for stdin (default)");
  auto* json_flag = classify->add_flag_callback(
      "--json", [&] { settings.format = InputFormat::json; },
      "Input is one JSON object of classify_failure arguments");
  auto* jsonl_flag = classify->add_flag_callback(
      "--jsonl", [&] { settings.format = InputFormat::jsonl; },
      "Input is one JSON request object per line");
  json_flag->excludes(jsonl_flag);
  classify->add_flag("--explain", settings.explain, "List every rule that matched, with its span");
  classify->add_flag("--pretty", settings.pretty, "Indent the output JSON");
  classify->add_option("--language", settings.language, "Language hint for plain-text input");
  classify->add_option("--exception-type", settings.exception_type,
                       "Exception type for plain-text input");
  classify->add_option("--attempt", settings.attempt, "The attempt that failed (plain text)")
      ->check(CLI::Range(1, 1000));
  classify->add_option("--max-attempts", settings.max_attempts, "Attempt budget (plain text)")
      ->check(CLI::Range(1, 1000));
}

void add_cache_and_report_options(CLI::App& app, Settings& settings) {
  app.add_option("--cache-dir", settings.cache_dir,
                 "Cache directory (serve default: $XDG_CACHE_HOME/flakyd or ~/.cache/flakyd; "
                 "classify uses a cache only when this is given)")
      ->envname("FLAKYD_CACHE_DIR");
  app.add_flag("--no-cache", settings.no_cache, "Do not read or write the disk cache")
      ->envname("FLAKYD_NO_CACHE");
  app.add_option("--cache-ttl", settings.cache_ttl_seconds, "Seconds a cached answer stays valid (default 7 days)")
      ->envname("FLAKYD_CACHE_TTL")
      ->check(CLI::Range(1LL, 10LL * 365 * 24 * 3600));
  app.add_option("--cache-max-bytes", settings.cache_max_bytes,
                 "Cache size cap; least recently used entries are evicted (default 64 MiB)")
      ->envname("FLAKYD_CACHE_MAX_BYTES")
      ->check(CLI::Range(std::uint64_t{4096}, std::uint64_t{1} << 40));
  app.add_option("--report", settings.report_path,
                 "Append one JSON line per decision to this file (created 0600)")
      ->envname("FLAKYD_REPORT");
}

void add_upstream_options(CLI::App& app, Settings& settings) {
  app.add_option("--upstream", settings.upstream_url,
                 "MCP endpoint (http:// or https://) of an AI classifier to ask before the heuristics")
      ->envname("FLAKYD_UPSTREAM");
  app.add_option("--upstream-tool", settings.upstream_tool, "Tool to call upstream")
      ->envname("FLAKYD_UPSTREAM_TOOL");
  app.add_option("--upstream-token-env", settings.upstream_token_env,
                 "Name of the environment variable holding the upstream bearer token "
                 "(tokens are never taken from the command line)")
      ->envname("FLAKYD_UPSTREAM_TOKEN_ENV");
  app.add_option("--upstream-ca", settings.upstream_ca, "CA certificate file trusted for an https upstream")
      ->envname("FLAKYD_UPSTREAM_CA")
      ->check(CLI::ExistingFile);
  app.add_option("--upstream-connect-timeout-ms", settings.upstream_connect_timeout_ms, "Connect timeout (default 500)")
      ->envname("FLAKYD_UPSTREAM_CONNECT_TIMEOUT_MS")
      ->check(CLI::Range(10, 60000));
  app.add_option("--upstream-timeout-ms", settings.upstream_timeout_ms, "Total time for one upstream call (default 1500)")
      ->envname("FLAKYD_UPSTREAM_TIMEOUT_MS")
      ->check(CLI::Range(10, 120000));
  app.add_option("--upstream-max-trace", settings.upstream_max_trace,
                 "Bytes of (redacted) trace sent upstream; head and tail kept (default 64 KiB)")
      ->envname("FLAKYD_UPSTREAM_MAX_TRACE")
      ->check(CLI::Range(std::size_t{256}, std::size_t{8} << 20));
  app.add_option("--breaker-threshold", settings.breaker_threshold,
                 "Consecutive upstream failures that open the circuit breaker (default 3)")
      ->envname("FLAKYD_BREAKER_THRESHOLD")
      ->check(CLI::Range(1, 1000));
  app.add_option("--breaker-cooldown-ms", settings.breaker_cooldown_ms,
                 "Time the breaker stays open before one probe (default 30000)")
      ->envname("FLAKYD_BREAKER_COOLDOWN_MS")
      ->check(CLI::Range(0, 3600000));
  app.add_option("--deterministic-veto", settings.deterministic_veto,
                 "A heuristic 'deterministic' verdict this confident is never overruled into retries (default 0.8)")
      ->envname("FLAKYD_DETERMINISTIC_VETO")
      ->check(CLI::Range(0.0, 1.01));
}

// The store (DESIGN.md, "Store"). The password is never an option: libpq reads PGPASSWORD or
// ~/.pgpass.
void add_store_options(CLI::App& app, Settings& settings) {
  app.add_option("--store-timeout-ms", settings.store_timeout_ms,
                 "Deadline of one store lookup while classifying; past it flakyd answers from local\n"
                 "state (default 50)")
      ->envname("FLAKYD_STORE_TIMEOUT_MS")
      ->check(CLI::Range(1, 10000));
  app.add_option("--store-journal", settings.store_journal,
                 "Local SQLite journal of outcomes not yet shipped to PostgreSQL (default\n"
                 "$XDG_STATE_HOME/flakyd/pg-journal.db, else ~/.local/state/flakyd/pg-journal.db)")
      ->envname("FLAKYD_STORE_JOURNAL");
  auto* store = app.add_subcommand(
      "store",
      "For operators of a shared (postgresql://) store: `store migrate` applies the schema's\n"
      "missing migrations (safe while daemons run; concurrent runs serialise), `store check`\n"
      "connects and reports the schema version. The store is --store or FLAKYD_STORE; the\n"
      "password comes from PGPASSWORD or ~/.pgpass. Exit 0: current, 1: needs\n"
      "migrate (or is newer than this flakyd), 2: no postgresql:// store given, 3: unreachable");
  store->add_option("action", settings.store_action, "migrate or check")
      ->required()
      ->check(CLI::IsMember({"migrate", "check"}));
  store->add_flag("--json", settings.json_output, "Print JSON");
}

void add_maintenance(CLI::App& app, Settings& settings) {
  auto* cache = app.add_subcommand("cache", "Look after the disk cache: stats, prune (expired and over-cap entries), clear");
  cache->add_option("action", settings.cache_action, "stats, prune or clear")
      ->required()
      ->check(CLI::IsMember({"stats", "prune", "clear"}));
  cache->add_flag("--json", settings.json_output, "Print JSON");
  auto* report = app.add_subcommand(
      "report",
      "Summarise report trails (JSON lines written by --report): decisions over time and by\n"
      "category, the tests retried most, rerun time spent and saved, top failure signatures and\n"
      "decisions per rule. Prints text (or JSON with --json); --html also writes one\n"
      "self-contained page with charts (inline CSS and SVG, no script, loads nothing).");
  report->add_option("trail", settings.trails, "Trail files (- for stdin)")->required();
  report->add_flag("--json", settings.json_output, "Print JSON");
  report->add_option("--html", settings.report_html, "Also write the report as one HTML page to this file")
      ->option_text("OUT");
  report->add_option("--since", settings.report_since_days, "Only decisions of the last DAYS days (UTC)")
      ->option_text("DAYS")
      ->check(CLI::Range(1, 36500));
  report->add_option("--reruns", settings.report_blanket_reruns,
                     "The blanket --reruns N that time saved by stop_retry is compared with\n"
                     "(default: each decision's own max_attempts - 1)")
      ->option_text("N")
      ->check(CLI::Range(0, 100));
}

void add_serve(CLI::App& app, Settings& settings) {
  auto* serve = app.add_subcommand(
      "serve",
      "Run the daemon: MCP (JSON-RPC 2.0) over Streamable HTTP on POST /mcp, with GET /healthz\n"
      "and GET /metrics, or over stdio with --stdio. Set FLAKYD_TOKEN to require a bearer token.");
  serve->add_flag("--stdio", settings.stdio,
                  "Serve newline-delimited JSON-RPC on stdin/stdout (logs on stderr)");
  serve->add_option("--listen", settings.listen, "HOST:PORT to bind (port 0: any free port)")
      ->envname("FLAKYD_LISTEN");
  serve->add_option("--threads", settings.threads,
                    "Worker threads for HTTP requests that may wait (an upstream call) or\n"
                    "work long (bodies over 64 KiB); connections themselves are served by\n"
                    "two event-driven poll threads and hold no thread (default 16)")
      ->envname("FLAKYD_THREADS")
      ->check(CLI::Range(std::size_t{2}, std::size_t{4096}));
  serve->add_option("--max-connections", settings.max_connections,
                    "Open HTTP connections served at once (default 1024); the next 64 get a\n"
                    "503 and are closed, later ones are closed at once")
      ->envname("FLAKYD_MAX_CONNECTIONS")
      ->check(CLI::Range(std::size_t{1}, std::size_t{65536}));
  serve->add_option("--max-body-bytes", settings.max_body_bytes,
                    "Largest request body or stdio line (default 8 MiB)")
      ->envname("FLAKYD_MAX_BODY_BYTES")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{256} << 20));
  serve->add_option("--request-timeout", settings.request_timeout_seconds,
                    "Seconds a request may take to arrive whole, head and body, and an answer\n"
                    "to be taken by the client (default 30); a client that drips bytes gets\n"
                    "408 and is disconnected, one that reads too slowly is disconnected")
      ->envname("FLAKYD_REQUEST_TIMEOUT")
      ->check(CLI::Range(1, 3600));
  serve->add_option("--max-json-depth", settings.max_json_depth, "Deepest JSON nesting accepted")
      ->envname("FLAKYD_MAX_JSON_DEPTH")
      ->check(CLI::Range(4, 512));
  serve->add_option("--allow-origin", settings.allowed_origins,
                    "Extra Origin allowed besides localhost (repeatable)")
      ->envname("FLAKYD_ALLOW_ORIGIN");
}

// The history store and run-level guards (DESIGN.md, "Outcomes and history", "Store").
void add_history_options(CLI::App& app, Settings& settings) {
  app.add_option("--store", settings.store_url,
                 "History store URL: sqlite: (the default file, $XDG_STATE_HOME/flakyd/flakyd.db, else\n"
                 "~/.local/state/flakyd/flakyd.db) or sqlite:PATH. serve, outcome, history and report use\n"
                 "the default; classify uses a store only when this is given. A CI fleet shares one\n"
                 "PostgreSQL: postgresql://USER@HOST:PORT/DB?sslmode=verify-full (a libpq connection\n"
                 "string; the password from PGPASSWORD or ~/.pgpass, never from here): verdicts and\n"
                 "history are then the fleet's")
      ->envname("FLAKYD_STORE");
  app.add_flag("--no-history", settings.no_history,
               "Do not read or write the history store: advice comes from the text alone")
      ->envname("FLAKYD_NO_HISTORY");
  app.add_option("--history-days", settings.history_days,
                 "Outcomes (and shared verdicts) older than this many days are deleted from the store\n"
                 "(default 90)")
      ->envname("FLAKYD_HISTORY_DAYS")
      ->check(CLI::Range(1, 3650));
  app.add_option("--run-retry-budget", settings.run_retry_budget,
                 "Retries advised per run (run_id) before every failure of it is told to stop (default 50)")
      ->envname("FLAKYD_RUN_RETRY_BUDGET")
      ->check(CLI::Range(0, 1000000));
  app.add_option("--storm-tests", settings.storm_tests,
                 "Tests of one run failing with one failure that make it an outage: stop_retry, rerun\n"
                 "the job (default 10)")
      ->envname("FLAKYD_STORM_TESTS")
      ->check(CLI::Range(2, 1000000));
}

void add_history_commands(CLI::App& app, Settings& settings) {
  auto* outcome = app.add_subcommand(
      "outcome",
      "Record one run's test outcomes in the history store. Input: one JSON object shaped like\n"
      "the report_outcome tool's arguments: {\"run_id\", \"commit\", \"outcomes\": [{\"test_id\",\n"
      "\"outcome\": passed|failed|skipped, \"attempts\", \"fingerprint\", \"duration_s\"}]}.");
  outcome->add_option("input", settings.input, "File to read, or - for stdin (default)");
  outcome->add_flag("--json", settings.json_output, "The input is JSON (the only format; the flag may be omitted)");
  auto* history = app.add_subcommand(
      "history",
      "List what the history store learnt: per test, runs, final failures, flaky runs (passed\n"
      "after a retry, or failed on a commit it also passed on), flake rate and last category,\n"
      "flakiest first. `history flaky` lists the quarantine candidates (rate >= --min-rate).");
  history->add_option("action", settings.history_action, "flaky: only the quarantine candidates")
      ->check(CLI::IsMember({"flaky"}));
  history->add_flag("--json", settings.json_output, "Print JSON");
  history->add_option("--test", settings.history_test, "Only this test id");
  history->add_option("--since", settings.history_since_days, "Only outcomes of the last DAYS days (default 90)")
      ->check(CLI::Range(0.0, 36500.0));
  history->add_option("--min-rate", settings.min_flake_rate,
                      "Smallest flake rate of a quarantine candidate, 0..1 (default 0.05)")
      ->check(CLI::Range(0.0, 1.0));
}

void add_redact(CLI::App& app, Settings& settings, bool& list_kinds) {
  auto* redact = app.add_subcommand("redact", "Print the input with every secret redacted.");
  redact->add_option("input", settings.input, "File to read, or - for stdin (default)");
  redact->add_flag("--kinds", list_kinds,
                   "List the kinds of secret redacted, one example shape each, and exit");
}


// --- `flakyd run` and `flakyd junit` (any runner, any CI step) ---

constexpr const char* k_run_description =
    "The command's stdout and stderr pass through unchanged; on failure the last 1 MiB of output is\n"
    "classified offline (no daemon needed) and one line per decision goes to stderr:\n"
    "  flakyd: attempt 1 failed: flaky-network (connection reset); retrying in 2 s\n"
    "SIGINT and SIGTERM are passed on to the command (its own process group) and end the\n"
    "retrying. Exit status: the last attempt's; 128+N when it died of signal N; 124 when it\n"
    "timed out; 127 (not found) or 126 (not executable) when it could not be run, without retry;\n"
    "2 on bad configuration.\n"
    "Usage: flakyd run [OPTIONS] -- CMD [ARGS...]";

void add_run(CLI::App& app, Settings& settings, RunSettings& run) {
  auto* command = app.add_subcommand("run", "Run a command (any CI step); rerun it while flakyd advises a rerun");
  command->footer(k_run_description);
  command->add_option("--max-attempts", run.max_attempts, "Attempts in all, the first included (default 3)")
      ->envname("FLAKYD_RUN_MAX_ATTEMPTS")
      ->check(CLI::Range(1, 100));
  command->add_option("--delay", run.delay_s, "Base delay in seconds before a rerun (default: the category's)")
      ->envname("FLAKYD_RUN_DELAY")
      ->check(CLI::Range(0.0, 86400.0));
  command->add_option("--backoff", run.backoff, "exp (default), linear or none")
      ->envname("FLAKYD_RUN_BACKOFF")
      ->check(CLI::IsMember({"exp", "linear", "none"}));
  command->add_option("--retry-on", run.retry_on,
                      "Comma-separated exception names: only failures naming one of them are rerun")
      ->envname("FLAKYD_RUN_RETRY_ON")
      ->delimiter(',');
  command->add_option("--timeout", run.timeout_s,
                      "Seconds one attempt may run; then SIGTERM (SIGKILL 5 s later) to its process group,\n"
                      "and the attempt counts as a timeout")
      ->envname("FLAKYD_RUN_TIMEOUT")
      ->check(CLI::Range(0.001, 7.0 * 86400));
  command->add_option("--report", settings.report_path, "Append one JSON line per decision to this file (0600)");
  command->add_option("command", run.command, "The command and its arguments, after --")->required();
}

constexpr const char* k_junit_exit_codes =
    "Exit codes: 0 ok (rerun: a selection was printed; merge: no test failed for good);\n"
    "1 a report was refused (malformed, a DOCTYPE, invalid UTF-8, over a limit); 2 bad\n"
    "configuration; 3 a file could not be read or written; 5 (rerun) no test failed: stdout\n"
    "is empty; 6 (rerun) tests failed but none is worth a rerun: stdout is empty;\n"
    "6 (merge) the report was written and some test failed in every attempt.";

void add_junit(CLI::App& app, JunitSettings& junit) {
  auto* group = app.add_subcommand(
      "junit", "JUnit XML reports of any runner: classify failures, select reruns, merge reruns");
  group->footer(std::string("Reads the reports of Surefire/Failsafe, Gradle, pytest, jest-junit, Vitest, gotestsum,\n"
                            "go-junit-report, nextest, PHPUnit and the .NET loggers.\n") +
                k_junit_exit_codes);
  group->require_subcommand(1);
  group->add_option("--max-xml-bytes", junit.max_xml_bytes, "Largest report accepted (default 64 MiB)")
      ->envname("FLAKYD_MAX_XML_BYTES")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30));
  group->add_option("--max-attempts", junit.max_attempts,
                    "Attempt budget: a test that failed this often is not rerun (default 3)")
      ->envname("FLAKYD_JUNIT_MAX_ATTEMPTS")
      ->check(CLI::Range(1, 100));

  auto* classify = group->add_subcommand(
      "classify", "One JSON line per test that failed (and did not pass later): the decision plus test_id,\n"
                  "outcome and attempts");
  classify->add_option("files", junit.files, "JUnit XML files (a test's attempts may span them)")->required();
  classify->callback([&junit] { junit.action = "classify"; });

  auto* rerun = group->add_subcommand(
      "rerun", std::string("Print the runner's own arguments that rerun exactly the failed tests worth a rerun\n"
                           "(one line per runner invocation: go prints one per package), e.g.\n"
                           "  pytest  tests/test_api.py::test_get        go      -run '^(TestA|TestB)$' example.com/m/pkg\n"
                           "  maven   '-Dtest=com.a.ATest#m1+m2'         gradle  --tests com.a.ATest.m1\n"
                           "  jest    -t '^(?:suite name)$'              vitest  -t '^(?:suite name)$' src/a.test.ts\n"
                           "  node    '--test-name-pattern=^(?:name)$'   nextest -E 'test(=mod::name)'\n"
                           "  dotnet  --filter FullyQualifiedName=N.C.M   rspec   ./spec/a_spec.rb:12, or files and -e 'name'\n"
                           "Words are shell-quoted: use them with eval, e.g. eval \"go test $line\".\n"
                           "One line per failed test on stderr says whether and why.\n") +
                   k_junit_exit_codes);
  rerun->add_option("files", junit.files, "JUnit XML files (the first run and any reruns so far)")->required();
  rerun->add_option("--format", junit.format, "pytest|go|maven|gradle|jest|vitest|node|nextest|dotnet|rspec")
      ->required()
      ->check(CLI::IsMember({"pytest", "go", "maven", "gradle", "jest", "vitest", "node", "nextest", "dotnet", "rspec"}));
  rerun->add_option("--root", junit.root,
                    "pytest: directory the test paths are relative to (pytest's rootdir; default .)")
      ->envname("FLAKYD_JUNIT_ROOT");
  rerun->callback([&junit] { junit.action = "rerun"; });

  auto* merge = group->add_subcommand(
      "merge", std::string("Merge the first run's report with its reruns' into one Surefire-form report: a test that\n"
                           "passed on rerun keeps each failure as <flakyFailure>; one that never passed gets\n"
                           "<failure> and a <rerunFailure> per rerun.\n") +
                   k_junit_exit_codes);
  merge->add_option("files", junit.files, "FIRST RERUN...: the first run's report, then each rerun's")
      ->required()
      ->expected(1, -1);
  merge->add_option("-o,--output", junit.output, "The merged report to write (replaced atomically)")->required();
  merge->add_option("--run-id", junit.run_id,
                    "Also record every test's final outcome under this run id in the history store (--store,\n"
                    "default sqlite: under $XDG_STATE_HOME/flakyd): passed, passed on a rerun (flaky) or\n"
                    "failed, redacted first, as report_outcome does. The file is written either way; a store\n"
                    "that is down costs one warning");
  merge->add_option("--commit", junit.commit,
                    "The commit under test, with --run-id (default: $GITHUB_SHA, $CI_COMMIT_SHA,\n"
                    "$BUILDKITE_COMMIT, $CIRCLE_SHA1, $GIT_COMMIT, else git rev-parse HEAD)");
  merge->callback([&junit] { junit.action = "merge"; });
}

}  // namespace

int run_cli(int argc, char** argv) {
  Settings settings;
  CLI::App app{k_description, "flakyd"};
  app.set_version_flag("--version", std::string("flakyd ") + FLAKYD_VERSION);
  // CLI11 reads the config option's default file itself; FLAKYD_CONFIG provides that default.
  const char* config_from_environment = std::getenv("FLAKYD_CONFIG");
  app.set_config("--config", config_from_environment ? config_from_environment : "",
                 "TOML config file with the same option names (env: FLAKYD_CONFIG)",
                 config_from_environment != nullptr);
  app.require_subcommand(1);
  app.fallthrough();
  add_shared_options(app, settings);
  add_classify(app, settings);
  bool list_secret_kinds = false;
  add_redact(app, settings, list_secret_kinds);
  add_serve(app, settings);
  add_cache_and_report_options(app, settings);
  add_upstream_options(app, settings);
  add_maintenance(app, settings);
  add_history_options(app, settings);
  add_history_commands(app, settings);
  add_store_options(app, settings);
  RunSettings run_settings;
  add_run(app, settings, run_settings);
  JunitSettings junit_settings;
  add_junit(app, junit_settings);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  configure_logging(settings.log_level, settings.log_format);

  if (app.got_subcommand("classify")) return run_classify(settings);
  if (app.got_subcommand("redact")) return list_secret_kinds ? run_redact_kinds() : run_redact(settings);
  if (app.got_subcommand("serve")) return run_serve(settings);
  if (app.got_subcommand("cache")) return run_cache(settings);
  if (app.got_subcommand("report")) return run_report(settings);
  if (app.got_subcommand("outcome")) return run_outcome(settings);
  if (app.got_subcommand("history")) return run_history(settings);
  if (app.got_subcommand("store")) return run_store(settings);
  if (app.got_subcommand("run")) return run_command(settings, run_settings);
  if (app.got_subcommand("junit")) return run_junit(settings, junit_settings);
  return 2;
}

}  // namespace flakyd::app
