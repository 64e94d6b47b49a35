#include "redact/validators.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <span>
#include <system_error>
#include <utility>

namespace flakyd::redact {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

bool all_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool contains_ignore_case(std::string_view text, std::string_view word) {
  for (std::size_t at = 0; at + word.size() <= text.size(); ++at) {
    if (equals_ignore_case(text.substr(at, word.size()), word)) return true;
  }
  return false;
}

// Whether `text` holds any of `words`, compared without case.
bool contains_any_ignore_case(std::string_view text, std::span<const std::string_view> words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view word) { return contains_ignore_case(text, word); });
}

bool is_base64_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=';
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (is_digit(c)) return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// "git@github.com:org/repo" is an scp-style remote, and "https://user:pw@host" is URL userinfo
// (redacted by its own rule): neither is an e-mail address.
// Where the next line starts when a line break (a JSON-escaped "\\n", CRLF or LF) sits at
// `position`; npos when none does.
std::size_t after_line_break(std::string_view text, std::size_t position) {
  if (text.compare(position, 2, "\\n") == 0) return position + 2;
  if (text[position] == '\r' && position + 1 < text.size() && text[position + 1] == '\n') return position + 2;
  if (text[position] == '\n') return position + 1;
  return std::string_view::npos;
}

// "password: Password validation failed", "volume \"tls\" : secret \"ingress-tls\" not found":
// the value is a secret field's name and a sentence goes on after it. Alone ("password=secret"
// at the end of a line or before the next flag) the same word may be a weak test password.
bool field_name_in_prose(std::string_view text, std::size_t begin, std::size_t end) {
  constexpr std::array<std::string_view, 6> k_fields = {"password", "passwd", "passphrase",
                                                        "secret",   "token",  "key"};
  const std::string_view value = text.substr(begin, end - begin);
  const bool field = std::any_of(k_fields.begin(), k_fields.end(),
                                 [&](std::string_view word) { return equals_ignore_case(value, word); });
  if (!field || end + 1 >= text.size() || text[end] != ' ') return false;
  const char next = text[end + 1];
  return std::isalpha(static_cast<unsigned char>(next)) != 0 || next == '"' || next == '\'';
}

// A blank and then a lower-case word of two letters or more right after `end`.
bool word_opening_prose_after(std::string_view text, std::size_t end) {
  if (end + 2 >= text.size() || text[end] != ' ') return false;
  std::size_t word_end = end + 1;
  while (word_end < text.size() && std::islower(static_cast<unsigned char>(text[word_end])) != 0) ++word_end;
  return word_end - (end + 1) >= 2 && (word_end == text.size() || !std::isalnum(static_cast<unsigned char>(text[word_end])));
}

// "INVALID_CREDENTIALS: Bind failed", "AUTH: Received control message": a log line's tag named
// like a secret, then a sentence. A value of letters only with lower-case words after it is prose;
// a generated value has a digit or a symbol, and a weak password stands alone.
bool word_opening_prose(std::string_view text, std::size_t begin, std::size_t end) {
  const std::string_view value = text.substr(begin, end - begin);
  if (value.empty() || !std::all_of(value.begin(), value.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; })) {
    return false;
  }
  return word_opening_prose_after(text, end);
}

// "unable to decrypt sealed secret: crypto/rsa: decryption error": Go wraps an error as "context:
// cause", so the value after a secret's name is the next link of the chain (a lower-case package
// path and its colon) when a lower-case word follows it.
bool error_chain_link(std::string_view text, std::size_t begin, std::size_t end) {
  const std::string_view value = text.substr(begin, end - begin);
  if (value.size() < 2 || value.back() != ':') return false;
  const auto package_char = [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '/' || c == '.' || c == '_'; };
  if (!std::all_of(value.begin(), value.end() - 1, package_char)) return false;
  return word_opening_prose_after(text, end);
}

// "token:     952 bytes": `kubectl describe secret` prints each data key with its value's size,
// never the value.
bool size_in_bytes(std::string_view text, std::size_t begin, std::size_t end) {
  const std::string_view value = text.substr(begin, end - begin);
  if (value.empty() || !std::all_of(value.begin(), value.end(), is_digit)) return false;
  return text.substr(end).starts_with(" bytes");
}

// A doubled operator whose first half the rule took as the assignment: a scope operator
// ("TestRefreshToken::test_expired": C++, Ruby, PHP, a pytest node id, after a name ending in
// "Token") or an equality ("acme-internal-auth==3.2.0", a pip pin; "token == expected").
bool doubled_operator(std::string_view text, std::size_t begin) {
  return begin >= 1 && begin < text.size() && text[begin] == text[begin - 1] && (text[begin] == ':' || text[begin] == '=');
}

// "${WANDB_API_KEY:?WANDB_API_KEY must be set}": a shell's check that a variable is set, whose
// text after ":?" is the error message, not a value. (":-" and ":=" stay values: a default there
// may well be a literal secret.)
bool shell_required_variable(std::string_view text, std::size_t begin) {
  if (begin < 2 || begin >= text.size() || text[begin] != '?' || text[begin - 1] != ':') return false;
  std::size_t at = begin - 1;
  while (at > 0 && (std::isalnum(static_cast<unsigned char>(text[at - 1])) != 0 || text[at - 1] == '_')) --at;
  return at >= 2 && at < begin - 1 && text.compare(at - 2, 2, "${") == 0;
}

// "AWS_SECRET_ACCESS_KEY=" then "SSH_AUTH_SOCK=/tmp/.." on the next line: an empty value in an env
// dump; the next line is not its value. A YAML value on the line after its key is indented.
bool value_on_next_unindented_line(std::string_view text, std::size_t begin) {
  std::size_t at = begin;
  bool crossed_newline = false;
  while (at > 0 && std::string_view(" \t\r\n\"'").find(text[at - 1]) != std::string_view::npos) {
    crossed_newline = crossed_newline || text[at - 1] == '\n';
    --at;
  }
  // Only right after the operator: printenv's values, one a line under its command, are values.
  if (!crossed_newline || at == 0 || (text[at - 1] != '=' && text[at - 1] != ':')) return false;
  const auto line_start = text.rfind('\n', begin == 0 ? 0 : begin - 1);
  const auto first = line_start == std::string_view::npos ? 0 : line_start + 1;
  return first < text.size() && text[first] != ' ' && text[first] != '\t';
}

// Where the token that holds `begin` starts: just after the last of `delimiters` before it.
std::size_t token_start(std::string_view text, std::size_t begin, std::string_view delimiters) {
  const auto delimiter = begin == 0 ? std::string_view::npos : text.find_last_of(delimiters, begin - 1);
  return delimiter == std::string_view::npos ? 0 : delimiter + 1;
}

// "arn:aws:secretsmanager:us-east-1:123456789012:secret:ci/db-AbCdEf": inside an ARN,
// "secret:" is a resource type and what follows its name; the ARN identifies, it holds nothing.
bool inside_arn(std::string_view text, std::size_t begin) {
  const auto from = token_start(text, begin, " \t\n\"'(=,[");
  return text.substr(from, begin - from).starts_with("arn:");
}

// Paddle's client-side tokens: "live_" or "test_" and 27 lower-case hex digits (its API keys are
// "pdl_live_apikey_..."; Mollie's "live_" keys have 30 characters, Lob's 35).
bool paddle_client_token(std::string_view value) {
  if (!value.starts_with("live_") && !value.starts_with("test_")) return false;
  const std::string_view hex = value.substr(5);
  return hex.size() == 27 && std::all_of(hex.begin(), hex.end(), [](char c) {
           return is_digit(c) || (c >= 'a' && c <= 'f');
         });
}

// Datadog's browser (RUM and logs) client token, "pub" and 32 hex digits: shipped in the page's
// JavaScript and only able to send data, as Datadog's documentation says.
bool datadog_client_token(std::string_view value) {
  if (!value.starts_with("pub") || value.size() != 35) return false;
  return std::all_of(value.begin() + 3, value.end(), [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); });
}

// Statsig's client SDK keys: "client-" and 30 or more letters and digits, made to ship in
// browser and mobile code (its server secret keys are "secret-...").
bool statsig_client_key(std::string_view value) {
  if (!value.starts_with("client-")) return false;
  const std::string_view key = value.substr(7);
  return key.size() >= 30 && std::all_of(key.begin(), key.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0;
         });
}

// Values that are public by their issuer's documentation, whatever key holds them: Stripe's and
// Clerk's publishable keys ("pk_live_", "pk_test_"), Mapbox public tokens ("pk.eyJ"; secret
// tokens are "sk."), PostHog project API keys ("phc_"; personal keys are "phx_"), Lob's
// publishable keys ("live_pub_", "test_pub_"), Paddle's client-side tokens, Statsig's client keys,
// Adyen's and Midtrans' client keys, Supabase's anon key and Twilio's resource SIDs; and Stripe's
// Checkout Session ids ("cs_live_", "cs_test_"), which the success URL carries back to the site
// (its keys are sk_, rk_ and whsec_).
// Twilio's resource SIDs: two upper-case letters naming the kind (AC account, SM message, CA
// call, MG messaging service, PN number) and 32 hex digits. Identifiers in every API URL and
// log line; the secret is the auth token or API key secret beside them.
bool twilio_resource_sid(std::string_view value) {
  return value.size() == 34 && is_upper(value[0]) && is_upper(value[1]) &&
         std::all_of(value.begin() + 2, value.end(), [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); });
}

// An SSH public key's algorithm name where a secret's value would be: Vagrant logs "Inserting
// key to avoid password: ssh-rsa AAAA..." (the insecure key's public half). The name opens a
// public key, which is meant to be shared.
bool ssh_public_key_algorithm(std::string_view value) {
  constexpr std::array<std::string_view, 5> k_algorithms = {"ssh-rsa", "ssh-ed25519", "ssh-dss", "ecdsa-sha2-nistp",
                                                            "sk-ssh-ed25519@openssh.com"};
  return std::any_of(k_algorithms.begin(), k_algorithms.end(), [&](std::string_view algorithm) {
    return algorithm.back() == 'p' ? value.starts_with(algorithm) : value == algorithm;
  });
}

// An HTTP authentication scheme where a secret's value would start ('token = "Bearer <t>"',
// "auth: Basic <b64>", git-lfs' "Authorization: RemoteAuth <jwt>", Kerberos' "Negotiate <b64>"):
// the credential (or its mask, "RemoteAuth * * * * *") follows the blank, and the rules for a
// scheme's credential take it from there; the scheme's name is no secret.
bool auth_scheme_before_credential(std::string_view text, std::size_t begin, std::size_t end) {
  constexpr std::array<std::string_view, 7> k_schemes = {"Bearer",    "Basic", "Token",     "Digest",
                                                         "Negotiate", "NTLM",  "RemoteAuth"};
  const std::string_view value = text.substr(begin, end - begin);
  const bool is_scheme = std::any_of(k_schemes.begin(), k_schemes.end(),
                                     [&](std::string_view scheme) { return equals_ignore_case(value, scheme); });
  return is_scheme && end + 1 < text.size() && text[end] == ' ' && text[end + 1] != ' ' && text[end + 1] != '\n';
}

// Adyen's client key ("test_" or "live_" and 32 upper-case letters and digits) and Midtrans'
// client key ("Mid-client-", "SB-Mid-client-" in its sandbox): each issuer documents it as the
// key its checkout page carries to the browser; the secrets are the API and server keys.
bool checkout_client_key(std::string_view value) {
  if (value.starts_with("Mid-client-") || value.starts_with("SB-Mid-client-")) return true;
  const bool adyen_prefix = value.starts_with("test_") || value.starts_with("live_");
  return adyen_prefix && value.size() == 37 &&
         std::all_of(value.begin() + 5, value.end(), [](char c) { return is_digit(c) || is_upper(c); });
}

bool publishable_value(std::string_view value) {
  constexpr std::array<std::string_view, 8> k_prefixes = {"pk_live_", "pk_test_",  "pk.eyJ",   "phc_",
                                                          "live_pub_", "test_pub_", "cs_live_", "cs_test_"};
  return std::any_of(k_prefixes.begin(), k_prefixes.end(),
                     [&](std::string_view prefix) { return value.starts_with(prefix); }) ||
         paddle_client_token(value) || statsig_client_key(value) || twilio_resource_sid(value) ||
         datadog_client_token(value) || checkout_client_key(value) ||
         (value.starts_with("eyJ") && public_supabase_key(value));
}

// A digest labelled with its algorithm, as Vault's audit log prints every sensitive string
// ("hmac-sha256:<64 hex>") and registries print content digests ("sha256:<64 hex>"): a hash of
// the value, never the value.
bool labelled_digest(std::string_view value) {
  if (value.starts_with("hmac-")) value.remove_prefix(5);
  struct Algorithm {
    std::string_view label;
    std::size_t hex_digits;
  };
  constexpr std::array<Algorithm, 6> k_algorithms = {{{"md5:", 32},
                                                      {"sha1:", 40},
                                                      {"sha224:", 56},
                                                      {"sha256:", 64},
                                                      {"sha384:", 96},
                                                      {"sha512:", 128}}};
  for (const auto& algorithm : k_algorithms) {
    if (!value.starts_with(algorithm.label)) continue;
    const std::string_view hex = value.substr(algorithm.label.size());
    return hex.size() == algorithm.hex_digits && all_hex(hex);
  }
  return false;
}

// "<56442412586761.570143610077097600@mg.example.io>": a Message-ID in angle brackets, whose
// left part a mail server generated from digits and hex (a time, a counter, a UUID; the Mail gem
// joins two with "_"); a mailbox's name has letters beyond a-f. It names a message, not a person.
bool message_id(std::string_view text, std::size_t begin, std::size_t end) {
  if (begin == 0 || text[begin - 1] != '<' || end >= text.size() || text[end] != '>') return false;
  const std::string_view local = text.substr(begin, text.find('@', begin) - begin);
  const bool generated = local.size() >= 12 && std::all_of(local.begin(), local.end(), [](char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || c == '.' || c == '-' || c == '_';
  });
  return generated && std::count_if(local.begin(), local.end(), is_digit) >= 6;
}

