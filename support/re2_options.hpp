// RE2 options every module that compiles patterns starts from. Header-only; include it only from
// a target that links RE2.
//
// byte_pattern_options: Latin-1, so a pattern matches bytes and a trace's invalid UTF-8 cannot
// make a match fail or shift; no logging, because a bad pattern (a user's rule file) is reported
// as an error value, not printed; max_mem bounds each compiled program (RE2's default is 8 MiB).
// quiet_utf8_options: UTF-8 (for patterns that name multi-byte characters, such as the bullets
// test runners print), no logging.
#pragma once

#include <re2/re2.h>

#include <cstdint>

namespace flakyd {

inline re2::RE2::Options byte_pattern_options(int64_t max_mem = int64_t{8} << 20) {
  re2::RE2::Options options;
  options.set_encoding(re2::RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  options.set_max_mem(max_mem);
  return options;
}

inline re2::RE2::Options quiet_utf8_options() {
  re2::RE2::Options options;
  options.set_log_errors(false);
  return options;
}

}  // namespace flakyd
