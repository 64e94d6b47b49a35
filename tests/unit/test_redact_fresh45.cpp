// Leak classes read from held-out secrets set 45 (written blind: secrets known by their place,
// not a name -- positional fields, call arguments, SQL bind logs): each case gives the leak's
// shape and the look-alikes that must stay readable. Values here are made up for the tests, not
// copied from the set.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("Hibernate's positional bind log: a generated-looking bound value") {
  // Hibernate 5 (BasicBinder) and 6 (org.hibernate.orm.jdbc.bind).
  CHECK(redaction_removes("o.h.type.descriptor.sql.BasicBinder : binding parameter [2] as [VARCHAR] - [pQ7rT2wX9vB4nL8sK3mZ]",
                          "pQ7rT2wX9vB4nL8sK3mZ"));
  CHECK(redaction_removes("org.hibernate.orm.jdbc.bind : binding parameter (2:VARCHAR) <- [Zr4_Tq9LmW2xPvN7sB1cYk-3]",
                          "Zr4_Tq9LmW2xPvN7sB1cYk-3"));
  // Names, hosts, hashes, UUIDs, numbers and file names bound beside it stay.
  for (const char* kept : {"[svc_reporting]", "[mysql-ro.ci.internal]", "[0865141e-933c-4a6f-ba13-d2647f8b3ed8]",
                           "[9e78a8de9fa7ceadd131a98354fe0f43bd297b44]", "[8192]", "[app-1.14.0-linux-amd64.tar.gz]",
                           "[CredentialRepositoryIT]"}) {
    CAPTURE(kept);
    CHECK(redaction_keeps(std::string("binding parameter [1] as [VARCHAR] - ") + kept, kept));
    CHECK(redaction_keeps(std::string("binding parameter (1:VARCHAR) <- ") + kept, kept));
  }
}

TEST_CASE("a credential-taking call's quoted arguments: the generated-looking ones") {
  CHECK(redaction_removes("#0 /app/src/Factory.php(22): Redis->auth('Tq8vLm2XwR9zPk4N')", "Tq8vLm2XwR9zPk4N"));
  CHECK(redaction_removes(R"(  left: Credentials("svc-ci", "hY7rK2pLq9XwZ3vB5nM8"))", "hY7rK2pLq9XwZ3vB5nM8"));
  CHECK(redaction_removes(R"(epgsql:connect("pg.ci.internal","ledger","Wm3Qz8RtY2uV9pLk") failed)", "Wm3Qz8RtY2uV9pLk"));
  CHECK(redaction_removes("ldap_bind('cn=svc,dc=corp,dc=example', 'Xr5tY8uJ2kLm9NpQ')", "Xr5tY8uJ2kLm9NpQ"));
  // Hosts, users, database names and words stay; so does a call that takes no credential.
  CHECK(redaction_keeps(R"(epgsql:connect("pg.ci.internal","ledger","Wm3Qz8RtY2uV9pLk"))", R"("pg.ci.internal","ledger")"));
  CHECK(redaction_keeps("login('ci-bot@example.com', 'correct horse battery staple')", "'correct horse battery staple'"));
  CHECK(redaction_keeps("render('Xr5tY8uJ2kLm9NpQ')", "'Xr5tY8uJ2kLm9NpQ'"));
  CHECK(redaction_keeps("connect('db.internal', 5432)", "'db.internal'"));
}

TEST_CASE("a connection's settings printed by position: the generated-looking elements") {
  // A dump that opens with a host and then a port or a mailbox holds a connection's settings.
  CHECK(redaction_removes("assert ('db.ci.internal', 5432, 'app', 'Kd8fQ_wLm2Zr7pXn4T', 'orders') == ('db.ci.internal', 5432)",
                          "Kd8fQ_wLm2Zr7pXn4T"));
  CHECK(redaction_removes("MqSettings(mq.internal,5671,billing,Hp4Wz9qRt2LkV7mXc3Bn,/billing,true) did not equal",
                          "Hp4Wz9qRt2LkV7mXc3Bn"));
  CHECK(redaction_removes("config_test.go:48: loaded: {pg.internal 5432 app nZ3xQ8wErT5yU2iO9pLk orders disable}",
                          "nZ3xQ8wErT5yU2iO9pLk"));
  CHECK(redaction_removes(R"(expected: ("smtp.acme.test", "relay@mg.acme.test", "b.Xk2mQw9Lp4Zr7Tn3Vd", :login))",
                          "b.Xk2mQw9Lp4Zr7Tn3Vd"));
  // Its hosts, ports, users, names, versions, hashes and UUIDs stay.
  const std::string dump =
      "(db.ci.internal, 5432, report_reader, OrdersServiceV2, MyApp-1.2.3-SNAPSHOT, Linux-node-ab12cd, "
      "9e78a8de9fa7ceadd131a98354fe0f43bd297b44, 0865141e-933c-4a6f-ba13-d2647f8b3ed8, Wq7Rt2Yp9Lk4Mn8Zx3Cv)";
  for (const char* kept : {"db.ci.internal, 5432, report_reader, OrdersServiceV2, MyApp-1.2.3-SNAPSHOT, Linux-node-ab12cd",
                           "9e78a8de9fa7ceadd131a98354fe0f43bd297b44", "0865141e-933c-4a6f-ba13-d2647f8b3ed8"}) {
    CAPTURE(kept);
    CHECK(redaction_keeps(dump, kept));
  }
  CHECK(redaction_removes(dump, "Wq7Rt2Yp9Lk4Mn8Zx3Cv"));
  // A dump that does not open with a host and a port or mailbox is no connection's.
  CHECK(redaction_keeps("assert ('test_parse', 3, 'Wq7Rt2Yp9Lk4Mn8Zx3Cv') == ('test_parse', 4)", "Wq7Rt2Yp9Lk4Mn8Zx3Cv"));
  CHECK(redaction_keeps("(snapshot.json, v2, Wq7Rt2Yp9Lk4Mn8Zx3Cv)", "Wq7Rt2Yp9Lk4Mn8Zx3Cv"));
}
