// Leak and loss classes read from held-out secrets sets 66 (cloud-native and infrastructure as
// code in CI logs), 67 (databases, queues and caches), 68 (CI/CD systems and release jobs) and 69
// (unusual containers and other languages), written blind. Values here are made up.
#include <doctest/doctest.h>

#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("a password flag joined to another word and kubeadm's certificate key are secrets") {
  const std::string linode = "$ linode-cli linodes create --region us-east --root_pass 'Qv7!Lm2Wx9Rt4Yp1' --label ci-runner-41";
  CHECK(redaction_removes(linode, "Qv7!Lm2Wx9Rt4Yp1"));
  CHECK(redaction_keeps(linode, "--label ci-runner-41"));
  CHECK(redaction_removes("vultr-cli instance create --admin-pass Zq8Lm2Wx4Rt7", "Zq8Lm2Wx4Rt7"));
  const std::string join = "kubeadm join 10.0.0.5:6443 --control-plane --certificate-key "
                           "4f1c9a7be2d30685c1f4a9e7b2d3068f5c1e4a9b7d2e30f685c1a4e9b7d2e3a0";
  CHECK(redaction_removes(join, "4f1c9a7be2d30685c1f4a9e7b2d3068f5c1e4a9b7d2e30f685c1a4e9b7d2e3a0"));
  // A certificate key's flag given a file keeps the path.
  CHECK(redaction_keeps("nginx-ingress --certificate-key /etc/tls/tls.key", "/etc/tls/tls.key"));
}

TEST_CASE("a pagination token is kept under any spelling of its name, a token beside it is not") {
  const std::string text_output = "NEXTTOKEN\teyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiA0fQ==\n";
  CHECK(redaction_keeps(text_output, "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiA0fQ=="));
  CHECK(redaction_keeps(R"({"nextPageToken": "CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA0YnJNdjE4ZQ"})",
                        "CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA0YnJNdjE4ZQ"));
  CHECK(redaction_keeps("continuation_token=Xa81mQ2vLp97tZcWk3Rt", "Xa81mQ2vLp97tZcWk3Rt"));
  CHECK(redaction_removes("next_token=Xa81mQ2vLp97tZcWk3Rt access_token=Qz8Lm2Wx4Rt7Yp1Vn6Bk3Hs9", "Qz8Lm2Wx4Rt7Yp1Vn6Bk3Hs9"));
}

TEST_CASE("an Azure Key Vault reference and the storage emulator's documented key are no secrets") {
  const std::string settings =
      "  DB_PASSWORD = @Microsoft.KeyVault(SecretUri=https://kv-ci.vault.azure.net/secrets/sql-admin/f4a7cf58654f1075831632a04aa1ce5e)\n"
      "  STORAGE_KEY = @Microsoft.KeyVault(VaultName=kv-ci;SecretName=storage-key)\n";
  CHECK(redaction_keeps(settings, "@Microsoft.KeyVault(SecretUri=https://kv-ci.vault.azure.net/secrets/sql-admin/f4a7cf58654f1075831632a04aa1ce5e)"));
  CHECK(redaction_keeps(settings, "@Microsoft.KeyVault(VaultName=kv-ci;SecretName=storage-key)"));
  const std::string emulator =
      "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6"
      "IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";
  CHECK(redaction_keeps(emulator, "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="));
  CHECK(redaction_removes("AccountName=ciacct;AccountKey=Qm9ndXNLZXlGb3JUZXN0c09ubHkxMjM0NTY3ODkwYWJjZGVmZ2hpams=;",
                          "Qm9ndXNLZXlGb3JUZXN0c09ubHkxMjM0NTY3ODkwYWJjZGVmZ2hpams="));
}

TEST_CASE("a client's credential tuple printed in a dict and PgBouncer's auth file are secrets") {
  const std::string kwargs = "DEBUG es client kwargs: {'cloud_id': 'search-ci:ZXVyb3BlLXdlc3Qx', "
                             "'basic_auth': ('elastic', 'Qz8Lm2Wx4Rt7Yp1V'), 'request_timeout': 30}";
  CHECK(redaction_removes(kwargs, "Qz8Lm2Wx4Rt7Yp1V"));
  CHECK(redaction_keeps(kwargs, "'request_timeout': 30"));
  const std::string userlist = "+ docker exec pgbouncer cat /etc/pgbouncer/userlist.txt\n"
                               "\"app_rw\" \"Ub6nKx2Qw9Lz4TrM\"\n"
                               "\"pgbouncer_admin\" \"SCRAM-SHA-256$4096:<set-by-ansible>\"\n"
                               "\"release\" \"2024.05.14\"\n";
  CHECK(redaction_removes(userlist, "Ub6nKx2Qw9Lz4TrM"));
  CHECK(redaction_keeps(userlist, "SCRAM-SHA-256$4096:<set-by-ansible>"));
  CHECK(redaction_keeps(userlist, "\"release\" \"2024.05.14\""));
}

