// Leak and loss classes read from held-out secrets sets 70 (payments, commerce and messaging
// APIs), 71 (shells, terminals and wrapped output), 73 (identity, auth and crypto material), 74-75
// (package managers, test frameworks), 76 (web frameworks' debug output), 77 (encodings), 78
// (other languages, mobile and IoT tooling), 79 (data engineering tooling), 80 (version control
// tooling) and 81 (fixtures, seed data and load tests),
// written blind. Values here are made up.
#include <doctest/doctest.h>

#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("Braintree's access token is a secret wherever it is printed") {
  const std::string inspect = R"(#<Braintree::Gateway oauth: access_token="access_token$production$uofd9qxw8f9icq1u$0295bb6af7fb2911f311e9007d043481">)";
  CHECK(redaction_removes(inspect, "0295bb6af7fb2911f311e9007d043481"));
  CHECK(redaction_removes("BT_TOKEN=access_token$sandbox$7xk2pq9m$8f14e45fceea167a5a36dedd4bea2543", "access_token$sandbox$7xk2pq9m$8f14e45fceea167a5a36dedd4bea2543"));
  // The merchant's public id alone is no token.
  CHECK(redaction_keeps("merchant_id=uofd9qxw8f9icq1u environment=production", "merchant_id=uofd9qxw8f9icq1u"));
}

TEST_CASE("a Slack webhook's secret goes when its URL is URL-encoded or written Apprise's way") {
  const std::string form = "incoming_webhook_url=https%3A%2F%2Fhooks.slack.com%2Fservices%2F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&channel_id=C06BVT1Q8HZ";
  CHECK(redaction_removes(form, "gdqhR0Uayjb0Ege5WbxnlxCo"));
  CHECK(redaction_keeps(form, "channel_id=C06BVT1Q8HZ"));
  const std::string apprise = "DEBUG - Loaded URL: slack://T0CYFRZLZ93/B0BP5KB3XAP/C2jHku2fYQeuZSvdiMOBUt7H/#ci-alerts";
  CHECK(redaction_removes(apprise, "C2jHku2fYQeuZSvdiMOBUt7H"));
  CHECK(redaction_keeps(apprise, "#ci-alerts"));
  CHECK(redaction_removes("slack://ci-bot@T0CYFRZLZ93/B0BP5KB3XAP/Xq7Lm2Wx9Rt4Yp1Vn6Bk3Hs9", "Xq7Lm2Wx9Rt4Yp1Vn6Bk3Hs9"));
}

TEST_CASE("a Discord webhook keeps its id readable and loses its token") {
  const std::string request = "POST https://discord.com/api/webhooks/1162103353282890365/-37xzEfKQNcPrYdR7q4Z5WREi_5NW5VUjTR7DvPBgVdlpJNtWNi3gWx4ZuX2mtjLJl4b?wait=true";
  CHECK(redaction_removes(request, "-37xzEfKQNcPrYdR7q4Z5WREi_5NW5VUjTR7DvPBgVdlpJNtWNi3gWx4ZuX2mtjLJl4b"));
  CHECK(redaction_keeps(request, "webhooks/1162103353282890365/"));
  CHECK(redaction_keeps(request, "?wait=true"));
}

TEST_CASE("a form body's password field ends at the next field, and an encoded stand-in is kept") {
  const std::string body = "name=mg.acme-billing.com&smtp_password=%28sensitive%29&spam_action=disabled&wildcard=false";
  CHECK(redaction_keeps(body, "smtp_password=%28sensitive%29"));
  CHECK(redaction_keeps(body, "&spam_action=disabled&wildcard=false"));
  const std::string real = "name=mg.acme-billing.com&smtp_password=Qv7Lm2Wx9Rt4&spam_action=disabled";
  CHECK(redaction_removes(real, "Qv7Lm2Wx9Rt4"));
  CHECK(redaction_keeps(real, "&spam_action=disabled"));
  CHECK(redaction_keeps("password=%3Cyour-password%3E", "%3Cyour-password%3E"));
}

TEST_CASE("a quoted password holding an escaped quote is removed whole") {
  const std::string json = R"(  "Password": "q7\"Lm#2vR!x9$Tz",)";
  CHECK(redaction_removes(json, "q7"));
  CHECK(redaction_removes(json, "Lm#2vR!x9$Tz"));
  CHECK(redaction_removes(R"({"client_secret": "ab\\cd\"ef12345"})", "ef12345"));
  // A message about a password with escaped quotes in it names no value.
  CHECK(redaction_keeps(R"(error: \"password\" is required)", "is required"));
}

TEST_CASE("a vendor token base64-encoded in a Kubernetes Secret is found by its encoded prefix") {
  const std::string secret = "data:\n  DB_USER: cGF5bWVudHM=\n  STRIPE_KEY: c2tfdGVzdF81MUhiUXo4TG0yV3g0UnQ3WXAxVm42QmszSHM5RGo1RmcwUWEyV3MzRWQ0UmY=\n  GH_TOKEN: Z2hwX1F6OExtMld4NFJ0N1lwMVZuNkJrM0hzOURqNUZnMFFhMldzMw==\n  CONFIG: eyJyZXBsaWNhcyI6IDMsICJyZWdpb24iOiAiZXUtd2VzdC0xIiwgInJldHJpZXMiOiA1fQ==\n";
  CHECK(redaction_removes(secret, "c2tfdGVzdF81MUhiUXo4TG0yV3g0UnQ3WXAxVm42QmszSHM5RGo1RmcwUWEyV3MzRWQ0UmY="));
  CHECK(redaction_removes(secret, "Z2hwX1F6OExtMld4NFJ0N1lwMVZuNkJrM0hzOURqNUZnMFFhMldzMw=="));
  // Base64 of a configuration, or of a user name, stays.
  CHECK(redaction_keeps(secret, "eyJyZXBsaWNhcyI6IDMsICJyZWdpb24iOiAiZXUtd2VzdC0xIiwgInJldHJpZXMiOiA1fQ=="));
  CHECK(redaction_keeps(secret, "DB_USER: cGF5bWVudHM="));
}

