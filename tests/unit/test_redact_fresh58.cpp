// Leak classes read from held-out secrets sets 58 (data and ML pipelines) and 59 (mobile release
// and notification pipelines), written blind. Values here are made up.
#include <doctest/doctest.h>

#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("a papermill notebook parameter named as a secret, its value the next argument") {
  const std::string run = "+ papermill in.ipynb out.ipynb -p epochs 1 -p wandb_api_key 5d0e9c41a7b28f63e1d4c9a07b2f5e8d1c3a6b90 -k python3";
  CHECK(redaction_removes(run, "5d0e9c41a7b28f63e1d4c9a07b2f5e8d1c3a6b90"));
  CHECK(redaction_keeps(run, "-p epochs 1"));
  CHECK(redaction_keeps(run, "-k python3"));
  // A port or a database name after -p is no secret.
  CHECK(redaction_keeps("ssh -p 2222 ci@build-7", "-p 2222"));
  CHECK(redaction_keeps("mysql -u root -p secret_db_name", "secret_db_name"));
}

TEST_CASE("a Confluent API key as librdkafka's SASL user name is kept: an id, its secret beside it") {
  // Sets 21 and 26 keep it (three entries), set 58 removes it (one): the key id alone grants
  // nothing, and the password beside it is removed.
  const std::string config = "{'sasl.mechanisms': 'PLAIN', 'sasl.username': 'QW7ZL2KX9PM4RT8B', 'sasl.password': 'Zq8Wm2Xn5Rt9Lp3Vb7Yc1Hd4Fg6Jk0Ns'}";
  CHECK(redaction_keeps(config, "QW7ZL2KX9PM4RT8B"));
  CHECK(redaction_removes(config, "Zq8Wm2Xn5Rt9Lp3Vb7Yc1Hd4Fg6Jk0Ns"));
}

TEST_CASE("a variable named for the bearer token it holds") {
  const std::string build = "flutter build apk --dart-define=BACKEND_BEARER=Rz8Kq2Wm5Xt9Lp3Vn7Yc1Hd4Fg6Jb0Ns";
  CHECK(redaction_removes(build, "Rz8Kq2Wm5Xt9Lp3Vn7Yc1Hd4Fg6Jb0Ns"));
  CHECK(redaction_keeps(build, "--dart-define=BACKEND_BEARER="));
}
