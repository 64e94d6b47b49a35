// TempDir: a fresh directory under /tmp for one test, removed (permissions restored first, in
// case the test made it read-only) when the test ends.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace flakyd::testing {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = "/tmp/flakyd-test-XXXXXX";
    path = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code error;
    std::filesystem::permissions(path, std::filesystem::perms::owner_all, error);
    std::filesystem::remove_all(path, error);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

}  // namespace flakyd::testing
