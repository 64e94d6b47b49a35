#include "daemon/offline_commands.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "daemon/pipeline.hpp"
#include "protocol/json_limits.hpp"
#include "protocol/wire.hpp"
#include "redact/redactor.hpp"

namespace flakyd::app {

namespace {

using nlohmann::json;

constexpr int k_exit_ok = 0;
constexpr int k_exit_bad_input = 1;
constexpr int k_exit_config = 2;
constexpr int k_exit_io = 3;

// Opens the input: "-" is stdin.
struct Input {
  std::ifstream file;
  std::istream* stream = nullptr;
};

bool open_input(const std::string& path, Input& input) {
  if (path == "-") {
    input.stream = &std::cin;
    return true;
  }
  input.file.open(path, std::ios::binary);
  if (!input.file) {
    spdlog::error("cannot read {}", path);
    return false;
  }
  input.stream = &input.file;
  return true;
}

std::string read_all(std::istream& in) {
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

json error_object(const std::string& message, std::size_t line) {
  json error = {{"error", message}};
  if (line > 0) error["line"] = line;
  return error;
}

void print(const json& value, bool pretty) {
  std::cout << protocol::dump_json(value, pretty ? 2 : -1) << '\n';
}

// Parses one request object; plain-text input becomes {"trace": text} plus the CLI's hints.
flakyd::expected<engine::FailureReport, std::string> request_from_json(std::string_view text,
                                                                    const Settings& settings) {
  auto parsed = protocol::parse_json(text);
  if (!parsed) return flakyd::unexpected(parsed.error().message);
  auto report = protocol::parse_failure_report(*parsed);
  if (report && settings.explain) report->explain = true;
  return report;
}

engine::FailureReport request_from_text(std::string text, const Settings& settings) {
  engine::FailureReport report;
  report.trace = std::move(text);
  report.language = settings.language;
  report.exception_type = settings.exception_type;
  report.attempt = settings.attempt;
  report.max_attempts = settings.max_attempts;
  report.explain = settings.explain;
  return report;
}

}  // namespace

int run_classify(const Settings& settings) {
  auto pipeline = Pipeline::build(settings, nullptr, CacheDefault::off);
  if (!pipeline) {
    spdlog::error("configuration error: {}", pipeline.error());
    return k_exit_config;
  }
  const engine::Classifier& classifier = *(*pipeline)->classifier;

  Input input;
  if (!open_input(settings.input, input)) return k_exit_io;

  if (settings.format == InputFormat::jsonl) {
    int status = k_exit_ok;
    std::string line;
    std::size_t number = 0;
    while (std::getline(*input.stream, line)) {
      ++number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      auto report = request_from_json(line, settings);
      if (!report) {
        print(error_object(report.error(), number), false);
        status = k_exit_bad_input;
        continue;
      }
      print(protocol::decision_to_json(classifier.classify(*report)), false);
    }
    return status;
  }

  std::string content = read_all(*input.stream);
  if (settings.format == InputFormat::json) {
    auto report = request_from_json(content, settings);
    if (!report) {
      print(error_object(report.error(), 0), settings.pretty);
      return k_exit_bad_input;
    }
    print(protocol::decision_to_json(classifier.classify(*report)), settings.pretty);
    return k_exit_ok;
  }
  const auto report = request_from_text(std::move(content), settings);
  print(protocol::decision_to_json(classifier.classify(report)), settings.pretty);
  return k_exit_ok;
}

int run_redact_kinds() {
  std::size_t width = 0;
  for (const auto& kind : redact::builtin_secret_kinds()) width = std::max(width, kind.kind.size());
  for (const auto& kind : redact::builtin_secret_kinds()) {
    std::cout << kind.kind << std::string(width + 2 - kind.kind.size(), ' ') << kind.shape << '\n';
  }
  std::cout.flush();
  return k_exit_ok;
}

int run_redact(const Settings& settings) {
  const auto redactor = engine::create_redactor(core_options(settings));
  if (!redactor) {
    spdlog::error("configuration error: {}", redactor.error());
    return k_exit_config;
  }
  Input input;
  if (!open_input(settings.input, input)) return k_exit_io;
  const auto redaction = redactor->redact(read_all(*input.stream));
  std::cout << redaction.text;
  std::cout.flush();
  spdlog::debug("{} secrets redacted", redaction.count);
  return k_exit_ok;
}

}  // namespace flakyd::app
