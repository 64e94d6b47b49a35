// Leak classes read from held-out secrets sets 30 (written blind: payments, messaging, e-mail and
// telecom vendors in failing tests and CI logs) and 31 (configuration languages and runtime dumps
// of less common ecosystems): each case gives the leak's shape and the look-alikes that must stay
// readable.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("SMTP AUTH LOGIN: the user name and password lines are redacted and the prompts kept") {
  // smtplib's debug output with the user name as AUTH LOGIN's initial response.
  const std::string smtplib = "send: 'AUTH LOGIN QUtJQVhQNE5ERzJMN1FSVjNIWUU=\\r\\n'\n"
                              "reply: b'334 UGFzc3dvcmQ6\\r\\n'\n"
                              "send: 'QmJ0eTdLcDJ3UXZOOWhYc0RmM0xtWnI=\\r\\n'\n"
                              "reply: b'535 Authentication Credentials Invalid\\r\\n'";
  CHECK(redaction_removes(smtplib, "QUtJQVhQNE5ERzJMN1FSVjNIWUU="));
  CHECK(redaction_removes(smtplib, "QmJ0eTdLcDJ3UXZOOWhYc0RmM0xtWnI="));
  CHECK(redaction_keeps(smtplib, "reply: b'535 Authentication Credentials Invalid\\r\\n'"));
  // swaks marks the client's lines "~>" once STARTTLS is on; a relay that takes an API token as
  // the user name (Postmark) sends it twice.
  const std::string swaks = " ~> AUTH LOGIN\n"
                            "<~  334 VXNlcm5hbWU6\n"
                            " ~> ZTJmOWI0YzEtN2QzYS00ZjBlLWI4YzYtMWEyZDNlNGY1YTZi\n"
                            "<~  334 UGFzc3dvcmQ6\n"
                            " ~> ZTJmOWI0YzEtN2QzYS00ZjBlLWI4YzYtMWEyZDNlNGY1YTZi\n"
                            "<~* 535 5.7.8 Authentication credentials invalid\n"
                            " ~> QUIT";
  CHECK(redaction_removes(swaks, "ZTJmOWI0YzEtN2QzYS00ZjBlLWI4YzYtMWEyZDNlNGY1YTZi"));
  CHECK(redaction_keeps(swaks, "<~  334 VXNlcm5hbWU6"));
  CHECK(redaction_keeps(swaks, " ~> QUIT"));
  CHECK(redaction_keeps(" ~> AUTH LOGIN", "AUTH LOGIN"));
}

TEST_CASE("payment and messaging vendors' keys are redacted by their shapes and calls") {
  const std::string brevo = "xsmtpsib-" + std::string(64, 'c') + "-Qz8hWk2LpV0rTn5B";
  CHECK(redaction_removes("MAILER_DSN=smtp://9f31aa@smtp-brevo.com:" + brevo + "@smtp-relay.brevo.com:587",
                          brevo));
  CHECK(redaction_removes("    messagebird.initClient(\"live_Hq3Zt8vNpW2kRy6LmXc4Ba9Ds\")",
                          "live_Hq3Zt8vNpW2kRy6LmXc4Ba9Ds"));
  // A pytest test name of the same length is no key: no digits mixed with both cases.
  CHECK(redaction_keeps("tests/test_cli.py::test_rejects_unknown_flagsxx PASSED", "test_rejects_unknown_flagsxx"));
  const std::string razorpay = " new RazorpayClient(\"rzp_live_Ab3Cd4Ef5Gh6Ij\", \"T9kLm2Np4Qr6St8Uv0Wx1Yz3\")";
  CHECK(redaction_removes(razorpay, "T9kLm2Np4Qr6St8Uv0Wx1Yz3"));
  CHECK(redaction_keeps(razorpay, "rzp_live_Ab3Cd4Ef5Gh6Ij"));
  const std::string vonage = "new Vonage\\Client\\Credentials\\Basic('3fa81c2d', 'Gm7xQp2LwZ9rTb4K')";
  CHECK(redaction_removes(vonage, "Gm7xQp2LwZ9rTb4K"));
  CHECK(redaction_keeps(vonage, "'3fa81c2d'"));
  CHECK(redaction_keeps("new Vonage\\Client\\Credentials\\Basic(API_KEY, API_SECRET)", "API_SECRET"));
}

