#include "junit/rerun_selection.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>

namespace flakyd::junit {

namespace {

struct FormatName {
  RerunFormat format;
  std::string_view name;
};
constexpr std::array<FormatName, 10> k_formats{{
    {RerunFormat::pytest, "pytest"}, {RerunFormat::go, "go"},           {RerunFormat::maven, "maven"},
    {RerunFormat::gradle, "gradle"}, {RerunFormat::jest, "jest"},       {RerunFormat::vitest, "vitest"},
    {RerunFormat::node, "node"},     {RerunFormat::nextest, "nextest"}, {RerunFormat::dotnet, "dotnet"},
    {RerunFormat::rspec, "rspec"},
}};

// Keeps the first occurrence of each string, in order.
std::vector<std::string> unique_in_order(std::vector<std::string> items) {
  std::set<std::string> seen;
  std::vector<std::string> kept;
  for (auto& item : items) {
    if (seen.insert(item).second) kept.push_back(std::move(item));
  }
  return kept;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) joined += separator;
    joined += parts[i];
  }
  return joined;
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// Escapes the metacharacters of RE2/Go and JavaScript regular expressions.
std::string regex_escape(std::string_view text) {
  static constexpr std::string_view k_meta = "\\^$.|?*+()[]{}/";
  std::string escaped;
  for (char c : text) {
    if (k_meta.find(c) != std::string_view::npos) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

// "m(int)[1]" -> "m": runners that select methods take the bare method name.
std::string method_name(std::string_view name) {
  const auto cut = name.find_first_of("([");
  return std::string(name.substr(0, cut));
}

std::string anchored_alternation(const std::vector<std::string>& names) {
  std::vector<std::string> escaped;
  for (const auto& name : names) escaped.push_back(regex_escape(name));
  return "^(?:" + join(unique_in_order(std::move(escaped)), "|") + ")$";
}

std::string pytest_node_id(const TestCase& test, const FileExists& file_exists) {
  std::vector<std::string> parts = split(test.classname, '.');
  std::size_t module_parts = 0;
  std::string file = test.file;
  if (!file.empty()) {
    // xunit1 writes the file: the classname starts with its dotted module path.
    std::string module = file.substr(0, file.size() - (file.ends_with(".py") ? 3 : 0));
    std::replace(module.begin(), module.end(), '/', '.');
    module_parts = split(module, '.').size();
  } else {
    for (std::size_t count = parts.size(); count > 0 && file.empty(); --count) {
      std::vector<std::string> prefix(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(count));
      const std::string candidate = join(prefix, "/") + ".py";
      if (file_exists && file_exists(candidate)) file = candidate, module_parts = count;
    }
    if (file.empty()) {
      module_parts = parts.size();
      for (std::size_t i = 0; i < parts.size(); ++i) {
        if (!parts[i].empty() && std::isupper(static_cast<unsigned char>(parts[i][0]))) {
          module_parts = i;
          break;
        }
      }
      std::vector<std::string> prefix(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(module_parts));
      file = join(prefix, "/") + ".py";
    }
  }
  std::string id = file;
  for (std::size_t i = std::min(module_parts, parts.size()); i < parts.size(); ++i) id += "::" + parts[i];
  return id + "::" + test.name;
}

std::vector<std::string> pytest_selection(const std::vector<const TestCase*>& tests, const FileExists& file_exists) {
  std::vector<std::string> ids;
  for (const auto* test : tests) ids.push_back(pytest_node_id(*test, file_exists));
  std::vector<std::string> words;
  for (const auto& id : unique_in_order(std::move(ids))) words.push_back(shell_quote(id));
  return {join(words, " ")};
}

std::vector<std::string> go_selection(const std::vector<const TestCase*>& tests) {
  std::vector<std::string> packages;
  std::map<std::string, std::vector<std::string>> names;
  for (const auto* test : tests) {
    const std::string package = test->classname.empty() ? test->suite : test->classname;
    if (!names.contains(package)) packages.push_back(package);
    // go test -run matches each level of a subtest name separately: rerun the top-level test.
    names[package].push_back(regex_escape(test->name.substr(0, test->name.find('/'))));
  }
  std::vector<std::string> lines;
  for (const auto& package : packages) {
    lines.push_back("-run " + shell_quote("^(" + join(unique_in_order(names[package]), "|") + ")$") + " " +
                    shell_quote(package));
  }
  return lines;
}

std::vector<std::string> maven_selection(const std::vector<const TestCase*>& tests) {
  std::vector<std::string> classes;
  std::map<std::string, std::vector<std::string>> methods;
  for (const auto* test : tests) {
    if (!methods.contains(test->classname)) classes.push_back(test->classname);
    methods[test->classname].push_back(method_name(test->name));
  }
  std::vector<std::string> patterns;
  for (const auto& name : classes) patterns.push_back(name + "#" + join(unique_in_order(methods[name]), "+"));
  return {shell_quote("-Dtest=" + join(patterns, ","))};
}

std::vector<std::string> gradle_selection(const std::vector<const TestCase*>& tests) {
  std::vector<std::string> filters;
  for (const auto* test : tests) filters.push_back(test->classname + "." + method_name(test->name));
  std::vector<std::string> words;
  for (const auto& filter : unique_in_order(std::move(filters))) words.push_back("--tests " + shell_quote(filter));
  return {join(words, " ")};
}

// Positional file filters, only when every test names its file (a partial list would narrow the
// run to the wrong files).
std::vector<std::string> file_words(const std::vector<const TestCase*>& tests, bool classname_is_file) {
  std::vector<std::string> files;
  for (const auto* test : tests) {
    const std::string& file = !test->file.empty() ? test->file : (classname_is_file ? test->classname : test->file);
    if (file.empty()) return {};
    files.push_back(file);
  }
  std::vector<std::string> words;
  for (const auto& file : unique_in_order(std::move(files))) words.push_back(shell_quote(file));
  return words;
}

// jest-junit's default name is the full name Jest matches -t against (describe titles and the
// test title, joined by spaces; a test outside any describe gets a leading space).
std::string jest_full_name(const TestCase& test) {
  const auto start = test.name.find_first_not_of(' ');
  return start == std::string::npos ? std::string() : test.name.substr(start);
}

// Vitest's JUnit names join describe blocks with " > "; -t matches them joined by spaces.
std::string vitest_full_name(const TestCase& test) {
  std::string name;
  for (auto piece : split(test.name, '>')) {
    piece.erase(0, piece.find_first_not_of(' '));
    piece.erase(piece.find_last_not_of(' ') + 1);
    if (!name.empty()) name += ' ';
    name += piece;
  }
  return name;
}

// Jest and Vitest: -t with an anchored pattern of the full names, then the test files.
std::vector<std::string> name_pattern_selection(const std::vector<const TestCase*>& tests,
                                                std::string (*full_name)(const TestCase&), bool classname_is_file) {
  std::vector<std::string> names;
  for (const auto* test : tests) names.push_back(full_name(*test));
  std::vector<std::string> words{"-t " + shell_quote(anchored_alternation(names))};
  for (auto& word : file_words(tests, classname_is_file)) words.push_back(std::move(word));
  return {join(words, " ")};
}

std::vector<std::string> node_selection(const std::vector<const TestCase*>& tests) {
  std::vector<std::string> names;
  for (const auto* test : tests) names.push_back(test->name);
  return {shell_quote("--test-name-pattern=" + anchored_alternation(names))};
}

std::vector<std::string> nextest_selection(const std::vector<const TestCase*>& tests) {
  std::vector<std::string> terms;
  for (const auto* test : tests) terms.push_back("test(=" + test->name + ")");
  return {"-E " + shell_quote(join(unique_in_order(std::move(terms)), " | "))};
}

// dotnet test --filter treats these characters as syntax unless escaped with a backslash.
std::string dotnet_escape(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    if (std::string_view("\\()&|=!~").find(c) != std::string_view::npos) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

std::vector<std::string> dotnet_selection(const std::vector<const TestCase*>& tests) {
  std::vector<std::string> terms;
  for (const auto* test : tests) {
    const std::string method = method_name(test->name);
    const std::string full = method.starts_with(test->classname + ".") || test->classname.empty()
                                 ? method
                                 : test->classname + "." + method;
    terms.push_back("FullyQualifiedName=" + dotnet_escape(full));
  }
  return {"--filter " + shell_quote(join(unique_in_order(std::move(terms)), "|"))};
}

std::vector<std::string> rspec_selection(const std::vector<const TestCase*>& tests) {
  std::vector<std::string> locations, files, descriptions;
  for (const auto* test : tests) {
    if (!test->file.empty() && test->line > 0) {
      locations.push_back(test->file + ":" + std::to_string(test->line));
    } else {
      if (!test->file.empty()) files.push_back(test->file);
      descriptions.push_back(test->name);
    }
  }
  std::vector<std::string> words;
  for (const auto& location : unique_in_order(std::move(locations))) words.push_back(shell_quote(location));
  for (const auto& file : unique_in_order(std::move(files))) words.push_back(shell_quote(file));
  for (const auto& description : unique_in_order(std::move(descriptions))) words.push_back("-e " + shell_quote(description));
  return {join(words, " ")};
}

}  // namespace

std::optional<RerunFormat> parse_rerun_format(std::string_view name) {
  for (const auto& known : k_formats) {
    if (known.name == name) return known.format;
  }
  return std::nullopt;
}

std::string rerun_format_names() {
  std::string names;
  for (const auto& known : k_formats) {
    if (!names.empty()) names += '|';
    names += known.name;
  }
  return names;
}

std::string shell_quote(std::string_view word) {
  const bool safe = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("_-./:=,@%+").find(c) != std::string_view::npos;
  });
  if (safe) return std::string(word);
  std::string quoted = "'";
  for (char c : word) {
    if (c == '\'') quoted += "'\\''";
    else quoted += c;
  }
  return quoted + "'";
}

std::vector<std::string> rerun_arguments(RerunFormat format, const std::vector<const TestCase*>& tests,
                                         const FileExists& file_exists) {
  if (tests.empty()) return {};
  switch (format) {
    case RerunFormat::pytest: return pytest_selection(tests, file_exists);
    case RerunFormat::go: return go_selection(tests);
    case RerunFormat::maven: return maven_selection(tests);
    case RerunFormat::gradle: return gradle_selection(tests);
    case RerunFormat::jest: return name_pattern_selection(tests, jest_full_name, false);
    case RerunFormat::vitest: return name_pattern_selection(tests, vitest_full_name, true);
    case RerunFormat::node: return node_selection(tests);
    case RerunFormat::nextest: return nextest_selection(tests);
    case RerunFormat::dotnet: return dotnet_selection(tests);
    case RerunFormat::rspec: return rspec_selection(tests);
  }
  return {};
}

}  // namespace flakyd::junit