TEST_CASE("CMake's traced set() of a secret-named variable, a PagerDuty key under a longer name and a Jenkins crumb") {
  const std::string trace = "/builds/fw/sdk/cmake/FetchDeps.cmake(13):  set(ENV{CONAN_PASSWORD} cnP-edlxgFVvMIThxUP1 )\n"
                            "/builds/fw/sdk/cmake/FetchDeps.cmake(14):  set(CMAKE_BUILD_TYPE Release )\n";
  CHECK(redaction_removes(trace, "cnP-edlxgFVvMIThxUP1"));
  CHECK(redaction_keeps(trace, "set(CMAKE_BUILD_TYPE Release )"));
  CHECK(redaction_removes("set(API_TOKEN \"Qz8Lm2Wx4Rt7Yp1Vn6\" CACHE STRING \"\")", "Qz8Lm2Wx4Rt7Yp1Vn6"));
  const std::string helm = "    --set alerts.pagerdutyRoutingKey=479271d1fa075780ae23a07813f300b0 \\";
  CHECK(redaction_removes(helm, "479271d1fa075780ae23a07813f300b0"));
  // AMQP's routing keys are words, not keys.
  CHECK(redaction_keeps("publish exchange=orders routing_key=orders.created", "routing_key=orders.created"));
  const std::string crumb = "> Jenkins-Crumb: b4314d7b0ed66d184ff6c92e0be86fa62603f62b03413dd2959209da4fdf8a60";
  CHECK(redaction_removes(crumb, "b4314d7b0ed66d184ff6c92e0be86fa62603f62b03413dd2959209da4fdf8a60"));
}

TEST_CASE("a JWK's private members printed by util.inspect one to a line are secrets, its public ones stay") {
  const std::string jwk = "    {\n      kty: 'RSA',\n      n: 'u1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0_IzW7yWR7QkrmBL7jTKEn5u-qKhbwKfBstIs-bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW_VDL5AaWTg0nLVkjRo9z-40RQzuVaE8AkAFmxZzow3x-VJYKdjykkJ0iT9wCS0DRTXu269V264Vf_3jvredZiKRkgwlL9xNAwxXFg0x_XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC-9aGVd-Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmw',\n      e: 'AQAB',\n"
                          "      d: 'GRtbIQmhOZtyszfgKdg4u_N-R_mZGU_9k7JQ_jn1DnfTuMdSNprTeaSTyWfSNkuaAwnOEbIQVy1IQbWVV25NY3ybc_IhUJtfri7bAXYEReWaCl3hdlPKXy9UvqPYGR0kIXTQRqns-dVJ7jahlI7LyckrpTmrM8dWBo4_PMaenNnPiQgO0xnuToxutRZJfJvG4Ox4ka3GORQd9CsCZ2vsUDmsXOfUENOyMqADC6p1M3h33tsurY15k9qMSpG9OX_IJAXmxzAh_tWiZOwk2K4yxH9tS3Lq1yX8C1EWmeRDkK2ahecG85-oLKQt5VEpWHKmjOi_gJSdSgqcN96X52esAQ',\n"
                          "      dp: 'KkMTWqBUefVwZ2_Dbj1pPQqyHSHjj90L5x_MOzqYAJMcLMZtbUtwKqvVDq3tbEo3ZIcohbDtt6SbfmWzggabpQxNxuBpoOOf_a_HgMXK_lhqigI4y_kqS1wY52IwjUn5rgRrJ-yYo1h41KR-vz2pYhEAeYrhttWtxVqLCRViD6c',\n    }\n";
  CHECK(redaction_removes(jwk, "GRtbIQmhOZtyszfgKdg4u_N-R_mZGU_9k7JQ_jn1DnfTuMdSNprTeaSTyWfSNkuaAwnOEbIQVy1IQbWVV25NY3ybc"));
  CHECK(redaction_removes(jwk, "KkMTWqBUefVwZ2_Dbj1pPQqyHSHjj90L5x_MOzqYAJMcLMZtbUtwKqvVDq3tbEo3ZIcohbDtt6SbfmWzggabpQ"));
  CHECK(redaction_keeps(jwk, "e: 'AQAB'"));
  CHECK(redaction_keeps(jwk, "u1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0_IzW7yWR7QkrmBL7jTKEn5u"));
}

TEST_CASE("OpenSSL's pass: arguments, an NSS key log's secrets and a SAML response are secrets") {
  const std::string pkcs12 = "+ openssl pkcs12 -export -inkey tls.key -in tls.crt -passin 'pass:Qv7Lm2Wx9Rt4Yp' -passout pass:Zq8Lm2Wx4Rt7 -out a.p12";
  CHECK(redaction_removes(pkcs12, "Qv7Lm2Wx9Rt4Yp"));
  CHECK(redaction_removes(pkcs12, "Zq8Lm2Wx4Rt7"));
  CHECK(redaction_keeps("openssl rsa -in k.pem -passin env:KEY_PASSPHRASE -out plain.pem", "env:KEY_PASSPHRASE"));
  const std::string client_random = "5f1a6e3c9b0d27f4a8c1e6b3d09f7a2c5e8b1d4f7a0c3e6b9d2f5a8c1e4b7d0a";
  const std::string secret = "b6d2a9f4c1e8073d5a2f9c6e1b8d4a7f0c3e9b6d2a5f8c1e4b7d0a3f6c9e2b5d8a1f4c7e0b3d6a9f2c5e8b1d4a7f0c";
  const std::string keylog = "CLIENT_TRAFFIC_SECRET_0 " + client_random + " " + secret + "\n";
  CHECK(redaction_removes(keylog, secret));
  CHECK(redaction_keeps(keylog, client_random));
  // A password hash alone is kept, as network configurations print them (held-out sets 24 and 36
  // list "secret 5 $1$.." and a pfSense "$2y$10$.." as keep strings); under a password's name
  // (Django's dumpdata) the name decides.
  CHECK(redaction_keeps("expected {\"hash\": \"$2b$12$6LFj5nzQqMVLNHOglh9/p8qQtPs1JhHQHU0c9Mip1rTq0qNNvWXvS\"}",
                        "$2b$12$6LFj5nzQqMVLNHOglh9/p8qQtPs1JhHQHU0c9Mip1rTq0qNNvWXvS"));
  CHECK(redaction_removes("{\"password\": \"pbkdf2_sha256$720000$jAYURnvHw44SOfxbPXeHtl$QMCriQuyp1nNYSqOzdEBtZq06G=\"}",
                          "QMCriQuyp1nNYSqOzdEBtZq06G="));
  const std::string form = "request.form = ImmutableMultiDict([('SAMLResponse', 'PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wi'), ('RelayState', '/dashboard')])";
  CHECK(redaction_removes(form, "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wi"));
  CHECK(redaction_keeps(form, "('RelayState', '/dashboard')"));
}

