// The JUnit reader, rerun selection and Surefire writer: bytes in. Invariants: a clear error or a
// report; whatever was read selects and merges without a crash, and the merged report reads back.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "junit/merge.hpp"
#include "junit/reader.hpp"
#include "junit/rerun_selection.hpp"

using namespace flakyd;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  junit::ReadLimits limits;
  limits.max_bytes = 1 << 20;
  auto report = junit::read_report(std::string(reinterpret_cast<const char*>(data), size), limits);
  if (!report) return 0;
  std::vector<const junit::TestCase*> failed;
  for (const auto& test : report->cases) {
    if (junit::is_failure(test.outcome)) failed.push_back(&test);
  }
  for (int format = 0; format <= static_cast<int>(junit::RerunFormat::rspec); ++format) {
    (void)junit::rerun_arguments(static_cast<junit::RerunFormat>(format), failed,
                                 [](const std::string& path) { return path.size() % 2 == 0; });
  }
  const std::vector<junit::TestReport> reports{*report, *report};
  const auto merged = junit::merge_reports(reports);
  // What flakyd writes, flakyd must read back (same tests, no invalid characters).
  auto back = junit::read_report(junit::render_surefire(merged), junit::ReadLimits{64u << 20, 64u << 20, 64});
  if (!back || back->cases.size() != merged.size()) std::abort();
  return 0;
}
