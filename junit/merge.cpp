#include "junit/merge.hpp"
#include "junit/reader.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

namespace flakyd::junit {

namespace {

Verdict verdict_of(const std::vector<const TestCase*>& attempts) {
  const bool any_passed = std::any_of(attempts.begin(), attempts.end(),
                                      [](const TestCase* t) { return t->outcome == Outcome::passed; });
  const bool any_failure = std::any_of(attempts.begin(), attempts.end(), [](const TestCase* t) {
    return is_failure(t->outcome) || !t->failures.empty();
  });
  if (any_passed) return any_failure ? Verdict::flaky : Verdict::passed;
  return any_failure ? Verdict::failed : Verdict::skipped;
}

// Attempts that count: skipped reruns of a test that already ran are filter noise.
std::vector<const TestCase*> counted_attempts(const std::vector<const TestCase*>& all) {
  std::vector<const TestCase*> ran;
  std::copy_if(all.begin(), all.end(), std::back_inserter(ran), [](const TestCase* t) { return t->outcome != Outcome::skipped; });
  return ran.empty() ? all : ran;
}

// XML 1.0 cannot carry C0 controls other than tab, line feed and carriage return, not even
// escaped, nor invalid UTF-8: both become U+FFFD.
std::string xml_safe(std::string_view raw) {
  const std::string text = to_valid_utf8(raw);
  std::string safe;
  safe.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') safe += "\xEF\xBF\xBD";
    else safe += c;
  }
  return safe;
}

// Seconds with millisecond precision, as runners write them (pugixml prints 17 digits).
std::string fmt_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", seconds);
  return text;
}

void set_attribute(pugi::xml_node& node, const char* name, std::string_view value) {
  node.append_attribute(name).set_value(xml_safe(value).c_str());
}

void append_text_child(pugi::xml_node& parent, const char* name, const std::string& text) {
  if (text.empty()) return;
  parent.append_child(name).append_child(pugi::node_pcdata).set_value(xml_safe(text).c_str());
}

bool is_error_kind(FailureKind kind) {
  return kind == FailureKind::error || kind == FailureKind::flaky_error || kind == FailureKind::rerun_error;
}

// The element a recorded failure becomes in the merged report.
FailureKind merged_kind(FailureKind original, Verdict verdict, bool first_failure) {
  const bool error = is_error_kind(original);
  if (verdict == Verdict::flaky) return error ? FailureKind::flaky_error : FailureKind::flaky_failure;
  if (first_failure) return error ? FailureKind::error : FailureKind::failure;
  return error ? FailureKind::rerun_error : FailureKind::rerun_failure;
}

void append_failure(pugi::xml_node& testcase, const Failure& failure, FailureKind kind) {
  auto element = testcase.append_child(std::string(element_name(kind)).c_str());
  if (!failure.message.empty()) set_attribute(element, "message", failure.message);
  if (!failure.type.empty()) set_attribute(element, "type", failure.type);
  if (kind == FailureKind::failure || kind == FailureKind::error) {
    if (!failure.text.empty()) element.append_child(pugi::node_pcdata).set_value(xml_safe(failure.text).c_str());
    return;
  }
  append_text_child(element, "stackTrace", failure.text);
  append_text_child(element, "system-out", failure.system_out);
  append_text_child(element, "system-err", failure.system_err);
}

void append_testcase(pugi::xml_node& suite, const MergedTest& test) {
  const TestCase& last = *test.attempts.back();
  auto testcase = suite.append_child("testcase");
  set_attribute(testcase, "name", last.name);
  set_attribute(testcase, "classname", last.classname);
  if (!last.file.empty()) set_attribute(testcase, "file", last.file);
  if (last.line > 0) testcase.append_attribute("line").set_value(last.line);
  testcase.append_attribute("time").set_value(fmt_seconds(last.time_s).c_str());
  bool first_failure = true;
  if (test.verdict == Verdict::flaky || test.verdict == Verdict::failed) {
    for (const auto* attempt : test.attempts) {
      for (const auto& failure : attempt->failures) {
        append_failure(testcase, failure, merged_kind(failure.kind, test.verdict, first_failure));
        first_failure = false;
      }
    }
  }
  if (test.verdict == Verdict::skipped) {
    auto skipped = testcase.append_child("skipped");
    if (!last.skipped_message.empty()) set_attribute(skipped, "message", last.skipped_message);
  }
  append_text_child(testcase, "system-out", last.system_out);
  append_text_child(testcase, "system-err", last.system_err);
}

void set_counts(pugi::xml_node& node, const MergeCounts& counts) {
  node.append_attribute("tests").set_value(static_cast<unsigned long long>(counts.tests));
  node.append_attribute("failures").set_value(static_cast<unsigned long long>(counts.failures));
  node.append_attribute("errors").set_value(static_cast<unsigned long long>(counts.errors));
  node.append_attribute("skipped").set_value(static_cast<unsigned long long>(counts.skipped));
  node.append_attribute("flakes").set_value(static_cast<unsigned long long>(counts.flakes));
}

}  // namespace

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::passed: return "passed";
    case Verdict::flaky: return "flaky";
    case Verdict::failed: return "failed";
    case Verdict::skipped: return "skipped";
  }
  return "passed";
}

std::vector<MergedTest> merge_reports(const std::vector<TestReport>& reports) {
  std::vector<MergedTest> merged;
  for (const auto& group : group_attempts(reports)) {
    MergedTest test;
    test.attempts = counted_attempts(group.attempts);
    test.verdict = verdict_of(test.attempts);
    merged.push_back(std::move(test));
  }
  return merged;
}

MergeCounts count(const std::vector<MergedTest>& tests) {
  MergeCounts counts;
  for (const auto& test : tests) {
    ++counts.tests;
    switch (test.verdict) {
      case Verdict::passed: break;
      case Verdict::flaky: ++counts.flakes; break;
      case Verdict::skipped: ++counts.skipped; break;
      case Verdict::failed:
        if (test.attempts.front()->outcome == Outcome::errored) ++counts.errors;
        else ++counts.failures;
        break;
    }
  }
  return counts;
}

std::string render_surefire(const std::vector<MergedTest>& tests) {
  // Suites in the order they first appear, each with its tests.
  std::vector<std::string> suite_order;
  std::map<std::string, std::vector<MergedTest>> by_suite;
  for (const auto& test : tests) {
    const std::string& suite = test.attempts.front()->suite;
    if (!by_suite.contains(suite)) suite_order.push_back(suite);
    by_suite[suite].push_back(test);
  }
  pugi::xml_document document;
  auto declaration = document.append_child(pugi::node_declaration);
  declaration.append_attribute("version").set_value("1.0");
  declaration.append_attribute("encoding").set_value("UTF-8");
  auto root = document.append_child("testsuites");
  set_counts(root, count(tests));
  for (const auto& name : suite_order) {
    auto suite = root.append_child("testsuite");
    set_attribute(suite, "name", name);
    set_counts(suite, count(by_suite[name]));
    for (const auto& test : by_suite[name]) append_testcase(suite, test);
  }
  std::ostringstream out;
  document.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace flakyd::junit