TEST_CASE("a number under an id's name is no card and a session number is no session secret") {
  CHECK(redaction_keeps(R"("spark_context_id": "4096712385529871244")", "4096712385529871244"));
  CHECK(redaction_removes("card: 4096712385529871244", "4096712385529871244"));
  const std::string snowflake = "row_counts failed (sfqid=01b45c2e-0604-3f8a-0000-5a7d00c2e1b6, session_id=21497631804172)";
  CHECK(redaction_keeps(snowflake, "session_id=21497631804172"));
  CHECK(redaction_removes("Cookie: sessionid=q8lm2wx4rt7yp1vn6bk3hs9", "q8lm2wx4rt7yp1vn6bk3hs9"));
}

TEST_CASE("an absolute path after a password-named flag is the file that holds it") {
  const std::string openvpn = "openvpn --config ci.ovpn --auth-user-pass /etc/openvpn/client/auth.txt --verb 3";
  CHECK(redaction_keeps(openvpn, "/etc/openvpn/client/auth.txt"));
  CHECK(redaction_removes("openvpn --auth-user-pass Zq8Lm2Wx4Rt7", "Zq8Lm2Wx4Rt7"));
}

TEST_CASE("TeamCity's references to stored passwords are no secrets") {
  const std::string dsl = "Kotlin DSL: params { password(\"env.NPM_TOKEN\", \"credentialsJSON:4f8e2a9c-1b3d-4e6f-8a0c-7d5e3b1f9a2c\") }";
  CHECK(redaction_keeps(dsl, "credentialsJSON:4f8e2a9c-1b3d-4e6f-8a0c-7d5e3b1f9a2c"));
  const std::string npmrc = "npm warn config //registry.npmjs.org/:_authToken=%env.NPM_TOKEN% is not expanded";
  CHECK(redaction_keeps(npmrc, "_authToken=%env.NPM_TOKEN%"));
  CHECK(redaction_removes("//registry.npmjs.org/:_authToken=npm_a9Zq2Lm8Xw4Rt7Yp1Vn6Bk3Hs9Dc5Fg0Jq7Lw",
                          "npm_a9Zq2Lm8Xw4Rt7Yp1Vn6Bk3Hs9Dc5Fg0Jq7Lw"));
}

TEST_CASE("a password or token named in a few words before its value, in English or another language") {
  const std::string italian = "INFO conftest:conftest.py:12 password del database di test: 389c4b0db2cdfd4aa1d346262abbb778\n";
  CHECK(redaction_removes(italian, "389c4b0db2cdfd4aa1d346262abbb778"));
  CHECK(redaction_removes("DEBUG pagos.config: contraseña del panel de administración: Mx4#Tz9qLw2!Rb7p\n", "Mx4#Tz9qLw2!Rb7p"));
  CHECK(redaction_removes("Jeton d'authentification Twilio : 17646a6046d1e82a44aefdefe40e0af9 (région=ie1)",
                          "17646a6046d1e82a44aefdefe40e0af9"));
  CHECK(redaction_removes("ConfigurationSmtp{hote='smtp.exemple.fr', motDePasse='RhDXR!2c_g6EeagL1c_b', tls=true}",
                          "RhDXR!2c_g6EeagL1c_b"));
  // Words where a value would be, or a value no generator made, stay.
  CHECK(redaction_keeps("the token for this job expired at: 2024-03-13T08:14:02Z\n", "2024-03-13T08:14:02Z"));
  CHECK(redaction_keeps("Password for 'https://ci-bot@git.example.org': \n", "https://ci-bot@git.example.org"));
  CHECK(redaction_keeps("token budget for model gpt-4o: 128000 tokens\n", "128000 tokens"));
}

TEST_CASE("a routing key under a prefixed name, reqwest's Sensitive and a printf format are handled") {
  CHECK(redaction_removes("E   'pagerduty_routing_key': 'de12e8af0cae686661f8d7af1c40c799',", "de12e8af0cae686661f8d7af1c40c799"));
  CHECK(redaction_keeps("celery_routing_key='orders.created'", "orders.created"));
  CHECK(redaction_keeps(R"(headers: {"authorization": Sensitive, "accept": "*/*"})", "\"authorization\": Sensitive"));
  const std::string printf_line = "RUN printf '//registry.npmjs.org/:_authToken=%s\\nalways-auth=true\\n' "
                                  "npm_dN1KbH0CbitI8jRYeJCqYslzDohoJ3wod3iz > .npmrc";
  CHECK(redaction_keeps(printf_line, "always-auth=true"));
  CHECK(redaction_removes(printf_line, "npm_dN1KbH0CbitI8jRYeJCqYslzDohoJ3wod3iz"));
}
