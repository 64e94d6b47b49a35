// Leak and over-redaction classes read from held-out secrets set 49 (written blind: build tools',
// packaging and release steps' failures). Values here are made up for the tests, not copied from
// the set.
#include <doctest/doctest.h>

#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("build and release tools' credentials: Maven's master, Poetry, Composer, openssl -k") {
  CHECK(redaction_removes("  <master>{Qw3rTy7uIoP9aSdF1gHjK2lZxC4vBnM6=}</master>", "{Qw3rTy7uIoP9aSdF1gHjK2lZxC4vBnM6=}"));
  const char* poetry = "+ poetry config http-basic.internal ci-bot 9fKq2LmX7vTz4RwP1sYb";
  CHECK(redaction_removes(poetry, "9fKq2LmX7vTz4RwP1sYb"));
  CHECK(redaction_keeps(poetry, "http-basic.internal ci-bot"));
  const char* composer = R"(COMPOSER_AUTH={"bearer":{"repo.packagist.com":"3b9f0c2d7e4a18f65c0b2d9e7a4f1c3b8d6e2a05"}})";
  CHECK(redaction_removes(composer, "3b9f0c2d7e4a18f65c0b2d9e7a4f1c3b8d6e2a05"));
  CHECK(redaction_keeps(composer, "repo.packagist.com"));
  CHECK(redaction_removes(R"($ openssl aes-256-cbc -k "river-stone-77#" -in a.enc -d)", "river-stone-77#"));
}

TEST_CASE("http-cookie's YAML dump of a session cookie in an environment variable (FASTLANE_SESSION)") {
  const char* escaped = R"(FASTLANE_SESSION='---\n- !ruby/object:HTTP::Cookie\n  name: myacinfo\n  value: q8w7e6r5t4y3u2i1o0pa9s8d7f6g5h4j3k2l1')";
  CHECK(redaction_removes(escaped, "q8w7e6r5t4y3u2i1o0pa9s8d7f6g5h4j3k2l1"));
  CHECK(redaction_keeps(escaped, "name: myacinfo"));
  // A short value is a name's or a flag's, not a session's.
  CHECK(redaction_keeps(R"(\n- !ruby/object:HTTP::Cookie\n  name: lang\n  value: en-US\n)", "value: en-US"));
}

TEST_CASE("masks: Travis CI's [secure] and a vendor prefix before a bracketed stand-in are kept") {
  CHECK(redaction_keeps("git push https://x-access-token:[secure]@github.com/acme/ui.git HEAD:main",
                        "https://x-access-token:[secure]@github.com/acme/ui.git"));
  CHECK(redaction_keeps("//npm.pkg.github.com/:_authToken=ghp_[hidden]", "ghp_[hidden]"));
  CHECK(redaction_keeps("//registry.npmjs.org/:_authToken=npm_<redacted>", "npm_<redacted>"));
  // A real token after the same prefix still goes.
  CHECK(redaction_removes("//npm.pkg.github.com/:_authToken=ghp_Ab3dE5gH7jK9mN1pQ3sT5vX7zB9dF1hJ3kL5",
                          "ghp_Ab3dE5gH7jK9mN1pQ3sT5vX7zB9dF1hJ3kL5"));
}
