#include "engine/classifier.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <tuple>

#include "heuristics/evidence.hpp"
#include "redact/fingerprint.hpp"
#include "support/ci_log.hpp"

namespace flakyd::engine {

namespace {

using heuristics::Action;
using heuristics::Category;

// The report trail's example line: long enough to recognise a failure, short enough to skim.
constexpr std::size_t k_example_bytes = 160;

std::string format_seconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", seconds);
  return buffer;
}

std::string advice_sentence(const heuristics::Advice& advice, const FailureReport& report) {
  if (advice.action == Action::stop_retry) return "stop: " + advice.why_stop;
  return "retry in " + format_seconds(advice.delay_s) + " s (attempt " +
         std::to_string(report.attempt) + " of " + std::to_string(report.max_attempts) + ")";
}

struct Classification {
  Category category = Category::unknown;
  double confidence = 0.0;
  std::string rule;
  std::string reason;
  const heuristics::AdviceOverride* rule_advice = nullptr;
  std::optional<double> upstream_delay;
  Source source = Source::heuristic;
};

// Where a marker rule's reason quotes the failure's root-cause line: a slot filled for each
// answer, so a cached verdict quotes the failure in hand, not the one first classified (two
// failures that share a fingerprint may differ in their values: "got 3" and "got 5").
constexpr std::string_view k_root_cause_slot = "{root-cause}";

// The words after a rule's reason: the root-cause line when the rule only recognised a
// runner's failure marker ("--- FAIL:", "FAILED", "Failure/Error:") and the signature found
// that line; otherwise the evidence the rule matched, quoted.
// Specific evidence stays quoted; the quote widens to the root-cause line when that line contains
// it ("panic: runtime error" within "panic: runtime error: index out of range [3] with length
// 3"): it says all the match said, and what followed.
std::string cause_words(const heuristics::Verdict& verdict, const redact::FailureSignature& signature) {
  if (signature.root_cause.empty()) return "\"" + verdict.evidence + "\"";
  if (verdict.rule->marker) return std::string(k_root_cause_slot);
  std::string_view evidence = verdict.evidence;
  if (evidence.ends_with("...")) evidence.remove_suffix(3);
  while (!evidence.empty() && (evidence.front() == ' ' || evidence.front() == '"')) evidence.remove_prefix(1);
  while (!evidence.empty() && (evidence.back() == ' ' || evidence.back() == '"')) evidence.remove_suffix(1);
  const bool contained = evidence.size() >= 4 && signature.root_cause.find(evidence) != std::string::npos;
  return "\"" + (contained ? std::string(k_root_cause_slot) : verdict.evidence) + "\"";
}

std::string fill_root_cause(std::string reason, const redact::FailureSignature& signature) {
  const auto slot = reason.find(k_root_cause_slot);
  if (slot == std::string::npos) return reason;
  const std::string cause = !signature.root_cause.empty() ? signature.root_cause
                                                          : signature.headline(redact::k_root_cause_bytes);
  reason.replace(slot, k_root_cause_slot.size(), cause.empty() ? "(no root-cause line found)" : cause);
  return reason;
}

Classification from_verdict(const heuristics::Verdict& verdict, const redact::FailureSignature& signature) {
  Classification result;
  if (!verdict.rule) {
    result.reason = verdict.hits.empty() ? "no rule matched the failure"
                                         : "only weak evidence matched (best: " +
                                               verdict.hits.front().rule->id + ")";
    result.confidence = verdict.hits.empty() ? 0.0 : verdict.hits.front().score;
    return result;
  }
  result.category = verdict.category;
  result.confidence = verdict.confidence;
  result.rule = verdict.rule->id;
  result.reason = verdict.rule->reason + ": " + cause_words(verdict, signature);
  result.rule_advice = &verdict.rule->advice;
  return result;
}

void add_explanations(const heuristics::Verdict& verdict, Decision& decision) {
  for (const auto& hit : verdict.hits) {
    RuleMatch match{hit.rule->id,
                    hit.rule->category,
                    hit.rule->confidence,
                    hit.score,
                    hit.begin,
                    hit.end,
                    hit.origin == heuristics::Origin::headline,
                    hit.in_root_cause,
                    std::string(hit.matched.substr(0, 200))};
    decision.matches.push_back(std::move(match));
  }
}

// The merge rule of classifier.hpp: a valid upstream answer wins unless it would retry a
// failure the heuristics call a defect with confidence >= `veto_threshold`.
void consult_upstream(UpstreamClassifier& upstream, double veto_threshold, const FailureReport& clean,
                      const heuristics::Verdict& verdict, Classification& chosen, Decision& decision) {
  auto answer = upstream.classify(clean);
  if (!answer) {
    decision.upstream_status = answer.error().status;
    chosen.reason += " (upstream " + answer.error().status + ": heuristics answered)";
    return;
  }
  decision.upstream_status = "ok";
  const bool veto = verdict.rule && verdict.category == Category::deterministic &&
                    verdict.confidence >= veto_threshold &&
                    heuristics::default_advice(answer->category).retry;
  if (veto) {
    chosen.reason += " (the upstream said " + std::string(to_string(answer->category)) +
                     ", overruled: a confident defect is not retried)";
    return;
  }
  chosen.category = answer->category;
  chosen.confidence = answer->confidence;
  chosen.rule = "ai";
  chosen.reason = answer->reason.empty() ? "the upstream classifier said so" : answer->reason;
  chosen.rule_advice = nullptr;
  chosen.upstream_delay = answer->delay_s;
  chosen.source = Source::ai;
}

// Advice for this attempt and policy, from whichever side classified the failure.
heuristics::Advice advise_for(const Classification& chosen, const FailureReport& clean, int unknown_retries) {
  heuristics::AdviceInput advice_input;
  advice_input.category = chosen.category;
  advice_input.rule_advice = chosen.rule_advice;
  advice_input.attempt = clean.attempt;
  advice_input.max_attempts = clean.max_attempts;
  advice_input.policy = &clean.policy;
  advice_input.unknown_retries = unknown_retries;
  if (!clean.policy.retry_on.empty()) {
    if (!clean.exception_type.empty()) advice_input.exception_names.push_back(clean.exception_type);
    for (auto name : heuristics::find_exception_names(clean.trace)) advice_input.exception_names.push_back(name);
  }
  if (chosen.category == Category::infrastructure) {
    advice_input.retry_after_s = heuristics::find_retry_after(clean.trace);
  }
  heuristics::Advice advice = heuristics::advise(advice_input);
  // An upstream's delay is taken when it asked for one, capped by the policy.
  if (chosen.source == Source::ai && chosen.upstream_delay &&
      advice.action == Action::retry_with_delay && clean.policy.jitter == heuristics::Jitter::none) {
    const double cap = clean.policy.max_delay_s.value_or(
        heuristics::default_advice(chosen.category).max_delay_s);
    advice.delay_s = std::clamp(*chosen.upstream_delay, 0.0, cap);
  }
  return advice;
}

// The advice history gives: a flaky failure is retried (with its category's delay when that
// category retries, else immediately: it passed on a plain rerun before); a deterministic one
// stops. The attempt budget and the retry_on allow-list still hold.
heuristics::Advice history_advice(HistoryCall call, const Classification& chosen, const FailureReport& clean,
                                  int unknown_retries) {
  if (call == HistoryCall::deterministic) return heuristics::Advice{Action::stop_retry, 0.0, "history says a rerun fails too"};
  Classification retryable = chosen;
  if (!heuristics::default_advice(chosen.category).retry || chosen.category == Category::unknown) {
    retryable.category = Category::concurrency;
    retryable.rule_advice = nullptr;
  }
  return advise_for(retryable, clean, unknown_retries);
}

HistoryEvidence evidence_of(const TestHistory& history) {
  return HistoryEvidence{history.runs, history.flaky_runs, history.failed_all_runs, flake_rate(history)};
}

}  // namespace