// An address right after "service/" whose realm has no lower-case letter: "HTTP/host@REALM".
bool kerberos_service_principal(std::string_view text, std::size_t begin, std::size_t end) {
  if (begin == 0 || text[begin - 1] != '/') return false;
  const std::string_view address = text.substr(begin, end - begin);
  const std::string_view realm = address.substr(address.find('@') + 1);
  return std::none_of(realm.begin(), realm.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// "name@instance.service": systemd names an instance of a template unit so; the unit types are
// no top-level domains.
bool systemd_unit_instance(std::string_view address) {
  constexpr std::array<std::string_view, 8> k_unit_types = {".service", ".socket", ".timer", ".target",
                                                            ".mount",   ".path",   ".slice", ".scope"};
  return std::any_of(k_unit_types.begin(), k_unit_types.end(),
                     [&](std::string_view type) { return address.ends_with(type); });
}

bool plausible_email(std::string_view text, std::size_t begin, std::size_t end) {
  if (end < text.size() && text[end] == ':') return false;
  if (message_id(text, begin, end)) return false;
  // "ci-deployer@my-project.iam.gserviceaccount.com": a Google Cloud service account, a machine
  // identity that IAM errors name ("Permission denied for <account>"), not a person's mailbox.
  if (text.substr(begin, end - begin).ends_with("gserviceaccount.com")) return false;
  // "HTTP/spark-history.acme.net@DATA.ACME.NET": a Kerberos service principal (service/host in an
  // upper-case realm), a machine identity that klist and Hadoop's login errors name.
  if (kerberos_service_principal(text, begin, end)) return false;
  // "wg-quick@wg0.service", "getty@tty1.service": an instance of a systemd template unit.
  if (systemd_unit_instance(text.substr(begin, end - begin))) return false;
  // "https://<key>@o1.ingest.sentry.io/2": userinfo right after the scheme, not a mailbox.
  if (begin >= 3 && text.substr(begin - 3, 3) == "://") return false;
  const auto from = token_start(text, begin, " \t\n\"'(<");
  if (begin > 0 && text[begin - 1] == ':' && text.substr(from, begin - from).find("://") != std::string_view::npos) {
    return false;
  }
  // "https://__token__:p^ss%X@host/simple": the '@' closes a URL's userinfo (no '/' or '?'
  // between the scheme and it), the match began inside the password. The URL rule takes the
  // password; as an e-mail the match would take the host with it.
  const auto at = text.find('@', begin);
  if (at != std::string_view::npos && at < end) {
    const std::string_view before_at = text.substr(from, at - from);
    const auto scheme = before_at.find("://");
    if (scheme != std::string_view::npos &&
        before_at.find_first_of("/?", scheme + 3) == std::string_view::npos) {
      return false;
    }
    // ... also when the password holds a '/' (CodeCommit's "https://user:ab/cd@host"): a ':'
    // before the first '/' that no port follows.
    if (scheme != std::string_view::npos) {
      const std::string_view authority = before_at.substr(scheme + 3);
      const auto colon = authority.find(':');
      const auto slash = authority.find('/');
      if (colon != std::string_view::npos && slash != std::string_view::npos && colon < slash &&
          !std::all_of(authority.begin() + static_cast<std::ptrdiff_t>(colon) + 1,
                       authority.begin() + static_cast<std::ptrdiff_t>(slash), is_digit)) {
        return false;
      }
    }
  }
  return true;
}


// "%DB_PASSWORD%" (a Windows variable), TeamCity's "%env.NPM_TOKEN%" parameter, "%(password)s",
// "%{token}" and "%s" (format fields): a reference. Any other value may start with '%' ("%k4C..." is a
// generated password).
bool percent_reference(std::string_view value) {
  if (value.front() != '%') return false;
  if (value.starts_with("%(") || value.starts_with("%{")) return true;
  // A form body or query string encodes a stand-in's opening bracket: Terraform's debug log of a
  // request body prints "(sensitive)" as "%28sensitive%29".
  constexpr std::array<std::string_view, 4> k_encoded_openings = {"%28", "%3C", "%5B", "%7B"};
  if (value.size() > 3 && std::any_of(k_encoded_openings.begin(), k_encoded_openings.end(), [&](std::string_view opening) {
        return equals_ignore_case(value.substr(0, opening.size()), opening);
      })) {
    return true;
  }
  // printf's "%s" (`printf '//registry/:_authToken=%s\n' "$TOKEN"`): the next argument's value.
  if (value.starts_with("%s") && (value.size() == 2 || std::isalnum(static_cast<unsigned char>(value[2])) == 0)) return true;
  const std::string_view name = value.substr(1, value.size() - 2);
  return value.back() == '%' && !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.';
  });
}

// "$DB_PASSWORD", "${X}", "$(cat f)", "$1", "$HOME/.pw", "$A$B": a shell or compose reference.
// A '$' value whose name runs into a character no reference continues with ("$Zyv*7tO8..." in
// `docker compose config`, which prints "$$" escapes as '$') is a generated password.
bool dollar_reference(std::string_view value) {
  if (value.front() != '$') return false;
  if (value.size() == 1) return true;
  constexpr std::string_view k_special = "{($@*#?!0123456789-";
  if (k_special.find(value[1]) != std::string_view::npos) return true;
  std::size_t end = 1;
  while (end < value.size() &&
         (std::isalnum(static_cast<unsigned char>(value[end])) != 0 || value[end] == '_')) {
    ++end;
  }
  if (end == 1) return false;  // "$%..." names nothing
  constexpr std::string_view k_continues = "/:.-@$\\,;}])\"'";
  return end == value.size() || k_continues.find(value[end]) != std::string_view::npos;
}

// A value made only of masking characters: "***", "xxxx", "####", "---" (client-go prints a
// rest.Config's token as "--- REDACTED ---"), and the bullets that CI systems and web consoles
// print for hidden values ("••••", U+2022; "●●●●", U+25CF).
bool mask_characters_only(std::string_view value) {
  constexpr std::array<std::string_view, 2> k_bullets = {"\xE2\x80\xA2", "\xE2\x97\x8F"};
  while (!value.empty()) {
    const char c = value.front();
    // helm-diff prints a changed Secret's value as "++++++++" (added) or "--------" (removed).
    if (c == '*' || c == 'x' || c == 'X' || c == '#' || c == '-' || c == '+') {
      value.remove_prefix(1);
      continue;
    }
    const auto bullet = std::find_if(k_bullets.begin(), k_bullets.end(),
                                     [&](std::string_view b) { return value.starts_with(b); });
    if (bullet == k_bullets.end()) return false;
    value.remove_prefix(bullet->size());
  }
  return true;
}
}  // namespace

namespace {

// "fixtures.token", "this.config.apiKey", "settings.DB_PASSWORD": code that reads a secret-named
// member (a runner's code frame, a diff of source), not the secret. No digit: generated secrets
// that happen to hold dots mix digits in.
bool member_reference(std::string_view value) {
  const auto dot = value.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == value.size()) return false;
  const bool identifier_chars = std::all_of(value.begin(), value.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$' || c == '.';
  });
  if (!identifier_chars || value.find("..") != std::string_view::npos) return false;
  const std::string_view member = value.substr(dot + 1);
  constexpr std::array<std::string_view, 7> k_secret_members = {"password", "passwd", "token", "secret",
                                                                "key",      "credential", "auth"};
  return contains_any_ignore_case(member, k_secret_members);
}

// "xoxb-your-bot-token", "your_api_key": words only, one of them "your" -- a value asked for.
bool asks_for_a_value(std::string_view value) {
  const bool words_only = std::all_of(value.begin(), value.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
  });
  if (!words_only) return false;
  while (!value.empty()) {
    const auto separator = std::min(value.find_first_of("-_"), value.size());
    if (equals_ignore_case(value.substr(0, separator), "your")) return true;
    value.remove_prefix(std::min(separator + 1, value.size()));
  }
  return false;
}

// What follows a short vendor prefix ending at `separator` is a mask of at least `min_mask` characters.
bool mask_after(std::string_view value, std::size_t separator, std::size_t min_mask) {
  if (separator == std::string_view::npos || separator == 0 || separator > 10) return false;
  const std::string_view rest = value.substr(separator + 1);
  return rest.size() >= min_mask && mask_characters_only(rest);
}

// "xoxb-XXXXXXXXXXXX-XXXXXXXXXXXXX-XXXX", "xoxp-xxxxxxxxxxxx-xxxxxxxx": a vendor's prefix before a
// mask; a dotted prefix of lower-case words too ("dp.st.xxxx", Doppler's service-token prefix in a
// docs example).
bool masked_after_prefix(std::string_view value) {
  const auto separator = value.find_first_of("-_");
  if (mask_after(value, separator, 8)) return true;
  // ... or before a bracketed stand-in: "ghp_[hidden]", "npm_<redacted>", "sk_test_<your-api-key>".
  const auto bracket = value.find_first_of("[<");
  const auto prefix_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-'; };
  if (bracket != std::string_view::npos && bracket > 1 && bracket <= 16 && value.size() > bracket + 3 &&
      (value[bracket - 1] == '_' || value[bracket - 1] == '-') &&
      std::all_of(value.begin(), value.begin() + bracket, prefix_char)) {
    std::string_view word = value.substr(bracket + 1);
    if (word.back() == ']' || word.back() == '>') word.remove_suffix(1);
    const auto word_char = [](char c) { return is_lower(c) || is_upper(c) || c == '-' || c == '_'; };
    if (!word.empty() && std::all_of(word.begin(), word.end(), word_char)) return true;
  }
  const auto last_dot = value.rfind('.');
  const bool dotted_words = last_dot != std::string_view::npos &&
                            std::all_of(value.begin(), value.begin() + last_dot, [](char c) { return is_lower(c) || c == '.'; });
  return dotted_words && mask_after(value, last_dot, 4);
}