TEST_CASE("git's signing key id, jwt.io's sample secret and a request id after a token's name are kept") {
  const std::string tag = "+ git -c user.signingkey=4B0056DD6ACA7384 tag -s v4.2.0 -m 'v4.2.0'\n"
                          "[GNUPG:] KEY_CONSIDERED 4A76A319E84C3239946AEDD64B0056DD6ACA7384 2\n";
  CHECK(redaction_keeps(tag, "user.signingkey=4B0056DD6ACA7384"));
  CHECK(redaction_keeps(tag, "4A76A319E84C3239946AEDD64B0056DD6ACA7384"));
  // A signing key's own value under another spelling stays secret.
  CHECK(redaction_removes("SIGNING_KEY=9f86d081884c7d659a2feaa0c55ad015", "9f86d081884c7d659a2feaa0c55ad015"));
  CHECK(redaction_keeps("  JWT_SECRET=your-256-bit-secret", "your-256-bit-secret"));
  const std::string okta = "WARNING client.py:97 token endpoint returned 400 (X-Okta-Request-Id: 82VWccVQt9sLPTyYsA2DswXtqaw)";
  CHECK(redaction_keeps(okta, "82VWccVQt9sLPTyYsA2DswXtqaw)"));
  CHECK(redaction_removes("token de acceso: Qz8Lm2Wx4Rt7Yp1Vn6Bk3Hs9", "Qz8Lm2Wx4Rt7Yp1Vn6Bk3Hs9"));
}

TEST_CASE("a Java keystore base64-encoded is a secret, a key file's path is not") {
  const std::string keystore = "/u3+7QAAAAIAAAABAAAAAQAGdXBsb2FkAAABhZxmpdmhvR/3zFvGwDygcGMvEg32quBVLky4ARa4Sn3HP6y8z22oYSHV8zHxD5a4K9n6lt8YLysgqkitZ2eh";
  CHECK(redaction_removes("+ echo " + keystore + " | base64 -d > app/release.jks", keystore));
  CHECK(redaction_keeps("+ echo " + keystore + " | base64 -d > app/release.jks", "> app/release.jks"));
  // A path to a key file names where the key is ("AuthKey_<id>.p8", a ".p12"), not the key.
  const std::string env = "APPLE_API_KEY=/Users/distiller/private_keys/AuthKey_4J4LANKNKL.p8\n";
  CHECK(redaction_keeps(env, "/Users/distiller/private_keys/AuthKey_4J4LANKNKL.p8"));
  CHECK(redaction_keeps("CSC_KEY_FILE=/tmp/certs/developer-id.p12", "/tmp/certs/developer-id.p12"));
}

TEST_CASE("the JDK's default keystore password is kept after a list's comma, a real one beside it is not") {
  const std::string args = "Test JVM arguments: [-Djavax.net.ssl.keyStorePassword=FzrVdQIPcUnWz7, "
                           "-Djavax.net.ssl.trustStorePassword=changeit, -Dfile.encoding=UTF-8]";
  CHECK(redaction_removes(args, "FzrVdQIPcUnWz7"));
  CHECK(redaction_keeps(args, "trustStorePassword=changeit"));
  CHECK(redaction_keeps(args, "-Dfile.encoding=UTF-8"));
}

// Sets 74 (package managers and build tools) and 75 (test frameworks' own failure output).
TEST_CASE("Conan's per-remote password, a hex key after --key and a Sanctum bearer token are secrets") {
  CHECK(redaction_removes("CONAN_PASSWORD_MIRROR=CcuFN!63D*MD6te8", "CcuFN!63D*MD6te8"));
  CHECK(redaction_removes("export CONAN_LOGIN_PASSWORD_ARTIFACTORY='Qv7Lm2Wx9Rt4'", "Qv7Lm2Wx9Rt4"));
  const std::string hex = "+ mix hex.organization auth acme --key a59f3ca910eb9c39a4bf46c1a57b100a";
  CHECK(redaction_removes(hex, "a59f3ca910eb9c39a4bf46c1a57b100a"));
  // A key's file or name after --key stays.
  CHECK(redaction_keeps("cosign verify --key cosign.pub ghcr.io/acme/app:1.2", "--key cosign.pub"));
  CHECK(redaction_keeps("helm upgrade app ./chart --key release-2024", "--key release-2024"));
  CHECK(redaction_removes("> Authorization: Bearer 87|uzDBU44UraCVGAAawV06NMYLaW0h9e3tvkRUWbIj",
                          "uzDBU44UraCVGAAawV06NMYLaW0h9e3tvkRUWbIj"));
}

TEST_CASE("a mock's fixture token behind a vendor prefix or alone is no secret") {
  CHECK(redaction_keeps(R"(    -     "Authorization": "Bearer ghp_TESTTOKEN",)", "ghp_TESTTOKEN"));
  CHECK(redaction_keeps("{'webhook_secret': 'whsec_dummy', 'api_key': 'sk_test_fixture'}", "whsec_dummy"));
  CHECK(redaction_keeps(R"(-{:user_name=>"apikey", :password=>"SG.fake"})", "SG.fake"));
  CHECK(redaction_keeps("{'X-Shopify-Access-Token': 'shpat_TESTING'}", "shpat_TESTING"));
  CHECK(redaction_keeps("AWS_SESSION_TOKEN=testing AWS_DEFAULT_REGION=us-east-1", "AWS_SESSION_TOKEN=testing"));
  CHECK(redaction_keeps(R"(Settings(secret_key="insecure-test-key", debug=True))", "insecure-test-key"));
  CHECK(redaction_keeps("+'Bearer 1|testing-token'", "1|testing-token"));
  // WireMock's Basic auth of test:test.
  CHECK(redaction_keeps("Authorization: Basic dGVzdDp0ZXN0", "dGVzdDp0ZXN0"));
  // A generated value after the same names is still removed.
  CHECK(redaction_removes("AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEPr8Lm2Wx9Rt4Yp1Vn6Bk3Hs", "IQoJb3JpZ2luX2VjEPr8Lm2Wx9Rt4Yp1Vn6Bk3Hs"));
  CHECK(redaction_removes("Authorization: Basic YWRtaW46UXY3TG0yV3g5UnQ0", "YWRtaW46UXY3TG0yV3g5UnQ0"));
}

