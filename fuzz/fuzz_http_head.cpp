// The HTTP/1.1 head parser (daemon/http_parser.hpp) on arbitrary bytes: it never crashes, a
// refusal carries one of the statuses it documents, and what it accepts is self-consistent --
// a path that starts with '/', never both a length and chunked framing, and every field it
// reports findable by name.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/http_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto head = flakyd::app::parse_http_head(text, 64);
  if (!head) {
    const int status = head.error().status;
    if (status != 400 && status != 417 && status != 431 && status != 501 && status != 505) std::abort();
    return 0;
  }
  if (head->path.empty() || head->path.front() != '/') std::abort();
  if (head->chunked && head->content_length) std::abort();
  if (head->headers.size() > 64) std::abort();
  for (const auto& [name, value] : head->headers) {
    if (head->header(name) == nullptr) std::abort();
  }
  return 0;
}