std::string_view to_string(Source source) {
  switch (source) {
    case Source::heuristic: return "heuristic";
    case Source::ai: return "ai";
    case Source::cache: return "cache";
    case Source::history: return "history";
  }
  return "heuristic";
}

bool trim_head_tail(std::string& text, std::size_t limit) {
  if (text.size() <= limit) return false;
  const std::size_t half = limit / 2;
  std::size_t head_end = half;
  // Prefer to cut at a line break within the last 4 KiB of each half.
  if (const auto nl = text.rfind('\n', head_end); nl != std::string::npos && head_end - nl < 4096) {
    head_end = nl + 1;
  }
  std::size_t tail_begin = text.size() - half;
  if (const auto nl = text.find('\n', tail_begin);
      nl != std::string::npos && nl - tail_begin < 4096) {
    tail_begin = nl + 1;
  }
  const std::string marker = "\n[... flakyd kept the head and tail; " +
                             std::to_string(tail_begin - head_end) + " bytes omitted ...]\n";
  text.replace(head_end, tail_begin - head_end, marker);
  return true;
}

Classifier::Classifier(const Core& core, ClassifierOptions options, Ports ports)
    : m_core(core), m_options(options), m_ports(ports) {}

HistoryJudgement Classifier::consult_history(const FailureReport& clean, Decision& decision) const {
  if (!m_ports.history || !clean.use_history || clean.test_id.empty()) return {};
  const auto history = m_ports.history->history(HistoryQuery{clean.test_id, decision.fingerprint, clean.commit});
  if (!history || history->runs == 0) return {};  // a store failure degrades to the text alone
  decision.history = evidence_of(*history);
  return judge_history(*history, m_options.history);
}

