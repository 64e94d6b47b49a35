#include "junit/reader.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <optional>
#include <system_error>

namespace flakyd::junit {

namespace {

using Error = flakyd::unexpected<std::string>;

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

bool has_utf16_or_32_mark(std::string_view text) {
  auto starts = [&](std::initializer_list<unsigned char> mark) {
    return text.size() >= mark.size() && std::equal(mark.begin(), mark.end(), text.begin(),
                                                    [](unsigned char a, char b) { return a == static_cast<unsigned char>(b); });
  };
  return starts({0xFF, 0xFE}) || starts({0xFE, 0xFF}) || starts({0x00, 0x00, 0xFE, 0xFF});
}

std::size_t line_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// Walks the whole tree without a stack (parent links) and reports the deepest nesting, stopping
// as soon as it passes `limit`.
std::size_t deepest_nesting(const pugi::xml_node& root, std::size_t limit) {
  std::size_t depth = 0, deepest = 0;
  pugi::xml_node node = root.first_child();
  if (node) depth = 1;
  while (node) {
    deepest = std::max(deepest, depth);
    if (deepest > limit) return deepest;
    if (node.first_child()) {
      node = node.first_child();
      ++depth;
      continue;
    }
    while (node && !node.next_sibling() && node != root) {
      node = node.parent();
      --depth;
    }
    if (!node || node == root) break;
    node = node.next_sibling();
  }
  return deepest;
}

// The concatenated text and CDATA directly inside `node` (pugixml's child_value() gives only the
// first piece, and a failure's text is often text and CDATA mixed).
std::string own_text(const pugi::xml_node& node) {
  std::string text;
  for (const auto& child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) text += child.value();
  }
  return to_valid_utf8(text);
}

std::string attribute(const pugi::xml_node& node, const char* name) {
  return to_valid_utf8(node.attribute(name).as_string());
}

struct FailureElement {
  const char* name;
  FailureKind kind;
};
constexpr FailureElement k_failure_elements[] = {
    {"failure", FailureKind::failure},           {"error", FailureKind::error},
    {"flakyFailure", FailureKind::flaky_failure}, {"flakyError", FailureKind::flaky_error},
    {"rerunFailure", FailureKind::rerun_failure}, {"rerunError", FailureKind::rerun_error},
};

std::optional<FailureKind> failure_kind(std::string_view element) {
  for (const auto& known : k_failure_elements) {
    if (element == known.name) return known.kind;
  }
  return std::nullopt;
}

Failure read_failure(const pugi::xml_node& node, FailureKind kind) {
  Failure failure;
  failure.kind = kind;
  failure.message = attribute(node, "message");
  failure.type = attribute(node, "type");
  failure.text = own_text(node);
  // Surefire's flaky and rerun elements nest the trace and the output.
  if (auto trace = node.child("stackTrace")) failure.text += own_text(trace);
  if (auto out = node.child("system-out")) failure.system_out = own_text(out);
  if (auto err = node.child("system-err")) failure.system_err = own_text(err);
  return failure;
}

TestCase read_testcase(const pugi::xml_node& node, const std::string& suite) {
  TestCase test;
  test.suite = suite;
  test.classname = attribute(node, "classname");
  if (test.classname.empty()) test.classname = attribute(node, "class");  // PHPUnit
  test.name = attribute(node, "name");
  test.file = attribute(node, "file");
  test.line = node.attribute("line").as_int(0);
  test.time_s = node.attribute("time").as_double(0.0);
  bool skipped = false;
  for (const auto& child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = child.name();
    if (auto kind = failure_kind(name)) {
      test.failures.push_back(read_failure(child, *kind));
      if (test.outcome == Outcome::passed && *kind == FailureKind::failure) test.outcome = Outcome::failed;
      if (test.outcome == Outcome::passed && *kind == FailureKind::error) test.outcome = Outcome::errored;
    } else if (name == "skipped") {
      skipped = true;
      test.skipped_message = attribute(child, "message");
    } else if (name == "system-out") {
      test.system_out += own_text(child);
    } else if (name == "system-err") {
      test.system_err += own_text(child);
    }
  }
  // Reruns recorded without the first <failure> still mean the test never passed.
  const bool reruns_only = std::any_of(test.failures.begin(), test.failures.end(), [](const Failure& f) {
    return f.kind == FailureKind::rerun_failure || f.kind == FailureKind::rerun_error;
  });
  if (test.outcome == Outcome::passed && reruns_only) test.outcome = Outcome::failed;
  if (test.outcome == Outcome::passed && skipped) test.outcome = Outcome::skipped;
  return test;
}

// Depth is already bounded (deepest_nesting), so plain recursion is safe here.
void collect(const pugi::xml_node& node, const std::string& suite, TestReport& report) {
  for (const auto& child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = child.name();
    if (name == "testcase") {
      report.cases.push_back(read_testcase(child, suite));
    } else if (name == "testsuite" || name == "testsuites") {
      const std::string inner = child.attribute("name") ? attribute(child, "name") : suite;
      collect(child, inner, report);
    }
  }
}

flakyd::expected<void, std::string> check_before_parsing(std::string_view xml, const ReadLimits& limits) {
  if (xml.size() > limits.max_bytes) {
    return Error("the report is " + std::to_string(xml.size()) + " bytes, over the limit of " +
                 std::to_string(limits.max_bytes));
  }
  if (const auto markup = static_cast<std::size_t>(std::count(xml.begin(), xml.end(), '<'));
      markup > limits.max_markup) {
    return Error("the report has " + std::to_string(markup) + " '<' characters, over the limit of " +
                 std::to_string(limits.max_markup));
  }
  if (!has_utf16_or_32_mark(xml)) {
    if (const auto bad = first_invalid_utf8(xml); bad != std::string_view::npos) {
      return Error("invalid UTF-8 at byte " + std::to_string(bad) + " (line " + std::to_string(line_of(xml, bad)) + ")");
    }
  }
  return {};
}

}  // namespace

