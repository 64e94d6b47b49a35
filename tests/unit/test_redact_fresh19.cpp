// Leak classes read from held-out secrets set 19 (written blind: secrets as CI tools print them):
// each case gives the leak's shape and look-alikes that must stay readable.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redacted_text;
using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("a SigV4 signature is redacted however its Authorization header is printed") {
  const std::string signature = "4b1fabc2b531ae24ce76a06875c6d7bd81edcc26edf2a7649cb636c6bbec0af6";
  const std::string credential = "Credential=AKIAYYBK4XIPTKE7UDFS/20261130/eu-west-1/s3/aws4_request, "
                                 "SignedHeaders=host;x-amz-date, Signature=" + signature;
  // botocore's debug log prints headers as a dict of bytes; curl -v as a header line.
  CHECK(redaction_removes("headers={'Authorization': b'AWS4-HMAC-SHA256 " + credential + "'}", signature));
  CHECK(redaction_removes("> Authorization: AWS4-HMAC-SHA256 " + credential, signature));
  // The same 64 hex digits as a payload digest stay: only the header's signature is a secret.
  const std::string digest = "'X-Amz-Content-SHA256': b'" + signature + "'";
  CHECK(redacted_text(digest) == digest);
  CHECK(redaction_keeps("Signature=" + signature + " (a fixture's expected HMAC)", signature));
}

TEST_CASE("Maven's encrypted password is redacted, a named placeholder in braces is kept") {
  const std::string debug = "[DEBUG]   (s) password = {9NJbFZJYxr0qlaKlpPsOqWdFqrf/wW5yFStfSTtgipFsnb6p}";
  CHECK(redaction_removes(debug, "{9NJbFZJYxr0qlaKlpPsOqWdFqrf/wW5yFStfSTtgipFsnb6p}"));
  CHECK(redaction_removes("<password>{COQLCE6DU6GtcS5P=}</password>", "COQLCE6DU6GtcS5P="));
  for (const std::string kept : {"password = {passwordFromEnvironment}", "password: {{ .Values.db.password }}"}) {
    CAPTURE(kept);
    CHECK(redacted_text(kept) == kept);
  }
}

TEST_CASE("sqlplus' double-quoted password is redacted, the user and the connect descriptor kept") {
  const std::string line =
      "+ sqlplus -S 'ci_migrator/\"lrC1xcHWkoH#IY\"@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCPS)(HOST=adb.example.com)(PORT=1522)))' @migrate.sql";
  CHECK(redaction_removes(line, "lrC1xcHWkoH#IY"));
  CHECK(redaction_keeps(line, "ci_migrator/"));
  CHECK(redaction_keeps(line, "(HOST=adb.example.com)(PORT=1522)"));
}

TEST_CASE("four numbers after the word version are a version, not an address") {
  for (const std::string kept :
       {"Code: 516. DB::Exception: Authentication failed. (version 24.8.4.13 (official build))",
        "Could not load file or assembly 'System.Reflection.TypeExtensions, Version=4.1.0.0, Culture=neutral'",
        "Mono, Version 6.8.0.105", "\"version\": \"10.0.19045.1\""}) {
    CAPTURE(kept);
    CHECK(redaction_keeps(kept, kept.substr(kept.find_first_of("0123456789", kept.find("ersion")), 8)));
  }
  // An address after other words is still one.
  CHECK(redaction_removes("connect to 34.78.12.9:9092 failed", "34.78.12.9"));
  CHECK(redaction_removes("server version check against 34.78.12.9 failed", "34.78.12.9"));
}

TEST_CASE("a .NET assembly's public key token is its identity, not a secret") {
  const std::string line =
      "Could not load file or assembly 'System.Reflection.TypeExtensions, Version=4.1.0.0, Culture=neutral, "
      "PublicKeyToken=b03f5f7f11d50a3a' or one of its dependencies.";
  CHECK(redacted_text(line) == line);
  CHECK(redaction_removes("AccessToken=b03f5f7f11d50a3a9c1e", "b03f5f7f11d50a3a9c1e"));
}
