// The HTTP edge's pure screens: which Host and Origin fields pass, and the constant-time token
// comparison (the sockets-level behaviour is in tests/integration/test_daemon_edge.py).
#include <doctest/doctest.h>

#include "daemon/http_transport.hpp"

using flakyd::app::bearer_matches;
using flakyd::app::host_allowed;
using flakyd::app::origin_allowed;

TEST_CASE("http screen: Host must name a loopback name or the bound name, with the bound port") {
  struct Case {
    const char* host;
    const char* bound;
    int port;
    bool allowed;
  };
  const Case cases[] = {
      {"127.0.0.1:7340", "127.0.0.1", 7340, true},
      {"localhost:7340", "127.0.0.1", 7340, true},
      {"LOCALHOST:7340", "127.0.0.1", 7340, true},
      {"[::1]:7340", "127.0.0.1", 7340, true},
      {"[::1]:7340", "::1", 7340, true},
      {"flaky.internal:7340", "flaky.internal", 7340, true},
      {"localhost", "127.0.0.1", 80, true},  // no port: 80
      {"localhost", "127.0.0.1", 7340, false},
      {"127.0.0.1:7341", "127.0.0.1", 7340, false},
      {"attacker.example:7340", "127.0.0.1", 7340, false},
      {"localhost.attacker.example:7340", "127.0.0.1", 7340, false},
      {"127.0.0.1:", "127.0.0.1", 7340, false},
      {"127.0.0.1:+7340", "127.0.0.1", 7340, false},
      {"127.0.0.1:07340x", "127.0.0.1", 7340, false},
      {"", "127.0.0.1", 7340, false},
      {"[::2]:7340", "::1", 7340, false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.host);
    CHECK(host_allowed(c.host, c.bound, c.port) == c.allowed);
  }
}

TEST_CASE("http screen: Origin is loopback or listed") {
  CHECK(origin_allowed("http://localhost:3000", {}));
  CHECK(origin_allowed("https://127.0.0.1", {}));
  CHECK(origin_allowed("http://[::1]:8080", {}));
  CHECK(origin_allowed("https://ci.example", {"https://ci.example"}));
  CHECK_FALSE(origin_allowed("http://localhost.attacker.example", {}));
  CHECK_FALSE(origin_allowed("http://attacker.example", {}));
  CHECK_FALSE(origin_allowed("null", {}));
}

TEST_CASE("http screen: the bearer token must match exactly") {
  CHECK(bearer_matches("Bearer s3cret", "s3cret"));
  CHECK(bearer_matches("bearer s3cret", "s3cret"));
  CHECK_FALSE(bearer_matches("Bearer s3cre", "s3cret"));
  CHECK_FALSE(bearer_matches("Bearer s3cret2", "s3cret"));
  CHECK_FALSE(bearer_matches("Basic s3cret", "s3cret"));
  CHECK_FALSE(bearer_matches("", "s3cret"));
}
