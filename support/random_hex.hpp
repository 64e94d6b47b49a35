// random_hex(bytes): `bytes` bytes from the kernel's CSPRNG (getrandom), as lower-case hex.
// For session ids and temp-file names. Throws std::runtime_error only if the kernel has no
// randomness to give (never on a booted Linux). Thread-safe.
#pragma once

#include <sys/random.h>

#include <cerrno>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace flakyd {

inline std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  std::size_t filled = 0;
  while (filled < bytes) {
    const ssize_t got = ::getrandom(buffer.data() + filled, bytes - filled, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) throw std::runtime_error("getrandom failed");
    filled += static_cast<std::size_t>(got);
  }
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes * 2);
  for (unsigned char b : buffer) {
    hex.push_back(k_hex[b >> 4]);
    hex.push_back(k_hex[b & 0xf]);
  }
  return hex;
}

}  // namespace flakyd
