// Fingerprints: a stable key for "the same failure" across runs.
//
// fingerprint() extracts the failure's signature (redact/signature.hpp: test id, root-cause
// exception type or failure kind, message skeleton, the project's top frames; a masked fallback
// of the failure-like lines when none is found) and hashes it: 64 lower-case hex digits, the
// SHA-256 (OpenSSL EVP) of "flakyd-sig-v<k_signature_version>" and the signature's parts. The
// version is bumped whenever extraction changes, so keys change and old cache entries age out.
//
// normalise() is the older whole-text normaliser, kept for callers that want a masked copy of a
// text: UUIDs, timestamps and clock times, memory addresses (0x...), hex ids of 7+ digits,
// temporary paths (/tmp/pytest-of-x/pytest-12/...), durations ("0.31s", "10m0s"), and then every
// remaining standalone number collapse to placeholders, and runs of blanks to one. A single
// hand-written pass: "standalone" means a whole word of [A-Za-z0-9_], so "Http1Codec", "sha256"
// and "e2e" are kept.
//
// Thread-safety: immutable after construction; fingerprint() and normalise() are reentrant.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "redact/signature.hpp"

namespace flakyd::redact {

// The fingerprint scheme's version (the signature's): 1 hashed the whole normalised text.
inline constexpr int k_normalisation_version = k_signature_version;

class Fingerprinter {
 public:
  std::string normalise(std::string_view text) const;
  // `test_id` is the request's (empty: the one the runner printed, if any).
  std::string fingerprint(std::string_view trace, std::string_view exception_type = {},
                          std::string_view message = {}, std::string_view test_id = {}) const;
  FailureSignature signature(std::string_view trace, std::string_view exception_type = {},
                             std::string_view message = {}, std::string_view test_id = {}) const;
  // The fingerprint of an extracted signature: fingerprint() is key(signature(...)).
  std::string key(const FailureSignature& signature) const;

 private:
  SignatureExtractor m_extractor;
};

// SHA-256 of `bytes` as 64 lower-case hex digits (OpenSSL EVP; the digest is fetched once).
std::string sha256_hex(std::string_view bytes);
// SHA-256 over several parts, each framed by its length so part boundaries count.
std::string sha256_hex(const std::vector<std::string_view>& parts);

}  // namespace flakyd::redact