// Documentation's stand-ins: "xoxb-REPLACE-ME",
// "sk_live_YOUR_KEY_REPLACE_ME", "!ChangeMe!", and the two shapes above.
bool documented_stand_in(std::string_view value) {
  // jwt.io's sample HS256 secret ("your-256-bit-secret") names itself as a stand-in too.
  // Strapi's .env.example fills every key and salt with "tobemodified".
  constexpr std::array<std::string_view, 6> k_stand_in_words = {"replace-me", "replace_me", "replaceme", "changeme",
                                                                "your-256-bit-secret", "tobemodified"};
  // wp-config-sample.php's 'password_here', 'username_here', 'put your unique phrase here'.
  const bool here_words = value.size() > 5 && value.ends_with("here") &&
                          (value[value.size() - 5] == '_' || value[value.size() - 5] == ' ') &&
                          std::all_of(value.begin(), value.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_' || c == ' '; });
  return contains_any_ignore_case(value, k_stand_in_words) || asks_for_a_value(value) || masked_after_prefix(value) ||
         here_words;
}

// Passwords their tools document and ship: the JDK's cacerts keystore ("changeit"), Android's
// debug keystore ("android"), and examples' self-naming values ("mypassword", ESP-IDF's
// sdkconfig default). Public knowledge, so never a secret.
bool documented_default_password(std::string_view value) {
  // MinIO's documented root user and password for a local server ("minioadmin"); Oracle's demo
  // schema's (scott/tiger), which SQLAlchemy's and JDBC's documentation use in every example URL.
  constexpr std::array<std::string_view, 9> k_defaults = {"changeit", "android", "mypassword", "yourpassword", "mysecret",
                                                          "mytoken",  "myapikey", "minioadmin", "tiger"};
  // Azurite's and the Azure Storage Emulator's account key for "devstoreaccount1", the same in
  // every installation and printed in Microsoft's documentation.
  constexpr std::string_view k_storage_emulator_key =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  // Stripe's API reference signs every example with one test-mode key, public since.
  constexpr std::string_view k_stripe_documentation_key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
  // Cloudflare Turnstile's documented test secret keys ("1x", "2x" or "3x", 31 zeros, "AA"):
  // they always pass, always fail or report a spent token, whoever holds them.
  const bool turnstile_test_key = value.size() == 35 && (value[0] == '1' || value[0] == '2' || value[0] == '3') &&
                                  value[1] == 'x' && value.ends_with("AA") &&
                                  value.substr(2, 31).find_first_not_of('0') == std::string_view::npos;
  return value == k_storage_emulator_key || value == k_stripe_documentation_key || turnstile_test_key ||
         std::any_of(k_defaults.begin(), k_defaults.end(), [&](std::string_view word) { return equals_ignore_case(value, word); });
}

// A test's fixture value that names itself: "test-token", "fake_api_key", "dummy-secret". Words
// only, lower case, no digit: a generated secret mixes digits in.
bool fixture_words(std::string_view value) {
  constexpr std::array<std::string_view, 10> k_fixture_words = {"test",    "fake",    "dummy",    "mock",    "sample",
                                                                "example", "fixture", "insecure", "testing", "placeholder"};
  const bool words_only = std::all_of(value.begin(), value.end(),
                                      [](char c) { return (c >= 'a' && c <= 'z') || c == '-' || c == '_'; });
  if (words_only && std::any_of(k_fixture_words.begin(), k_fixture_words.end(), [&](std::string_view word) {
        return value.size() > word.size() + 1 && value.starts_with(word) &&
               (value[word.size()] == '-' || value[word.size()] == '_');
      })) {
    return true;
  }
  // The word alone or run into the next in one case ("testing", moto's documented fake session
  // token; "dummy"; "TESTTOKEN", "FAKEKEY"): letters only, so a generated value (digits mixed in)
  // never reads as one.
  const bool one_case_letters =
      value.size() <= 24 && (std::all_of(value.begin(), value.end(), [](char c) { return c >= 'a' && c <= 'z'; }) ||
                             std::all_of(value.begin(), value.end(), [](char c) { return c >= 'A' && c <= 'Z'; }));
  return one_case_letters && std::any_of(k_fixture_words.begin(), k_fixture_words.end(), [&](std::string_view word) {
           return value.size() >= word.size() && equals_ignore_case(value.substr(0, word.size()), word);
         });
}

// ... also behind a vendor's short key prefix, as mocks write them: "SG.test-key" and "SG.fake"
// (SendGrid), "sk_test_xxx" (Stripe's test-mode prefix followed by a stand-in), "xoxb-fake-token"
// (Slack), "whsec_dummy", "shpat_TESTING", "ghp_TESTTOKEN".
bool fixture_stand_in(std::string_view value) {
  // Laravel Sanctum's token opens with its database id ("1|testing-token").
  if (const auto bar = value.find('|'); bar != std::string_view::npos && bar > 0 &&
                                        std::all_of(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(bar), is_digit)) {
    value.remove_prefix(bar + 1);
  }
  if (fixture_words(value)) return true;
  const auto separator = value.find_first_of("._-");
  const bool short_prefix = separator != std::string_view::npos && separator >= 2 && separator <= 6 &&
                            std::all_of(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(separator),
                                        [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
  return short_prefix && fixture_words(value.substr(separator + 1));
}

// "*Vz4f7NU30e-b#MMS=D+hW": a generated password may open with the asterisk its alphabet holds.
// A mask ("***", "*****abcd"), an emphasis ("*required*") or a pointer ("*ptr") has another
// asterisk, is short, or does not mix digits with both cases.
bool generated_after_asterisk(std::string_view value) {
  // A run of asterisks is a mask ("*ab***cd"), a closing one emphasis ("*word*"); a lone one
  // inside is a generator's ("*Dx.iK*Nm2A9i0MT8").
  const std::string_view rest = value.substr(1);
  if (rest.size() < 11 || rest.find("**") != std::string_view::npos || rest.back() == '*') return false;
  const auto has = [&](auto predicate) { return std::any_of(rest.begin(), rest.end(), predicate); };
  return has(is_digit) && has([](char c) { return c >= 'a' && c <= 'z'; }) &&
         has([](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

// "SG.XXXXXXXXXXXX.YYYYYYYYYYYY", "sk_test_xxxxxxxxxxxxxxxx", "re_123456789", "whsec_...": a
// documentation example's key, whose last part is one character repeated or a count from 1, or a
// bare prefix whose random part was elided. Generated keys end in random characters. (A run of
// the alphabet is not taken for an example: tests' fake secrets are often written that way.)
bool example_key_tail(std::string_view value) {
  if (value.ends_with("...")) {
    const std::string_view prefix = value.substr(0, value.size() - 3);
    return !prefix.empty() && prefix.size() <= 12 && (prefix.back() == '_' || prefix.back() == '-');
  }
  const auto separator = value.find_last_of("._-:");
  if (separator == std::string_view::npos || separator == 0) return false;
  const std::string_view tail = value.substr(separator + 1);
  const bool one_character = tail.size() >= 8 && tail.find_first_not_of(tail.front()) == std::string_view::npos;
  const bool counting = tail.size() >= 6 && std::string_view("1234567890").starts_with(tail);
  return one_character || counting;
}

// Hardhat's and anvil's development accounts: derived from the documented mnemonic "test test
// test test test test test test test test test junk", printed by every `npx hardhat node` and
// `anvil` start under "these accounts, and their private keys, are publicly known".
bool public_development_wallet(std::string_view value) {
  constexpr std::array<std::string_view, 11> k_known = {
      "test test test test test test test test test test test junk",
      "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
      "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
      "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
      "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
      "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
      "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
      "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
      "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
      "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6"};
  return std::find(k_known.begin(), k_known.end(), value) != k_known.end();
}

// A vendor's prefix before a bracketed stand-in, as a config template writes a key's shape:
// "ATATT<your-api-token>", "ghp_<token>".
bool prefix_then_angle_placeholder(std::string_view value) {
  constexpr std::size_t k_max_prefix = 12;
  const auto open = value.find('<');
  if (open == std::string_view::npos || open == 0 || open > k_max_prefix || !value.ends_with('>')) return false;
  return std::all_of(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(open), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
  });
}

// The runs a tool prints in place of a secret's characters: asterisks, or the bullets of CLIs that
// show a key's ends ("shpat_••••9f2c").
constexpr std::array<std::string_view, 2> k_mask_runs = {"****", "\u2022\u2022\u2022\u2022"};

// A documentation example's key, a value made only of mask characters, one with a mask inside
// ("shpat_****3f1a") or a bracketed stand-in after a prefix ("ATATT<your-api-token>"): never a
// secret, whatever rule matched it.
bool stand_in_or_mask(std::string_view value) {
  // AWS's documentation keys end in EXAMPLE (AKIAIOSFODNN7EXAMPLE) and EXAMPLEKEY (wJalr...).
  const bool aws_documentation_key = value.ends_with("EXAMPLE") || value.ends_with("EXAMPLEKEY");
  // A mask inside: "shpat_****3f1a", or the bullets CLIs print ("shpat_••••9f2c").
  const bool masked = std::any_of(k_mask_runs.begin(), k_mask_runs.end(),
                                  [&](std::string_view mask) { return value.find(mask) != std::string_view::npos; });
  return aws_documentation_key || example_key_tail(value) || mask_characters_only(value) || masked ||
         prefix_then_angle_placeholder(value) || public_development_wallet(value);
}

namespace {
// "Bearer gsk_Oqig****************": a tool's masked display of a key, whose first characters it
// leaves visible; a value pattern that stops at the mask matched only that head.
bool visible_head_of_mask(std::string_view text, std::size_t end) {
  return std::any_of(k_mask_runs.begin(), k_mask_runs.end(),
                     [&](std::string_view mask) { return text.compare(end, mask.size(), mask) == 0; });
}
}  // namespace

namespace {
bool base64_of_stand_in(std::string_view value);
}  // namespace

bool is_placeholder(std::string_view value) {
  // A closing quote the match took along: curl -u "api:YOUR_API_KEY".
  if (!value.empty() && (value.back() == '"' || value.back() == '\'') && value.front() != value.back()) {
    value.remove_suffix(1);
  }
  if (stand_in_or_mask(value)) return true;
  // A list's comma the value took along ("[-Dx.trustStorePassword=changeit, -Dy=..]") too.
  while (!value.empty() && (value.back() == '.' || value.back() == ':' || value.back() == ',')) value.remove_suffix(1);
  // A shell-quoted reference is still a reference: curl -u admin:"$ADMIN_PW".
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  if (value.size() < 3) return true;
  constexpr std::string_view k_opening = "<{*[(";
  const bool opens_like_placeholder = k_opening.find(value.front()) != std::string_view::npos &&
                                     !(value.front() == '*' && generated_after_asterisk(value));
  if (opens_like_placeholder || value.starts_with("&lt;")) return true;
  if (dollar_reference(value) || percent_reference(value) || mask_characters_only(value)) return true;
  // SOPS writes each encrypted value as "ENC[AES256_GCM,data:..,iv:..,tag:..,type:str]": the
  // ciphertext, useless without the file's data key. 1Password's "op://vault/item/field" is a
  // secret reference that `op run` resolves at run time.
  if (value.starts_with("ENC[") || value.starts_with("op://")) return true;
  // "private_key": "-----BEGIN PRIVATE KEY-----\n..": the armour of a key block, whose own rule
  // redacts the lines between BEGIN and END.
  if (value.starts_with("-----BEGIN")) return true;
  // An OpenPGP message encrypted to a public key, base64 ("wcFMA..", "hQIMA.."; its first packet
  // is a public-key encrypted session key): Renovate's "encrypted" settings and git-crypt keep
  // secrets so, readable only with the private key.
  constexpr std::array<std::string_view, 6> k_pgp_messages = {"wcBMA", "wcDMA", "wcFMA", "hQEMA", "hQIMA", "hQGMA"};
  if (value.size() > 100 && std::any_of(k_pgp_messages.begin(), k_pgp_messages.end(),
                                        [&](std::string_view opening) { return value.starts_with(opening); })) {
    return true;
  }
  // An Azure App Service or Functions setting's Key Vault reference ("@Microsoft.KeyVault(SecretUri=
  // https://x.vault.azure.net/secrets/name/<version>)"): the platform resolves it at run time.
  if (value.starts_with("@Microsoft.KeyVault(")) return true;
  // ASP.NET's <machineKey validationKey="AutoGenerate,IsolateApps">: the documented default that
  // asks the runtime to generate and store the key; no key is written in the config.
  if (value.starts_with("AutoGenerate")) return true;
  if (base64_of_stand_in(value)) return true;
  // Ruby's (and Crystal's, CoffeeScript's) interpolation is code a recipe runs later: Chef's
  // "mysql -p'#{node['db']['root_password']}'" names an attribute, not its value.
  if (value.starts_with("#{")) return true;
  // A Bitnami SealedSecret's encryptedData value: a 2-byte length (0x0200, a 512-byte RSA-OAEP
  // wrapped session key), then the AES-GCM ciphertext and its 16-byte tag, in base64: "AgA".."AgD"
  // and 700 characters or more. Only the cluster's controller holds the private key that opens it.
  if (value.size() >= 700 && value.starts_with("Ag") && value[2] >= 'A' && value[2] <= 'D') return true;
  // TeamCity's Kotlin DSL names a stored password by a token ("credentialsJSON:<uuid>") that the
  // server resolves; the value never leaves it.
  if (value.starts_with("credentialsJSON:")) return true;
  // reqwest's Debug of a header marked sensitive prints the word in its place.
  if (value == "Sensitive") return true;
  // A key of one character repeated ("00000000000000000000000000000000", a LoRaWAN device's unset
  // AppKey; "xxxxxxxxxxxxxxxx"): a fixture's null value; nothing generated looks like it.
  if (value.size() >= 16 && value.find_first_not_of(value.front()) == std::string_view::npos) return true;
  if (member_reference(value) || documented_stand_in(value) || fixture_stand_in(value) ||
      documented_default_password(value)) {
    return true;
  }
  // A library's own redaction: Rust's secrecy crate prints Secret([REDACTED alloc::string::String]),
  // azcopy's log "sig=-REDACTED-", many loggers a bare REDACTED.
  if (value.find("REDACTED") != std::string_view::npos) return true;
  // Test frameworks' own words where a value would be: Jest's and Vitest's asymmetric matchers in
  // a diff or snapshot ("token": Any<String>, StringMatching /.../), and the label of a field's
  // assertion in Kotest's data-class diff ("apiKey: expected:<..> but was:<..>").
  constexpr std::array<std::string_view, 8> k_framework_words = {
      "Any<", "Anything", "StringMatching", "StringContaining", "ObjectContaining", "ArrayContaining",
      "expected:", "actual:"};
  if (std::any_of(k_framework_words.begin(), k_framework_words.end(),
                  [&](std::string_view word) { return value.starts_with(word); })) {
    return true;
  }
  // An HTTP status after "token:" ("cannot fetch token: 400 Bad Request"). Only 100-599: a
  // four-digit or other short number after "password=" may be a (weak) password, and a leak is
  // worse than a redacted status code.
  const bool http_status = value.size() == 3 && std::all_of(value.begin(), value.end(), is_digit) &&
                           value.front() >= '1' && value.front() <= '5';
  if (http_status) return true;
  // A reference to where the secret lives, not the secret: "token: process.env.DUFFEL_TOKEN",
  // "key=os.environ['API_KEY']", "password: secrets.DB_PASSWORD".
  // Home Assistant's "api_key: !secret weather_api_key" names an entry of secrets.yaml.
  constexpr std::array<std::string_view, 9> k_references = {
      "process.env.", "import.meta.env.", "os.environ", "os.getenv(", "System.getenv(", "ENV[",
      "secrets.",     "env.",             "!secret"};
  if (std::any_of(k_references.begin(), k_references.end(),
                  [&](std::string_view prefix) { return value.starts_with(prefix); })) {
    return true;
  }
  // An upper-case name with no digit ("YOUR_API_KEY_HERE", "DATABASE_PASSWORD") names a
  // variable or asks for a value; generated secrets mix in digits or lower case.
  const bool names_a_variable =
      value.find('_') != std::string_view::npos &&
      std::all_of(value.begin(), value.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '_'; });
  if (names_a_variable) return true;
  // Placeholder words, and the prose words that follow "--password" or "token" in messages
  // ("Using --password via the CLI is insecure", "token for the registry", "(using password:
  // YES)", "cannot be handled as a Secret: illegal base64 data", ssh's 'Load key "/tmp/deploy_key":
  // error in libcrypto').
  // Also names of secret fields that are never values themselves: the value names the field in
  // a message ("invalid token: x-api-key", "bad auth : authentication failed").
  // Rails' filter mask ("[FILTERED]") too.
  // MySQL's translated error messages print the "YES" of "(using password: YES)" in the server's
  // language ("(mot de passe: OUI)", "(Passwort: JA)", "(contraseña: SÍ)", "(пароль: ДА)"); the
  // comparison folds ASCII only, so the non-ASCII words are listed in both cases.
  constexpr std::array<std::string_view, 49> k_words = {
      "true",     "false",     "null",     "none",     "nil",      "undefined", "redacted", "hidden",
      "nothing",  // Haskell's empty Maybe
      "masked",   "required",  "empty",    "optional", "changeme", "default",   "via",      "for",
      "from",     "with",      "the",      "and",      "not",      "was",       "has",      "are",
      "yes",      "disabled",  "invalid",  "illegal",  "expired",  "missing",   "unknown",  "revoked",
      "x-api-key", "api-key",  "api_key",  "apikey",   "authentication", "authorization", "error",
      "filtered", "secure",  // Travis CI's mask: "https://x-access-token:[secure]@github.com/..."
      "oui",      "ja",        "sí",       "SÍ",       "sim",      "да",        "ДА"};
  // A word may close the call it was an argument of: "render_as_string(hide_password=False)",
  // or the bracket of a logging command ("##vso[task.setvariable variable=x;issecret=false]<value>").
  while (value.size() > 1 && value.back() == ')') value.remove_suffix(1);
  if (const auto bracket = value.find(']'); bracket != std::string_view::npos && bracket > 0) value = value.substr(0, bracket);
  return std::any_of(k_words.begin(), k_words.end(),
                     [&](std::string_view word) { return equals_ignore_case(value, word); });
}

// "https://adb-3318842207761145.5.azuredatabricks.net": digits that end a host name's label after
// its hyphen (Azure Databricks' workspace id) are part of a name, whatever Luhn says.
bool inside_host_label(std::string_view text, std::size_t begin, std::size_t end) {
  return begin >= 2 && text[begin - 1] == '-' && std::isalnum(static_cast<unsigned char>(text[begin - 2])) != 0 &&
         end + 1 < text.size() && text[end] == '.' && std::isalnum(static_cast<unsigned char>(text[end + 1])) != 0;
}

// "git log --show-signature <sha>", "git merge --verify-signatures <branch>", "--no-sign-token x":
// the flag before the value is a switch (it shows, verifies or negates something), so the word
// after it is the command's next argument, not the flag's value.
bool after_switch_flag(std::string_view text, std::size_t begin) {
  std::size_t at = begin;
  while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t' || text[at - 1] == '"' || text[at - 1] == '\'')) --at;
  std::size_t flag = at;
  while (flag > 0 && text[flag - 1] != ' ' && text[flag - 1] != '\t' && text[flag - 1] != '\n') --flag;
  const std::string_view name = text.substr(flag, at - flag);
  return name.starts_with("--show-") || name.starts_with("--verify-") || name.starts_with("--no-");
}

// "S-1-5-21-9226333320-3204654757-5065688433-5892": a Windows security identifier's sub-authorities
// are digit runs joined by '-', and a tail of them may pass the Luhn check.
bool inside_windows_sid(std::string_view text, std::size_t begin) {
  std::size_t start = begin;
  while (start > 0 && (is_digit(text[start - 1]) || text[start - 1] == '-')) --start;
  return start > 0 && text[start - 1] == 'S' && text.compare(start - 1, 4, "S-1-") == 0;
}

// Card numbers the payment providers publish for their sandboxes (Stripe, Braintree, Adyen,
// PayPal, Checkout.com test cards): a failing payment test prints them, and they pay for nothing.
// Most are one digit repeated (4111 1111 1111 1111, 4000 0000 0000 0077), or one group of four
// repeated (4242 4242 4242 4242); the rest are listed.
bool documented_test_card(std::string_view digits) {
  static constexpr std::array<std::string_view, 24> k_listed = {
      "4000056655665556", "5200828282828210", "5105105105105100", "2223003122003222", "378282246310005",
      "371449635398431",  "6011000990139424", "3056930009020004", "36227206271667",   "3566002020360505",
      "4005519200000004", "4009348888881881", "4012000033330026", "4012888888881881", "4217651111111119",
      "4000002500003155", "4000002760003184", "4000008260003178", "4212345678910006", "4444333322221111",
      "5555444433331111", "2222400070000005", "4988438843884305", "4035501000000008"};
  if (std::find(k_listed.begin(), k_listed.end(), digits) != k_listed.end()) return true;
  std::size_t longest_run = 1;
  for (std::size_t i = 1, run = 1; i < digits.size(); ++i) {
    run = digits[i] == digits[i - 1] ? run + 1 : 1;
    longest_run = std::max(longest_run, run);
  }
  const bool one_group_repeated = digits.size() == 16 && digits.substr(0, 4) == digits.substr(4, 4) &&
                                  digits.substr(4, 4) == digits.substr(8, 4);
  return longest_run >= 8 || one_group_repeated;
}

bool luhn_card_number(std::string_view candidate) {
  std::array<int, 19> digits{};
  std::array<char, 19> text{};
  std::size_t count = 0;
  std::size_t group = 0;
  for (char c : candidate) {
    if (c == ' ' || c == '-') {
      // Printed cards group four or more digits (4-4-4-4, Amex 4-6-5): "25.0.4-2024061..." is a
      // version's build stamp.
      if (group < 4) return false;
      group = 0;
      continue;
    }
    ++group;
    if (!is_digit(c) || count == digits.size()) return false;
    text[count] = c;
    digits[count++] = c - '0';
  }
  if (count < 13) return false;
  if (documented_test_card(std::string_view(text.data(), count))) return false;
  if (digits[0] < 3 || digits[0] > 6) return false;  // Amex/Diners 3, Visa 4, MC 5, Discover 6
  int sum = 0;
  for (std::size_t i = 0; i < count; ++i) {
    int d = digits[count - 1 - i];
    if (i % 2 == 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 == 0;
}

// 32 or more hex digits of one case, both digits and letters among them: a generated key or a
// digest printed as hex (only a rule whose context names a secret uses this).
bool long_hex_key(std::string_view candidate) {
  constexpr std::size_t k_min_hex = 32;
  if (candidate.size() < k_min_hex) return false;
  const bool lower = std::all_of(candidate.begin(), candidate.end(), [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); });
  const bool upper = std::all_of(candidate.begin(), candidate.end(), [](char c) { return is_digit(c) || (c >= 'A' && c <= 'F'); });
  const bool has_digit = std::any_of(candidate.begin(), candidate.end(), [](char c) { return is_digit(c); });
  const bool has_letter = std::any_of(candidate.begin(), candidate.end(), [](char c) { return !is_digit(c); });
  return (lower || upper) && has_digit && has_letter;
}

bool public_ipv4(std::string_view candidate) {
  std::array<int, 4> octets{};
  std::size_t index = 0;
  int value = -1;
  for (char c : candidate) {
    if (c == '.') {
      if (value < 0 || index >= 3) return false;
      octets[index++] = value;
      value = -1;
    } else {
      // An address never pads an octet ("9.00.00.18" is a firmware version, "01.02.03.04" a date).
      if (value == 0) return false;
      value = (value < 0 ? 0 : value * 10) + (c - '0');
      if (value > 255) return false;
    }
  }
  if (value < 0 || index != 3) return false;
  octets[3] = value;
  const int a = octets[0];
  const int b = octets[1];
  if (a == 0 || a == 10 || a == 127 || a >= 224) return false;   // this-net, private, loopback, multicast
  if (a == 169 && b == 254) return false;                         // link-local
  if (a == 172 && b >= 16 && b <= 31) return false;               // private
  if (a == 192 && b == 168) return false;                         // private
  if (a == 100 && b >= 64 && b <= 127) return false;              // carrier-grade NAT
  // RFC 5737's documentation networks: examples in docs, fixtures and test output.
  const int c = octets[2];
  if ((a == 192 && b == 0 && c == 2) || (a == 198 && b == 51 && c == 100) || (a == 203 && b == 0 && c == 113)) {
    return false;
  }
  return true;
}

namespace {
// Decodes `base64` byte by byte into `on_byte` (which returns false to stop) up to its padding or
// its first character outside the alphabet; returns how many characters were read.
template <typename OnByte>
std::size_t decode_base64(std::string_view base64, OnByte&& on_byte) {
  int bits = 0;
  unsigned buffer = 0;
  std::size_t read = 0;
  while (read < base64.size()) {
    const int v = base64_value(base64[read]);
    if (v < 0) break;
    ++read;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (!on_byte(static_cast<unsigned char>((buffer >> bits) & 0xff))) break;
    }
  }
  return read;
}
// A Kubernetes Secret's data holds every value in base64, its stand-ins too: "Y2hhbmdlbWU=" is
// "changeme" and keeps the same as the plain word would.
bool base64_of_stand_in(std::string_view value) {
  constexpr std::size_t k_min = 8, k_max = 44;
  if (value.size() < k_min || value.size() > k_max || value.size() % 4 != 0) return false;
  std::array<char, k_max> buffer{};
  std::size_t size = 0;
  bool printable = true;
  const std::size_t read = decode_base64(value, [&](unsigned char byte) {
    printable = byte >= 0x20 && byte < 0x7f;
    if (printable) buffer[size++] = static_cast<char>(byte);
    return printable;
  });
  const bool whole = read == value.size() || value.substr(read).find_first_not_of('=') == std::string_view::npos;
  const std::string_view decoded(buffer.data(), size);
  return printable && whole && size > 0 && (documented_stand_in(decoded) || documented_default_password(decoded));
}
}  // namespace

namespace {

struct BasicLogin {
  bool credentials = false;  // printable "user:password", decoded whole
  bool fixture = false;      // ... whose password is a fixture's words ("test:test")
};

// Decodes the password into a small buffer (no allocation): a fixture's login, WireMock's and
// mocks' usual "test:test", guards nothing.
BasicLogin read_basic_login(std::string_view base64) {
  bool printable = true;
  bool colon = false;
  std::array<char, 64> password{};
  std::size_t password_size = 0;
  const auto read = decode_base64(base64, [&](unsigned char byte) {
    if (colon && password_size < password.size()) password[password_size++] = static_cast<char>(byte);
    colon = colon || byte == ':';
    printable = printable && byte >= 0x20 && byte < 0x7f;
    return true;
  });
  const bool whole = read == base64.size() || base64[read] == '=';
  BasicLogin login;
  login.credentials = whole && colon && printable;
  login.fixture = login.credentials && password_size < password.size() &&
                  fixture_words(std::string_view(password.data(), password_size));
  return login;
}

}  // namespace

bool decodes_to_credentials(std::string_view base64) {
  const BasicLogin login = read_basic_login(base64);
  return login.credentials && !login.fixture;
}

bool decodes_to_mailbox(std::string_view base64) {
  bool at_sign = false;
  decode_base64(base64, [&](unsigned char byte) {
    at_sign = at_sign || byte == '@';
    return true;
  });
  return at_sign;
}

std::string decoded_text(std::string_view base64) {
  constexpr std::size_t k_min_bytes = 16;
  std::string text;
  bool printable = true;
  const auto read = decode_base64(base64, [&](unsigned char byte) {
    printable = (byte >= 0x20 && byte < 0x7f) || byte == '\n' || byte == '\r' || byte == '\t';
    if (printable) text.push_back(static_cast<char>(byte));
    return printable;
  });
  const bool whole = read == base64.size() || base64[read] == '=';
  return printable && whole && text.size() >= k_min_bytes ? text : std::string();
}

bool decodes_to_private_key_header(std::string_view base64) {
  // The BEGIN line is at most ~40 bytes ("-----BEGIN ENCRYPTED PRIVATE KEY-----"): decode 64
  // characters (48 bytes) and look for the words in it, before the line ends.
  std::array<char, 48> decoded{};
  std::size_t length = 0;
  decode_base64(base64.substr(0, 64), [&](unsigned char byte) {
    if (byte == '\n' || byte == '\r' || length == decoded.size()) return false;
    decoded[length++] = static_cast<char>(byte);
    return true;
  });
  const std::string_view header(decoded.data(), length);
  return header.starts_with("-----BEGIN ") && header.find("PRIVATE KEY") != std::string_view::npos;
}

namespace {
// JSON without the blanks between its tokens: a pretty-printed file ("{\n  \"type\": ..") reads
// like a compact one. Strings keep theirs.
std::string without_blanks_between_tokens(std::string_view json) {
  std::string compact;
  compact.reserve(json.size());
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      compact.push_back(c);
      if (c == '\\' && i + 1 < json.size()) compact.push_back(json[++i]);
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '"') in_string = true;
    compact.push_back(c);
  }
  return compact;
}
}  // namespace

bool decodes_to_json_credential(std::string_view base64) {
  const std::string json = without_blanks_between_tokens(decoded_text(base64));
  if (!json.starts_with("{\"")) return false;
  constexpr std::size_t k_min_value = 16;
  static constexpr std::array<std::string_view, 12> k_names = {
      "\"s\":\"", "\"key\":\"", "\"secret\":\"", "\"token\":\"", "\"password\":\"", "\"auth\":\"",
      "\"api_key\":\"", "\"apiKey\":\"", "\"client_secret\":\"", "\"private_key\":\"",
      "\"access_token\":\"", "\"refresh_token\":\""};
  for (const std::string_view name : k_names) {
    for (auto at = json.find(name); at != std::string::npos; at = json.find(name, at + 1)) {
      const auto value = at + name.size();
      const auto close = json.find('"', value);
      if (close != std::string::npos && close - value >= k_min_value) return true;
    }
  }
  return false;
}

namespace {
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-';
}

// The key a value at `begin` is assigned to: the name before the blanks, quotes, ':', '=' and '=>'
// between them ("auth.existingSecret" in `auth.existingSecret: "db"`, NEXT_PUBLIC_X in
// NEXT_PUBLIC_X="v"). A view into `text`, empty when no name is there.
std::string_view assigned_name(std::string_view text, std::size_t begin) {
  std::size_t name_end = begin;
  while (name_end > 0 && std::string_view(" \t\"':=>").find(text[name_end - 1]) != std::string_view::npos) --name_end;
  std::size_t name_start = name_end;
  while (name_start > 0 && is_name_char(text[name_start - 1])) --name_start;
  return text.substr(name_start, name_end - name_start);
}

// Digits only, up to the closing brackets a match took along ("21497631804172)").
bool number_before_closing(std::string_view value) {
  const auto last = value.find_last_not_of(")]}");
  if (last == std::string_view::npos) return false;
  value = value.substr(0, last + 1);
  return std::all_of(value.begin(), value.end(), is_digit);
}

// The key the value is assigned to names an id ("spark_context_id", "jobId", "RUN_ID"): a long
// number there counts runs or objects, even when its digits happen to pass the Luhn check.
bool assigned_to_an_id(std::string_view text, std::size_t begin) {
  const std::string_view name = assigned_name(text, begin);
  // "order id: 5000649474439": a bare "id" names one too.
  if (equals_ignore_case(name, "id")) return true;
  if (name.size() < 3) return false;
  const std::string_view tail = name.substr(name.size() - 3);
  return (tail[0] == '_' || tail[0] == '-' || tail[0] == '.' || (tail[1] == 'I' && tail[0] >= 'a' && tail[0] <= 'z')) &&
         equals_ignore_case(tail.substr(1), "id");
}

// "version 24.8.4.13", "Version=4.0.0.0", "version: 10.0.19045.1": four numbers after the word
// "version" are a version (ClickHouse, .NET assemblies, Windows builds), not an address.
bool after_version_word(std::string_view text, std::size_t begin) {
  std::size_t at = begin;
  while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '=' || text[at - 1] == ':' || text[at - 1] == '"')) --at;
  constexpr std::string_view k_word = "version";
  return at < begin && at >= k_word.size() && equals_ignore_case(text.substr(at - k_word.size(), k_word.size()), k_word);
}

