// The rule-file loader: bytes in. Invariants: a clear error or a file that compiles and
// classifies; never a crash, whatever the JSON or the patterns hold.
#include <cstdint>
#include <string>

#include "engine/rule_file.hpp"
#include "heuristics/rule_engine.hpp"
#include "redact/redactor.hpp"

using namespace flakyd;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = engine::parse_rule_file(text);
  if (!file || file->rules.size() > 32 || file->secrets.size() > 32) return 0;
  auto engine = heuristics::RuleEngine::compile(heuristics::merge_rules(heuristics::builtin_rules(), file->rules));
  if (engine) (void)engine->classify({"ConnectionResetError: reset\nAssertionError", "", "", heuristics::Language::any});
  redact::RedactorOptions options;
  options.extra_rules = file->secrets;
  options.allow_patterns = file->allow;
  auto redactor = redact::Redactor::create(options);
  if (redactor) (void)redactor->redact("token=abcdef123456 and more text");
  return 0;
}
