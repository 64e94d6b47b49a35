// Reading JUnit XML, whatever runner wrote it (see test_report.hpp for the dialects), with
// pugixml -- never regexes.
//
// Untrusted input, so every dimension is bounded before it can cost memory or stack:
//   - size: a file over ReadLimits::max_bytes is refused from its size, before it is read;
//   - markup: more than max_markup '<' characters is refused before parsing (each element costs
//     pugixml a node; this bounds the node count, hence memory, to a few times the file size);
//   - encoding: UTF-8 (a UTF-16/32 byte-order mark is converted by pugixml); an invalid UTF-8
//     sequence is refused with its byte offset;
//   - DTDs: pugixml never expands entities it does not know; a <!DOCTYPE> (the vehicle of
//     "billion laughs" and external entities) is refused outright -- no runner writes one;
//   - depth: elements nested deeper than max_depth are refused (checked by a walk that keeps no
//     stack, so 100k levels cost nothing) before anything else looks at the tree.
// Errors are values: a one-line message naming the problem (and the line for malformed XML).
// Never throws. Thread-safe (no shared state).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "junit/test_report.hpp"
#include "support/expected.hpp"

namespace flakyd::junit {

struct ReadLimits {
  std::size_t max_bytes = std::size_t{64} << 20;  // 64 MiB
  std::size_t max_markup = 4'000'000;             // '<' characters
  std::size_t max_depth = 64;                     // element nesting (PHPUnit nests ~5)
};

flakyd::expected<TestReport, std::string> read_report(std::string xml, const ReadLimits& limits = {});
struct ReadError {
  bool unreadable = false;  // the file could not be read at all (as opposed to: read and refused)
  std::string message;      // starts with the path
};
// Refuses an over-size file from its size, then reads at most max_bytes + 1 bytes (a file that
// grows, or a pipe, cannot slip past the limit).
flakyd::expected<TestReport, ReadError> read_report_file(const std::filesystem::path& path,
                                                         const ReadLimits& limits = {});

// `text` with each invalid UTF-8 sequence replaced by U+FFFD. The input is checked before
// parsing, but a character reference (&#x110000;) decodes to bytes that are not UTF-8: every
// value read is passed through this.
std::string to_valid_utf8(std::string_view text);

// Byte offset of the first invalid UTF-8 sequence (overlong forms, surrogates and code points
// over U+10FFFF are invalid), or npos when `text` is valid UTF-8.
std::size_t first_invalid_utf8(std::string_view text);

}  // namespace flakyd::junit