TEST_CASE("sandbox card numbers and Message-IDs and Twilio resource SIDs are kept") {
  CHECK(redaction_keeps("    card: 4242 4242 4242 4242, exp 12/34, cvc 123", "4242 4242 4242 4242"));
  CHECK(redaction_keeps("  number: '4111111111111111'", "4111111111111111"));
  CHECK(redaction_keeps("3DS challenge card 4000002500003155 declined", "4000002500003155"));
  // A Luhn-valid number that is no documented test card is still removed.
  CHECK(redaction_removes("card=4556737586899855", "4556737586899855"));
  CHECK(redaction_keeps("Message-ID: <20261201093015.4f2a9c1e7b3d@mg.example.test>",
                        "<20261201093015.4f2a9c1e7b3d@mg.example.test>"));
  CHECK(redaction_removes("reply-to: <jane.doe@example.test>", "jane.doe@example.test"));
  const std::string twilio = "201 Created sid=SM0f3e5d7c9b1a2f4e6d8c0b2a4f6e8d0c "
                             "account=AC1b3d5f7a9c2e4f6a8b0c2d4e6f8a0b2c";
  CHECK(redaction_keeps(twilio, "sid=SM0f3e5d7c9b1a2f4e6d8c0b2a4f6e8d0c"));
  CHECK(redaction_keeps(twilio, "AC1b3d5f7a9c2e4f6a8b0c2d4e6f8a0b2c"));
  // The auth token beside the account SID is the secret.
  CHECK(redaction_removes("TWILIO_AUTH_TOKEN=9c8e7a6b5d4c3f2e1a0b9c8d7e6f5a4b", "9c8e7a6b5d4c3f2e1a0b9c8d7e6f5a4b"));
}

TEST_CASE("documentation's example keys and masked values are kept but generated keys are not") {
  CHECK(redaction_keeps("STRIPE_SECRET_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxx", "sk_test_xxxxxxxxxxxxxxxxxxxxxxxx"));
  CHECK(redaction_keeps("STRIPE_WEBHOOK_SECRET=whsec_...", "whsec_..."));
  CHECK(redaction_keeps("export SENDGRID_API_KEY=\"SG.XXXXXXXXXXXX.YYYYYYYYYYYYYYYYYYYY\"", "SG.XXXXXXXXXXXX.YYYYYYYYYYYYYYYYYYYY"));
  CHECK(redaction_keeps("export RESEND_API_KEY=\"re_123456789\"", "re_123456789"));
  CHECK(redaction_keeps("curl -u \"api:YOUR_API_KEY\" https://api.mailgun.net/v3/x/messages", "YOUR_API_KEY"));
  CHECK(redaction_keeps("access token: shpat_****************************3f1a (last 4 shown)",
                        "shpat_****************************3f1a"));
  CHECK(redaction_removes("STRIPE_SECRET_KEY=sk_test_51Nq8TbXk2LmPz7Rw4Vy9Hs3Jd", "sk_test_51Nq8TbXk2LmPz7Rw4Vy9Hs3Jd"));
  CHECK(redaction_removes("API_TOKEN=kR7_mQ2xV9zL4wP8nB3tY6hJ", "kR7_mQ2xV9zL4wP8nB3tY6hJ"));
}

TEST_CASE("values wrapped the way Haskell and Erlang print them are redacted") {
  const std::string haskell =
      "but got: Right (AppConfig {algoliaAdminKey = Just \"q8ZtW2mLx7VbN4kRp9sYc3Hd\", port = 3000})";
  CHECK(redaction_removes(haskell, "q8ZtW2mLx7VbN4kRp9sYc3Hd"));
  CHECK(redaction_keeps(haskell, "port = 3000"));
  CHECK(redaction_keeps("algoliaAdminKey = Nothing", "Nothing"));
  CHECK(redaction_removes("     auth_key => <<\"9b2e7c41d05f4a8e93c6b1d27e4f0a85\">>,", "9b2e7c41d05f4a8e93c6b1d27e4f0a85"));
}

