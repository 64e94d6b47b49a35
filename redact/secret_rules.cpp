// Built-in secret rules. Each names the kind of secret it finds; patterns are anchored on the
// token formats vendors publish (prefixes such as ghp_, glpat-, xoxb-, AKIA) or on the context
// that marks a value as secret (a password= assignment, an Authorization header, userinfo in a
// URL). A capture group, when present, selects just the secret so its label stays readable.
#include "redact/redactor.hpp"

namespace flakyd::redact {

namespace {

std::vector<SecretRule> make_rules() {
  using V = Validator;
  return {
      {"private-key", R"(-----BEGIN[A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----)", 0, V::none, Extent::pem_block},
      {"aws-access-key-id",
       R"(\b((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16})\b)", 1},
      {"aws-secret-access-key",
       R"((?i)aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40}))", 1},
      {"aws-session-token",
       R"((?i)(?:aws_?session_?token|x-amz-security-token)["']?\s*[:=]\s*["']?([A-Za-z0-9/+=%]{20,}))", 1},
      {"github-token", R"(\b(gh[pousr]_[A-Za-z0-9]{30,255}))", 1},
      {"github-token", R"(\b(github_pat_[A-Za-z0-9_]{22,255}))", 1},
      {"gitlab-token",
       R"(\b(gl(?:pat|dt|ptt|rt|cbt|oas|soat|ft|imt|agent|wt)-[A-Za-z0-9_\-]{20,}))", 1},
      {"slack-token", R"(\b(xox[abposre]-[A-Za-z0-9-]{10,}))", 1},
      {"slack-token", R"(\b(xapp-\d-[A-Za-z0-9-]{10,}))", 1},
      {"slack-webhook-url", R"((https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_\-]+))", 1},
      {"discord-webhook-url", R"((https://discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_\-]+))", 1},
      {"stripe-key", R"(\b((?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}))", 1},
      {"stripe-key", R"(\b(whsec_[A-Za-z0-9]{20,}))", 1},
      {"gcp-api-key", R"(\b(AIza[0-9A-Za-z_\-]{35}))", 1},
      {"npm-token", R"(\b(npm_[A-Za-z0-9]{36})\b)", 1},
      {"npmrc-auth", R"((?i)(?:_authToken|_auth|_password)\s*=\s*"?([^\s"]+))", 1, V::not_placeholder},
      {"pypi-token", R"(\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}))", 1},
      {"huggingface-token", R"(\b(hf_[A-Za-z0-9]{30,})\b)", 1},
      {"openai-api-key",
       R"(\b(sk-(?:proj-|svcacct-|admin-|ant-(?:api|admin)\d\d-)?[A-Za-z0-9_\-]{20,}))", 1},
      {"sendgrid-api-key", R"(\b(SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}))", 1},
      {"twilio-api-key", R"(\b(SK[0-9a-f]{32})\b)", 1},
      {"docker-hub-token", R"(\b(dckr_pat_[A-Za-z0-9_\-]{20,}))", 1},
      {"digitalocean-token", R"(\b(do[opr]_v1_[a-f0-9]{64})\b)", 1},
      {"shopify-token", R"(\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b)", 1},
      {"telegram-bot-token", R"(\b(\d{8,10}:AA[A-Za-z0-9_\-]{33}))", 1},
      {"jwt", R"(\b(eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*))", 1},
      {"azure-storage-key", R"((?i)\b(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/=]{20,}))", 1},
      {"bearer-token", R"((?i)\bbearer\s+([A-Za-z0-9\-._~+/]{8,}=*))", 1, V::not_placeholder},
      {"basic-auth", R"((?i)\bbasic\s+([A-Za-z0-9+/]{8,}={0,2}))", 1, V::basic_credentials},
      {"authorization-header",
       R"((?i)\b(?:proxy-)?(?:authorization|x-api-key|x-auth-token|api-key|private-token|x-gitlab-token)["']?\s*[:=]\s*["']?(?:(?:token|bearer|basic|bot)\s+)?([A-Za-z0-9\-._~+/=]{8,}))",
       1, V::not_placeholder},
      {"cookie-session",
       R"((?im)(?:^|[\s;,"'])((?:[\w.-]*session[\w.-]*|sid|[\w.-]*csrf[\w.-]*|xsrf-token|remember_token|[\w.-]*auth[\w.-]*token|__Host-[\w.-]+|__Secure-[\w.-]+)=)([^;\s"',&]{8,}))",
       2, V::not_placeholder},
      {"cookie-session", R"((?im)^\s*(?:set-)?cookie:\s*[^=;\s]+=([^;\s]{16,}))", 1, V::not_placeholder},
      {"url-userinfo-password", R"((?i)\b[a-z][a-z0-9+.\-]*://[^:/?#@\s"'<>]*:([^@/?#\s"'<>]+)@)", 1,
       V::not_placeholder},
      {"query-param-secret",
       R"((?i)[?&;](?:access_token|refresh_token|id_token|token|api_?key|apikey|key|sig|signature|secret|client_secret|password|passwd|pwd|auth|private_token|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential)=([^&\s"'#<>]+))",
       1, V::not_placeholder},
      {"password-assignment",
       R"((?i)\b[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|auth)["']?\s*[:=]\s*["']?([^\s"',;&)}\]]+))",
       1, V::not_placeholder},
      // YAML puts a value on the next line ("password:" / "token: |" then "  hunter2").
      {"password-assignment",
       R"((?im)^[ \t]*-?[ \t]*["']?[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?)["']?[ \t]*[:=][ \t]*(?:[|>][-+]?[ \t]*)?\r?$)",
       0, V::not_placeholder, Extent::next_line_value},
      {"cli-password-flag",
       R"(\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\r\n]*?\s-p([^\s\-][^\s]*))", 1, V::not_placeholder},
      {"cli-password-flag", R"((?m)(?:^|\s)(?:-u|--user)\s+[^:\s]+:([^\s]+))", 1, V::not_placeholder},
      {"credit-card", R"(\b((?:\d[ -]?){12,18}\d)\b)", 1, V::luhn},
      {"email", R"(\b([A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})\b)", 1,
       V::email},
      {"ip-address", R"(\b((?:\d{1,3}\.){3}\d{1,3})\b)", 1, V::public_ipv4},
  };
}

}  // namespace

// A leading \b becomes SecretRule::word_start (see redactor.hpp for why).
std::vector<SecretRule> with_boundaries_in_code(std::vector<SecretRule> rules) {
  for (auto& rule : rules) {
    if (rule.pattern.starts_with(R"(\b)")) {
      rule.pattern.erase(0, 2);
      rule.word_start = true;
    }
  }
  return rules;
}

const std::vector<SecretRule>& builtin_secret_rules() {
  static const std::vector<SecretRule> k_rules = with_boundaries_in_code(make_rules());
  return k_rules;
}

}  // namespace flakyd::redact