FailureReport Classifier::sanitise(const FailureReport& report, std::size_t& redactions,
                                   bool& truncated) const {
  // Field by field, so the (up to 1 MiB) trace is never copied only to be overwritten.
  FailureReport clean;
  clean.runner = report.runner;
  clean.language = report.language;
  clean.attempt = report.attempt;
  clean.max_attempts = report.max_attempts;
  clean.duration_s = report.duration_s;
  clean.policy = report.policy;
  clean.explain = report.explain;
  clean.use_history = report.use_history;
  redactions = 0;
  for (auto [from, to] : {std::pair{&report.trace, &clean.trace},
                          std::pair{&report.exception_type, &clean.exception_type},
                          std::pair{&report.message, &clean.message},
                          std::pair{&report.test_id, &clean.test_id},
                          std::pair{&report.run_id, &clean.run_id},
                          std::pair{&report.commit, &clean.commit}}) {
    if (from->empty()) continue;
    auto redacted = m_core.redactor.redact(*from);
    redactions += redacted.count;
    *to = std::move(redacted.text);
  }
  // Rules read the runner's lines: a CI system's timestamp column before each line (and a Windows
  // log's "\r"), an issue thread's quote marks or a web page's HTML escapes would stand between
  // a rule and the runner's text.
  ci_log::restore_runner_text(clean.trace);
  truncated = trim_head_tail(clean.trace, m_options.max_trace_bytes);
  return clean;
}

std::string Classifier::cache_key(const std::string& fingerprint, const FailureReport& report) const {
  const auto language = std::to_string(static_cast<int>(heuristics::parse_language(report.language)));
  const std::string upstream = m_ports.upstream ? m_ports.upstream->identity() : "";
  return redact::sha256_hex({"flakyd-cache-v1", fingerprint, language, m_core.rules.pack_digest(),
                             m_core.redactor.config_digest(), upstream});
}

