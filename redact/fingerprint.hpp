// Fingerprints: a stable key for "the same failure" across runs.
//
// The (already redacted) failure is normalised so run-to-run noise drops out -- UUIDs,
// timestamps and clock times, memory addresses (0x...), hex ids of 7+ digits, temporary paths
// (/tmp/pytest-of-x/pytest-12/...), durations ("0.31s", "10m0s"), and then every remaining
// standalone number (line numbers, ports, PIDs, counts, parametrisation indices) -- and runs of
// blanks collapse to one. What identifies a failure survives: exception types, the frames' files
// and functions, and the message's words. The SHA-256 (OpenSSL EVP) of
// "flakyd-fp-v<k_normalisation_version>" + exception type + message + trace is the fingerprint,
// as 64 lower-case hex digits. Changing the normalisation bumps the version (new keys).
//
// Thread-safety: immutable after construction; fingerprint() and normalise() are reentrant.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace flakyd::redact {

inline constexpr int k_normalisation_version = 1;

class Fingerprinter {
 public:
  Fingerprinter();
  Fingerprinter(Fingerprinter&&) noexcept;
  ~Fingerprinter();

  std::string normalise(std::string_view text) const;
  std::string fingerprint(std::string_view trace, std::string_view exception_type = {},
                          std::string_view message = {}) const;

 private:
  struct Replacement;
  std::vector<Replacement> m_replacements;
};

// SHA-256 of `bytes` as 64 lower-case hex digits (OpenSSL EVP; the digest is fetched once).
std::string sha256_hex(std::string_view bytes);
// SHA-256 over several parts, each framed by its length so part boundaries count.
std::string sha256_hex(const std::vector<std::string_view>& parts);

}  // namespace flakyd::redact
