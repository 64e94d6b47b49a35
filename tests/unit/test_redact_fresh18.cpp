// Leak classes read from held-out secrets set 18 (written blind: secrets under encodings, nesting
// and log wrapping): each case gives the leak's shape and look-alikes that must stay readable.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redacted_text;
using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("base64 whose decoded text holds a secret is redacted whole, other base64 stays") {
  // A Kubernetes Secret's data value: base64 of a DSN with its password.
  const std::string secret_manifest =
      "kind: Secret\ndata:\n  REDIS_URL: cmVkaXM6Ly9kZWZhdWx0OlZrYkdNTURMdjhwWGJWNkE0NUByZWRpcy1tYXN0ZXIuY2FjaGU6NjM3OS8w\n";
  CHECK(redaction_removes(secret_manifest, "cmVkaXM6Ly9kZWZhdWx0OlZrYkdNTURMdjhwWGJWNkE0NUByZWRpcy1tYXN0ZXIuY2FjaGU6NjM3OS8w"));
  CHECK(redacted_text(secret_manifest).find("[REDACTED:base64-encoded-secret]") != std::string::npos);
  // A token echoed through base64 (the log's mask of the token itself does not apply), a .env file.
  CHECK(redaction_removes("2026-11-30T15:44:01Z Z2hzXzNBb2I1aDNsTWlOODI4TG4zYmcxb0dnM3lSUGducWVKdHVLcw==",
                          "Z2hzXzNBb2I1aDNsTWlOODI4TG4zYmcxb0dnM3lSUGducWVKdHVLcw=="));
  CHECK(redaction_removes(
      "+ echo QVBQX0VOVj1zdGFnaW5nCkRBVEFCQVNFX1VSTD1teXNxbDovL2FwcDpJVWhJQXpxSko3MEgwbngyV3BveUBkYjozMzA2L2FwcAo= | base64 -d > .env",
      "QVBQX0VOVj1zdGFnaW5nCkRBVEFCQVNFX1VSTD1teXNxbDovL2FwcDpJVWhJQXpxSko3MEgwbngyV3BveUBkYjozMzA2L2FwcAo="));
  // Base64 of public text: a JWT header alone, a ConfigMap's JSON, an e-mail address (redacted
  // where it is printed, but no reason to hide a blob), a hash, binary.
  for (const std::string kept : {"eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0=",
                                 "eyJsb2dfbGV2ZWwiOiJkZWJ1ZyIsInJlZ2lvbiI6ImV1LWNlbnRyYWwtMSIsInJlcGxpY2FzIjozfQ==",
                                 "Y29udGFjdDogb3BzLXRlYW1AYWNtZS5leGFtcGxlLmNvbQ==",
                                 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                                 "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9h"}) {
    CAPTURE(kept);
    CHECK(redacted_text("value: " + kept) == "value: " + kept);
  }
}

TEST_CASE("escaped and encoded operators and brackets: HTML entities, form bodies, Bearer%20, Gson's quotes") {
  const std::string junit = "config: spring.datasource.password&#x3D;TAxTZKC9pan_8S7aD2B6&amp;ssl&#x3D;true";
  CHECK(redaction_removes(junit, "TAxTZKC9pan_8S7aD2B6"));
  CHECK(redaction_keeps(junit, "ssl&#x3D;true"));
  const std::string form = "raw body: user%5Bemail%5D=qa%40acme.dev&user%5Bpassword%5D=Z1BXK83UgtR%21pY&commit=Sign+in";
  CHECK(redaction_removes(form, "Z1BXK83UgtR%21pY"));
  CHECK(redaction_keeps(form, "commit=Sign+in"));
  const std::string access_log = R"("req_headers":"authorization=Bearer%20sk_7mjhd6terb0zb8b9cai1951p632nggc2y;accept=*/*")";
  CHECK(redaction_removes(access_log, "sk_7mjhd6terb0zb8b9cai1951p632nggc2y"));
  const std::string gson = R"("message":"retrying PUT with headers {\u0022Authorization\u0022:\u0022Basic Y2ktcHVibGlzaGVyOlNZbVpxITVCRmFDK21Lb2w5WA\u003d\u003d\u0022}")";
  CHECK(redaction_removes(gson, "Y2ktcHVibGlzaGVyOlNZbVpxITVCRmFDK21Lb2w5WA"));
  // An HTML-escaped placeholder stays.
  CHECK(redaction_keeps(R"(<property name="db.password" value="&lt;redacted&gt;"/>)", "&lt;redacted&gt;"));
}

TEST_CASE("a debug page's HTML table row: the value cell after a secret-named cell") {
  const std::string row = "<tr><td>MAIL_PASSWORD</td><td>&quot;T9lyDT4bdw&amp;3KP3&lt;RS4CTq&quot;</td></tr>";
  CHECK(redaction_removes(row, "T9lyDT4bdw&amp;3KP3&lt;RS4CTq"));
  CHECK(redaction_keeps(row, "<td>MAIL_PASSWORD</td>"));
  const std::string django = R"(<tr><td>SECRET_KEY</td><td class="code"><pre>'f9Kq2vX7pLw3mZ8rT1nB'</pre></td></tr>)";
  CHECK(redaction_removes(django, "f9Kq2vX7pLw3mZ8rT1nB"));
  const std::string other = "<tr><td>MAIL_HOST</td><td>smtp.acme.example</td></tr>";
  CHECK(redacted_text(other) == other);
  CHECK(redaction_keeps("<tr><td>MAIL_PASSWORD</td><td>&quot;&quot;</td></tr>", "<td>&quot;&quot;</td>"));
}

TEST_CASE("a pre-signed URL's X-Amz-Credential keeps its scope, and a wrapped Terraform Cloud token loses its head") {
  const std::string url =
      "https://b.s3.eu-central-1.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
      "&X-Amz-Credential=ASIAT4OEHTVLVYOICPKW%2F20261130%2Feu-central-1%2Fs3%2Faws4_request&X-Amz-Date=20261130T101010Z";
  CHECK(redaction_removes(url, "ASIAT4OEHTVLVYOICPKW"));
  CHECK(redaction_keeps(url, "%2F20261130%2Feu-central-1%2Fs3%2Faws4_request"));
  const std::string plan = "      + value = \"vApW4ugpWRTq1v.atlasv1.FDwiWUxS2iJOr6TNilBj8Npc1OyRM2KGPhpuvwvq";
  CHECK(redaction_removes(plan, "FDwiWUxS2iJOr6TNilBj8Npc1OyRM2KGPhpuvwvq"));
}
