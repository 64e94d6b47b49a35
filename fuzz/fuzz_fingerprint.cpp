// The fingerprint normaliser: bytes in. Invariants: deterministic, bounded output (at most 8/3
// of the input), normalising twice changes nothing more than once, a 64-hex-digit key.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "redact/fingerprint.hpp"

using namespace flakyd;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const redact::Fingerprinter fingerprinter;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string once = fingerprinter.normalise(text);
  if (once.size() > size * 3 + 16) std::abort();
  if (fingerprinter.normalise(text) != once) std::abort();
  const std::string key = fingerprinter.fingerprint(text);
  if (key.size() != 64 || key != fingerprinter.fingerprint(text)) std::abort();
  return 0;
}