// Sets 76 (web frameworks' debug output) and 77 (secrets mangled by encodings and transports).
TEST_CASE("a secret-printing generator's output, an unencrypted Data Protection key and a header bag's value are secrets") {
  CHECK(redaction_removes("$ mix phx.gen.secret\nYUz9XMXQNGeGOMuqAtP3aAn+fm2jcayyv7kS0pISejoRhvPXVmSq2288H2B0Ovxm\n",
                          "YUz9XMXQNGeGOMuqAtP3aAn+fm2jcayyv7kS0pISejoRhvPXVmSq2288H2B0Ovxm"));
  CHECK(redaction_removes("$ php artisan key:generate --show\nbase64:Qv7Lm2Wx9Rt4Yp1Vn6Bk3Hs9Qv7Lm2Wx9Rt4Yp1Vn6Bk=\n",
                          "Qv7Lm2Wx9Rt4Yp1Vn6Bk3Hs9Qv7Lm2Wx9Rt4Yp1Vn6Bk="));
  const std::string key_ring = "<masterKey p4:requiresEncryption=\"true\">\n"
                               "  <!-- Warning: the key below is in an unencrypted form. -->\n"
                               "  <value>Qv7Lm2Wx9Rt4Yp1Vn6Bk3Hs9Qv7Lm2Wx9Rt4Yp1Vn6Bk3Hs9Qv7Lm2Wx9Rt4==</value>\n</masterKey>";
  CHECK(redaction_removes(key_ring, "Qv7Lm2Wx9Rt4Yp1Vn6Bk3Hs9Qv7Lm2Wx9Rt4Yp1Vn6Bk3Hs9Qv7Lm2Wx9Rt4=="));
  const std::string headers = "array:3 [\n  \"content-type\" => array:1 [\n    0 => \"application/json\"\n  ]\n"
                              "  \"x-api-key\" => array:1 [\n    0 => \"whk_Qv7Lm2Wx9Rt4Yp1Vn6Bk3Hs9\"\n  ]\n]";
  CHECK(redaction_removes(headers, "whk_Qv7Lm2Wx9Rt4Yp1Vn6Bk3Hs9"));
  CHECK(redaction_keeps(headers, "0 => \"application/json\""));
}

TEST_CASE("a Java map of lists, Symfony Mailer's API DSNs and Django's reset link give their secret up") {
  const std::string form = "Writing [{grant_type=[client_credentials], client_id=[ledger-ci], "
                           "client_secret=[tDAlWRhUjcbt5cOyejmVBwU-084VnTs2jwX4mmC5], scope=[payments.read]}]";
  CHECK(redaction_removes(form, "tDAlWRhUjcbt5cOyejmVBwU-084VnTs2jwX4mmC5"));
  CHECK(redaction_keeps(form, "grant_type=[client_credentials], client_id=[ledger-ci]"));
  CHECK(redaction_keeps("Started POST /login?user=ci&password=[FILTERED]", "password=[FILTERED]"));
  CHECK(redaction_keeps("{Credentials=[PROTECTED], Region=[eu-west-1]}", "Credentials=[PROTECTED]"));
  // A list that ends its line, not the text, is read the same.
  CHECK(redaction_removes("client_secret=[tDAlWRhUjcbt5cOyejmVBwU-084VnTs2jwX4mmC5]\nnext line", "tDAlWRhUjcbt5cOyejmVBwU-084VnTs2jwX4mmC5"));
  CHECK(redaction_removes("MAILER_DSN=postmark+api://18833a67-4448-442d-9394-1a86ef00d56b@default",
                          "18833a67-4448-442d-9394-1a86ef00d56b"));
  const std::string mailgun = "MAILER_DSN=mailgun+api://key-3ax6xnjp29jd6fds4gc373sgvjxteol0:mg.example.com@default";
  CHECK(redaction_removes(mailgun, "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"));
  CHECK(redaction_keeps(mailgun, "mg.example.com@default"));
  // An SMTP transport's user is a login name, and Symfony's documented stand-in stays.
  CHECK(redaction_keeps("MAILER_DSN=smtp://mailer@smtp.example.com:25", "smtp://mailer@smtp.example.com"));
  CHECK(redaction_keeps("MAILER_DSN=sendgrid+api://YOUR_API_KEY@default", "sendgrid+api://YOUR_API_KEY@default"));
  const std::string mail = "https://portal.acme.test/reset/MTA0Mg/c3x9k2-be715282587e21cbcb665b51c0967f7d/";
  CHECK(redaction_removes(mail, "c3x9k2-be715282587e21cbcb665b51c0967f7d"));
  CHECK(redaction_keeps("https://portal.acme.test/reset/MTA0Mg/set-password/", "/reset/MTA0Mg/set-password/"));
}

TEST_CASE("a signed URL inside a JSON string keeps its parameters apart at an escaped ampersand") {
  const std::string zap = R"({"url":"https://storage.googleapis.com/b/x.csv.gz?X-Goog-Algorithm=GOOG4-RSA-SHA256\u0026)"
                          R"(X-Goog-Signature=e3666f146f928a60d91cbd6ab75dff4983d152423c4c95dc5a810a332adb13f4\u0026X-Goog-SignedHeaders=host"})";
  CHECK(redaction_removes(zap, "e3666f146f928a60d91cbd6ab75dff4983d152423c4c95dc5a810a332adb13f4"));
  CHECK(redaction_keeps(zap, R"(\u0026X-Goog-SignedHeaders=host)"));
}

TEST_CASE("base64 echoed in a set -x trace goes when it decodes to secrets") {
  // base64 of "DATABASE_URL=postgres://api:28hTqpdQ5n7H0E9OhqOD@db:5432/api\n".
  const std::string trace = "$ echo \"$DOTENV_B64\" | base64 -d > .env\n"
                            "+ echo REFUQUJBU0VfVVJMPXBvc3RncmVzOi8vYXBpOjI4aFRxcGRRNW43SDBFOU9ocU9EQGRiOjU0MzIvYXBpCg==\n+ base64 -d\n";
  CHECK(redaction_removes(trace, "REFUQUJBU0VfVVJMPXBvc3RncmVzOi8vYXBpOjI4aFRxcGRRNW43SDBFOU9ocU9EQGRiOjU0MzIvYXBpCg=="));
  // base64 of "LOG_LEVEL=debug\nFEATURE_X=on\n": no secret in it.
  CHECK(redaction_keeps("+ echo TE9HX0xFVkVMPWRlYnVnCkZFQVRVUkVfWD1vbgo=\n", "TE9HX0xFVkVMPWRlYnVnCkZFQVRVUkVfWD1vbgo="));
}

TEST_CASE("a pip pin or a comparison after a secret-like name is no secret") {
  CHECK(redaction_keeps("ERROR: No matching distribution found for acme-internal-auth==3.2.0", "acme-internal-auth==3.2.0"));
  CHECK(redaction_keeps("assert session_token == expected_token", "session_token == expected_token"));
  CHECK(redaction_removes("'password' => 'Qv7Lm2Wx9Rt4'", "Qv7Lm2Wx9Rt4"));
}