Decision Classifier::classify(const FailureReport& report) const {
  const auto started = std::chrono::steady_clock::now();
  Decision decision;
  const FailureReport clean = sanitise(report, decision.redactions, decision.truncated);
  const auto signature =
      m_core.fingerprinter.signature(clean.trace, clean.exception_type, clean.message, clean.test_id);
  decision.fingerprint = m_core.fingerprinter.key(signature);
  decision.example = signature.headline(k_example_bytes);
  // The run-level guards key a failure without its test id (one failure seen in many tests).
  const bool guarded = m_ports.guards && !clean.run_id.empty();
  std::string failure_key;
  if (guarded) {
    auto without_test = signature;
    without_test.test_id.clear();
    failure_key = m_core.fingerprinter.key(without_test);
  }
  decision.upstream_status = m_ports.upstream ? "not-needed" : "off";

  const std::string key = m_ports.cache ? cache_key(decision.fingerprint, clean) : std::string();
  const std::optional<CachedVerdict> cached =
      m_ports.cache ? m_ports.cache->lookup(key) : std::optional<CachedVerdict>{};

  // A cache hit needs no rule scan, unless the caller asked to see the matches.
  std::optional<heuristics::Verdict> verdict;
  if (!cached || clean.explain) {
    const heuristics::FailureText text{clean.trace, clean.exception_type, clean.message,
                                       heuristics::parse_language(clean.language), clean.explain};
    verdict = m_core.rules.classify(text);
    if (clean.explain) add_explanations(*verdict, decision);
  }

  Classification chosen;
  if (cached) {
    chosen.category = cached->category;
    chosen.confidence = cached->confidence;
    chosen.rule = cached->rule;
    chosen.reason = cached->reason;
    chosen.source = Source::cache;
    const heuristics::Rule* rule = m_core.rules.find(cached->rule);
    chosen.rule_advice = rule ? &rule->advice : nullptr;
    decision.heuristic_category = verdict ? verdict->category
                                  : cached->origin == Source::heuristic ? cached->category
                                                                         : Category::unknown;
  } else {
    chosen = from_verdict(*verdict, signature);
    decision.heuristic_category = verdict->category;
    if (m_ports.upstream) {
      consult_upstream(*m_ports.upstream, m_options.deterministic_veto, clean, *verdict, chosen, decision);
    }
  }

  heuristics::Advice advice = advise_for(chosen, clean, m_options.unknown_retries);

  decision.category = chosen.category;
  decision.confidence = std::clamp(chosen.confidence, 0.0, 1.0);
  decision.rule = chosen.rule;
  decision.source = chosen.source;
  std::string reason = fill_root_cause(chosen.reason, signature);

  if (const auto judgement = consult_history(clean, decision); judgement.call != HistoryCall::none) {
    advice = history_advice(judgement.call, chosen, clean, m_options.unknown_retries);
    decision.source = Source::history;
    decision.confidence = judgement.confidence;
    reason = judgement.reason + " (the text said " + std::string(heuristics::to_string(chosen.category)) +
             (chosen.rule.empty() ? "" : ", rule " + chosen.rule) + ")";
  }
  if (guarded) {
    const auto verdict = m_ports.guards->check(clean.run_id, clean.test_id, failure_key,
                                               advice.action == Action::retry_with_delay);
    if (verdict.guard != Guard::none) {
      advice = heuristics::Advice{Action::stop_retry, 0.0, verdict.reason};
      decision.guard = std::string(to_string(verdict.guard));
    }
  }
  decision.action = advice.action;
  decision.delay_s = advice.delay_s;
  decision.reason = reason + "; " + advice_sentence(advice, clean);

  if (m_ports.cache && !cached) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    // The text's verdict only: history's confidence and advice change from run to run.
    m_ports.cache->store(key, CachedVerdict{chosen.category, std::clamp(chosen.confidence, 0.0, 1.0), chosen.rule,
                                            chosen.reason, chosen.source,
                                            std::chrono::duration_cast<std::chrono::seconds>(now).count()});
  }
  if (m_ports.sink) {
    const auto elapsed = std::chrono::steady_clock::now() - started;
    m_ports.sink->record(DecisionRecord{&clean, &decision,
                                        std::chrono::duration<double, std::milli>(elapsed).count()});
  }
  return decision;
}

}  // namespace flakyd::engine
