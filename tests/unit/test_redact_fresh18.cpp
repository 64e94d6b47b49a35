// Leak classes read from held-out secrets set 18 (written blind: secrets under encodings, nesting
// and log wrapping): each case gives the leak's shape and look-alikes that must stay readable.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redacted_text;
using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("base64 piped into base64 -d is redacted whole when its decoded text holds a secret") {
  // A .env file materialised from a CI variable, printed expanded by set -x.
  const std::string env_file =
      "+ echo QVBQX0VOVj1zdGFnaW5nCkRBVEFCQVNFX1VSTD1teXNxbDovL2FwcDpJVWhJQXpxSko3MEgwbngyV3BveUBkYjozMzA2L2FwcAo= | base64 -d > .env";
  CHECK(redaction_removes(env_file, "QVBQX0VOVj1zdGFnaW5nCkRBVEFCQVNFX1VSTD1teXNxbDovL2FwcDpJVWhJQXpxSko3MEgwbngyV3BveUBkYjozMzA2L2FwcAo="));
  CHECK(redacted_text(env_file).find("[REDACTED:base64-encoded-secret] | base64 -d > .env") != std::string::npos);
  CHECK(redaction_removes("echo 'Z2hzXzNBb2I1aDNsTWlOODI4TG4zYmcxb0dnM3lSUGducWVKdHVLcw==' | base64 --decode",
                          "Z2hzXzNBb2I1aDNsTWlOODI4TG4zYmcxb0dnM3lSUGducWVKdHVLcw=="));
  // Public text decoded the same way stays: a ConfigMap's JSON, an e-mail address, binary.
  for (const std::string kept : {"eyJsb2dfbGV2ZWwiOiJkZWJ1ZyIsInJlZ2lvbiI6ImV1LWNlbnRyYWwtMSIsInJlcGxpY2FzIjozfQ==",
                                 "Y29udGFjdDogb3BzLXRlYW1AYWNtZS5leGFtcGxlLmNvbQ==",
                                 "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9h"}) {
    CAPTURE(kept);
    const std::string line = "echo " + kept + " | base64 -d > out";
    CHECK(redacted_text(line) == line);
  }
  // Without the pipe a run is decoded only when it opens with a URL scheme's encoding (a path
  // or a hash is the same alphabet): a Kubernetes Secret's data value that is a connection URL
  // with a password goes (session 34; session 15 had left it), one without a password stays.
  const std::string manifest = "  REDIS_URL: cmVkaXM6Ly9kZWZhdWx0OlZrYkdNTURMdjhwWGJWNkE0NUByZWRpcy1tYXN0ZXIuY2FjaGU6NjM3OS8w";
  CHECK(redacted_text(manifest) == "  REDIS_URL: [REDACTED:base64-encoded-secret]");
  for (const std::string kept : {"  REDIS_URL: cmVkaXM6Ly9yZWRpcy1tYXN0ZXIuY2FjaGU6NjM3OS8w",
                                 "  repo: aHR0cHM6Ly9jaGFydHMuYWNtZS5leGFtcGxlL3N0YWJsZS9pbmRleC55YW1s"}) {
    CAPTURE(kept);
    CHECK(redacted_text(kept) == kept);
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
