// Candidate checks used by the Redactor (see Validator in redactor.hpp). Pure functions over
// the candidate and its surrounding text; thread-safe, allocation-free except basic_credentials.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "redact/redactor.hpp"

namespace flakyd::redact {

// True when [begin, end) of `text` should be redacted under `validator`.
bool passes(Validator validator, std::string_view text, std::size_t begin, std::size_t end);

bool is_placeholder(std::string_view value);
bool luhn_card_number(std::string_view candidate);
bool public_ipv4(std::string_view candidate);
bool decodes_to_credentials(std::string_view base64);
// The text `base64` decodes to when it is 16 or more bytes of printable text (tabs and line
// breaks allowed); empty for binary, short or malformed input.
std::string decoded_text(std::string_view base64);
// "LS0tLS1CRUdJTi...": base64 of a PEM block whose BEGIN line names a private key
// ("-----BEGIN RSA PRIVATE KEY-----"), not a certificate or a public key.
bool decodes_to_private_key_header(std::string_view base64);
// "eyJhIjoi...": base64 of a JSON object with a string field named like a credential ("s",
// "key", "secret", "token", "password", "auth", ...) whose value is 16 or more characters: a
// cloudflared tunnel token ({"a":account,"t":tunnel,"s":secret}), an Elasticsearch enrollment
// token ({"ver",..,"key":"id:secret"}). A source map's or a JWT header's JSON names no such field.
bool decodes_to_json_credential(std::string_view base64);

// Where a PEM key block that starts at `header_end` ends: after its END line, or after the last
// following line that looks like key material (base64 or a "Name: value" header before the
// body; a line may end in `cat -A`'s "^M$"), and through the random-looking base64 run that
// opens a last line cut short ("<run>…[truncated]", "<run>+ echo .." from set -x).
std::size_t pem_block_end(std::string_view text, std::size_t header_end);

// The key material of a PEM block that runs from `header_end` to `block_end`: the lines between
// its BEGIN and END lines (raw or JSON-escaped line breaks). The two armour lines name the kind
// of key and hold nothing secret, so a reader of the redacted log still sees what leaked.
struct PemBody {
  std::size_t begin, end;
};
PemBody pem_body(std::string_view text, std::size_t header_end, std::size_t block_end);

// Where a wrapped base64 blob (a DER key or PKCS#12 bundle printed by `base64`) that ends its
// first line at `first_line_end` ends: after the last following line that is 20 or more base64
// characters, or shorter but closed by '=' padding (the blob's last line). Bounded like a PEM block.
std::size_t base64_lines_end(std::string_view text, std::size_t first_line_end);
// The indented colon-hex lines that follow the line `label_end` ends ("    33:7a:..:a3:" down to
// "    f3:60", OpenSSL's text form of a key member): from their first hex digit to their last
// byte; empty when the next line is not one.
std::string_view colon_hex_lines(std::string_view text, std::size_t label_end);

bool random_looking(std::string_view candidate);
// 20 upper-case letters and digits, 1 or more of them a digit and 8 or more letters.
bool upper_key_id(std::string_view candidate);
// A JWT ("eyJ<header>.eyJ<payload>.<signature>") whose payload says it is Supabase's anon key
// ("iss":"supabase" and "role":"anon"): the key Supabase documents as safe in a browser (row-level
// security guards the data); its service_role sibling bypasses that and stays a secret.
bool public_supabase_key(std::string_view jwt);

// The value on the line after a "password:" line that ends at `key_end`: the next line's one
// token, without blanks, a pair of quotes or a Kubernetes env entry's "value:" around it
// ("- name: API_TOKEN" then "  value: <token>"; a pretty-printed JSON object's "value": line too). Empty when that line is not a lone
// value (blank, or "  username: ci", a nested mapping, or "- a", a list) or does not exist.
std::string_view next_line_value(std::string_view text, std::size_t key_end);

// The argument on the line after a flag that ends at `flag_end`, as argv lists print one element
// a line: YAML's "- <value>", JSON's "\"<value>\"," and kubectl describe's bare "<value>" (its
// "Args:" block). Quotes, a list dash and a trailing comma are not part of it. Empty when that
// line is no lone argument (blank, another flag "- --port", "key: value", a bracket) or does not exist.
std::string_view next_argument(std::string_view text, std::size_t flag_end);

// GoogleTest's comparison failure prints each expression on a line, then its value under it:
// "  cfg.signing_key\n    Which is: \"<value>\"". The value after `expression_end`'s next line's
// "Which is: ", without its quotes; empty when that line is no such line or the value holds a blank.
std::string_view which_is_value(std::string_view text, std::size_t expression_end);

// The values of a Cookie request header's pairs ("a=<v>; b=<v>") from `header_end` to the end of
// its line (at most 8 KiB), each 16 or more characters with no blank or quote in it: the values
// a generated session, sign-in or CSRF cookie could be.
std::vector<std::string_view> cookie_values(std::string_view text, std::size_t header_end);

// The quoted arguments ('..' or "..", 8 to 256 bytes, none holding a blank, none a URL, DN or
// key=value string, which other rules read) of a call whose
// '(' ends at `open_end`, up to its closing ')' or the end of its line (at most 4 KiB): the
// positional arguments a stack trace, a mock's diff or a crash report prints for the call.
std::vector<std::string_view> call_arguments(std::string_view text, std::size_t open_end);

// The elements of a tuple or record dump whose bracket ('(', '[', '{' or '<') is at `open`, up to
// its matching close or the end of its line (at most 4 KiB): separated by commas, or by blanks
// when the dump holds no comma (Go's %v of a struct), each without the blanks and the pair of
// quotes around it. Nested dumps are elements of their own dump, not of this one.
std::vector<std::string_view> dump_elements(std::string_view text, std::size_t open);
// The brackets a dump opens with.
inline constexpr std::string_view k_dump_openers = "([{<";
// Whether the dump whose bracket is at `open` starts with a dotted host name followed by a comma
// or a blank ("('db.internal', 5432", "{pg.internal 5432"), or with a URL scheme ("(jdbc:mysql://"):
// a quick check before the rule's pattern is tried there.
bool opens_host_or_database_url(std::string_view text, std::size_t open);

// The "value" field that follows a field naming a secret, which ends at `name_end`: in the same
// object, on that line or within the next 6 (at most 1 KiB on): "value: '<v>'" after
// "{ name: 'session', ", Spring Boot's "    Value: \"<v>\"" under "Property: x.password",
// "\"value\": \"<v>\"" three lines under "\"sensitive\": true,". The value is quoted (', ", or
// a JSON-escaped \") or a bare word; without its quotes it holds no blank. Empty when the object
// closes or opens another ('{', '}', '[', ']'), a blank line, or a next "name" / "Property" field
// comes first, or the value is no such word.
std::string_view value_field_after(std::string_view text, std::size_t name_end);

// `printenv A B ..` prints each set variable's value on a line of its own, in order. For the
// command whose names are `names` ("A B ..") and whose line ends at `command_end`: the output
// lines of the variables named as secrets (PASSWORD, TOKEN, SECRET, API_KEY, ... in the name).
// The output is the following lines that are one word each, at most one per name. When fewer
// lines than names follow (an unset variable prints nothing, so the order no longer says whose
// value is whose), every one of them is returned if any name is a secret's.
std::vector<std::string_view> printenv_values(std::string_view text, std::string_view names,
                                              std::size_t command_end);

}  // namespace flakyd::redact
