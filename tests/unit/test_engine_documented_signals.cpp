// Transient failure lines that tools document they print (curl's exit codes, git, npm/yarn/pnpm,
// pip/urllib3, Maven/Gradle, apt/dnf, Docker, GitHub Actions and GitLab runners, gRPC, the JVM,
// .NET, Node's undici, test runners' deadlines, OOM killers and full disks), one short trace
// each with the document it comes from: tests/data/transient-documented.jsonl.
//   set "round-1"     the checklist the rules were then written from
//   set "held-out-2"  a second checklist scored before any rule saw it, then used for rules
//   set "held-out-3"  a third, scored before the second round's rules saw it, then used
//   set "held-out-4"  a fourth (resources, deadlines, CI limits), scored before the third round's
//                     rules saw it, then used
//   set "held-out-5"  a fifth (service clients, cloud SDKs, browsers, provisioning tools), scored
//                     before the fourth round's rules saw it, then used
//   set "ci-services" a sixth (other CI services' agent, pod and device losses and job limits:
//                     CircleCI, Travis, Azure Pipelines, Jenkins, Buildkite, Bitbucket, TeamCity,
//                     CodeBuild, Cloud Build, Kubernetes runners, emulators; registries not yet
//                     covered: crates.io, RubyGems, Packagist, NuGet, CRAN, CPAN, conda), scored
//                     before the sixth round's rules saw it (69.9% / 79.6%), then used
//                     (90.3% / 95.1%)
//   set "precision"   real bugs whose text carries the same words (an expected value, a test's
//                     own server on localhost, a non-retryable 400): none may be advised to retry
// Floors sit just under the measured figures; a rule change that loses a documented signal, or
// retries one of the precision entries, fails here.
//
// Concurrency and order-dependency lines the same way: tests/data/concurrency-documented.jsonl.
//   set "documented"  race detectors (Go -race, ThreadSanitizer, Helgrind/DRD, Miri), concurrent
//                     modification, database lock contention (SQLite, PostgreSQL, MySQL, SQL
//                     Server, Oracle, Derby, H2, Redis WATCH), file and tool locks, port races,
//                     UI async-wait races, and order-dependency tools' own words (rspec --bisect,
//                     Jest/node:test/xUnit work after a test ended, leaked doubles and mocks);
//                     where the taxonomy reads a signal otherwise (Go's "all goroutines are
//                     asleep" repeats every run) the line says so in its accept list
//   set "held-out-2"  a second list (ORMs and drivers' wrappings, Windows sharing violations,
//                     Homebrew and Xcode locks, Spring/uvicorn/Angular ports, Cypress 12, Appium),
//                     scored before the rules of the first set's round saw it, then used
//   set "held-out-3"  a third (stores that lock their files, Chrome profiles, navigation races,
//                     Ecto's shared sandbox, Windows' reserved ports), scored before the second
//                     round's rules saw it, then used
//   set "controls"    real defects that carry the same words (a seed line every randomised run
//                     prints, an expected "deadlock detected", a lock-count assertion, an NPE in a
//                     thread pool, same-thread exclusivity and EDEADLK): none may be retried
//
// Real defects as each compiler, type checker, linker, interpreter, sanitizer and test framework
// documents printing them: tests/data/defects-documented.jsonl, each row citing its document.
//   set "defects-1"           stop_retry, category deterministic (a few rows whose text names an
//                             environment-style setting also accept environmental); a quarter of
//                             them carry transient words (a method named setTimeout, an expected
//                             ConnectException, a gRPC status that is not retryable); the
//                             checklist the defect rules were then written from
//   set "defects-held-out-2"  a second checklist (mocks, expected-exception assertions, API
//                             mismatches naming network calls), scored before any rule saw it
//                             (28 of 30), then used
//   set "defects-controls"    transient causes whose text carries defect words (a panic wrapping a
//   set "defects-controls-2"  refused dial, a compiler killed by signal 9, an ImportError after a
//                             failed download, an uncaught PHP exception for a cURL timeout):
//                             none may read as a defect
//
// Environmental signals of the tools a first round did not cover, as each documents printing them:
// tests/data/environment-documented.jsonl, each row citing its document.
//   set "env2-documented"  Android SDK/NDK/emulator/adb, CocoaPods, signing, simulator runtimes and
//                          the Xcode licence, .NET workloads and SDKs, databases that run but lack
//                          the role, database or credentials, kubectl/Helm/Terraform configuration,
//                          Windows path limits and execution policy, pkg-config/CMake/Meson,
//                          Composer/PHP, Perl/R/Julia/Haskell/OCaml/Elixir, Bazel/Nix/conda/
//                          Homebrew; scored before any rule saw it (60 of 129), then used
//   set "env2-held-out-2"  a second list of further wordings of the same tools (node-postgres,
//                          Postgrex, kubeconfig, Terraform lock checksums, stack, Nix, conda,
//                          Homebrew under Rosetta, Bazel's local JDK), scored after the first set's
//                          rules and before rules saw it (16 of 25, from 11 before them), then used
//   set "env2-controls"    real defects with the same words (a missing column, a CMake error in the
//                          project, an assertion on a login message) and transient look-alikes (a
//                          database still starting, a CocoaPods CDN timeout, kubectl's TLS
//                          handshake timeout): none may flip
//   set "env2-open"        known misses left alone (a missing table, which the corpus once labels
//                          order-dependent; MySQL's "server has gone away", which is also printed
//                          for an oversized packet; adb's "device offline"): scored, not floored
//
// Wrapped causes, as each tool documents printing its cause chains and its own retry warnings:
// tests/data/wrapped-causes-documented.jsonl, each row citing its document.
//   set "wrapped-causes-1"          Java "Caused by:"/"Suppressed:", Gradle's "> Could not GET"
//                                   trees, Maven's "Failed to execute goal", Python's two chain
//                                   sentences, .NET " ---> " and AggregateException, Go's wrapped
//                                   errors and errors.Join, anyhow/eyre and cargo chains, Node's
//                                   "[cause]:" and undici, Ruby/RSpec causes, Elixir exits, Swift's
//                                   underlying errors, Testcontainers, and pip/npm/pnpm/Yarn/Bundler/
//                                   cargo/NuGet retry warnings, each under a CI step line ("Error:
//                                   Process completed with exit code N", "ERROR: Job failed",
//                                   "make: ***", "##[error]") that must not outrank the root; scored
//                                   before the engine change (94 / 95 of 100; controls 23 of 26),
//                                   then used (95 / 96)
//   set "wrapped-causes-held-out-2" the same shapes from other tools (stack/cabal, Julia, dart pub,
//                                   Clojure, PowerShell, Azure SDK, Polly, uv, Nix, opam, cpanm, R,
//                                   vcpkg, sbt), scored after the first set's rules (23 of 28, as
//                                   before them), then used (24)
//   set "wrapped-causes-controls"   chains and retry warnings whose root is a real defect (an NPE
//                                   from a parse error, an assertion inside a retry wrapper, a 404
//                                   for a package that does not exist, a compile error after a
//                                   retry warning): none may be retried
//   set "wrapped-causes-open"       left alone: a GenServer call timeout (the corpus labels three
//                                   deterministic) and Docker's "manifest unknown" for a tag
//                                   (ci.toml: registries briefly broken say it too); scored only
//
// The operating system's and runtimes' error vocabulary: tests/data/os-errors-documented.jsonl,
// each row citing its errno table, Windows error-code list or runtime's exception docs (glibc,
// musl and BSD strerror and gai_strerror, Winsock and Windows system error texts and HRESULTs,
// libuv/Node codes, Python's [Errno N]/[WinError N], the JDK's and .NET's socket and I/O messages,
// Go's net errors, Rust's "(os error N)" and ErrorKind, Ruby's Errno::, Android PackageManager).
//   set "os-errors-1"           the checklist the rules were written from; scored before them
//                               (77.2% category, 80.9% retry/stop), then 100% / 100%
//   set "os-errors-held-out-2"  other tools (PHP, Erlang/Elixir, Swift, Dart, Julia, Haskell, Zig,
//                               Perl, Crystal, OCaml, Deno, Bun, sbt, OkHttp, PowerShell), scored
//                               before rules (73.0% / 75.7%) and after the first set's rules (the
//                               same: none of its wordings were in the first set), then used
//                               (97.3%: Elixir's MatchError around an :econnreset is left alone)
//   set "os-errors-controls"    real defects and host problems with the same words (ENOENT of a
//                               source file, an expected ECONNRESET in an assertion, EACCES, EROFS,
//                               a missing binary, an unqualified service host, INSTALL_FAILED_* a
//                               rebuild or the device fixes): none may be retried
//
// Assertion diffs a host explains (heuristics/assertion_diff.hpp): tests/data/host-diffs-documented
// .jsonl, each row citing the runner's documented diff format.
//   set "host-diffs-1"          16 runners' formats (JUnit 4/5, Hamcrest, xUnit, NUnit, pytest,
//                               unittest, Jest and its diff, node:assert, Chai/Mocha, RSpec,
//                               Minitest, PHPUnit, testify, Rust, GoogleTest), each pair differing
//                               only in line endings, decimal/grouping separators, path separators,
//                               a whole-hour shift, a day, a weekday, a standard/daylight zone name,
//                               an epoch, a UTC offset or a locale's date order: 23 of 85 before.
//                               A date or weekday alone one day off with no zone named accepts
//                               either category (the corpus's own fixtures call such a pair an
//                               off-by-one defect), so the before figure with that is 38 of 85
//   set "host-diffs-held-out-2" 16 further runners' formats (MSTest, FluentAssertions, Catch2,
//                               XCTest, ExUnit, Dart, Kotest, Jasmine, doctest, Boost.Test,
//                               kotlin.test, TestNG, ScalaTest, Nimble, Test::More, testthat):
//                               1 of 32 before. Caution: the module's format table was written
//                               from a list naming these runners too, so this is not unseen.
//   set "host-diffs-held-out-3" 12 runners no list named (Pester, Shouldly, Alcotest, hspec,
//                               clojure.test, busted, Swift Testing, Go's "= x, want y", Vitest,
//                               Cypress, elm-test, Zig), scored once unseen: 0 before, 3 after
//                               (the generic two-line labels and diff blocks), then used: 12
//   set "host-diffs-controls"   real defects whose diffs look close (0.5 / 0.6, off by one, a
//                               missing line, 10:15 / 10:45, a month, another file name, EST / PST,
//                               Wednesday / Friday): every one stays deterministic (six were
//                               environmental before, by env.rendered-time-diff's shape alone)
//
// Translated operating-system and runtime error texts: tests/data/os-errors-translated.jsonl. CI
// hosts and laptops run with non-English locales; the JDK, wget, apt, psql, coreutils and tar pass
// glibc's translated strerror/gai_strerror through, and localized Windows prints its own socket and
// disk texts (Python's [WinError N], .NET, the JDK, Go, Rust). Each row cites its glibc 2.36 po
// file (captured by running the tool with LANGUAGE=<l>) or the issue thread quoting the Windows
// text, and carries a "locale" field.
//   set "i18n-1"          de fr es it pt_BR ru ja zh_CN: JDK exceptions (bind, refused, EAI_AGAIN,
//                         no route, ETIMEDOUT, ENOSPC, EMFILE, EPIPE, ENOMEM on fork), Netty's native
//                         reset, wget, apt, cp, tar, psql, and localized Windows' 10054/10061/10060/
//                         10048/11001/ERROR_DISK_FULL, refusals on the loopback address; the
//                         checklist the rules were written from; scored before them (34.9%
//                         category, 36.9% retry/stop), then 100% / 100%
//   set "i18n-held-out-2" pl nl tr cs sv ko uk (glibc) and Windows texts of other runtimes (Korean
//                         Python, Dutch .NET, Twisted/Scrapy, pymongo), scored before any rule
//                         (27.5% / 30.0%) and after the first set's rules (the same: none of its
//                         languages were in them), then used: 100% / 100%
//   set "i18n-controls"   real defects and host problems with the same words (a test pinning the
//                         English or the localized text, an i18n table's wrong string, a missing
//                         fixture, config or tool, EACCES, a misspelled service host, env(1)'s
//                         missing interpreter and mkdir's EACCES in the host's language): none may
//                         be retried (before: all stopped, 33 of 39 in the English twin's category;
//                         the six env(1)/mkdir rows read deterministic until their rules)
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <utility>

