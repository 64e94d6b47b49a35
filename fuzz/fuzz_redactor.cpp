// The redactor: bytes in, redacted text out. Invariants: a secret planted in the middle of the
// fuzzed text never survives; the output is bounded by the input; finding secrets without
// capture searches (CONTEXT(SECRET) split) gives exactly what capture searches give; no crash.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "redact/redactor.hpp"

using namespace flakyd;

namespace {

// The built-in rules with "(?:)" appended: the suffix hides the CONTEXT(SECRET) shape, so this
// redactor always locates secrets with RE2 capture searches.
redact::Redactor capture_reference() {
  redact::RedactorOptions options;
  options.use_builtin_rules = false;
  for (redact::SecretRule rule : redact::builtin_secret_rules()) {
    rule.pattern += "(?:)";
    options.extra_rules.push_back(std::move(rule));
  }
  return std::move(*redact::Redactor::create(std::move(options)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const redact::Redactor* redactor = new redact::Redactor(std::move(*redact::Redactor::create()));
  static const redact::Redactor* reference = new redact::Redactor(capture_reference());
  const std::string fuzzed(reinterpret_cast<const char*>(data), size);
  const auto plain = redactor->redact(fuzzed);
  if (plain.text != reference->redact(fuzzed).text) std::abort();
  // Plant a token between whitespace so that no fuzzed neighbour can glue onto it.
  const std::string secret = "ghp_Zq8Yx7Wv6Ut5Sr4Qp3On2Ml1Kj0IhGfEdCb9A";
  const std::string text = fuzzed.substr(0, size / 2) + " \n" + secret + " \n" + fuzzed.substr(size / 2);
  const auto redacted = redactor->redact(text);
  // The planted token, between its newline and space, never survives. (The fuzzer learns the
  // token from this comparison and glues copies onto fuzzed words, "aghp_...": a token inside a
  // word is not a token, so only the planted shape is checked.)
  if (redacted.text.find("\n" + secret + " ") != std::string::npos) std::abort();
  // Every placeholder is at most 48 bytes and replaces at least one byte.
  if (redacted.text.size() > text.size() * 48 + 64) std::abort();
  return 0;
}
