// Fingerprints: a stable key for "the same failure" across runs.
//
// The (already redacted) failure is normalised so run-to-run noise drops out -- UUIDs,
// timestamps and clock times, memory addresses (0x...), hex ids of 7+ digits, temporary paths
// (/tmp/pytest-of-x/pytest-12/...), durations ("0.31s", "10m0s"), and then every remaining
// standalone number (line numbers, ports, PIDs, counts, parametrisation indices) -- and runs of
// blanks collapse to one. A single hand-written pass (it runs on every request): "standalone"
// means a whole word of [A-Za-z0-9_], so "Http1Codec", "sha256" and "e2e" are kept. What identifies a failure survives: exception types, the frames' files
// and functions, and the message's words. The SHA-256 (OpenSSL EVP) of
// "flakyd-fp-v<k_normalisation_version>" + exception type + message + trace is the fingerprint,
// as 64 lower-case hex digits. Changing the normalisation bumps the version (new keys).
//
// Thread-safety: immutable after construction; fingerprint() and normalise() are reentrant.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace flakyd::redact {

inline constexpr int k_normalisation_version = 1;

class Fingerprinter {
 public:
  std::string normalise(std::string_view text) const;
  std::string fingerprint(std::string_view trace, std::string_view exception_type = {},
                          std::string_view message = {}) const;
};

// SHA-256 of `bytes` as 64 lower-case hex digits (OpenSSL EVP; the digest is fetched once).
std::string sha256_hex(std::string_view bytes);
// SHA-256 over several parts, each framed by its length so part boundaries count.
std::string sha256_hex(const std::vector<std::string_view>& parts);

}  // namespace flakyd::redact
