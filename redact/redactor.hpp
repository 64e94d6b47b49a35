// Redactor: replaces secrets in failure text with typed placeholders ("[REDACTED:github-token]")
// before the text is cached, logged, reported or forwarded anywhere.
//
// How it works: every rule's pattern is compiled once into one RE2::Set. A secret lies within
// one line: patterns are compiled with RE2's never_nl, so \s, [^x] and . never cross a newline
// (and \C, which would, is refused). redact() therefore walks the text in chunks of whole lines
// (about 256 bytes): the Set runs over each chunk (together one linear pass) to learn which rules
// can match there, and only those rules rescan just that chunk to find their spans. For the
// built-in rules the Set holds prefilter_pattern(rule): a loop-free piece every match contains
// ("gh[pousr]_", "@(?:tcp|unix)\("), so over a hundred rules stay one small keyword automaton.
// Spans are validated (Luhn for card numbers, public-only IPv4, placeholder values such as
// "${DB_PASSWORD}" or "***" are kept), checked against the allow-list, merged where they overlap,
// and the output is built in one pass.
// Terminal escapes (ANSI colours, OSC hyperlinks) are removed from the text first, so the
// output carries none: a colour code's final letter would otherwise touch the secret it colours.
// Matching is byte-wise (Latin-1): invalid UTF-8 and NUL bytes pass through untouched.
// A PEM private key is redacted from its BEGIN line to its END line, or, without an END line,
// through every following line that looks like key material.
// A token wrapped at the terminal's width (its line as wide as the lines after it) is redacted
// over those continuation lines and the run that opens the line after them.
// A secret found once is redacted wherever the text repeats it (distinctive values only: 12-256
// characters of letters and digits, one line; at most 16 values, each found again in one linear
// pass), so an echo without the context that revealed it does not leak it.
//
// Thread-safety: a Redactor is immutable after create(); redact() may run concurrently.
// Errors: create() returns RedactError naming the bad rule or allow pattern.
#pragma once

