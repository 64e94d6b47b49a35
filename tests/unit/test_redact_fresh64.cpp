// Leak and loss classes read from held-out secrets sets 63 (AI, vector-database and newer SaaS
// APIs), 64 (self-hosted developer tooling) and 65 (observability and incident tooling), written
// blind. Values here are made up.
#include <doctest/doctest.h>

#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("Keycloak's credential representation, on one line and pretty-printed") {
  const std::string inline_credentials =
      "kcadm.sh create users -r acme -s username=ci -s 'credentials=[{\"type\":\"password\",\"value\":\"Hq8vT2mW9xLp\",\"temporary\":false}]'";
  CHECK(redaction_removes(inline_credentials, "Hq8vT2mW9xLp"));
  CHECK(redaction_keeps(inline_credentials, "username=ci"));
  const std::string client_secret = "+ kcadm.sh get clients/02b72577/client-secret -r acme\n{\n  \"type\" : \"secret\",\n"
                                    "  \"value\" : \"7xVprddRkdKyS2iEcW5RNcE7KUglcyGH\"\n}\n";
  CHECK(redaction_removes(client_secret, "7xVprddRkdKyS2iEcW5RNcE7KUglcyGH"));
  CHECK(redaction_keeps(client_secret, "clients/02b72577/client-secret"));
  // Another type names no secret: its value stays.
  const std::string otp = "{\"type\": \"otp\", \"value\": \"totp-policy-default\"}";
  CHECK(redaction_keeps(otp, "totp-policy-default"));
}

TEST_CASE("a value under a name every browser is given is kept, a vendor's secret shape there is not") {
  const std::string env = "env: NEXT_PUBLIC_STYTCH_PUBLIC_TOKEN=public-token-test-951ccf0f-cfab-4f39-b109-2f8cad71c0cc "
                          "STYTCH_SECRET=Qz8Lm2Wx4Rt7Yp1Vn6Bk3Hs9";
  CHECK(redaction_keeps(env, "public-token-test-951ccf0f-cfab-4f39-b109-2f8cad71c0cc"));
  CHECK(redaction_removes(env, "Qz8Lm2Wx4Rt7Yp1Vn6Bk3Hs9"));
  CHECK(redaction_keeps("PUBLIC_SEARCH_TOKEN=Xa81mQ2vLp97tZcW", "Xa81mQ2vLp97tZcW"));
  CHECK(redaction_removes(R"({"EXPO_PUBLIC_RC_SECRET": "Zq8Lm2Wx4Rt7Yp1Vn6Bk3Hs9Dc5Fg0Jq"})", "Zq8Lm2Wx4Rt7Yp1Vn6Bk3Hs9Dc5Fg0Jq"));
  CHECK(redaction_removes("NEXT_PUBLIC_ANTHROPIC_API_KEY=sk-ant-api03-aHFQCITcXBFb5jjhRAAsEk2MduS",
                          "sk-ant-api03-aHFQCITcXBFb5jjhRAAsEk2MduS"));
}

TEST_CASE("a placeholder after a vendor prefix of several parts is no secret") {
  CHECK(redaction_keeps("WORKOS_API_KEY=sk_test_<your-api-key> WORKOS_CLIENT_ID=client_01JFWQ", "sk_test_<your-api-key>"));
  CHECK(redaction_keeps("token: ghp_[hidden]", "ghp_[hidden]"));
  CHECK(redaction_removes("WORKOS_API_KEY=sk_test_a9Zq2Lm8Xw4Rt7Yp1Vn6", "sk_test_a9Zq2Lm8Xw4Rt7Yp1Vn6"));
}

TEST_CASE("Paddle's notification secret is removed wherever it is printed") {
  const std::string log = "debug: webhook secret loaded for notification setting ntfset_01jk642ecva344axktsgbmkq8j: "
                          "pdl_ntfset_01j3wjvwa233d4kz165pxq1f6w_DeMzAv4m2B5EZPs3968/tKvnZRkt6jNy";
  CHECK(redaction_removes(log, "pdl_ntfset_01j3wjvwa233d4kz165pxq1f6w_DeMzAv4m2B5EZPs3968/tKvnZRkt6jNy"));
  CHECK(redaction_keeps(log, "notification setting ntfset_01jk642ecva344axktsgbmkq8j"));
}

// Set 65 (observability, error-tracking and incident tooling).
TEST_CASE("Honeycomb's keys, Sumo Logic's source code apart from its host, alert URLs' tokens") {
  const std::string refinery = "  SendKey: hcaik_01p7crsjwcib4cxmgormqc627rv4chau7vap4w9g2icoqtmz1a79devc67\n";
  CHECK(redaction_removes(refinery, "hcaik_01p7crsjwcib4cxmgormqc627rv4chau7vap4w9g2icoqtmz1a79devc67"));
  CHECK(redaction_keeps(refinery, "SendKey:"));
  const std::string fluent_bit = "    Host         endpoint4.collection.us2.sumologic.com\n"
                                 "    URI          /receiver/v1/http/ZaVnC4dhaVWeZSeuaqhdLan7z24QHKlKa9NRbv5kJi9AQQuw_cwgQQ==\n";
  CHECK(redaction_removes(fluent_bit, "ZaVnC4dhaVWeZSeuaqhdLan7z24QHKlKa9NRbv5kJi9AQQuw_cwgQQ=="));
  CHECK(redaction_keeps(fluent_bit, "endpoint4.collection.us2.sumologic.com"));
  CHECK(redaction_keeps("GET /receiver/v1/http/health 200", "/receiver/v1/http/health"));
  const std::string oncall =
      "--set 'config.receivers[0].webhook_configs[0].url=https://oncall-prod-us-central-0.grafana.net/oncall/integrations/v1/alertmanager/8ZYC7XX1kGYja9bT93X9YEPsp/'";
  CHECK(redaction_removes(oncall, "8ZYC7XX1kGYja9bT93X9YEPsp"));
  CHECK(redaction_keeps(oncall, "https://oncall-prod-us-central-0.grafana.net/oncall/integrations/v1/alertmanager/"));
  const std::string heartbeat = R"("BETTERSTACK_HEARTBEAT_URL"=>"https://uptime.betterstack.com/api/v1/heartbeat/urxgAhUqyZYlRG1WVaY8t5kx")";
  CHECK(redaction_removes(heartbeat, "urxgAhUqyZYlRG1WVaY8t5kx"));
}

TEST_CASE("an app key flag, in kebab and camel case, is a secret flag") {
  const std::string run = "npx @datadog/datadog-ci synthetics run-tests --apiKey bf8cb8f552e400f2eae92e6a12c68f51 "
                          "--appKey e54023d7c30e0c3a123f2be5fbf8646b8df036ac --public-id 7xq-bn4-k2d";
  CHECK(redaction_removes(run, "e54023d7c30e0c3a123f2be5fbf8646b8df036ac"));
  CHECK(redaction_keeps(run, "--public-id 7xq-bn4-k2d"));
  CHECK(redaction_removes("--app-key Zx8Lm2Wq4Rt7Yp1Vn6Bk3Hs9Dc5Fg0JqAa", "Zx8Lm2Wq4Rt7Yp1Vn6Bk3Hs9Dc5Fg0JqAa"));
}
