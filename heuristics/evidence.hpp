// Facts the advice needs from a failure's text, found with patterns compiled once:
//   - the exception names it mentions ("requests.exceptions.ReadTimeout", "Net::ReadTimeout"),
//     for the retry_on allow-list;
//   - a Retry-After value in seconds ("Retry-After: 120"), for rate limits and 503s.
// Thread-safe; linear in the text.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace flakyd::heuristics {

// Up to `limit` distinct names, in order of appearance; views into `text`.
std::vector<std::string_view> find_exception_names(std::string_view text, std::size_t limit = 64);

std::optional<double> find_retry_after(std::string_view text);

}  // namespace flakyd::heuristics