TEST_CASE("Espressif's AT commands, Android instrumentation arguments and ESP-IDF's pswd carry passwords") {
  const std::string at = "AT+CWJAP=\"ChinaNet-9F3K\",\"Jiayou@8866\"\r\nOK\r\n"
                         "AT+MQTTUSERCFG=0,1,\"meter-204\",\"meter_user\",\"mq_Qv7Lm2Wx9Rt4\",0,0,\"\"";
  CHECK(redaction_removes(at, "Jiayou@8866"));
  CHECK(redaction_removes(at, "mq_Qv7Lm2Wx9Rt4"));
  CHECK(redaction_keeps(at, "\"ChinaNet-9F3K\""));
  CHECK(redaction_keeps(at, "\"meter_user\""));
  const std::string instrument = "+ adb shell am instrument -w -e class 'fr.app.LoginTest' -e user qa_07 "
                                 "-e motDePasse 'Tr0ub4dor&3x-Lyon' fr.app.test/androidx.test.runner.AndroidJUnitRunner";
  CHECK(redaction_removes(instrument, "Tr0ub4dor&3x-Lyon"));
  CHECK(redaction_keeps(instrument, "-e user qa_07"));
  CHECK(redaction_removes("sta.pswd : b'Tortuga_Azul_88\\x00'", "Tortuga_Azul_88"));
}

TEST_CASE("data tools' keys go, a secrets backend's path and a workspace host stay") {
  CHECK(redaction_removes("+ prefect cloud login --key pnu_j207895wVZtqgMVeHWVozFBzoFV1PnS6OfJv --workspace acme/data",
                          "pnu_j207895wVZtqgMVeHWVozFBzoFV1PnS6OfJv"));
  CHECK(redaction_removes(R"(----> 4 wandb.login(key="e566388c5d8fa69c97f493d31126a8cddbf15c75", host="https://wandb.acme.io"))",
                          "e566388c5d8fa69c97f493d31126a8cddbf15c75"));
  CHECK(redaction_keeps("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_SECRET=airflow/sql_alchemy_conn", "airflow/sql_alchemy_conn"));
  CHECK(redaction_removes("AIRFLOW__CORE__FERNET_KEY=Qv7Lm2Wx9Rt4Yp1Vn6Bk3Hs9Qv7Lm2Wx9Rt4Yp1Vn6Bk=", "Qv7Lm2Wx9Rt4Yp1Vn6Bk3Hs9Qv7Lm2Wx9Rt4Yp1Vn6Bk="));
  CHECK(redaction_keeps("DATABRICKS_HOST=https://adb-3318842207761145.5.azuredatabricks.net", "adb-3318842207761145.5"));
  // A card number is still one in prose.
  CHECK(redaction_removes("charged card 4556 7375 8689 9855 twice", "4556 7375 8689 9855"));
}

