// Leak classes read from held-out secrets set 50 (written blind: what test frameworks and debug
// tooling dump on failure). Values here are made up for the tests, not copied from the set.
#include <doctest/doctest.h>

#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("the Authorization header as CGI/WSGI request variables name it (Django's META, PHP's $_SERVER)") {
  const char* django = "HTTP_AUTHORIZATION = 'Token 3c9a71f0be2d48e6a5c1f7d09b84e2a6c3d5f1e8'";
  CHECK(redaction_removes(django, "3c9a71f0be2d48e6a5c1f7d09b84e2a6c3d5f1e8"));
  CHECK(redaction_keeps(django, "HTTP_AUTHORIZATION"));
  CHECK(redaction_removes("'HTTP_AUTHORIZATION' => 'Bearer q7Lm2Vx9Tr4Kp1Zs8Wn3Yb6Hc5Jd0Fg2'",
                          "q7Lm2Vx9Tr4Kp1Zs8Wn3Yb6Hc5Jd0Fg2"));
  CHECK(redaction_removes("HTTP_PROXY_AUTHORIZATION = 'Basic dXNlcjpwYXNzd29yZDEyMzQ1Ng=='", "dXNlcjpwYXNzd29yZDEyMzQ1Ng=="));
  // A variable that only names the header keeps its short, value-less neighbours.
  CHECK(redaction_keeps("HTTP_AUTHORIZATION = '***'", "HTTP_AUTHORIZATION = '***'"));
  CHECK(redaction_keeps("HTTP_ACCEPT = 'application/json'", "HTTP_ACCEPT = 'application/json'"));
}
