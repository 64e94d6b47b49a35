// JSON at the trust boundary: bounded parsing for untrusted input (every request body, every
// cache entry, every upstream reply), and the writer for everything flakyd sends or stores.
//
// parse_json is a strict RFC 8259 reader that builds an nlohmann::json value. It exists because
// nlohmann's lexer appends strings one character at a time, which made parsing a 4 KiB
// tools/call body cost more than redacting, fingerprinting and classifying it; this reader copies
// runs of plain characters at once. Contract: it accepts exactly what nlohmann::json::parse
// accepts and builds an equal value (fuzz/fuzz_json_reader.cpp compares the two on every input):
// a UTF-8 byte-order mark is skipped; strings must be well-formed UTF-8 with valid escapes and
// paired surrogates, control characters escaped; an integer becomes int64 (negative) or uint64
// (otherwise) when it fits and a double when it does not; a number beyond double's range is an
// error; a repeated object key keeps its last value. Differences, on purpose: a NUL byte after
// the value is trailing data (nlohmann stops reading there and accepts "1\0junk"), nesting deeper
// than max_depth is an error of its own kind (nlohmann recurses when it copies, dumps or
// destroys a value and ~10k levels overflow the stack), and error messages give a byte offset
// but never echo the input (which may hold secrets).
// Thread-safe: pure functions.
#pragma once

#include "support/expected.hpp"
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace flakyd::protocol {

inline constexpr int k_default_max_json_depth = 64;

struct JsonError {
  enum class Kind { parse, too_deep } kind;
  std::string message;  // "invalid JSON at byte 12: expected ':'"
};

flakyd::expected<nlohmann::json, JsonError> parse_json(std::string_view text,
                                                       int max_depth = k_default_max_json_depth);

// nlohmann's dump(indent, ' ', false, error_handler_t::replace), byte for byte: never throws,
// ill-formed UTF-8 becomes U+FFFD. The compact form (indent < 0, every response) is written by
// json_writer.cpp, several times faster; indented output is nlohmann's own.
std::string dump_json(const nlohmann::json& value, int indent = -1);

}  // namespace flakyd::protocol
