// Leak and loss classes read from held-out secrets sets 56 and 57 (infrastructure and deploy
// logs), written blind. Values here are made up.
#include <doctest/doctest.h>

#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("an Azure Cosmos DB key under its name, in a settings table and an assignment") {
  const std::string table =
      "COSMOS_ENDPOINT        https://shop.documents.azure.com:443/\n"
      "COSMOS_KEY             Jt5Rb8Kq2Wx7Ye4Pn1Vc9Hm3Ls6Dg0Fa8Zu2Io5Qw7Er1Ty4Ui9Op3As6Df0Gh2Jk5Lz8Xc1Vb4Nm7Qw==\n";
  CHECK(redaction_removes(table, "Jt5Rb8Kq2Wx7Ye4Pn1Vc9Hm3Ls6Dg0Fa8Zu2Io5Qw7Er1Ty4Ui9Op3As6Df0Gh2Jk5Lz8Xc1Vb4Nm7Qw=="));
  CHECK(redaction_keeps(table, "https://shop.documents.azure.com:443/"));
  CHECK(redaction_removes("CosmosDbKey=Pq7Wm2Xn9Rt4Ys1Zu6Av3Bw8Cx5Dy0Ez7Fa2Gb9Hc4Id1Je6Kf3Lg8Mh5Ni0Oj7Pk2Ql9Rm4==",
                          "Pq7Wm2Xn9Rt4Ys1Zu6Av3Bw8Cx5Dy0Ez7Fa2Gb9Hc4Id1Je6Kf3Lg8Mh5Ni0Oj7Pk2Ql9Rm4=="));
}

TEST_CASE("a bare pass key inside a Groovy map dump") {
  const std::string dump = "DEBUG creds map: [user:deployer, pass:Xo7!kq_Rt2Lm#v9Wz, url:https://nexus.example/repo]";
  CHECK(redaction_removes(dump, "Xo7!kq_Rt2Lm#v9Wz"));
  CHECK(redaction_keeps(dump, "user:deployer"));
  CHECK(redaction_keeps(dump, "url:https://nexus.example/repo"));
  // A count under "pass" is a test summary, not a password.
  CHECK(redaction_keeps("results: [pass: 312, fail: 0, skip: 4]", "pass: 312"));
}

TEST_CASE("a random_password resource's result in terraform show -json") {
  const std::string state = R"({"type":"random_password","name":"db","instances":[{"attributes":{"length":24,"result":"Vq3#nZ8rL!t2Wm5xKd9P","special":true}}]})";
  CHECK(redaction_removes(state, "Vq3#nZ8rL!t2Wm5xKd9P"));
  CHECK(redaction_keeps(state, R"("length":24)"));
  // Another resource's result is data.
  CHECK(redaction_keeps(R"({"type":"random_pet","instances":[{"attributes":{"result":"Brave-Otter-7"}}]})", "Brave-Otter-7"));
}

TEST_CASE("an HTTP auth scheme name where a value starts is no secret but its credential is") {
  const std::string hidden = "[registries.internal]\ntoken = \"Bearer <hidden>\"\n";
  CHECK(redaction_keeps(hidden, "token = \"Bearer <hidden>\""));
  const std::string real = "auth_token: Bearer Zr8Qm2Wx5Lt9Kp3Vn7Yc1Hd4\n";
  CHECK(redaction_removes(real, "Zr8Qm2Wx5Lt9Kp3Vn7Yc1Hd4"));
  CHECK(redaction_keeps(real, "auth_token: Bearer "));
}

TEST_CASE("a SealedSecret's encrypted .dockerconfigjson is kept, a plain one is removed") {
  const std::string sealed = "  encryptedData:\n    .dockerconfigjson: AgBR/cO2YJrob3liz7nrP+4/C/nXxpANs7LbNubYySUKUMvr14h0GZwb\n";
  CHECK(redaction_keeps(sealed, "AgBR/cO2YJrob3liz7nrP+4/C/nXxpANs7LbNubYySUKUMvr14h0GZwb"));
  const std::string plain = "data:\n  .dockerconfigjson: eyJhdXRocyI6eyJnaGNyLmlvIjp7ImF1dGgiOiJZMms2Y0dGemN5PT0ifX19\n";
  CHECK(redaction_removes(plain, "eyJhdXRocyI6eyJnaGNyLmlvIjp7ImF1dGgiOiJZMms2Y0dGemN5PT0ifX19"));
}
