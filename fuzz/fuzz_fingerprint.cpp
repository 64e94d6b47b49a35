// The fingerprint: the signature extractor and the normaliser, bytes in. Invariants: no crash,
// deterministic, a 64-hex-digit key, at most three frames and eight fallback lines, bounded
// normaliser output (at most 8/3 of the input) that is stable when repeated. The input is split
// at the first two NUL bytes into trace, exception type and test id, so the fields are fuzzed too.
// The CI-log cleaning the pipeline runs first (support/ci_log.hpp) only removes or shortens:
// its output is never longer than its input, and no terminal escape survives its removal.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "redact/fingerprint.hpp"
#include "redact/signature.hpp"
#include "support/ci_log.hpp"

using namespace flakyd;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const redact::Fingerprinter fingerprinter;
  static const redact::SignatureExtractor extractor;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string plain;
  ci_log::remove_terminal_escapes(text, plain);
  if (plain.size() > size || ci_log::has_terminal_escapes(plain)) std::abort();
  std::string restored(text);
  ci_log::restore_runner_text(restored);
  if (restored.size() > size) std::abort();
  const std::string once = fingerprinter.normalise(text);
  if (once.size() > size * 3 + 16) std::abort();
  if (fingerprinter.normalise(text) != once) std::abort();

  std::string_view trace = text, type, test_id;
  if (const auto nul = trace.find('\0'); nul != std::string_view::npos) {
    type = trace.substr(nul + 1);
    trace = trace.substr(0, nul);
    if (const auto second = type.find('\0'); second != std::string_view::npos) {
      test_id = type.substr(second + 1);
      type = type.substr(0, second);
    }
  }
  const auto signature = extractor.extract(trace, type, {}, test_id);
  if (signature.frames.size() > 3 || signature.fallback.size() > 8) std::abort();
  const std::string key = fingerprinter.fingerprint(trace, type, {}, test_id);
  if (key.size() != 64 || key != extractor.key(signature)) std::abort();
  if (key != fingerprinter.fingerprint(trace, type, {}, test_id)) std::abort();
  return 0;
}
