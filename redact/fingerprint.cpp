#include "redact/fingerprint.hpp"

#include <openssl/evp.h>
#include <re2/re2.h>

#include <array>
#include <stdexcept>

namespace flakyd::redact {

struct Fingerprinter::Replacement {
  std::unique_ptr<re2::RE2> pattern;
  std::string rewrite;
};

namespace {

struct NormalisationStep {
  const char* pattern;
  const char* rewrite;
};

// Order matters: structured noise first (so "2024-06-11T09:00:00Z" is one <time>, not numbers),
// the catch-all for standalone numbers last.
constexpr std::array<NormalisationStep, 10> k_steps = {{
    {R"(\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b)", "<uuid>"},
    {R"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)", "<time>"},
    {R"(\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b)", "<time>"},
    {R"(0x[0-9a-fA-F]+)", "0x<addr>"},
    {R"((?:/private)?(?:/tmp|/var/tmp|/var/folders|/dev/shm)/[^\s'":,)\]]*)", "<tmp>"},
    {R"((?i)[a-z]:\\Users\\[^\\\s]+\\AppData\\Local\\Temp\\[^\s'":]*)", "<tmp>"},
    {R"(\b(?:\d+(?:\.\d+)?(?:ms|us|ns|h|m|s))+\b|\b\d+(?:\.\d+)?\s(?:ms|secs?|seconds?|minutes?|min)\b)",
     "<dur>"},
    {R"(\b[0-9a-f]{7,}\b)", "<hex>"},
    {R"(\b\d+\b)", "N"},
    {R"([ \t]+)", " "},
}};

const EVP_MD* sha256() {
  static const EVP_MD* const k_md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return k_md;
}

std::string to_hex(const unsigned char* bytes, unsigned int length) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string hex(length * 2, '0');
  for (unsigned int i = 0; i < length; ++i) {
    hex[2 * i] = k_hex[bytes[i] >> 4];
    hex[2 * i + 1] = k_hex[bytes[i] & 0xf];
  }
  return hex;
}

}  // namespace

Fingerprinter::Fingerprinter() {
  re2::RE2::Options options;
  options.set_encoding(re2::RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  for (const auto& step : k_steps) {
    auto pattern = std::make_unique<re2::RE2>(step.pattern, options);
    if (!pattern->ok()) throw std::logic_error("bad normalisation pattern: " + pattern->error());
    m_replacements.push_back(Replacement{std::move(pattern), step.rewrite});
  }
}

Fingerprinter::Fingerprinter(Fingerprinter&&) noexcept = default;
Fingerprinter::~Fingerprinter() = default;

std::string Fingerprinter::normalise(std::string_view text) const {
  std::string normalised(text);
  for (const auto& step : m_replacements) {
    re2::RE2::GlobalReplace(&normalised, *step.pattern, step.rewrite);
  }
  return normalised;
}

std::string Fingerprinter::fingerprint(std::string_view trace, std::string_view exception_type,
                                       std::string_view message) const {
  const std::string version = "flakyd-fp-v" + std::to_string(k_normalisation_version);
  const std::string type = normalise(exception_type);
  const std::string text = normalise(message);
  const std::string body = normalise(trace);
  return sha256_hex({version, type, text, body});
}

std::string sha256_hex(const std::vector<std::string_view>& parts) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  const unsigned char separator = 0;
  if (!context || EVP_DigestInit_ex(context.get(), sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL SHA-256 is unavailable");
  }
  for (auto part : parts) {
    // Length-prefix each part so ("ab","c") and ("a","bc") hash differently.
    const std::string size = std::to_string(part.size());
    EVP_DigestUpdate(context.get(), size.data(), size.size());
    EVP_DigestUpdate(context.get(), &separator, 1);
    EVP_DigestUpdate(context.get(), part.data(), part.size());
  }
  EVP_DigestFinal_ex(context.get(), digest.data(), &length);
  return to_hex(digest.data(), length);
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL SHA-256 is unavailable");
  }
  return to_hex(digest.data(), length);
}

}  // namespace flakyd::redact
