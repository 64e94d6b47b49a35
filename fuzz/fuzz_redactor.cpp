// The redactor: bytes in, redacted text out. Invariants: a secret planted in the middle of the
// fuzzed text never survives; the output is bounded by the input; no crash.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "redact/redactor.hpp"

using namespace flakyd;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const redact::Redactor* redactor = new redact::Redactor(std::move(*redact::Redactor::create()));
  const std::string fuzzed(reinterpret_cast<const char*>(data), size);
  (void)redactor->redact(fuzzed);
  // Plant a token between whitespace so that no fuzzed neighbour can glue onto it.
  const std::string secret = "ghp_Zq8Yx7Wv6Ut5Sr4Qp3On2Ml1Kj0IhGfEdCb9A";
  const std::string text = fuzzed.substr(0, size / 2) + " \n" + secret + " \n" + fuzzed.substr(size / 2);
  const auto redacted = redactor->redact(text);
  if (redacted.text.find(secret) != std::string::npos) std::abort();
  // Every placeholder is at most 48 bytes and replaces at least one byte.
  if (redacted.text.size() > text.size() * 48 + 64) std::abort();
  return 0;
}