#include "corpus.hpp"
#include "engine/classifier.hpp"
#include "protocol/wire.hpp"

using namespace flakyd;

namespace {

struct SetTally {
  std::size_t n = 0, category_agree = 0, action_agree = 0, deterministic = 0;
  double category() const { return static_cast<double>(category_agree) / static_cast<double>(n); }
  double action() const { return static_cast<double>(action_agree) / static_cast<double>(n); }
};

// Each set's floor, just under its measured figures (category, retry/stop).
struct SetFloor {
  const char* set;
  std::size_t min_lines;
  double category;
  double action;
};
constexpr SetFloor k_floors[] = {
    {"round-1", 200, 0.985, 0.985},   {"held-out-2", 60, 0.90, 0.91}, {"held-out-3", 40, 0.89, 0.89},
    {"held-out-4", 40, 0.89, 0.92}, {"held-out-5", 35, 0.94, 0.94},
    {"ci-services", 100, 0.89, 0.94},
};

// Classifies every line of a documented-signals file and tallies agreement per set.
std::map<std::string, SetTally> score_sets(const char* file) {
  auto core = engine::Core::create();
  REQUIRE(core.has_value());
  const engine::Classifier classifier(*core);
  const auto rows = testing::read_jsonl(file);
  std::map<std::string, SetTally> sets;
  for (const auto& row : rows) {
    nlohmann::json args = {{"trace", row["trace"]}, {"attempt", 1}, {"max_attempts", 3}};
    if (row.contains("language")) args["language"] = row["language"];
    const auto report = protocol::parse_failure_report(args);
    REQUIRE(report.has_value());
    const auto decision = classifier.classify(*report);
    const std::string got(heuristics::to_string(decision.category));
    bool accepted = false;
    for (const auto& category : row["accept"]) accepted = accepted || category == got;
    const bool want_retry = row["action"] != "stop_retry";
    const bool got_retry = decision.action == heuristics::Action::retry_with_delay;
    auto& tally = sets[row["set"].get<std::string>()];
    ++tally.n;
    tally.category_agree += accepted;
    tally.deterministic += got == "deterministic";
    tally.action_agree += want_retry == got_retry;
    if (!accepted || want_retry != got_retry) {
      MESSAGE("miss " << row["id"].get<std::string>() << " (" << row["set"].get<std::string>() << "): got " << got
                      << " (" << decision.rule << ")");
    }
  }
  for (const auto& [name, tally] : sets) {
    MESSAGE(name << ": n=" << tally.n << " category " << tally.category() << " retry/stop " << tally.action());
  }
  return sets;
}

// Every floored set is present with enough lines and reads at or above its floor; the set of
// real bugs (`clean_set`) is read right every time.
template <std::size_t N>
void check_floors(std::map<std::string, SetTally>& sets, const SetFloor (&floors)[N], const char* clean_set,
                  std::size_t clean_min_lines) {
  for (const auto& floor : floors) {
    CAPTURE(floor.set);
    REQUIRE(sets.count(floor.set) == 1);
    const SetTally& tally = sets[floor.set];
    CHECK(tally.n >= floor.min_lines);
    CHECK(tally.category() >= floor.category);
    CHECK(tally.action() >= floor.action);
  }
  CAPTURE(clean_set);
  REQUIRE(sets.count(clean_set) == 1);
  const SetTally& clean = sets[clean_set];
  CHECK(clean.n >= clean_min_lines);
  CHECK(clean.action_agree == clean.n);
  CHECK(clean.category_agree == clean.n);
}

}  // namespace

