// Test helpers: the labelled corpora copied into tests/data (the tests never read ../shared).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace flakyd::testing {

std::string data_path(const std::string& name);
std::vector<nlohmann::json> read_jsonl(const std::string& name);

}  // namespace flakyd::testing