#include <cstddef>
#include "support/expected.hpp"
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace flakyd::redact {

// Extra checks a candidate must pass to count as a secret.
enum class Validator {
  none,
  not_placeholder,    // "${X}", "{{ x }}", "<hidden>", "***", "true", "null"... are kept, and so
                      // are publishable keys ("pk_live_", Mapbox "pk.eyJ", PostHog "phc_", Paddle
                      // client-side tokens) and labelled digests
                      // ("hmac-sha256:<64 hex>", as Vault's audit log prints every secret)
  luhn,               // 13-19 digits of a card brand with a valid Luhn checksum
  public_ipv4,        // loopback, private, link-local and unspecified addresses are kept
  email,              // "git@github.com:org/repo" (scp-style remote) is kept
  basic_credentials,  // base64 that decodes to "user:password"
  random_looking,     // has a digit, a lower-case and an upper-case letter (keyless token shapes;
                      // after the last ':' when there is one: "<bot id>:<secret>")
  random_or_hex,      // random_looking, or 32+ hex digits of one case mixing digits and letters
                      // (a key printed as hex: Symfony's APP_SECRET, Rails' secret_key_base)
  key_value,          // not_placeholder, and not URL userinfo ("https://x-access-token:<t>@host":
                      // the URL rules take the password up to '@' and keep the host)
  base64_private_key, // base64 whose decoded PEM header names a PRIVATE KEY (certificates kept)
  random_token,       // a run of 12+ letters and digits between separators (-_.+/=) mixes a digit,
                      // a lower- and an upper-case letter: "md-s3KDGZhNJqfOJsukrh_XsN", not
                      // "Linux-node-3f2c9e1a..." (a cache key) or "orders-service-v2"
  generated_element,  // 12 to 256 of letters, digits and -_.~+/= that mix a digit, a lower- and
                      // an upper-case letter and switch between them every third character or
                      // more ("RgJQRGxWn_DpLiGLx9k", not "OrdersServiceV2" or "Linux-node-ab12cd")
  random_password,    // random_token, or 10 to 256 non-blank characters that mix a digit, both
                      // cases and a symbol no name holds (!#$%^&*+=?~): "6Tumnqk.i^T0=5ZY"
  generated_key,      // random_token and key_value: a generated value that is no publishable key
                      // (pk_live_.., phc_..) or placeholder
  login_password,     // not_placeholder, and not the gid of a numeric uid:gid pair
                      // (`docker run -u 1000:1000` names a user and a group, no password)
  credential_header,  // key_value, holds a digit, is no path or URL, and the name it follows is
                      // no header that carries an id ("Idempotency-Key", "Sec-WebSocket-Key",
                      // "X-Cache-Key", a page or continuation token)
  url_password,       // not_placeholder, and not the sending domain Symfony's Mailgun DSN puts
                      // where a password would be ("mailgun+api://KEY:mg.example.com@default")
  byte_list,          // a list of 16 or more byte values with 8 or more distinct ones (a key's
                      // bytes; an all-zero or counting test key is kept)
  base64_text,        // base64 of 16 or more bytes of printable text in which the redactor itself
                      // finds a secret (an e-mail or IP address alone does not count)
  base32_token,       // lower-case base32 (a-z, 2-7) with four or more digits: generated, not a word
  base64_json_credential,  // base64 of a JSON object holding a credential-named string field
                           // (see decodes_to_json_credential); no JWT segment (no '.' beside it)
  smtp_user_name,     // base64 of an SMTP user name that is no mailbox: relays that take an API key
                      // or access key id as the user name (Amazon SES, Postmark); "user@host" is kept
  session_value,      // not_placeholder, and not a UUID under a name that says it correlates or
                      // traces ("SESSION_CORRELATION_ID=<uuid>" names a log id, not a session)
  flag_value,         // not_placeholder, and the flag before it takes a value: a switch that shows,
                      // verifies or negates ("git log --show-signature <sha>") takes none
  upper_key_id,       // 20 upper-case letters and digits with a digit and 8+ letters: an
                      // S3-compatible access key id (MinIO, Wasabi, Spaces), not a word in
                      // capitals ("MINIOADMINMINIOADMIN") or a placeholder
  not_public_jwt,     // a JWT that is no key its issuer publishes to browsers (the publishable
                      // keys not_placeholder keeps: Supabase's anon key, "role":"anon") is kept
};

// Where a secret ends when the match alone cannot say (a pattern never spans lines).
enum class Extent {
  match,            // the secret is the match, or its capture group
  pem_block,        // the match is a PEM header: extend to the end of the key block
  next_line_value,  // the match is a "password:" line: the secret is the next line's value
  base64_lines,     // the match continues over the following lines of base64 (a wrapped blob)
  next_argument,    // the match is a secret-named flag alone on its line ("- --requirepass",
                    // kubectl describe's "Args:" block): the secret is the next line's argument
  cookie_pairs,     // the match is a Cookie request header's name: each pair's value on the
                    // rest of its line that passes the validator is a secret of its own
  call_arguments,   // the match is a credential-taking call up to its '(' ("->auth(", "connect("):
                    // each quoted argument up to its ')' that passes the validator is a secret
  dump_elements,    // the match opens a tuple or record dump with a host and a port or mailbox
                    // ("('db.internal', 5432, ", "Settings(smtp.host, 587, "): each element up to
                    // its close that passes the validator is a secret (a positional password).
                    // Such a pattern has no literal piece for the prefilter Set, where it doubled
                    // the cost on real traces (its DFA tracks a partial match after every
                    // bracket), so the rule stays out of the Set: memchr finds the brackets,
                    // opens_host_or_database_url checks each, and the rule reads from there.
  value_field,      // the match names a secret in one field ("name: 'session'", "Property: x.password",
                    // "\"sensitive\": true,"): the secret is the "value" field that follows in the same
                    // object, on that line or within the next few (a cookie object, Spring Boot's
                    // binding failure, `terraform output -json`, a pretty-printed env list)
  printenv_values,  // the match is a `printenv NAME..` command line: each secret-named variable's
                    // value is its line of the output that follows (see printenv_values)
  which_is_value,   // the match is an expression GoogleTest printed in a failed comparison: the
                    // secret is the value on its next line, "Which is: <value>"
  colon_hex_lines,  // the match is a key member's label ("priv:"): the secret is the indented
                    // colon-hex lines that follow it, as OpenSSL prints a key as text
};

struct SecretRule {
  std::string kind;     // placeholder name: "[REDACTED:<kind>]"
  std::string pattern;  // RE2 syntax
  int group = 0;        // capture group holding the secret; 0 = the whole match
  Validator validator = Validator::none;
  Extent extent = Extent::match;
  // The match must start a word: at the text's start, after a non-word byte, or right after a
  // percent escape ("%3Aghp_..." in a URL-encoded URL) or a string's backslash escape ("\nghp_",
  // "\u003cghp_", "\x3dghp_" in JSON and C-escaped logs). Checked in code rather than with a
  // leading \b, which would stop RE2 from skipping ahead to the pattern's literal prefix (10x
  // slower scans).
  bool word_start = false;
};

struct RedactorOptions {
  bool use_builtin_rules = true;  // false: only extra_rules
  bool redact_emails = true;
  bool redact_ip_addresses = true;
  // Appended to the built-in rules. A pattern never matches across a newline (see above).
  std::vector<SecretRule> extra_rules;
  std::vector<std::string> allow_patterns;  // a candidate fully matching one is kept
};

struct RedactError {
  std::string what;  // "rule 'x': invalid pattern: ..." or "allow pattern 2: ..."
};

struct Redaction {
  std::string text;
  std::size_t count = 0;               // number of secrets replaced
  std::vector<std::string> kinds;      // kind of each replacement, in text order
  // Bytes the scans read (the Set's pass over each chunk, each candidate rule's searches for its
  // matches, the lines a key block's extent walks): the work done, a small multiple of the text's
  // size for any input. Tests bound it so a scan that turns quadratic fails without timing
  // anything.
  std::size_t scanned = 0;
};

struct PrefilterShard;  // a slice of the rules and its RE2::Set (redactor.cpp)

class Redactor {
 public:
  static flakyd::expected<Redactor, RedactError> create(RedactorOptions options = {});
  Redactor(Redactor&&) noexcept;
  Redactor& operator=(Redactor&&) noexcept;
  ~Redactor();

  Redaction redact(std::string_view text) const;

  std::size_t rule_count() const { return m_rules.size(); }
  const std::string& config_digest() const { return m_digest; }

 private:
  struct Span;
  Redactor() = default;
  // `scanned` grows by the bytes the searches read (see Redaction::scanned).
  std::vector<Span> find_spans(std::string_view text, std::size_t& scanned) const;
  // The prefilter shards (see redactor.cpp) whose Set matches somewhere in `text`.
  std::vector<const PrefilterShard*> shards_matching(std::string_view text, std::size_t& scanned) const;
  // A secret the rules found by its context (a key's name, an "origin" naming it) is redacted
  // where the text repeats it without that context too ("value": "<it>" three lines on).
  void add_repeats(std::string_view text, std::vector<Span>& spans) const;
  // The secret inside `match` (the rule's capture group), found without a capture search when
  // the pattern has the CONTEXT(SECRET) shape.
  std::string_view locate_secret(std::size_t rule_index, std::string_view text,
                                 std::string_view match) const;
  // A dump_elements rule's matches: read from each bracket that opens a connection's dump.
  void collect_dump_spans(std::size_t rule_index, std::string_view text, std::vector<Span>& spans,
                            std::size_t& scanned) const;
  // `resume`: where this rule's scan may start again (past a multi-line span it already found).
  void collect_spans(std::size_t rule_index, std::string_view text, std::size_t begin,
                     std::size_t end, std::vector<Span>& spans, std::size_t& resume,
                     std::size_t& scanned) const;
  bool allowed(std::string_view candidate) const;
  // True when the base64 `candidate` decodes to text in which a rule finds a secret.
  bool encodes_secret(std::string_view candidate, std::size_t& scanned) const;

  struct Compiled;  // prefilter Set, one matcher per rule, allow-list Set (RE2 stays in the .cpp)
  std::vector<SecretRule> m_rules;
  std::unique_ptr<Compiled> m_compiled;
  std::string m_digest;
};

// What the prefilter Set holds for a rule's pattern: a loop-free piece every match contains
// (a "required factor"), else the pattern with its counters loosened. Either accepts at least
// what the pattern accepts. Exposed for tests.
std::string prefilter_pattern(std::string_view pattern);

// The built-in secret rules (more than 60 kinds), before options select e-mail / IP rules.
// Vendor formats come first, context rules (password=, Authorization:, URL userinfo) last: when
// two rules find the same span, the placeholder names the earlier, more specific one.
const std::vector<SecretRule>& builtin_secret_rules();

// One line per kind the built-in rules redact, for `flakyd redact --kinds`: the kind and an
// example shape in placeholder style ("ghp_<36 alnum>"), never a real-looking value.
struct SecretKind {
  std::string kind;
  std::string shape;
};
const std::vector<SecretKind>& builtin_secret_kinds();

}  // namespace flakyd::redact