TEST_CASE("a switch flag's next word, an Authorization scheme and OpenPGP ciphertext are no secrets") {
  const std::string log = "$ git log -1 --show-signature 9d03052959dfdfc9b7a4d5d76b3d14f89e517e7d";
  CHECK(redaction_keeps(log, "9d03052959dfdfc9b7a4d5d76b3d14f89e517e7d"));
  CHECK(redaction_removes("$ deploy --admin-password Qv7Lm2Wx9Rt4", "Qv7Lm2Wx9Rt4"));
  CHECK(redaction_keeps("> Authorization: RemoteAuth * * * * *", "RemoteAuth"));
  const std::string lfs = R"({"header":{"Authorization":"RemoteAuth eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlMTIzNDU2"}})";
  CHECK(redaction_keeps(lfs, "RemoteAuth"));
  CHECK(redaction_removes(lfs, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlMTIzNDU2"));
  const std::string pgp = "wcFMA/xDdHCJBTolAQ/yhn1lYCkLuvpT/Cjq129glrKTm//v8PPC12LSEYCpIYQNcrRIhiDCRAlSDIeA1r1+K+enP199LiZ+DwK3ZPtn38QHr5Tuqx7bD0ejrL3/Zkv4eWxY==";
  CHECK(redaction_keeps("  \"encrypted\": { \"npmToken\": \"" + pgp + "\" }", pgp));
}

TEST_CASE("a .npmrc inside a JSON string and a password holding a slash lose only the secret") {
  const std::string npmrc = R"("npmrc": "//npm.pkg.github.com/:_authToken=Qv7Lm2Wx9Rt4Yp1Vn6Bk3Hs9\n@acme:registry=https://npm.pkg.github.com/\n")";
  CHECK(redaction_removes(npmrc, "Qv7Lm2Wx9Rt4Yp1Vn6Bk3Hs9"));
  CHECK(redaction_keeps(npmrc, "@acme:registry=https://npm.pkg.github.com/"));
  const std::string remote = "origin\thttps://ci-at-481273650912:azVzF+fgRfwQNa4dRRqM/piO6NoAD+kut4FeRmEun4FL@git-codecommit.eu-west-1.amazonaws.com/v1/repos/shop (fetch)";
  CHECK(redaction_removes(remote, "azVzF+fgRfwQNa4dRRqM/piO6NoAD+kut4FeRmEun4FL"));
  CHECK(redaction_keeps(remote, "@git-codecommit.eu-west-1.amazonaws.com/v1/repos/shop"));
  // A port then a path to an npm scope is no login.
  CHECK(redaction_keeps("GET http://localhost:4873/@acme%2fpkg 404", "localhost:4873/@acme%2fpkg"));
}

TEST_CASE("Django REST framework's tokens are secrets, documented and self-named stand-ins are not") {
  CHECK(redaction_removes("Generated token b44ff4315d2b513b7c538e03092311e2d7cc9c01 for user ci-admin",
                          "b44ff4315d2b513b7c538e03092311e2d7cc9c01"));
  CHECK(redaction_removes("Could not load authtoken.Token(pk=ec12371765653dd74c5177a6dfd0744fa9e28776): duplicate key",
                          "ec12371765653dd74c5177a6dfd0744fa9e28776"));
  CHECK(redaction_removes(R"({"model": "authtoken.token", "pk": "ec12371765653dd74c5177a6dfd0744fa9e28776", "fields": {"user": 17}})",
                          "ec12371765653dd74c5177a6dfd0744fa9e28776"));
  CHECK(redaction_keeps(R"(token: <%= ENV.fetch("GITHUB_FIXTURE_TOKEN", "ghp_placeholder") %>)", "ghp_placeholder"));
  CHECK(redaction_keeps("STRIPE_SECRET_KEY=sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk_test_4eC39HqLyjWDarjtT1zdp7dc"));
  CHECK(redaction_removes("STRIPE_SECRET_KEY=sk_test_51HqLyjWDarjtT1zdp7dcQv7Lm2Wx9Rt4", "sk_test_51HqLyjWDarjtT1zdp7dcQv7Lm2Wx9Rt4"));
}

TEST_CASE("a Cloud Storage HMAC access id and a long echoed registry password are secrets, paths are not") {
  const std::string hmac = "  accessId: GOOG1E5K1A8W2OIPWRXN2YOHM3VUK0A10FHUVZJQII25ON0CC3WF5TXXH4KDK";
  CHECK(redaction_removes(hmac, "GOOG1E5K1A8W2OIPWRXN2YOHM3VUK0A10FHUVZJQII25ON0CC3WF5TXXH4KDK"));
  CHECK(redaction_keeps("bucket gs://goog1-artifacts/GOOG1.txt", "GOOG1.txt"));
  // An ECR login password is about 2 KB: found again on the line that assigned it.
  std::string password = "eyJwYXlsb2FkIjoi";
  while (password.size() < 1800) password += "Qv7Lm2Wx9Rt4Yp1Vn6Bk3Hs9";
  const std::string trace = "+ PASS=" + password + "\n+ docker login --username AWS --password " + password + " 6041.dkr.ecr.us-east-1.amazonaws.com";
  CHECK(redaction_removes(trace, password));
  CHECK(redaction_keeps(trace, "6041.dkr.ecr.us-east-1.amazonaws.com"));
  // A secret-named key whose value is the file the secret is in.
  CHECK(redaction_keeps(R"(expected: "SharedConfigCredentials: /home/runner/.aws/credentials")", "/home/runner/.aws/credentials"));
  CHECK(redaction_keeps("password: /run/secrets/db_password", "/run/secrets/db_password"));
  CHECK(redaction_removes("password: /Qv7Lm2Wx/9Rt4Yp1Vn", "/Qv7Lm2Wx/9Rt4Yp1Vn"));
}

TEST_CASE("Redis' configured passwords, ACL rules and RESP3 handshake are secrets, a URL after -u is not") {
  CHECK(redaction_removes("requirepass Ty6hB3nQw8ZcK1xM\nmasterauth Ty6hB3nQw8ZcK1xM", "Ty6hB3nQw8ZcK1xM"));
  CHECK(redaction_keeps("# requirepass foobared", "foobared"));
  CHECK(redaction_keeps("requirepass is not set", "is not set"));
  const std::string acl = "user ci-app on >Gm4vR9kXp2Wd7LsJ ~cache:* +@read";
  CHECK(redaction_removes(acl, "Gm4vR9kXp2Wd7LsJ"));
  CHECK(redaction_keeps(acl, "~cache:* +@read"));
  CHECK(redaction_keeps("user ci on #9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 ~*", "#9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
  const std::string monitor = R"(1717517402.118391 [0 172.19.0.7:53422] "HELLO" "3" "AUTH" "queue-worker" "Jd4rW8zPq2Kx6VnL" "SETNAME" "worker-3")";
  CHECK(redaction_removes(monitor, "Jd4rW8zPq2Kx6VnL"));
  CHECK(redaction_keeps(monitor, R"("SETNAME" "worker-3")"));
  CHECK(redaction_removes(R"({"routing_key":"R02F7KQ9ZX4M1TNB8HCV6WYPJL3D5SA","event_action":"trigger"})", "R02F7KQ9ZX4M1TNB8HCV6WYPJL3D5SA"));
  CHECK(redaction_keeps("routing_key='ROUTING_KEY_ORDERS'", "ROUTING_KEY_ORDERS"));
  const std::string marker = "$ honeymarker -d ci add -u https://github.com/acme/ledger/actions/runs/9934117721";
  CHECK(redaction_keeps(marker, "https://github.com/acme/ledger/actions/runs/9934117721"));
  CHECK(redaction_removes("curl -u admin:S3cr3tPw9 https://x", "S3cr3tPw9"));
}

TEST_CASE("Weaviate's allowed keys and a salt key are secrets, a vendor prefix before a bracketed stand-in is not") {
  CHECK(redaction_removes("  AUTHENTICATION_APIKEY_ALLOWED_KEYS: Xd0JzxEntQ5BYjrlGXaYooToh6PZ4cdA", "Xd0JzxEntQ5BYjrlGXaYooToh6PZ4cdA"));
  CHECK(redaction_removes("  LITELLM_SALT_KEY: 5wUnYILJ7KtJo0c17XudhMp34PvbnMbR", "5wUnYILJ7KtJo0c17XudhMp34PvbnMbR"));
  CHECK(redaction_keeps(R"(api_token: "ATATT<your-api-token>")", "ATATT<your-api-token>"));
  CHECK(redaction_keeps("token=ghp_<token>", "ghp_<token>"));
  CHECK(redaction_removes(R"(api_token: "ATATT3xFfGF0Qv7Lm2Wx9Rt4Yp1Vn6Bk")", "ATATT3xFfGF0Qv7Lm2Wx9Rt4Yp1Vn6Bk"));
}

TEST_CASE("OpenSSL's text form of a private key and a BIP32 extended private key are secrets, the public halves and Stripe's Checkout Session ids are not") {
  const std::string ec_text =
      "Private-Key: (256 bit)\npriv:\n    33:7a:a8:5e:e8:39:7e:2a:f7:10:2f:a3:ec:d7:a3:\n    f3:60\n"
      "pub:\n    04:c6:d6:52:2b:15:07:f7:cd:bd:55:d8:9e:1b:3f:\nASN1 OID: prime256v1";
  CHECK(redaction_removes(ec_text, "33:7a:a8:5e:e8:39:7e:2a:f7:10:2f:a3:ec:d7:a3:"));
  CHECK(redaction_removes(ec_text, "f3:60"));
  CHECK(redaction_keeps(ec_text, "04:c6:d6:52:2b:15:07:f7:cd:bd:55:d8:9e:1b:3f:"));
  CHECK(redaction_keeps(ec_text, "ASN1 OID: prime256v1"));
  const std::string rsa_text = "modulus:\n    00:c3:5e:9a\npublicExponent: 65537 (0x10001)\nprivateExponent:\n    4f:21:0b:9c\nprime1:\n    00:f1:7d";
  CHECK(redaction_keeps(rsa_text, "00:c3:5e:9a"));
  CHECK(redaction_removes(rsa_text, "4f:21:0b:9c"));
  CHECK(redaction_removes(rsa_text, "00:f1:7d"));
  // The label with prose after it, or no indented hex under it, is not a key.
  CHECK(redaction_keeps("coefficient:\nthe fit converged", "the fit converged"));
  CHECK(redaction_keeps("exponent1: 65537\n    deadbeef", "deadbeef"));
  // The same block inside a JSON string (a test's captured output).
  CHECK(redaction_removes(R"({"out":"Private-Key: (256 bit)\npriv:\n    33:7a:a8:5e\n    f3:60\npub:"})", "33:7a:a8:5e"));
  const std::string xprv =
      "xprv9s21ZrQH143K7TUCsyUuwYgeTJQLgveg5zjQ8o9XRaYXjGnQwUj4GTTc7sMpTx6JeLtWv89D38tUqsQnKYwQGQjj3KtUg3pi21Zv4346ufW";
  const std::string xpub =
      "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8";
  CHECK(redaction_removes("root key: " + xprv + " (m)", xprv));
  CHECK(redaction_keeps("account xpub: " + xpub, xpub));
  const std::string checkout = "reconcile order=ORD-2024-0051873 session=cs_live_a1NW1SQZRk3v2XrxExDnHxpTFwjv55Hzh7q6ffP7ZsTLFV8pwH98mqHcww";
  CHECK(redaction_keeps(checkout, "cs_live_a1NW1SQZRk3v2XrxExDnHxpTFwjv55Hzh7q6ffP7ZsTLFV8pwH98mqHcww"));
  CHECK(redaction_removes("key=shop_live_Qv7Lm2Wx9Rt4Yp1Vn6Bk3Hs9Tz2Jd8Fw", "shop_live_Qv7Lm2Wx9Rt4Yp1Vn6Bk3Hs9Tz2Jd8Fw"));
}

TEST_CASE("an encrypted JWT, a bare pass key's generated value, a full-width colon and R's str() name secrets") {
  const std::string jwe =
      "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..7pkn84dtZnR0IvbHbbp-Oe.4KP28_r0C_8ELVWPdJkQukKwzzRx3Rjn2hheZ0j2H9GMtWwB.epV0jTe6luxkuU3fDlyG2l";
  CHECK(redaction_removes("  value: " + jwe, jwe));
  // Three segments of base64url with dots are a version or a file name's parts, not a JWE.
  CHECK(redaction_keeps("eyJhbGciOiJIUzI1NiJ9 is the header", "eyJhbGciOiJIUzI1NiJ9 is the header"));
  CHECK(redaction_removes("auth: { user: 'AKIAX', pass: 'BzfN74Pcbx7U69HVa8ssSbTHh/V/WY4jGmh6AfT9veXq' }",
                          "BzfN74Pcbx7U69HVa8ssSbTHh/V/WY4jGmh6AfT9veXq"));
  CHECK(redaction_removes(R"(  "pass" => "Xk9@rT2!w$qLm",)", "Xk9@rT2!w$qLm"));
  CHECK(redaction_keeps("{pass: 'yes', fail: 'no'}", "{pass: 'yes', fail: 'no'}"));
  CHECK(redaction_keeps("PASS: test-suite.log", "PASS: test-suite.log"));
  CHECK(redaction_keeps("bypass: 'Qv7Lm2Wx9Rt4Yp'", "Qv7Lm2Wx9Rt4Yp"));
  const std::string aliyun = "  AccessKey ID\xef\xbc\x9aLTAI5thSAfbopU4IoG1Yimwy\n  AccessKey Secret\xef\xbc\x9a" "09bRqUCQLsQb3glVTZ5q1fxHDuY6Du";
  CHECK(redaction_removes(aliyun, "09bRqUCQLsQb3glVTZ5q1fxHDuY6Du"));
  CHECK(redaction_removes("  \xd0\xa1\xd0\xb5\xd0\xba\xd1\x80\xd0\xb5\xd1\x82\xd0\xbd\xd1\x8b\xd0\xb9 \xd0\xba\xd0\xbb\xd1\x8e\xd1\x87:   YCNLbK2jgvxtqH8fB9xmsTihkfXp8PFnCu4uEMI2",
                          "YCNLbK2jgvxtqH8fB9xmsTihkfXp8PFnCu4uEMI2"));
  const std::string r_list = "List of 2\n $ api_key : chr \"f7oCwF1rCoxGBuZHpJwdchqEtNX8KPzN\"\n $ user    : chr \"reporter\"";
  CHECK(redaction_removes(r_list, "f7oCwF1rCoxGBuZHpJwdchqEtNX8KPzN"));
  CHECK(redaction_keeps(r_list, "$ user    : chr \"reporter\""));
}

TEST_CASE("a Discord webhook's path is a secret where a client logs it apart from its host") {
  const std::string token = "rtp9BE-HHuFzx8LMp65di_mKiELEwOHdmH1O8pRQQnJVvTznKuHtueXeH1nm4MT7Kum6";
  const std::string line = "DEBUG urllib3.connectionpool https://discord.com:443 \"POST /api/webhooks/1238418269384960590/" + token +
                           "?wait=true HTTP/1.1\" 204 0";
  CHECK(redaction_removes(line, token));
  CHECK(redaction_keeps(line, "?wait=true HTTP/1.1"));
  CHECK(redaction_keeps("GET /api/webhooks/12/deliveries HTTP/1.1", "/api/webhooks/12/deliveries"));
}

TEST_CASE("Vault's table rows as Ansible quotes them and a Google app password are secrets, while helm-diff's mask, Ruby interpolation and SealedSecret ciphertext are not") {
  const std::string row = R"(        "secret_key         1jYPb0HMyCX8v/gT35RGOjwBYuR/z90w90gV/gsP",)";
  CHECK(redaction_removes(row, "1jYPb0HMyCX8v/gT35RGOjwBYuR/z90w90gV/gsP"));
  CHECK(redaction_keeps(R"(        "lease_duration     15m",)", "15m"));
  const std::string properties = "but was:<{mail.smtp.port=465, mail.password=whrc dxtq smph ctzb, mail.debug=false}>";
  CHECK(redaction_removes(properties, "whrc dxtq smph ctzb"));
  CHECK(redaction_keeps(properties, "mail.debug=false"));
  CHECK(redaction_keeps("password: none of them", "password: none of them"));
  CHECK(redaction_keeps("+   password: '++++++++ # (32 bytes)'", "'++++++++ # (32 bytes)'"));
  const std::string chef = R"(command "mysql -u root -p'#{node['shop']['root_password']}' -e \"SELECT 1\"")";
  CHECK(redaction_keeps(chef, "#{node['shop']['root_password']}"));
  CHECK(redaction_removes("mysql -u root -p'Xk9rT2wqLm7v' -e 'SELECT 1'", "Xk9rT2wqLm7v"));
  // kubeseal's default 4096-bit key: 2 + 512 + the value's bytes + 16, so 700+ base64 characters.
  std::string sealed = "AgB";
  for (int i = 0; i < 11; ++i) sealed += "w7Z7zYL0LQ0JXkCtAdiyq4AXDU3RiSCa1kMWdKrLQDnMOPlpm3wpLUdd76uCCYM6H";
  REQUIRE(sealed.size() >= 700);
  CHECK(redaction_keeps("  encryptedData:\n    REDIS_PASSWORD: " + sealed + "\n", sealed));
  // The same opening on a short value is no such ciphertext.
  CHECK(redaction_removes("REDIS_PASSWORD: AgBw7Z7zYL0LQ0JXkCtAdiyq4A", "AgBw7Z7zYL0LQ0JXkCtAdiyq4A"));
}

TEST_CASE("network devices' and tools' secret flags and settings: SNMPv3 passphrases, Perforce's -P, IKEv2 pre-shared keys, LoRaWAN root keys, Z-Wave keys") {
  const std::string snmp = "snmpget -v3 -l authPriv -u ci-poller -a SHA-256 -A 'tUW+7iwpaCM5%97J' -x AES -X 'Io7eXTKAwT.gzp84' 10.30.1.6 1.3.6.1.2.1.1.5.0";
  CHECK(redaction_removes(snmp, "tUW+7iwpaCM5%97J"));
  CHECK(redaction_removes(snmp, "Io7eXTKAwT.gzp84"));
  CHECK(redaction_keeps(snmp, "-a SHA-256"));
  const std::string p4 = "> p4 -p ssl:perforce.example.internal:1666 -u svc_build -P 5F720CCB5FB0C735DB78AF3F92370B8B -c build-ws sync //Main/...";
  CHECK(redaction_removes(p4, "5F720CCB5FB0C735DB78AF3F92370B8B"));
  CHECK(redaction_keeps(p4, "-u svc_build"));
  const std::string asa = R"("ikev2 remote-authentication pre-shared-key %HoY-.IsR2FR%ZyNS2SC", "ikev2 local-authentication pre-shared-key X7876LZ##cEy2wuE_dSZez")";
  CHECK(redaction_removes(asa, "%HoY-.IsR2FR%ZyNS2SC"));
  CHECK(redaction_removes(asa, "X7876LZ##cEy2wuE_dSZez"));
  const std::string ttn = "+ ttn-lw-cli end-devices create apps soil-0147 --dev-eui 0DE7D3D0AD922FE0 --root-keys.app-key.key A69C14619DAF61FD44FD26EDE525D7DF --root-keys.nwk-key.key 264AA47BCB088BCABDDB9B41BB5EC0C7";
  CHECK(redaction_removes(ttn, "A69C14619DAF61FD44FD26EDE525D7DF"));
  CHECK(redaction_removes(ttn, "264AA47BCB088BCABDDB9B41BB5EC0C7"));
  CHECK(redaction_keeps(ttn, "--dev-eui 0DE7D3D0AD922FE0"));
  const std::string zwave = "KEY_S0_Legacy=F0E996448656DEC3F25161F31A1DAFB3\nKEY_S2_Authenticated=7E6CA465C20D3BDFA8FDF3EA035D0854\nKEY_S2_AccessControl=\n";
  CHECK(redaction_removes(zwave, "F0E996448656DEC3F25161F31A1DAFB3"));
  CHECK(redaction_removes(zwave, "7E6CA465C20D3BDFA8FDF3EA035D0854"));
  // An empty assignment on the next line is no wrapped token's tail.
  CHECK(redaction_keeps(zwave, "KEY_S2_AccessControl=\n"));
}

TEST_CASE("a secret's name with a note in brackets, Strapi's later APP_KEYS, a passcode and a password in JSON inside a JSON string are secrets") {
  CHECK(redaction_removes("ansible_become_password (from group_vars/db/vault.yml) = l2Xn%v8fJW25ciyo", "l2Xn%v8fJW25ciyo"));
  const std::string contentful = "    fallback delivery token (CONTENTFUL_DELIVERY_TOKEN): 4a5d6f53032f9847a5326a128f1750c9a57199284aacf9ac1f6b26ce70d85886";
  CHECK(redaction_removes(contentful, "4a5d6f53032f9847a5326a128f1750c9a57199284aacf9ac1f6b26ce70d85886"));
  CHECK(redaction_keeps(contentful, "(CONTENTFUL_DELIVERY_TOKEN)"));
  CHECK(redaction_keeps("token (see docs): required", "token (see docs): required"));
  CHECK(redaction_keeps("clientToken (truncated for log): eyJ2ZXJzaW9uIjoyLCJhdXRob3JpemF0aW9u...", "eyJ2ZXJzaW9uIjoyLCJhdXRob3JpemF0aW9u"));
  CHECK(redaction_keeps("push_test.go:63: auth (%s) = http-basic-auth - x-access-token:*******", "http-basic-auth"));
  const std::string keys = "      APP_KEYS=cRhECT70AAh7u2EzKjsqEA==,/2wVhwzmL6jifpYfRR+EqA==";
  CHECK(redaction_removes(keys, "cRhECT70AAh7u2EzKjsqEA=="));
  CHECK(redaction_removes(keys, "/2wVhwzmL6jifpYfRR+EqA=="));
  CHECK(redaction_removes("  passcode: twpzyifbr313dmwu6d2mcmhu", "twpzyifbr313dmwu6d2mcmhu"));
  CHECK(redaction_keeps("enter the passcode: shown on the device", "enter the passcode: shown on the device"));
  const std::string shelly = R"({"msg": "rpc send", "body": "{\"method\":\"WiFi.SetConfig\",\"params\":{\"sta\":{\"ssid\":\"Werkstatt\",\"pass\":\"i6R-fXsm!BX!7IHM\"}}}"})";
  CHECK(redaction_removes(shelly, "i6R-fXsm!BX!7IHM"));
  CHECK(redaction_keeps(shelly, R"(\"ssid\":\"Werkstatt\")"));
  const std::string headers = "request headers: {host=localhost:41873, cookie=SESSION=YTExNDUzNTctMTBhZi00MzAzLTlkMGUtOTg2ZWMwMjA0Yzc3, accept=*/*}";
  CHECK(redaction_removes(headers, "YTExNDUzNTctMTBhZi00MzAzLTlkMGUtOTg2ZWMwMjA0Yzc3"));
  CHECK(redaction_keeps(headers, "accept=*/*}"));
  CHECK(redaction_keeps("TRANSFER_TOKEN_SALT=tobemodified", "tobemodified"));
  CHECK(redaction_keeps("ALGOLIA_SEARCH_ONLY_KEY=80017990f4def90086673a16c3f17d43", "80017990f4def90086673a16c3f17d43"));
  CHECK(redaction_removes("ALGOLIA_ADMIN_KEY=80017990f4def90086673a16c3f17d44", "80017990f4def90086673a16c3f17d44"));
  CHECK(redaction_removes("  value: -Dkeycloak.master.key=3vfKLGFQKZSeROc4YE5V2TqGrVVorW6sX7fin2PotH8=",
                          "3vfKLGFQKZSeROc4YE5V2TqGrVVorW6sX7fin2PotH8="));
  // Drone's reference to a stored secret names it; the server injects the value.
  CHECK(redaction_keeps("    password:\n      from_secret: docker_password\n", "from_secret: docker_password"));
}
