// The HTTP edge's pure screens: which Host and Origin fields pass, and the constant-time token
// comparison (the sockets-level behaviour is in tests/integration/test_daemon_edge.py).
#include <doctest/doctest.h>

#include "daemon/http_transport.hpp"

using flakyd::app::bearer_matches;
using flakyd::app::host_allowed;
using flakyd::app::origin_allowed;

TEST_CASE("http screen: Host must name a loopback name or the bound name, with the bound port") {
  CHECK(host_allowed("127.0.0.1:7340", "127.0.0.1", 7340));
  CHECK(host_allowed("localhost:7340", "127.0.0.1", 7340));
  CHECK(host_allowed("LOCALHOST:7340", "127.0.0.1", 7340));
  CHECK(host_allowed("[::1]:7340", "127.0.0.1", 7340));
  CHECK(host_allowed("[::1]:7340", "::1", 7340));
  CHECK(host_allowed("flaky.internal:7340", "flaky.internal", 7340));
  CHECK(host_allowed("localhost", "127.0.0.1", 80));  // no port: 80
  CHECK_FALSE(host_allowed("localhost", "127.0.0.1", 7340));
  CHECK_FALSE(host_allowed("127.0.0.1:7341", "127.0.0.1", 7340));
  CHECK_FALSE(host_allowed("attacker.example:7340", "127.0.0.1", 7340));
  CHECK_FALSE(host_allowed("localhost.attacker.example:7340", "127.0.0.1", 7340));
  CHECK_FALSE(host_allowed("127.0.0.1:", "127.0.0.1", 7340));
  CHECK_FALSE(host_allowed("127.0.0.1:+7340", "127.0.0.1", 7340));
  CHECK_FALSE(host_allowed("127.0.0.1:07340x", "127.0.0.1", 7340));
  CHECK_FALSE(host_allowed("", "127.0.0.1", 7340));
  CHECK_FALSE(host_allowed("[::2]:7340", "::1", 7340));
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
