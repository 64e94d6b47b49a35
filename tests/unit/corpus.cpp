#include "corpus.hpp"

#include <fstream>
#include <stdexcept>

namespace flakyd::testing {

std::string data_path(const std::string& name) { return std::string(FLAKYD_TEST_DATA_DIR) + "/" + name; }

std::vector<nlohmann::json> read_jsonl(const std::string& name) {
  std::ifstream in(data_path(name));
  if (!in) throw std::runtime_error("missing test data " + name);
  std::vector<nlohmann::json> rows;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
  }
  return rows;
}

}  // namespace flakyd::testing