TEST_CASE("documented transient signals: each tool's own wording is read, and real bugs with the same words are not retried") {
  auto sets = score_sets("transient-documented.jsonl");
  std::size_t total = 0;
  for (const auto& [name, tally] : sets) total += tally.n;
  REQUIRE(total >= 510);
  check_floors(sets, k_floors, "precision", 35);
}

TEST_CASE("documented concurrency and order-dependency signals: race, lock and pollution reports are read, and look-alike defects are not retried") {
  auto sets = score_sets("concurrency-documented.jsonl");
  constexpr SetFloor floors[] = {
      {"documented", 110, 0.985, 0.985}, {"held-out-2", 35, 0.97, 0.97}, {"held-out-3", 20, 0.95, 0.95}};
  check_floors(sets, floors, "controls", 50);
}

TEST_CASE("documented environmental signals of further ecosystems: each tool's setup wording stops, and look-alikes do not flip") {
  auto sets = score_sets("environment-documented.jsonl");
  constexpr SetFloor floors[] = {{"env2-documented", 125, 0.96, 0.99}, {"env2-held-out-2", 25, 0.96, 0.96}};
  check_floors(sets, floors, "env2-controls", 13);
}

TEST_CASE("documented defects: each tool's own failure wording stops retries, and transient look-alikes do not") {
  auto sets = score_sets("defects-documented.jsonl");
  // A database on localhost that refuses ("tcp connect (localhost:5432): connection refused") is
  // also read as a service the job did not start: environmental, which stops. Not a defect.
  constexpr SetFloor floors[] = {{"defects-1", 210, 0.995, 0.995},
                                 {"defects-held-out-2", 30, 0.96, 0.96},
                                 {"defects-controls", 22, 0.95, 0.95}};
  check_floors(sets, floors, "defects-controls-2", 8);
  for (const char* controls : {"defects-controls", "defects-controls-2"}) {
    CAPTURE(controls);
    CHECK(sets[controls].deterministic == 0);
  }
}

