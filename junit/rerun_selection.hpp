// Rerun selection: the command-line arguments that make a runner run exactly the given tests,
// in the runner's own selection syntax. Each returned line is shell words (single-quoted where
// needed) to append to one invocation of the runner; most formats give one line, `go` one line
// per package. Empty when `tests` is empty.
//
//   pytest   node ids                      'tests/test_net.py::TestApi::test_get[1]' ...
//   go       per package                   -run '^(TestA|TestB)$' example.com/mod/pkg
//   maven    Surefire/Failsafe             '-Dtest=com.acme.ATest#m1+m2,com.acme.BTest#m3'
//   gradle   test filters                  --tests com.acme.ATest.m1 --tests ...
//   jest     anchored name pattern (+files) -t '^(?:suite test one|suite test two)$' ['path']
//   vitest   anchored name pattern + files -t '^(?:suite test)$' src/a.test.ts
//   node     node --test name pattern      '--test-name-pattern=^(?:one|two)$'
//   nextest  filterset                     -E 'test(=mod::t1) | test(=mod::t2)'
//   dotnet   dotnet test --filter          --filter 'FullyQualifiedName=Ns.C.M1|FullyQualifiedName=Ns.C.M2'
//   rspec    file:line, else files + -e    ./spec/a_spec.rb:12 or ./spec/a_spec.rb -e 'A does x'
//
// pytest's JUnit XML has no file path by default (classname is dotted): the file is the longest
// dotted prefix that `file_exists` confirms as a .py file, else the prefix before the first
// capitalised part (a test class). Parametrised names ("m(int)[1]") are cut to the method for
// maven, gradle and dotnet, which select methods. Names are regex-escaped for go, jest, vitest
// and node. Thread-safe; never throws.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "junit/test_report.hpp"

namespace flakyd::junit {

enum class RerunFormat { pytest, go, maven, gradle, jest, vitest, node, nextest, dotnet, rspec };
std::optional<RerunFormat> parse_rerun_format(std::string_view name);
// "pytest|go|maven|..." for help texts and error messages.
std::string rerun_format_names();

using FileExists = std::function<bool(const std::string& relative_path)>;

std::vector<std::string> rerun_arguments(RerunFormat format, const std::vector<const TestCase*>& tests,
                                         const FileExists& file_exists);

// Shell quoting: the word as-is when it is made only of safe characters, else single-quoted.
std::string shell_quote(std::string_view word);

}  // namespace flakyd::junit