std::string to_valid_utf8(std::string_view text) {
  std::string valid;
  while (!text.empty()) {
    const auto bad = first_invalid_utf8(text);
    if (bad == std::string_view::npos) {
      valid += text;
      break;
    }
    valid += text.substr(0, bad);
    valid += "\xEF\xBF\xBD";
    text.remove_prefix(bad + 1);
  }
  return valid;
}

std::size_t first_invalid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code = 0, minimum = 0;
    if ((lead & 0xE0) == 0xC0) length = 2, code = lead & 0x1F, minimum = 0x80;
    else if ((lead & 0xF0) == 0xE0) length = 3, code = lead & 0x0F, minimum = 0x800;
    else if ((lead & 0xF8) == 0xF0) length = 4, code = lead & 0x07, minimum = 0x10000;
    else return i;
    if (i + length > size) return i;
    for (std::size_t k = 1; k < length; ++k) {
      if (!is_continuation(bytes[i + k])) return i;
      code = (code << 6) | (bytes[i + k] & 0x3F);
    }
    if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return std::string_view::npos;
}

flakyd::expected<TestReport, std::string> read_report(std::string xml, const ReadLimits& limits) {
  if (auto checked = check_before_parsing(xml, limits); !checked) return Error(checked.error());
  pugi::xml_document document;
  // parse_doctype keeps a DOCTYPE as a node so it can be refused below; entities are never
  // expanded (pugixml has no DTD processing), only the five predefined ones and &#...;.
  const auto parsed = document.load_buffer_inplace(xml.data(), xml.size(), pugi::parse_default | pugi::parse_doctype);
  if (!parsed) {
    return Error("not well-formed XML at line " + std::to_string(line_of(xml, static_cast<std::size_t>(parsed.offset))) +
                 ": " + parsed.description());
  }
  for (const auto& child : document.children()) {
    if (child.type() == pugi::node_doctype) {
      return Error("a <!DOCTYPE> is not accepted in a JUnit report (no runner writes one; entity declarations are refused)");
    }
  }
  if (deepest_nesting(document, limits.max_depth) > limits.max_depth) {
    return Error("elements are nested deeper than " + std::to_string(limits.max_depth) + " levels");
  }
  const auto root = document.document_element();
  const std::string_view root_name = root.name();
  if (root_name != "testsuites" && root_name != "testsuite") {
    return Error("not a JUnit report: the root element is <" + std::string(root_name) +
                 ">, expected <testsuites> or <testsuite>");
  }
  TestReport report;
  collect(document, "", report);
  return report;
}

flakyd::expected<TestReport, ReadError> read_report_file(const std::filesystem::path& path, const ReadLimits& limits) {
  const std::string where = path.string() + ": ";
  auto refused = [&](std::string message) { return flakyd::unexpected(ReadError{false, where + message}); };
  auto unreadable = [&] { return flakyd::unexpected(ReadError{true, where + "cannot read: " + std::strerror(errno)}); };
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (!error && size > limits.max_bytes) {
    return refused("the file is " + std::to_string(size) + " bytes, over the limit of " + std::to_string(limits.max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return unreadable();
  // One allocation of the final size: a regular file's size, else (a pipe) the limit -- never
  // the doubling growth that would briefly need twice the limit.
  std::string xml;
  xml.reserve(std::min<std::uintmax_t>(limits.max_bytes + 1, error ? limits.max_bytes + 1 : size + 1));
  std::string chunk(std::size_t{64} << 10, '\0');
  while (in && xml.size() <= limits.max_bytes) {
    const std::size_t want = std::min(chunk.size(), limits.max_bytes + 1 - xml.size());
    in.read(chunk.data(), static_cast<std::streamsize>(want));
    xml.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return unreadable();
  if (xml.size() > limits.max_bytes) {
    return refused("the input is over the limit of " + std::to_string(limits.max_bytes) + " bytes (reading stopped there)");
  }
  auto report = read_report(std::move(xml), limits);
  if (!report) return refused(report.error());
  return std::move(*report);
}

}  // namespace flakyd::junit