// "scheme://name:" right before the value: the value is a URL's password, not a key's value.
bool after_url_user(std::string_view text, std::size_t begin) {
  if (begin == 0 || text[begin - 1] != ':') return false;
  std::size_t name = begin - 1;
  while (name > 0 && is_name_char(text[name - 1])) --name;
  return name >= 3 && text.substr(name - 3, 3) == "://";
}

// The name a header-like value follows is the nearest word before it on its line (within 96
// bytes) that ends in "key", "token", "secret" or "authorization": "X-Api-Key" in
// "X-Api-Key: v", "('x-cassandra-token', 'v')" and "{"name": "X-Api-Key", "value": "v"}" alike.
// Empty when there is none.
std::string_view nearest_secret_name(std::string_view text, std::size_t begin) {
  constexpr std::array<std::string_view, 4> k_endings = {"key", "token", "secret", "authorization"};
  const std::size_t floor = begin > 96 ? begin - 96 : 0;
  std::size_t end = begin;
  while (end > floor) {
    while (end > floor && !is_name_char(text[end - 1])) {
      if (text[end - 1] == '\n') return {};
      --end;
    }
    std::size_t start = end;
    while (start > floor && is_name_char(text[start - 1])) --start;
    const std::string_view name = text.substr(start, end - start);
    const auto ends_with = [&](std::string_view ending) {
      return name.size() >= ending.size() && equals_ignore_case(name.substr(name.size() - ending.size()), ending);
    };
    if (std::any_of(k_endings.begin(), k_endings.end(), ends_with)) return name;
    end = start;
  }
  return {};
}

