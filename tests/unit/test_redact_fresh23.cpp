// Leak classes read from held-out secrets set 23 (written blind: diffs, histories, describe and
// inspect output, migration and ORM logs): each case gives the leak's shape and look-alikes that
// must stay readable.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redacted_text;
using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("histories: mysql's octal-escaped blanks and redis-cli's AUTH line lose their password") {
  const std::string mysql = R"(CREATE\040USER\040'app'@'%'\040IDENTIFIED\040BY\040'Qw7_pL2x!mZr9T';)";
  CHECK(redaction_removes(mysql, "Qw7_pL2x!mZr9T"));
  CHECK(redaction_keeps(mysql, R"(CREATE\040USER\040'app'@'%')"));
  CHECK(redaction_removes("INFO replication\nAUTH default Hq4-vZt8Lm2pXw9R\nCONFIG GET maxmemory*", "Hq4-vZt8Lm2pXw9R"));
  CHECK(redaction_keeps("INFO replication\nAUTH default Hq4-vZt8Lm2pXw9R\nCONFIG GET maxmemory*", "CONFIG GET maxmemory*"));
  // Prose that opens with "Auth" is no command.
  for (const std::string kept : {"Auth failed for user ci-bot", "AUTH OK"}) {
    CAPTURE(kept);
    CHECK(redacted_text(kept) == kept);
  }
}

TEST_CASE("a generated password after a password word in prose is redacted, words after it are not") {
  CHECK(redaction_removes("INFO  [seed] created user admin@acme.dev with temporary password 7Rt!mQ2.xVz9Lk", "7Rt!mQ2.xVz9Lk"));
  for (const std::string kept : {"FATAL:  password authentication failed for user \"ledger\"",
                                 "error: password Required for user admin", "reset password confirmation3 sent"}) {
    CAPTURE(kept);
    CHECK(redacted_text(kept) == kept);
  }
}

TEST_CASE("a storage account key under its name in an environment listing is redacted") {
  const std::string key = "Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTBhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk=";
  CHECK(redaction_removes("Name                  Value\n----                  -----\nAZURE_STORAGE_KEY     " + key, key));
  CHECK(redaction_removes("storage_key: " + key, key));
  CHECK(redaction_keeps("AZURE_STORAGE_ACCOUNT ledgerstore01\nAZURE_STORAGE_KEY     " + key, "AZURE_STORAGE_ACCOUNT ledgerstore01"));
}
