// Leak and loss classes read from held-out secrets set 62 (Windows and front-end build output),
// written blind. Values here are made up.
#include <doctest/doctest.h>

#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("a password flag after a user flag, but not a database name or a port") {
  CHECK(redaction_removes("sqlcmd -S tcp:db,1433 -U sa -P \"Wq4!Rt8Yu2Io6Pa\" -b -i init.sql", "Wq4!Rt8Yu2Io6Pa"));
  CHECK(redaction_removes("choco source add -n=internal -u=ci-choco -p=\"Zr8Kq2Wm5Xt9Lp3V\"", "Zr8Kq2Wm5Xt9Lp3V"));
  CHECK(redaction_keeps("mysql -u root -p shop < dump.sql", "-p shop"));
  CHECK(redaction_keeps("mysql -u root -P 3306 -h db", "-P 3306"));
}

TEST_CASE("ASP.NET machine keys and a value Azure Pipelines substitutes under a secret name") {
  const std::string config = R"(<machineKey validationKey="9C1F4E7A2B8D3C6E5F0A1B2C3D4E5F60718293A4" decryptionKey="B5E27C9D1F3A8E6B4C2D0F1E3A5B7C9D" validation="HMACSHA256" />)";
  CHECK(redaction_removes(config, "9C1F4E7A2B8D3C6E5F0A1B2C3D4E5F60718293A4"));
  CHECK(redaction_removes(config, "B5E27C9D1F3A8E6B4C2D0F1E3A5B7C9D"));
  CHECK(redaction_keeps(config, R"(validation="HMACSHA256")"));
  const std::string log = "Substituting value on key: Jwt.SigningKey with (string) value: Qm9vWlz1c2VjcmV0S2V5Rm9yVGVzdHMr\n"
                          "Substituting value on key: Logging.LogLevel.Default with (string) value: Warning\n";
  CHECK(redaction_removes(log, "Qm9vWlz1c2VjcmV0S2V5Rm9yVGVzdHMr"));
  CHECK(redaction_keeps(log, "Logging.LogLevel.Default with (string) value: Warning"));
}

TEST_CASE("a Vercel deploy hook's id is removed, a Datadog browser client token is kept") {
  const std::string hook = "triggering deploy hook https://api.vercel.com/v1/integrations/deploy/prj_Ab12Cd34Ef56Gh78/Xq7Lm2Pz9R";
  CHECK(redaction_removes(hook, "Xq7Lm2Pz9R"));
  CHECK(redaction_keeps(hook, "https://api.vercel.com/v1/integrations/deploy/prj_Ab12Cd34Ef56Gh78/"));
  const std::string rum = "datadogRum.init({ applicationId: 'x', clientToken: 'pub0123456789abcdef0123456789abcdef', site: 'datadoghq.eu' })";
  CHECK(redaction_keeps(rum, "pub0123456789abcdef0123456789abcdef"));
}