// True when the nearest secret name (above) says the value is an id: an idempotency or cache
// key, a WebSocket handshake nonce, a partition or sort key, a page or continuation token, a
// public key.
bool names_an_id(std::string_view text, std::size_t begin) {
  constexpr std::array<std::string_view, 16> k_id_words = {
      "idempoten", "cache",   "websocket",   "partition", "sort",    "public",  "page",    "cursor",
      "continuat", "dedup",   "correlation", "request",   "routing", "primary", "foreign", "message"};
  return contains_any_ignore_case(nearest_secret_name(text, begin), k_id_words);
}

// True when the nearest secret name says the value is a public key ("public_key", "server_pubkey",
// "PUB_KEY"): WireGuard's and age's public keys are random-looking base64 too, and are handed out.
bool names_a_public_key(std::string_view text, std::size_t begin) {
  const std::string_view name = nearest_secret_name(text, begin);
  return contains_any_ignore_case(name, std::array<std::string_view, 3>{"public", "pub_key", "pubkey"});
}

// True when the nearest secret name says the value is a pagination token: AWS's "NextToken"
// (NEXTTOKEN in `--output text`), Google's "nextPageToken", a "continuation_token". The API hands
// it to anyone who may list, to fetch the next page; it grants nothing.
bool names_a_page_token(std::string_view text, std::size_t begin) {
  constexpr std::array<std::string_view, 4> k_page_words = {"nexttoken", "pagetoken", "continuationtoken",
                                                            "cursortoken"};
  const std::string_view name = nearest_secret_name(text, begin);
  // "next_page_token", "Next-Token" and "NEXTTOKEN" alike: compared from the end, separators skipped.
  const auto ends_with_word = [&](std::string_view word) {
    std::size_t at = name.size(), matched = 0;
    while (at > 0 && matched < word.size()) {
      const char c = name[--at];
      if (c == '_' || c == '-' || c == '.') continue;
      if (std::tolower(static_cast<unsigned char>(c)) != word[word.size() - 1 - matched]) return false;
      ++matched;
    }
    return matched == word.size();
  };
  return std::any_of(k_page_words.begin(), k_page_words.end(), ends_with_word);
}

// The name just before the '=' that precedes `begin` ("SESSION_CORRELATION_ID=") says the value
// correlates or traces requests: an id logs carry, not a credential.
bool assigned_to_a_trace_id(std::string_view text, std::size_t begin) {
  if (begin == 0 || text[begin - 1] != '=') return false;
  std::size_t start = begin - 1;
  while (start > 0 && is_name_char(text[start - 1])) --start;
  constexpr std::array<std::string_view, 3> k_trace_words = {"correlation", "trace", "request"};
  return contains_any_ignore_case(text.substr(start, begin - 1 - start), k_trace_words);
}

// A variable a front-end build hands to every browser (Next.js's NEXT_PUBLIC_*, Expo's
// EXPO_PUBLIC_*, Nuxt's NUXT_PUBLIC_*, SvelteKit's and Astro's PUBLIC_*, a vendor's *_PUBLIC_KEY):
// its value ships inside the page, so it is public by construction; so is a key its vendor names
// for front-end code (Algolia's search-only key). A vendor's secret shape under such a name
// (sk-ant-...) is still removed by that vendor's own rule.
bool browser_exposed_variable(std::string_view text, std::size_t begin) {
  const std::string_view name = assigned_name(text, begin);
  const std::size_t name_end = static_cast<std::size_t>(name.data() - text.data()) + name.size();
  if (text.substr(name_end, begin - name_end).find_first_of("=:") == std::string_view::npos) return false;
  // A name that still says secret ("EXPO_PUBLIC_RC_SECRET": a secret key shipped by mistake)
  // keeps its value redacted.
  constexpr std::array<std::string_view, 3> k_secret_words = {"SECRET", "PASSWORD", "PRIVATE"};
  const bool says_secret = std::any_of(k_secret_words.begin(), k_secret_words.end(),
                                       [&](std::string_view word) { return name.find(word) != std::string_view::npos; });
  // ALGOLIA_SEARCH_ONLY_KEY, searchOnlyKey; Algolia's admin key has another name.
  constexpr std::array<std::string_view, 3> k_search_only = {"search_only", "searchonly", "search-only"};
  return !says_secret && (name.starts_with("PUBLIC_") || name.find("_PUBLIC_") != std::string_view::npos ||
                          contains_any_ignore_case(name, k_search_only));
}

// "3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9": 8-4-4-4-12 hex digits.
bool uuid_shaped(std::string_view value) {
  constexpr std::array<std::size_t, 5> k_groups = {8, 4, 4, 4, 12};
  std::size_t at = 0;
  for (std::size_t group = 0; group < k_groups.size(); ++group) {
    if (group > 0 && (at >= value.size() || value[at++] != '-')) return false;
    for (std::size_t i = 0; i < k_groups[group]; ++i, ++at) {
      if (at >= value.size() || std::isxdigit(static_cast<unsigned char>(value[at])) == 0) return false;
    }
  }
  return at == value.size();
}

// Symfony Mailer's Mailgun DSN puts the sending domain where a password would be:
// "mailgun+api://KEY:DOMAIN@default" (also mailgun:// and mailgun+https://; mailgun+smtp:// has a
// real password there). The key before it has a rule of its own; the domain is public.
bool mailgun_domain_slot(std::string_view text, std::size_t begin, std::size_t end) {
  const std::string_view url = text.substr(token_start(text, begin, " \t\n\"'(=,[<>`"), begin);
  constexpr std::array<std::string_view, 3> k_schemes = {"mailgun://", "mailgun+api://", "mailgun+https://"};
  if (std::none_of(k_schemes.begin(), k_schemes.end(), [&](std::string_view s) { return url.starts_with(s); })) {
    return false;
  }
  const std::string_view domain = text.substr(begin, end - begin);
  const auto last_dot = domain.rfind('.');
  if (last_dot == std::string_view::npos || last_dot + 3 > domain.size()) return false;
  const bool host_chars = std::all_of(domain.begin(), domain.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-';
  });
  const std::string_view tld = domain.substr(last_dot + 1);
  return host_chars && std::all_of(tld.begin(), tld.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
}

// "postgres://postgres:postgres@localhost", "amqp://guest:guest@rabbit": a URL password that
// repeats its user name or is a server's documented default -- a local test service's
// credentials, printed in every tutorial.
bool default_url_password(std::string_view text, std::size_t begin, std::size_t end) {
  const std::string_view password = text.substr(begin, end - begin);
  constexpr std::array<std::string_view, 7> k_defaults = {"password", "postgres", "secret", "guest",
                                                          "changeit", "root",     "admin"};
  // Any case: "USER:PASSWORD@HOST" is documentation's own stand-in.
  if (std::any_of(k_defaults.begin(), k_defaults.end(), [&](std::string_view word) { return equals_ignore_case(password, word); })) {
    return true;
  }
  if (begin < 2 || text[begin - 1] != ':') return false;
  const std::size_t user_end = begin - 1;
  std::size_t user_begin = user_end;
  while (user_begin > 0 && text[user_begin - 1] != '/' && text[user_begin - 1] != '@' &&
         text[user_begin - 1] != ' ' && text[user_begin - 1] != '\n') {
    --user_begin;
  }
  const bool after_scheme = user_begin >= 3 && text.substr(user_begin - 3, 3) == "://";
  return after_scheme && text.substr(user_begin, user_end - user_begin) == password;
}

// A header value that is a file or a URL ("--ssh-key=/home/ci/.ssh/id", "signing-key: ./k.pem")
// names where a key lives; a value with no digit is a word ("X-Environment-Key: production").
bool header_value_shaped(std::string_view value) {
  constexpr std::string_view k_path_openings = "/~.";
  if (k_path_openings.find(value.front()) != std::string_view::npos) return false;
  if (value.find("://") != std::string_view::npos) return false;
  // "token_count=0" after "api_key_header='X-Api-Key', ": the next keyword argument, not the
  // header's value. Only base64 holds an '=', and only at its end.
  const auto equals = value.find('=');
  if (equals != std::string_view::npos && value.find_first_not_of('=', equals) != std::string_view::npos) return false;
  return std::any_of(value.begin(), value.end(), is_digit);
}

// "TestParseHttp2Frames", "parseHTTPHeader", "Base64Url": a run that splits into camelCase words
// (a capital and 2+ lower-case letters, 2+ lower-case letters, an acronym, digits) is a name,
// however it mixes cases. Generated tokens hold a lone lower-case letter or a capital before a
// digit somewhere ("s3KDGZhNJqf", "Xq7vTq2x").
bool camel_case_words(std::string_view run) {
  const auto count = [&](std::size_t from, auto is_class) {
    std::size_t to = from;
    while (to < run.size() && is_class(run[to])) ++to;
    return to - from;
  };
  std::size_t i = 0;
  while (i < run.size()) {
    if (const std::size_t digits = count(i, is_digit); digits > 0) {
      i += digits;
      continue;
    }
    const std::size_t capitals = count(i, is_upper);
    const std::size_t lowers = count(i + capitals, is_lower);
    if (lowers == 0) {
      if (capitals < 2) return false;  // a lone capital before a digit or the end
    } else if (lowers < 2) {
      return false;  // a lone lower-case letter
    }
    i += capitals + lowers;
  }
  return true;
}

// A run of 12 or more letters and digits between separators that mixes all three classes and is
// no camelCase name.
bool random_token(std::string_view candidate) {
  constexpr std::size_t k_min_run = 12;
  std::size_t run = 0;
  bool digit = false, lower = false, upper = false;
  for (std::size_t i = 0; i <= candidate.size(); ++i) {
    const char c = i < candidate.size() ? candidate[i] : '\0';
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      ++run;
      digit = digit || is_digit(c);
      lower = lower || is_lower(c);
      upper = upper || is_upper(c);
      continue;
    }
    if (run >= k_min_run && digit && lower && upper && !camel_case_words(candidate.substr(i - run, run))) {
      return true;
    }
    run = 0;
    digit = lower = upper = false;
  }
  return false;
}

// A whole element of a dump that a generator made: its letters and digits mix all three classes
// and switch class (digit, lower, upper) at least every third character, six times or more.
// Names switch rarely ("OrdersServiceV2": 4 in 15, "HTTPServerConfig2Test": 6 in 21), generated
// values constantly ("RgJQRGxWn_DpLiGLx9k": 12 in 18, which random_token misses for want of a
// 12-character run).
bool generated_element(std::string_view candidate) {
  constexpr std::size_t k_min = 12, k_max = 256, k_min_switches = 6;
  constexpr std::string_view k_separators = "-_.~+/=";
  if (candidate.size() < k_min || candidate.size() > k_max) return false;
  const auto class_of = [](char c) { return is_digit(c) ? 0 : is_lower(c) ? 1 : 2; };
  bool seen[3] = {false, false, false};
  std::size_t alnum = 0, switches = 0;
  int previous = -1;  // the class of the character before, within a piece
  for (const char c : candidate) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      if (k_separators.find(c) == std::string_view::npos) return false;
      previous = -1;
      continue;
    }
    const int current = class_of(c);
    seen[current] = true;
    ++alnum;
    if (previous >= 0 && previous != current) ++switches;
    previous = current;
  }
  return seen[0] && seen[1] && seen[2] && switches >= k_min_switches && switches * 3 >= alnum;
}

// A typed or generated password with symbols in it ("6Tumnqk.i^T0=5ZY"): 10 to 256 characters,
// no blank, a digit, both cases and a symbol that names, hosts and paths never hold.
bool symbolic_password(std::string_view candidate) {
  constexpr std::size_t k_min = 10, k_max = 256;
  constexpr std::string_view k_symbols = "!#$%^&*+=?~";
  if (candidate.size() < k_min || candidate.size() > k_max) return false;
  const auto has = [&](auto predicate) { return std::any_of(candidate.begin(), candidate.end(), predicate); };
  return !has([](char c) { return c == ' ' || c == '\t'; }) && has(is_digit) && has(is_lower) && has(is_upper) &&
         candidate.find_first_of(k_symbols) != std::string_view::npos;
}

// "password:\n    type: string" in a JSON-escaped YAML document: after an escaped newline, a
// word that ends in ':' is the next key, not the value.
bool key_after_escaped_newline(std::string_view text, std::size_t begin, std::size_t end) {
  if (end <= begin || text[end - 1] != ':') return false;
  std::size_t at = begin;
  while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t')) --at;
  return at >= 2 && text[at - 1] == 'n' && text[at - 2] == '\\';
}

// "keyPassword = providers.environmentVariable(\"KEY_PASSWORD\")", "password = getPassword()": a
// source line the trace quotes, whose value is a call; the rule's value stops at the call's
// argument, leaving "name(". A name and an opening parenthesis is code, not a secret.
bool call_expression(std::string_view candidate) {
  // "PlainTextAuthProvider(username=..": a value that opens with a long name of letters and its
  // '(' is a constructor call the trace quotes (a generated value has digits among its letters).
  constexpr std::size_t k_min_name = 6;
  if (const auto open = candidate.find('('); open != std::string_view::npos && open >= k_min_name &&
      std::all_of(candidate.begin(), candidate.begin() + static_cast<std::ptrdiff_t>(open),
                  [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.'; })) {
    return true;
  }
  if (candidate.size() < 2 || candidate.back() != '(') return false;
  const auto name = candidate.substr(0, candidate.size() - 1);
  const auto first = static_cast<unsigned char>(name.front());
  return (std::isalpha(first) != 0 || first == '_' || first == '$') &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$' || c == '.';
         });
}

