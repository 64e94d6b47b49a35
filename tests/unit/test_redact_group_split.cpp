#include <doctest/doctest.h>

#include "redact/group_split.hpp"

using flakyd::redact::split_at_group;

TEST_CASE("CONTEXT(SECRET) shapes are split, flags are kept on both parts") {
  const auto split = split_at_group(R"((?i)password\s*[:=]\s*([^\s"']+))", 1);
  REQUIRE(split.has_value());
  CHECK(split->context == R"((?i)password\s*[:=]\s*)");
  CHECK(split->secret == R"((?i)(?:[^\s"']+))");

  const auto with_boundary = split_at_group(R"(key=(\w+)\b)", 1);
  REQUIRE(with_boundary.has_value());
  CHECK(with_boundary->secret == R"((?:\w+)\b)");

  const auto second = split_at_group(R"(((?:a|b)+)=([^;]{8,}))", 2);  // group 1 sits in CONTEXT
  REQUIRE(second.has_value());
  CHECK(second->context == R"(((?:a|b)+)=)");
  CHECK(second->secret == R"((?:[^;]{8,}))");

  const auto named = split_at_group(R"(token: (?P<value>\S+))", 1);
  REQUIRE(named.has_value());
  CHECK(named->secret == R"((?:\S+))");
}

TEST_CASE("a group that is the whole match has no context") {
  const auto split = split_at_group(R"((ghp_[A-Za-z0-9]{36})\b)", 1);
  REQUIRE(split.has_value());
  CHECK(split->context.empty());
}

TEST_CASE("brackets and parentheses inside classes and escapes do not confuse the scan") {
  const auto split = split_at_group(R"([()\]]x\(([)}\]]+))", 1);
  REQUIRE(split.has_value());
  CHECK(split->context == R"([()\]]x\()");
  CHECK(split->secret == R"((?:[)}\]]+))");
  CHECK(split_at_group(R"([[:alpha:])]=(\w+))", 1)->context == R"([[:alpha:])]=)");
}

TEST_CASE("other shapes are refused, so the redactor falls back to captures") {
  CHECK_FALSE(split_at_group(R"(a(b)|c(d))", 1));         // top-level alternation
  CHECK_FALSE(split_at_group(R"(x=(\w+)+)", 1));          // quantified group
  CHECK_FALSE(split_at_group(R"(x=(\w+)y)", 1));          // something after the group
  CHECK_FALSE(split_at_group(R"(x=(?:(\w+)))", 1));       // group nested in another
  CHECK_FALSE(split_at_group(R"(x(?i)=(\w+))", 1));       // flags changed mid-pattern
  CHECK_FALSE(split_at_group(R"(\Q(\E=(\w+))", 1));       // quoted text
  CHECK_FALSE(split_at_group(R"(x=(\w+))", 2));           // no such group
  CHECK_FALSE(split_at_group(R"(x=(\w+))", 0));           // group 0 is the whole match
  CHECK_FALSE(split_at_group(R"(x=([a-z)", 1));           // unclosed class
  CHECK_FALSE(split_at_group(R"(x=(\w+)))", 1));          // unbalanced
}