TEST_CASE("documented wrapped causes: the root of each tool's cause chain decides, a runner's step line and a tool's retry warnings do not") {
  auto sets = score_sets("wrapped-causes-documented.jsonl");
  constexpr SetFloor floors[] = {{"wrapped-causes-1", 100, 0.94, 0.95}, {"wrapped-causes-held-out-2", 28, 0.85, 0.85}};
  check_floors(sets, floors, "wrapped-causes-controls", 26);
}

TEST_CASE("documented operating-system errors: errno, Winsock and runtime wordings are read by category, and look-alike defects are not retried") {
  auto sets = score_sets("os-errors-documented.jsonl");
  constexpr SetFloor floors[] = {{"os-errors-1", 155, 0.99, 0.99}, {"os-errors-held-out-2", 35, 0.95, 0.95}};
  check_floors(sets, floors, "os-errors-controls", 25);
}

TEST_CASE("documented assertion diffs a host explains: values that differ only as a host prints them stop as environmental, close real defects stay defects") {
  auto sets = score_sets("host-diffs-documented.jsonl");
  constexpr SetFloor floors[] = {{"host-diffs-1", 86, 0.985, 0.985},
                                 {"host-diffs-held-out-2", 32, 0.96, 0.96},
                                 {"host-diffs-held-out-3", 12, 0.9, 0.9}};
  check_floors(sets, floors, "host-diffs-controls", 40);
  CHECK(sets["host-diffs-controls"].deterministic == sets["host-diffs-controls"].n);
  // Times further apart than any zone's shift: a defect or a host (a clock read twice, a zone
  // across midnight) that text cannot tell apart. Either stop category will do; the advice stops.
  const SetTally& apart = sets["host-diffs-time-apart"];
  CHECK(apart.n >= 6);
  CHECK(apart.category_agree == apart.n);
  CHECK(apart.action_agree == apart.n);
}