// "credentials: https://qa:<password>@host/path": a URL with a user and password where a value
// would be. The URL rules take the password alone; the user, host and path stay readable.
bool url_with_password(std::string_view candidate) {
  const auto scheme_end = candidate.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return false;
  const bool scheme = std::all_of(candidate.begin(), candidate.begin() + static_cast<std::ptrdiff_t>(scheme_end), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '.' || c == '-';
  });
  const auto authority = candidate.substr(scheme_end + 3);
  const auto at = authority.find('@');
  const auto colon = authority.find(':');
  return scheme && at != std::string_view::npos && colon < at && authority.find('/') > at;
}

// A directory part ("/home/runner/.aws/") under a system root, two levels down or more, or with a
// hidden directory in it.
bool through_a_known_directory(std::string_view directory) {
  constexpr std::array<std::string_view, 11> k_roots = {"/etc/", "/run/", "/var/", "/home/", "/tmp/", "/opt/",
                                                        "/usr/", "/root/", "/Users/", "/srv/", "/mnt/"};
  for (std::size_t at = directory.find("/."); at != std::string_view::npos; at = directory.find("/.", at + 1)) {
    if (at + 2 < directory.size() && directory[at + 2] >= 'a' && directory[at + 2] <= 'z') return true;
  }
  return std::any_of(k_roots.begin(), k_roots.end(), [&](std::string_view root) {
    return directory.starts_with(root) && directory.find('/', root.size()) != std::string_view::npos;
  });
}

// "GOOGLE_APPLICATION_CREDENTIALS=/tmp/gcp-sa.json", "KRB5_KEYTAB=/etc/krb5.keytab": a secret-named
// variable that holds the path of the file the secret is in. An absolute or home path of plain
// name characters whose last component has an extension, or that runs through a hidden directory
// or a system root ("/home/runner/.aws/credentials", "/run/secrets/db_password"); base64 and
// generated passwords do not read as one (no '.', or '+', or a symbol, or no such directory).
bool path_to_a_file(std::string_view candidate) {
  const bool rooted = candidate.starts_with('/') || candidate.starts_with("~/") || candidate.starts_with("./");
  if (!rooted || candidate.size() < 4) return false;
  const bool path_chars = std::all_of(candidate.begin(), candidate.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '/' || c == '.' || c == '_' || c == '-' || c == '~';
  });
  if (!path_chars) return false;
  const std::size_t file_begin = candidate.rfind('/') + 1;
  if (through_a_known_directory(candidate.substr(0, file_begin))) return true;
  const std::string_view file = candidate.substr(file_begin);
  const auto dot = file.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  const std::string_view extension = file.substr(dot + 1);
  // A letter, then letters or digits: ".p8" (App Store Connect's key file), ".p12", ".json".
  return extension.size() >= 2 && extension.size() <= 8 && std::isalpha(static_cast<unsigned char>(extension[0])) != 0 &&
         std::all_of(extension.begin(), extension.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

// Go's %+v prints an empty field as "Name:" and goes on to the next one after a blank
// ("{UserAccessToken: RedirectURI:https://..}"): what follows is the next field, not a value.
bool next_go_field_after_empty_one(std::string_view text, std::size_t begin) {
  if (begin < 2 || text[begin - 1] != ' ' || text[begin - 2] != ':') return false;
  std::size_t cursor = begin;
  if (cursor >= text.size() || text[cursor] < 'A' || text[cursor] > 'Z') return false;
  // A field name is letters ("RedirectURI"); "AC<32 hex>:<secret>" (an id and its secret) is not.
  while (cursor < text.size() && (std::isalpha(static_cast<unsigned char>(text[cursor])) != 0 || text[cursor] == '_')) ++cursor;
  return cursor < text.size() && text[cursor] == ':';
}

// The shell's PWD and OLDPWD (an env dump's "PWD=/builds/app", a JSON env's "PWD": "/home/ci")
// hold the working directory, not a password: "pwd" as a key suffix means password elsewhere.
bool working_directory_variable(std::string_view text, std::size_t begin) {
  const std::string_view candidate = text.substr(begin);
  if (!candidate.starts_with('/') && !candidate.starts_with('~') &&
      !(candidate.size() > 2 && std::isalpha(static_cast<unsigned char>(candidate[0])) != 0 && candidate[1] == ':')) {
    return false;
  }
  std::size_t key_end = begin;
  while (key_end > 0 && (text[key_end - 1] == '=' || text[key_end - 1] == ':' || text[key_end - 1] == '"' ||
                         text[key_end - 1] == '\'' || text[key_end - 1] == ' ')) {
    --key_end;
  }
  const std::string_view before = text.substr(0, key_end);
  for (std::string_view name : {"OLDPWD", "PWD"}) {
    if (!before.ends_with(name)) continue;
    const std::size_t start = key_end - name.size();
    const char previous = start == 0 ? ' ' : text[start - 1];
    if (std::isalnum(static_cast<unsigned char>(previous)) == 0 && previous != '_') return true;
  }
  return false;
}

// Helm charts' convention (Bitnami's and most others'): "existingSecret: <name>" and its kin
// (existingSecretName, auth.existingSecret) name a Kubernetes Secret object to read the password
// from; the value is that object's name, not a secret.
// Also Airflow's "AIRFLOW__<SECTION>__<KEY>_SECRET=<path>": the name of the entry in the
// configured secrets backend that holds the option's value, not the value.
bool names_an_existing_secret_object(std::string_view text, std::size_t begin) {
  std::string_view name = assigned_name(text, begin);
  if (name.starts_with("AIRFLOW__") && name.ends_with("_SECRET")) return true;
  // Drone's and Woodpecker's "from_secret: <name>": the name of a secret the server injects.
  if (equals_ignore_case(name, "from_secret")) return true;
  name.remove_prefix(name.rfind('.') + 1);  // the last segment of a dotted path (auth.existingSecret)
  constexpr std::string_view k_prefix = "existing";
  return name.size() > k_prefix.size() && equals_ignore_case(name.substr(0, k_prefix.size()), k_prefix) &&
         contains_ignore_case(name, "secret");
}

// gdb's "password=0x5555557c9350 \"<value>\"": the candidate is the address of the string that
// follows it (which a rule of its own redacts), not the value.
bool pointer_before_string(std::string_view text, std::size_t begin, std::size_t end) {
  const std::string_view candidate = text.substr(begin, end - begin);
  return candidate.size() > 2 && candidate.starts_with("0x") &&
         all_hex(candidate.substr(2)) &&
         text.substr(end, 2) == " \"";
}

// AWS SigV4's "Credential=<access key id>/20261130/us-east-1/sqs/aws4_request" (URL-encoded in
// a pre-signed URL's X-Amz-Credential): a key id and its scope (date, region, service), not a
// secret. The key id's own rule redacts the id alone.
bool sigv4_credential(std::string_view candidate) {
  return candidate.ends_with("/aws4_request") || candidate.ends_with("%2Faws4_request") ||
         candidate.ends_with("%2faws4_request");
}

// How many distinct values a byte list ("188, 71, 100", "0xbc 0x47") holds.
std::size_t distinct_bytes(std::string_view list) {
  std::array<bool, 256> seen{};
  std::size_t distinct = 0;
  std::size_t at = 0;
  while (at < list.size()) {
    while (at < list.size() && (list[at] == ',' || list[at] == ' ' || list[at] == '\t')) ++at;
    const std::size_t start = at;
    while (at < list.size() && list[at] != ',' && list[at] != ' ' && list[at] != '\t') ++at;
    if (start == at) break;
    const std::string_view item = list.substr(start, at - start);
    const bool hex = item.size() > 2 && (item[1] == 'x' || item[1] == 'X');
    unsigned value = 0;
    const char* const first = item.data() + (hex ? 2 : 0);
    const auto [rest, error] = std::from_chars(first, item.data() + item.size(), value, hex ? 16 : 10);
    if (error != std::errc() || rest != item.data() + item.size() || value > 255) continue;
    if (!seen[value]) {
      seen[value] = true;
      ++distinct;
    }
  }
  return distinct;
}

// `-u https://github.com/o/r/actions/runs/1`: many tools take a URL as -u, and "https" read as
// the user leaves "//host/path" where the password would be.
bool url_after_its_scheme(std::string_view candidate) { return candidate.starts_with("//"); }

// "sha256:<hex>", "hmac-sha256:<hex>": a digest named by its algorithm, not a login and a password.
bool digest_label_before(std::string_view text, std::size_t begin) {
  if (begin == 0 || text[begin - 1] != ':') return false;
  std::size_t start = begin - 1;
  while (start > 0 && is_name_char(text[start - 1])) --start;
  constexpr std::array<std::string_view, 5> k_algorithms = {"sha", "md5", "hmac", "blake", "crc"};
  return contains_any_ignore_case(text.substr(start, begin - 1 - start), k_algorithms);
}

// "cloud.auth=elastic:<password>", "basic_auth: ci:<password>": a login, a colon and a password
// under a name ending in "auth". The password alone is a span of its own (the login-pair rule),
// so the whole pair is not one.
bool login_pair_under_auth_name(std::string_view text, std::size_t begin, std::size_t end) {
  const std::string_view value = text.substr(begin, end - begin);
  const std::size_t colon = value.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 64 || colon + 1 == value.size() ||
      value[colon + 1] == '/') {
    return false;
  }
  const auto login_char = [](char c) { return is_name_char(c) || c == '@'; };
  if (!std::all_of(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(colon), login_char)) return false;
  if (digest_label_before(text, begin + colon + 1)) return false;
  const std::string_view name = assigned_name(text, begin);
  return name.size() >= 4 && equals_ignore_case(name.substr(name.size() - 4), "auth");
}

// `-u 1000:1000`, `--user 0:0`: the candidate is the digits after ':' and the digits before it
// reach back to the option's separator.
bool gid_of_uid_gid_pair(std::string_view text, std::size_t begin, std::size_t end) {
  const std::string_view candidate = text.substr(begin, end - begin);
  if (candidate.empty() || !std::all_of(candidate.begin(), candidate.end(), is_digit)) return false;
  if (begin < 2 || text[begin - 1] != ':' || !is_digit(text[begin - 2])) return false;
  std::size_t user = begin - 2;
  while (user > 0 && is_digit(text[user - 1])) --user;
  return user == 0 || text[user - 1] == ' ' || text[user - 1] == '\t' || text[user - 1] == '=' ||
         text[user - 1] == '"' || text[user - 1] == '\'';
}
}  // namespace

namespace {
// A digest under a name that says it is one: Helm's "checksum/secret: <64 hex>" pod annotation
// (a hash of the rendered Secret, made to roll pods when it changes), "secret_sha256: <hex>",
// "token_hash: <hex>". The name is the one just before the value, on its line.
bool digest_under_digest_name(std::string_view text, std::size_t begin, std::size_t end) {
  const std::string_view value = text.substr(begin, end - begin);
  if (value.size() < 32 || value.size() > 128 ||
      !all_hex(value)) {
    return false;
  }
  const std::size_t floor = begin > 96 ? begin - 96 : 0;
  std::size_t name_end = begin;
  while (name_end > floor && std::string_view(" \t\"':=>").find(text[name_end - 1]) != std::string_view::npos) --name_end;
  std::size_t name_start = name_end;
  while (name_start > floor && (is_name_char(text[name_start - 1]) || text[name_start - 1] == '/')) --name_start;
  const std::string_view name = text.substr(name_start, name_end - name_start);
  constexpr std::array<std::string_view, 8> k_digest_words = {"checksum", "sha1", "sha256", "sha512",
                                                              "md5",      "digest", "hash", "fingerprint"};
  return contains_any_ignore_case(name, k_digest_words);
}

// git's user.signingkey (also signingKey in a config dump) names the GPG key that signs, by its
// 8- or 16-digit id or its 40-digit fingerprint: public, printed by gpg --list-keys. Only in git's
// one-word spelling: a SIGNING_KEY variable holds the key itself.
bool gpg_key_under_signing_key(std::string_view text, std::size_t begin, std::size_t end) {
  const std::size_t size = end - begin;
  if ((size != 8 && size != 16 && size != 40) || !all_hex(text.substr(begin, size))) return false;
  const std::string_view name = nearest_secret_name(text, begin);
  constexpr std::string_view k_git_name = "signingkey";
  return name.size() >= k_git_name.size() && equals_ignore_case(name.substr(name.size() - k_git_name.size()), k_git_name);
}

// ".., Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a": a .NET assembly's identity names the
// hash of its public signing key, printed in every FileNotFoundException for an assembly.
bool assembly_public_key_token(std::string_view text, std::size_t begin, std::size_t end) {
  constexpr std::string_view k_name = "publickeytoken=";
  if (end - begin != 16 || begin < k_name.size()) return false;
  return all_hex(text.substr(begin, end - begin)) &&
         equals_ignore_case(text.substr(begin - k_name.size(), k_name.size()), k_name);
}
}  // namespace