TEST_CASE("Groovy credentials blocks and property lists and Kafka's user info lose their secrets") {
  const std::string gradle = "        credentials(AwsCredentials) {\n"
                             "            accessKey \"AKIAZ3QWERTY7EXAMPL2\"\n"
                             "            secretKey \"Xq9/Lm2Vb7Nk4Rp8Sy3Hd6Jf1Gt5Wc0Ze9Ua2Ib\"\n"
                             "        }\n"
                             "        credentials {\n"
                             "            username 'deployer'\n"
                             "            password 'Vb7Nk4Rp8Sy3Hd6J'\n";
  CHECK(redaction_removes(gradle, "Xq9/Lm2Vb7Nk4Rp8Sy3Hd6Jf1Gt5Wc0Ze9Ua2Ib"));
  CHECK(redaction_removes(gradle, "Vb7Nk4Rp8Sy3Hd6J"));
  CHECK(redaction_keeps(gradle, "username 'deployer'"));
  CHECK(redaction_keeps("    password System.getenv('REPO_PASSWORD')", "System.getenv('REPO_PASSWORD')"));
  const std::string plist = "\t<key>ASC_SHARED_SECRET</key>\n\t<string>4c8f1e2a9b7d3c6e5f0a1b2c3d4e5f6a</string>\n"
                            "\t<key>CFBundleVersion</key>\n\t<string>2026.11.3</string>";
  CHECK(redaction_removes(plist, "4c8f1e2a9b7d3c6e5f0a1b2c3d4e5f6a"));
  CHECK(redaction_keeps(plist, "<string>2026.11.3</string>"));
  const std::string kafka = "schema.registry.basic.auth.user.info = \"QK7T2M9XPLW0DSR4:Hq2Lm8Vb4Nk6Rp0Sy9Zt3Wc7\"";
  CHECK(redaction_removes(kafka, "Hq2Lm8Vb4Nk6Rp0Sy9Zt3Wc7"));
  CHECK(redaction_keeps("basic.auth.user.info = \"${SR_KEY}:${SR_SECRET}\"", "${SR_SECRET}"));
}

TEST_CASE("Erlang cookies and Yandex tokens and tokens named in other scripts are redacted") {
  CHECK(redaction_removes("-name gw@10.0.4.17\n-setcookie QWHZKRTPLMVNXBCDSAFGJ", "QWHZKRTPLMVNXBCDSAFGJ"));
  CHECK(redaction_removes("$ iex --sname a --cookie Zp3Lq8Rt6Vw2Xy9 -S mix", "Zp3Lq8Rt6Vw2Xy9"));
  CHECK(redaction_keeps("curl --cookie \"theme=dark\" https://example.test/", "theme=dark"));
  const std::string yandex = "y0_AgAAAABk3Rq9AAnKxQAAAAEbW2cZAAAPx7Lm4Vb8Nk2Rp6Sy0Zt";
  CHECK(redaction_removes("OAuth-токен Яндекс.Диска: " + yandex, yandex));
  CHECK(redaction_removes("  LINE チャネルアクセストークン: R7tq2Wm9Lx4Vb8Nk3Hd6Jf1", "R7tq2Wm9Lx4Vb8Nk3Hd6Jf1"));
  CHECK(redaction_removes("访问令牌：Zt5Wc0Ze9Ua2IbXq9Lm2Vb7", "Zt5Wc0Ze9Ua2IbXq9Lm2Vb7"));
  // A fake secret written as a run of the alphabet is still taken for one.
  CHECK(redaction_removes("HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyzABCDEF", "hf_abcdefghijklmnopqrstuvwxyzABCDEF"));
}