TEST_CASE("translated operating-system errors: glibc's and localized Windows' texts read like their English errno, and look-alike defects are not retried") {
  auto sets = score_sets("os-errors-translated.jsonl");
  constexpr SetFloor floors[] = {{"i18n-1", 149, 0.99, 0.99}, {"i18n-held-out-2", 40, 0.97, 0.97}};
  check_floors(sets, floors, "i18n-controls", 39);
}

TEST_CASE("a translated errno text is read by the rule that reads its English text") {
  auto core = engine::Core::create();
  REQUIRE(core.has_value());
  const engine::Classifier classifier(*core);
  const auto rule_of = [&](const std::string& trace) {
    const auto report = protocol::parse_failure_report(nlohmann::json{{"trace", trace}, {"attempt", 1}, {"max_attempts", 3}});
    REQUIRE(report.has_value());
    return classifier.classify(*report).rule;
  };
  // English line, then the same line as a localized host prints it (glibc 2.36's po files, Windows).
  const std::pair<const char*, const char*> pairs[] = {
      {"io.netty.channel.unix.Errors$NativeIoException: recvAddress(..) failed: Connection reset by peer",
       "io.netty.channel.unix.Errors$NativeIoException: recvAddress(..) failed: Соединение разорвано другой стороной"},
      {"ConnectionResetError: [WinError 10054] An existing connection was forcibly closed by the remote host",
       "ConnectionResetError: [WinError 10054] Se ha forzado la interrupción de una conexión existente por el host remoto"},
      {"tar: node_modules.tgz: Cannot write: No space left on device",
       "tar: node_modules.tgz: Funktion write fehlgeschlagen: Auf dem Gerät ist kein Speicherplatz mehr verfügbar"},
      {"java.io.FileNotFoundException: /tmp/a.cfs (Too many open files)", "java.io.FileNotFoundException: /tmp/a.cfs (打开的文件过多)"},
      {"> java.io.IOException: Cannot run program \"git\": error=12, Cannot allocate memory",
       "> java.io.IOException: Cannot run program \"git\": error=12, Nie można przydzielić pamięci"},
      {"wget: unable to resolve host address 'github.com': Temporary failure in name resolution",
       "wget: github.com: 名前解決に一時的に失敗しました"},
      {"  Could not connect to deb.debian.org:80 (151.101.2.132). - connect (111: Connection refused)",
       "  Nelze se připojit k deb.debian.org:80 (151.101.2.132). - connect (111: Spojení odmítnuto)"},
      {"dial tcp 10.0.0.7:443: connect: no route to host", "dial tcp 10.0.0.7:443: connect: Keine Route zum Zielrechner"},
      {"Connecting to 127.0.0.1:8080... failed: Connection refused.",
       "Verbindungsaufbau zu 127.0.0.1:8080 … fehlgeschlagen: Verbindungsaufbau abgelehnt."},
      {"/usr/bin/env: 'python': No such file or directory", "/usr/bin/env: « python »: Aucun fichier ou dossier de ce type"},
      {"mkdir: cannot create directory '/var/cache/app': Permission denied",
       "mkdir: ディレクトリ `/var/cache/app' を作成できません: 許可がありません"},
  };
  for (const auto& [english, translated] : pairs) {
    CAPTURE(translated);
    const std::string want = rule_of(english);
    CHECK_FALSE(want.empty());
    CHECK(rule_of(translated) == want);
  }
}