bool passes(Validator validator, std::string_view text, std::size_t begin, std::size_t end) {
  const std::string_view candidate = text.substr(begin, end - begin);
  // Whatever rule matched, a documentation example's key ("glpat-xxxxxxxxxxxxxxxxxxxx",
  // "hf_XXXXXXXX", a webhook path ending in "XXXXXXXXXXXX") or a masked value is no secret.
  if (stand_in_or_mask(candidate)) return false;
  // Nor is a pagination token, whatever generic rule read its name as a token's (a vendor's own
  // shape, checked by no validator, still counts).
  if (validator != Validator::none && names_a_page_token(text, begin)) return false;
  switch (validator) {
    case Validator::none: return true;
    case Validator::not_placeholder:
      // A Basic login of a fixture's words ("dGVzdDp0ZXN0", test:test) under any header rule.
      return !is_placeholder(candidate) && !publishable_value(candidate) && !labelled_digest(candidate) &&
             !read_basic_login(candidate).fixture &&
             !sigv4_credential(candidate) && !ssh_public_key_algorithm(candidate) &&
             !auth_scheme_before_credential(text, begin, end) && !visible_head_of_mask(text, end);
    case Validator::key_value:
      // A UUID under a name that says it is an id ("RequestToken: <uuid>", CloudFormation's
      // idempotency token) identifies a request; a UUID under any other secret name is kept secret.
      return passes(Validator::not_placeholder, text, begin, end) && !after_url_user(text, begin) &&
             !field_name_in_prose(text, begin, end) && !word_opening_prose(text, begin, end) &&
             !error_chain_link(text, begin, end) &&
             !size_in_bytes(text, begin, end) &&
             !inside_arn(text, begin) && !(uuid_shaped(candidate) && names_an_id(text, begin)) &&
             !digest_under_digest_name(text, begin, end) && !key_after_escaped_newline(text, begin, end) &&
             !pointer_before_string(text, begin, end) && !assembly_public_key_token(text, begin, end) &&
             !doubled_operator(text, begin) && !shell_required_variable(text, begin) &&
             !value_on_next_unindented_line(text, begin) &&
             !call_expression(candidate) && !path_to_a_file(candidate) && !url_with_password(candidate) &&
             !working_directory_variable(text, begin) && !next_go_field_after_empty_one(text, begin) &&
             !names_an_existing_secret_object(text, begin) && !browser_exposed_variable(text, begin) &&
             !gpg_key_under_signing_key(text, begin, end) && !login_pair_under_auth_name(text, begin, end);
    case Validator::url_password:
      return passes(Validator::not_placeholder, text, begin, end) && !mailgun_domain_slot(text, begin, end) &&
             !default_url_password(text, begin, end);
    case Validator::login_password:
      return passes(Validator::not_placeholder, text, begin, end) && !gid_of_uid_gid_pair(text, begin, end) &&
             !url_after_its_scheme(candidate) && !digest_label_before(text, begin);
    case Validator::luhn:
      return luhn_card_number(candidate) && !inside_windows_sid(text, begin) && !inside_host_label(text, begin, end) &&
             !assigned_to_an_id(text, begin);
    case Validator::basic_credentials: return decodes_to_credentials(candidate);
    case Validator::base64_private_key: return decodes_to_private_key_header(candidate);
    case Validator::email: return plausible_email(text, begin, end);
    case Validator::random_looking: return random_looking(candidate);
    case Validator::upper_key_id: return upper_key_id(candidate) && !is_placeholder(candidate);
    case Validator::not_public_jwt: return !publishable_value(candidate);
    case Validator::random_or_hex:
      // Base64 of a JSON object alone ("eyJhbGciOi..", a JWT's header) is data, unless a field
      // of it names a credential.
      if (candidate.starts_with("eyJ") && candidate.find('.') == std::string_view::npos &&
          !decodes_to_json_credential(candidate)) {
        return false;
      }
      return random_looking(candidate) || long_hex_key(candidate);
    case Validator::base32_token:
      return std::count_if(candidate.begin(), candidate.end(), [](char c) { return c >= '2' && c <= '7'; }) >= 4;
    case Validator::random_token: return random_token(candidate);
    case Validator::generated_element: return generated_element(candidate);
    case Validator::random_password: return random_token(candidate) || symbolic_password(candidate);
    case Validator::generated_key:
      return random_token(candidate) && passes(Validator::key_value, text, begin, end) &&
             !names_a_public_key(text, begin);
    case Validator::credential_header:
      return passes(Validator::key_value, text, begin, end) && header_value_shaped(candidate) &&
             !names_an_id(text, begin);
    case Validator::byte_list: return distinct_bytes(candidate) >= 8;
    // Decoded once, by the redactor, which looks for a secret inside (Redactor::encodes_secret).
    case Validator::base64_text: return true;
    case Validator::smtp_user_name: return !decodes_to_mailbox(candidate);
    case Validator::flag_value:
      return passes(Validator::not_placeholder, text, begin, end) && !after_switch_flag(text, begin);
    case Validator::session_value:
      // A session number alone ("session_id=21497631804172", Snowflake's) identifies a session
      // in logs and support tickets; the frameworks' session secrets mix letters in.
      return passes(Validator::not_placeholder, text, begin, end) &&
             !(uuid_shaped(candidate) && assigned_to_a_trace_id(text, begin)) &&
             !number_before_closing(candidate);
    case Validator::base64_json_credential: {
      // A JWT's segments are base64 JSON too; its signature is what a secret rule of its own keys.
      const bool jwt_segment = (begin >= 1 && text[begin - 1] == '.') || (end < text.size() && text[end] == '.');
      return !jwt_segment && decodes_to_json_credential(candidate);
    }
    case Validator::public_ipv4: {
      // "1.2.3.4.5" or "v1.2.3.4" are versions and OIDs, not addresses; so is a package's version
      // after its name ("activesupport-7.1.3.2" in a gem's path).
      const bool dotted_before =
          begin >= 1 && (text[begin - 1] == '.' || std::isalnum(static_cast<unsigned char>(text[begin - 1])) ||
                         (text[begin - 1] == '-' && begin >= 2 && std::isalpha(static_cast<unsigned char>(text[begin - 2]))));
      const bool dotted_after = end + 1 < text.size() && text[end] == '.' && is_digit(text[end + 1]);
      return !dotted_before && !dotted_after && !after_version_word(text, begin) && public_ipv4(candidate);
    }
  }
  return true;
}

namespace {
// The line after the line break at `position`, read as a block's next line: where its content
// starts (after the indentation) and where the run of `in_run` bytes from there ends. Empty when
// no line break sits at `position`.
struct IndentedRun {
  std::size_t line_start;
  std::size_t content;
  std::size_t end;
};
template <typename InRun>
std::optional<IndentedRun> next_line_run(std::string_view text, std::size_t position, InRun in_run) {
  const std::size_t line_start = after_line_break(text, position);
  if (line_start == std::string_view::npos) return std::nullopt;
  std::size_t cursor = line_start;
  while (cursor < text.size() && (text[cursor] == ' ' || text[cursor] == '\t')) ++cursor;
  const std::size_t content = cursor;
  while (cursor < text.size() && in_run(text[cursor])) ++cursor;
  return IndentedRun{line_start, content, cursor};
}

// Whether a line (raw, or JSON-escaped: "\\n") ends at `at`.
bool line_ends_at(std::string_view text, std::size_t at) {
  return at >= text.size() || text[at] == '\n' || text[at] == '\r' || text[at] == '\\';
}
}  // namespace

std::size_t pem_block_end(std::string_view text, std::size_t header_end) {
  // A key block is at most a few KiB; looking further for the END line would let one header
  // swallow a whole log.
  constexpr std::size_t k_max_block = 64 * 1024;
  // The END line is the first run of five dashes after the header (base64 has none). Looking for
  // "-----END" itself would read the whole window again for every header of a text made of
  // headers: 40 000 of them took 4 s.
  const std::string_view window = text.substr(header_end, k_max_block);
  if (const auto dashes = window.find("-----");
      dashes != std::string_view::npos && window.compare(dashes, 8, "-----END") == 0) {
    const auto close = window.find("-----", dashes + 8);
    if (close != std::string_view::npos) return header_end + close + 5;
  }
  // No END line (the text was cut): take every following line that is base64 or a
  // "Proc-Type: ..." header; one blank line is allowed after the BEGIN line and its headers, as
  // in PGP armour ("-----BEGIN PGP PRIVATE KEY BLOCK-----", "Version: x", "", key lines).
  // `cat -A` marks each line's end ("^M$" for a CRLF line, "$" for LF); a key line may carry it.
  // A text cut inside the key leaves its last line partial: a random-looking run of base64 then
  // a cut mark ("...", "…[truncated 91 bytes]") or the next line of a `set -x` trace
  // ("<key part>+ echo .."): the run is key material and ends the block.
  const auto after_end_marker = [&](std::size_t at) {
    if (text.compare(at, 3, "^M$") == 0) return at + 3;
    if (text.compare(at, 1, "$") == 0) return at + 1;
    return at;
  };
  std::size_t position = after_end_marker(header_end);
  bool blank_allowed = true;
  bool body = false;  // a key line was seen: "Name: value" headers only come before the body
  while (position < text.size() && position - header_end < k_max_block) {
    const auto line = next_line_run(text, position, is_base64_char);
    if (!line) break;
    const std::size_t content = line->content;
    std::size_t cursor = line->end;
    const bool header_line = !body && cursor < text.size() && text[cursor] == ':' && cursor > content;
    if (header_line) {
      while (cursor < text.size() && text[cursor] != '\n' && text[cursor] != '\\') ++cursor;
    }
    const std::size_t run_end = cursor;
    if (cursor > content) cursor = after_end_marker(cursor);
    const bool line_ends = line_ends_at(text, cursor);
    if (cursor == content && line_ends && blank_allowed && cursor < text.size()) {
      blank_allowed = false;  // the armour's blank line: key lines follow
      position = cursor;
      continue;
    }
    if (cursor > content && !line_ends && !header_line) {
      std::size_t partial_end = run_end;
      if (text[partial_end - 1] == '+' && text[partial_end] == ' ') --partial_end;  // set -x's "+ "
      constexpr std::size_t k_min_partial = 16;
      const std::string_view partial = text.substr(content, partial_end - content);
      if (partial.size() >= k_min_partial && random_looking(partial)) position = partial_end;
      break;
    }
    if (cursor == content || !line_ends) break;  // an empty or non-key line ends the block
    blank_allowed = blank_allowed && header_line;
    body = body || !header_line;
    position = cursor;
  }
  return position;
}

namespace {
// A line break, raw ("\r\n", "\n") or JSON-escaped ("\\r\\n", "\\n"): a key block printed inside a
// JSON string keeps its line structure in escapes.
constexpr std::array<std::string_view, 4> k_line_breaks = {"\r\n", "\n", "\\r\\n", "\\n"};

// The length of the line break that starts at `at`, or 0.
std::size_t line_break_at(std::string_view text, std::size_t at) {
  for (const std::string_view line_break : k_line_breaks) {
    if (text.compare(at, line_break.size(), line_break) == 0) return line_break.size();
  }
  return 0;
}

// The length of the line break that ends just before `at`, or 0.
std::size_t line_break_before(std::string_view text, std::size_t at) {
  for (const std::string_view line_break : k_line_breaks) {
    if (at >= line_break.size() && text.compare(at - line_break.size(), line_break.size(), line_break) == 0) {
      return line_break.size();
    }
  }
  return 0;
}
}  // namespace

PemBody pem_body(std::string_view text, std::size_t header_end, std::size_t block_end) {
  const std::size_t begin = header_end + line_break_at(text, header_end);
  std::size_t end = block_end;
  // pem_block_end stops after an END line's closing dashes; the body stops before its opening ones.
  if (block_end >= header_end + 5 && text.compare(block_end - 5, 5, "-----") == 0) {
    const std::size_t end_line = text.rfind("-----END", block_end - 5);
    if (end_line != std::string_view::npos && end_line >= header_end) end = end_line - line_break_before(text, end_line);
  }
  return end > begin ? PemBody{begin, end} : PemBody{header_end, block_end};
}

bool public_supabase_key(std::string_view jwt) {
  const auto first_dot = jwt.find('.');
  if (first_dot == std::string_view::npos) return false;
  const auto payload_end = jwt.find('.', first_dot + 1);
  if (payload_end == std::string_view::npos) return false;
  // base64url to base64: the decoder reads the standard alphabet.
  std::string payload(jwt.substr(first_dot + 1, payload_end - first_dot - 1));
  std::replace(payload.begin(), payload.end(), '-', '+');
  std::replace(payload.begin(), payload.end(), '_', '/');
  const std::string json = without_blanks_between_tokens(decoded_text(payload));
  return json.find("\"iss\":\"supabase\"") != std::string::npos &&
         json.find("\"role\":\"anon\"") != std::string::npos;
}

bool upper_key_id(std::string_view candidate) {
  if (candidate.size() != 20) return false;
  std::size_t digits = 0, letters = 0;
  for (char c : candidate) {
    if (is_digit(c)) ++digits;
    else if (is_upper(c)) ++letters;
    else return false;
  }
  return digits >= 1 && letters >= 8;
}

bool random_looking(std::string_view candidate) {
  // "<bot id>:<secret>": judge the secret, not the id's digits.
  if (const auto colon = candidate.rfind(':'); colon != std::string_view::npos) {
    candidate.remove_prefix(colon + 1);
  }
  bool digit = false;
  bool lower = false;
  bool upper = false;
  for (char c : candidate) {
    digit = digit || is_digit(c);
    lower = lower || (c >= 'a' && c <= 'z');
    upper = upper || (c >= 'A' && c <= 'Z');
  }
  return digit && lower && upper;
}

std::size_t base64_lines_end(std::string_view text, std::size_t first_line_end) {
  constexpr std::size_t k_max_block = 64 * 1024;
  constexpr std::size_t k_min_line = 20;
  std::size_t position = first_line_end;
  if (position > 0 && text[position - 1] == '=') return position;  // already closed by padding
  while (position < text.size() && position - first_line_end < k_max_block) {
    const auto line = next_line_run(text, position, is_base64_char);
    if (!line) break;
    const std::size_t length = line->end - line->content;
    const bool padded = length > 0 && text[line->end - 1] == '=';
    if (!line_ends_at(text, line->end) || (length < k_min_line && !padded)) break;
    position = line->end;
    if (padded) break;  // '=' padding closes the blob
  }
  return position;
}

std::string_view colon_hex_lines(std::string_view text, std::size_t label_end) {
  constexpr std::size_t k_max_block = 64 * 1024;
  const auto is_colon_hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':'; };
  std::size_t position = label_end;
  while (position < text.size() && (text[position] == ' ' || text[position] == '\t')) ++position;
  std::size_t begin = std::string_view::npos;
  std::size_t end = position;
  while (position < text.size() && position - label_end < k_max_block) {
    const auto line = next_line_run(text, position, is_colon_hex);
    if (!line) break;
    const std::size_t content = line->content;
    // Indented, and "xx:" pairs: a line of its own that is neither a label nor prose.
    if (content == line->line_start || !line_ends_at(text, line->end) || line->end - content < 2 ||
        text[content] == ':' || (line->end - content > 2 && text[content + 2] != ':')) {
      break;
    }
    if (begin == std::string_view::npos) begin = content;
    end = line->end;
    position = line->end;
  }
  return begin == std::string_view::npos ? std::string_view{} : text.substr(begin, end - begin);
}

namespace {
// `s` without the blanks (and a '\r') around it.
std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The line after the one that ends (but for blanks) at `end`, trimmed. Empty when more than
// blanks follow `end` on its line, or no line follows.
std::string_view following_line(std::string_view text, std::size_t end) {
  std::size_t cursor = end;
  while (cursor < text.size() && (text[cursor] == ' ' || text[cursor] == '\t' || text[cursor] == '\r')) {
    ++cursor;
  }
  if (cursor >= text.size() || text[cursor] != '\n') return {};
  const std::size_t line_start = cursor + 1;
  const auto newline = text.find('\n', line_start);
  return trimmed(text.substr(line_start, newline == std::string_view::npos ? std::string_view::npos
                                                                          : newline - line_start));
}

// "SSH_AUTH_SOCK=/tmp/ssh-x/agent.1": the next variable of an env dump, under an empty
// "AWS_SECRET_ACCESS_KEY=". A value's '=' is base64's padding, at its end.
bool assigns_a_variable(std::string_view line) {
  const auto equals = line.find('=');
  if (equals == std::string_view::npos || equals < 2 || line.find_first_not_of('=', equals) == std::string_view::npos) {
    return false;
  }
  const std::string_view name = line.substr(0, equals);
  const bool starts_like_name = std::isalpha(static_cast<unsigned char>(name.front())) != 0 || name.front() == '_';
  return starts_like_name && std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.';
         });
}

// `line` without one pair of matching quotes around it.
std::string_view unquoted(std::string_view line) {
  if (line.size() >= 2 && (line.front() == '"' || line.front() == '\'') && line.back() == line.front()) {
    return line.substr(1, line.size() - 2);
  }
  return line;
}
}  // namespace

std::string_view next_line_value(std::string_view text, std::size_t key_end) {
  std::string_view line = following_line(text, key_end);
  // A Kubernetes env entry's value line: "value: <secret>" after "- name: <KEY>".
  if (line.starts_with("value:")) line = trimmed(line.substr(6));
  // A pretty-printed JSON object's "value" member after its "type" (Keycloak's credentials).
  if (line.starts_with("\"value\"")) {
    const std::string_view rest = trimmed(line.substr(7));
    if (rest.starts_with(':')) line = trimmed(rest.substr(1));
  }
  // An element holding the value: a Windows answer file's "<Value>" after "<Password>", a
  // property list's "<string>" after its <key>, Hadoop's "<value>" after its <name>.
  constexpr std::array<std::pair<std::string_view, std::string_view>, 3> k_value_elements = {
      {{"<Value>", "</Value>"}, {"<string>", "</string>"}, {"<value>", "</value>"}}};
  for (const auto& [open, close] : k_value_elements) {
    if (line.size() > open.size() + close.size() && line.starts_with(open) && line.ends_with(close)) {
      line = line.substr(open.size(), line.size() - open.size() - close.size());
    }
  }
  // A protocol transcript marks the client's line: swaks "-> <line>" ("~> <line>" once TLS is
  // on), smtplib's debug output "send: '<line>\r\n'".
  if (line.starts_with("-> ") || line.starts_with("~> ")) line = trimmed(line.substr(3));
  // Symfony VarDumper's first array element: 0 => "<value>".
  if (line.starts_with("0 => \"")) line = line.substr(5);
  if (line.starts_with("send: '") && line.ends_with("\\r\\n'")) line = line.substr(7, line.size() - 12);
  // A field of a multi-line struct or array dump (Rust's pretty Debug, JSON) ends with ','.
  if (line.size() > 3 && line.ends_with("\",")) line.remove_suffix(1);
  // PHP's var_dump prints a string member as: string(<length>) "<value>".
  if (const auto open = line.find(") \""); line.starts_with("string(") && open != std::string_view::npos &&
                                            line.size() >= open + 4 && line.back() == '"') {
    line = line.substr(open + 3, line.size() - open - 4);
  } else {
    line = unquoted(line);
  }
  const bool lone_token = !line.empty() && line.back() != ':' && line.front() != '-' &&
                          line.front() != '{' && line.front() != '[' && line.front() != '#' &&
                          line.find_first_of(" \t") == std::string_view::npos;
  return lone_token && !assigns_a_variable(line) ? line : std::string_view{};
}

std::string_view which_is_value(std::string_view text, std::size_t expression_end) {
  constexpr std::string_view k_which_is = "Which is: ";
  std::string_view line = following_line(text, expression_end);
  if (!line.starts_with(k_which_is)) return {};
  line = unquoted(trimmed(line.substr(k_which_is.size())));
  return line.find_first_of(" \t\"") == std::string_view::npos ? line : std::string_view{};
}

std::string_view next_argument(std::string_view text, std::size_t flag_end) {
  std::string_view line = following_line(text, flag_end);
  if (line.starts_with("- ") || line.starts_with("-\t")) line = trimmed(line.substr(2));  // a YAML list item
  if (line.ends_with(',')) line.remove_suffix(1);  // an element of a multi-line JSON array
  line = unquoted(line);
  const bool lone_argument = !line.empty() && line.front() != '-' && line.back() != ':' &&
                             line.find_first_of(" \t\"'[]{}") == std::string_view::npos;
  return lone_argument ? line : std::string_view{};
}

std::vector<std::string_view> cookie_values(std::string_view text, std::size_t header_end) {
  // A header is at most a few KiB; the bound keeps a hostile line of "Cookie:" headers linear.
  constexpr std::size_t k_max_header = 8 * 1024;
  constexpr std::size_t k_min_value = 16;
  std::string_view rest = text.substr(header_end, k_max_header);
  rest = rest.substr(0, std::min(rest.find('\n'), rest.size()));
  // A header quoted as data ("Cookie": "a=..; b=..") ends at its closing quote.
  const char quote = header_end > 0 ? text[header_end - 1] : '\0';
  if (quote == '"' || quote == '\'') rest = rest.substr(0, std::min(rest.find(quote), rest.size()));
  std::vector<std::string_view> values;
  while (!rest.empty()) {
    const std::string_view pair = rest.substr(0, std::min(rest.find(';'), rest.size()));
    rest.remove_prefix(std::min(pair.size() + 1, rest.size()));
    const auto equals = pair.find('=');
    if (equals == std::string_view::npos) continue;
    std::string_view value = trimmed(pair.substr(equals + 1));
    if (!value.empty() && value.front() == '"' && value.back() == '"' && value.size() >= 2) {
      value = value.substr(1, value.size() - 2);  // RFC 6265 allows a quoted value
    }
    if (value.size() >= k_min_value && value.find_first_of(" \t\"'") == std::string_view::npos) values.push_back(value);
  }
  return values;
}

std::vector<std::string_view> call_arguments(std::string_view text, std::size_t open_end) {
  constexpr std::size_t k_max_call = 4 * 1024;
  constexpr std::size_t k_min_value = 8, k_max_value = 256;
  std::string_view rest = text.substr(open_end, k_max_call);
  rest = rest.substr(0, std::min(rest.find('\n'), rest.size()));
  std::vector<std::string_view> values;
  int depth = 0;
  for (std::size_t at = 0; at < rest.size(); ++at) {
    const char c = rest[at];
    if (c == '(') ++depth;
    if (c == ')' && depth-- == 0) break;
    if (c != '\'' && c != '"') continue;
    const auto close = rest.find(c, at + 1);
    if (close == std::string_view::npos) break;
    const std::string_view value = rest.substr(at + 1, close - at - 1);
    // A URL, a DN or a connection string has structure of its own (and rules that take just its
    // secret part); an '=' after a name is a key's ("sslmode=require"), and base64 ends with one.
    const auto equals = value.find('=');
    const bool key_value_pair =
        equals != std::string_view::npos && equals > 0 &&
        value.find_first_not_of('=', equals) != std::string_view::npos &&
        std::all_of(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(equals), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-';
        });
    const bool structured = value.find_first_of(":;@,") != std::string_view::npos || key_value_pair;
    if (value.size() >= k_min_value && value.size() <= k_max_value && !structured &&
        value.find_first_of(" \t\\") == std::string_view::npos) {
      values.push_back(value);
    }
    at = close;
  }
  return values;
}

std::vector<std::string_view> dump_elements(std::string_view text, std::size_t open) {
  constexpr std::size_t k_max_dump = 4 * 1024;
  std::string_view rest = text.substr(open + 1, k_max_dump);
  rest = rest.substr(0, std::min(rest.find('\n'), rest.size()));
  // The dump's own extent: up to the bracket that closes it.
  int depth = 0;
  std::size_t close = rest.size();
  for (std::size_t at = 0; at < rest.size(); ++at) {
    const char c = rest[at];
    if (c == '(' || c == '[' || c == '{') ++depth;
    if ((c == ')' || c == ']' || c == '}' || (c == '>' && text[open] == '<')) && depth-- == 0) {
      close = at;
      break;
    }
  }
  rest = rest.substr(0, close);
  const char separator = rest.find(',') != std::string_view::npos ? ',' : ' ';
  std::vector<std::string_view> elements;
  depth = 0;
  std::size_t begin = 0;
  for (std::size_t at = 0; at <= rest.size(); ++at) {
    const char c = at < rest.size() ? rest[at] : separator;
    if (c == '(' || c == '[' || c == '{') ++depth;
    if ((c == ')' || c == ']' || c == '}') && depth > 0) --depth;
    if (c != separator || depth > 0) continue;
    std::string_view element = trimmed(rest.substr(begin, at - begin));
    if (element.size() >= 2 && (element.front() == '\'' || element.front() == '"') && element.back() == element.front()) {
      element = element.substr(1, element.size() - 2);
    }
    if (!element.empty()) elements.push_back(element);
    begin = at + 1;
  }
  return elements;
}

bool opens_host_or_database_url(std::string_view text, std::size_t open) {
  std::size_t at = open + 1;
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
  if (at < text.size() && (text[at] == '\'' || text[at] == '"')) ++at;
  const std::size_t first = at;
  bool dot = false;
  while (at < text.size()) {
    const char c = text[at];
    if (c == '.') {
      dot = true;
    } else if (!(std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '+')) {
      break;
    }
    ++at;
  }
  if (at == first) return false;
  if (text.substr(at).starts_with("://") || text.substr(at).starts_with(":")) {
    return text.substr(at, 20).find("://") != std::string_view::npos;  // "postgres://", "jdbc:mysql://"
  }
  if (at < text.size() && (text[at] == '\'' || text[at] == '"')) ++at;
  return dot && at < text.size() && (text[at] == ',' || text[at] == ' ' || text[at] == '\t');
}

namespace {
// True when `word` (lower case) starts at `at` as a whole word, compared without case.
bool word_at(std::string_view text, std::size_t at, std::string_view word) {
  if (at > 0 && (std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_')) return false;
  if (text.size() - at < word.size() || !equals_ignore_case(text.substr(at, word.size()), word)) return false;
  const std::size_t after = at + word.size();
  return after >= text.size() || !(std::isalnum(static_cast<unsigned char>(text[after])) || text[after] == '_');
}

// Where a field's separator ends when `at` follows a field name: an optional closing quote
// (', " or \"), blanks, ':' / '=' / '=>', blanks. npos when no separator follows.
std::size_t after_field_separator(std::string_view text, std::size_t at) {
  if (at < text.size() && text[at] == '\\' && at + 1 < text.size() && text[at + 1] == '"') at += 2;
  else if (at < text.size() && (text[at] == '"' || text[at] == '\'')) ++at;
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
  if (at >= text.size() || (text[at] != ':' && text[at] != '=')) return std::string_view::npos;
  ++at;
  if (at < text.size() && text[at] == '>') ++at;
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
  return at;
}
}  // namespace

std::string_view value_field_after(std::string_view text, std::size_t name_end) {
  constexpr std::size_t k_window = 1024;
  constexpr int k_max_lines = 6;
  const std::size_t limit = std::min(text.size(), name_end + k_window);
  int lines = 0;
  bool line_blank = false;  // only blanks since the last line break
  for (std::size_t at = name_end; at < limit; ++at) {
    const char c = text[at];
    if (c == '\n') {
      if (line_blank || ++lines > k_max_lines) return {};
      line_blank = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') continue;
    line_blank = false;
    if (c == '{' || c == '}' || c == '[' || c == ']') return {};
    if (word_at(text, at, "name") || word_at(text, at, "property")) {
      const std::size_t word_end = at + (std::tolower(static_cast<unsigned char>(c)) == 'n' ? 4 : 8);
      if (after_field_separator(text, word_end) != std::string_view::npos) return {};
    }
    if (!word_at(text, at, "value")) continue;
    const std::size_t start = after_field_separator(text, at + 5);
    if (start == std::string_view::npos || start >= text.size()) continue;
    std::string_view quote;
    if (text.compare(start, 2, "\\\"") == 0) quote = "\\\"";
    else if (text[start] == '"' || text[start] == '\'') quote = text.substr(start, 1);
    const std::size_t value_begin = start + quote.size();
    std::size_t value_end = value_begin;
    if (!quote.empty()) {
      const auto close = text.find(quote, value_begin);
      const auto newline = text.find('\n', value_begin);
      value_end = std::min(close, newline);
      if (value_end == std::string_view::npos) value_end = text.size();
      if (value_end > value_begin && text[value_end - 1] == '\r') --value_end;
    } else {
      while (value_end < text.size() && std::string_view(" \t\r\n,;}]\\\"'").find(text[value_end]) == std::string_view::npos) {
        ++value_end;
      }
    }
    const std::string_view value = text.substr(value_begin, value_end - value_begin);
    if (value.empty() || value.find_first_of(" \t") != std::string_view::npos) return {};
    return value;
  }
  return {};
}

std::vector<std::string_view> printenv_values(std::string_view text, std::string_view names,
                                              std::size_t command_end) {
  constexpr std::size_t k_max_names = 32;
  constexpr std::array<std::string_view, 11> k_secret_words = {
      "password", "passwd", "passphrase", "token", "secret", "api_key", "apikey", "private_key",
      "access_key", "credential", "_pwd"};
  std::vector<bool> secret;
  while (!names.empty() && secret.size() < k_max_names) {
    names = trimmed(names);
    const std::string_view name = names.substr(0, std::min(names.find_first_of(" \t"), names.size()));
    if (name.empty()) break;
    names.remove_prefix(name.size());
    secret.push_back(contains_any_ignore_case(name, k_secret_words));
  }
  std::vector<std::string_view> lines;
  std::size_t end = command_end;
  while (lines.size() < secret.size()) {
    const std::string_view line = following_line(text, end);
    if (line.empty() || line.find_first_of(" \t") != std::string_view::npos) break;
    lines.push_back(line);
    end = static_cast<std::size_t>(line.data() - text.data()) + line.size();
  }
  std::vector<std::string_view> values;
  const bool aligned = lines.size() == secret.size();
  const bool any_secret = std::find(secret.begin(), secret.end(), true) != secret.end();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (aligned ? secret[i] : any_secret) values.push_back(lines[i]);
  }
  return values;
}

}  // namespace flakyd::redact
