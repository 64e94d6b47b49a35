// Built-in secret rules. Each names the kind of secret it finds; patterns are anchored on the
// token formats vendors publish (prefixes such as ghp_, glpat-, xoxb-, AKIA) or on the context
// that marks a value as secret (a password= assignment, an Authorization header, userinfo in a
// URL). A capture group, when present, selects just the secret so its label stays readable.
//
// Cost: all patterns run together as one RE2::Set DFA over the text, so what matters is that a
// pattern starts with a literal (a prefix, a keyword) or a narrow class, which keeps the DFA's
// states few; unbounded runs of a broad class at the start of a pattern would multiply them.
// Shapes follow the vendors' documentation and gitleaks' default rule set (facts, not code).
#include <algorithm>
#include <string>
#include <string_view>

#include "redact/redactor.hpp"

namespace flakyd::redact {

namespace {

std::vector<SecretRule> make_rules() {
  using V = Validator;
  using E = Extent;
  // "Password" in the languages CI logs and localised tools print it, for words that open with
  // a Latin letter: German Kennwort/Passwort, French mot de passe, Spanish contraseña, Portuguese
  // senha, Dutch wachtwoord, Polish hasło, Swedish lösenord, Norwegian passord, Danish
  // adgangskode, Finnish salasana, Czech heslo, Hungarian jelszó, Italian parola d'ordine (most
  // Italian tools say "password"). Words in other scripts have a rule of their own (localised-password).
  // Matching is byte-wise: UTF-8 bytes are literals and only ASCII letters fold case.
  const std::string localised_password_words =
      R"(kennwort|passwort|mot[ _-]?de[ _-]?passe|contrase(?:ña|na)|senha|wachtwoord|has(?:ło|lo)|lösenord|)"
      R"(passord|adgangskode|salasana|heslo|jelszó|parola[ _-]d'ordine)";
  // Keys people call secret: the name ends in one of these, then ':' or '='. "_pw" ends LDAP's
  // bind_pw and its kin (not ".pw", a top-level domain); "pswd" ESP-IDF's Wi-Fi key (sta.pswd);
  // "passcode" a webhook's shared secret (Figma's, Zoom's).
  const std::string key_words =
      R"(passwords?|passwd|passphrase|passcode|pwd|pswd|erlang[_-]?cookie|[_.-]pass|(?:admin|root|user|db|smtp|mail|ftp|sftp|ldap|bind|redis|proxy|sudo|vnc|wifi)pass|(?:store|alias|key)(?-i:P)ass|[_-]pw|bindpw|[_-]pat|[_.-]skey|[_-]authtok|keytab|secret|token|api[_-]?key|apikey|)"
      // A pre-shared key (WIFI_PSK, wpa_psk); LoRaWAN's root and session keys (AppKey, NwkKey,
      // AppSKey, nwk_s_enc_key); a live stream's ingest key; Agora's app certificate.
      R"(psk|(?:app|nwk)[_-]?(?:s[_-]?)?(?:enc[_-]?|int[_-]?)?key|stream[_-]?key|app[_-]?certificate|)"
      // A variable named for the private key it holds (a WireGuard script's CLIENT_PRIV, SERVER_PRIVKEY).
      R"([_-]priv(?:key)?|)"
      // Salts and keys a CMS generates at install: WordPress' LOGGED_IN_KEY and NONCE_SALT, Drupal's
      // hash_salt, Strapi's APP_KEYS and API_TOKEN_SALT.
      // Upper case only for a bare "_SALT" ending: a lower-case signing_salt is often a fixture word
      // ("flakySalt"); generated lower-case *_salt values have their own rule.
      R"((?-i:[_-]SALT)|hash[_-]?salt|app[_-]?keys|(?:logged[_-]in|nonce|secure[_-]auth)[_-]key|)"
      R"((?:access|private|signing|encryption|master|secret|license|app|application|client|account|service|admin|hmac|session|auth|storage|device|fernet|deployment|symmetric|salt|)"
      R"(webhook|shared|root|record|integration|consumer|subscription|write|deploy|sdk|server|ingest|enrollment|aes|cipher|crypto|signature|cosmos(?:[_-]?db)?|)"
      // ASP.NET's <machineKey validationKey=".." decryptionKey="..">: they sign and encrypt the
      // site's cookies and view state.
      R"(validation|decryption)[_-]?key|)"
      // Hadoop's and Spark's property names join with dots: fs.s3a.secret.key, fs.s3a.access.key;
      // MuleSoft's secure-properties key is passed as -Dmule.key=<key>; a master key as
      // -D<app>.master.key=<key> (Keycloak's vault, Rails' config/master.key as a property).
      R"((?:secret|access|private|account|encryption|signing|master|mule)\.key|)"
      // Gradle's plugin portal reads gradle.publish.key / gradle.publish.secret (or GRADLE_PUBLISH_KEY).
      // fastlane match's git_basic_authorization (MATCH_GIT_BASIC_AUTHORIZATION): a suffix only, so
      // an "Authorization:" header is still read by the header rules.
      R"([_-]authorization|publish[_.-]?key|credentials?|)"
      // A property whose last segment is "hmac" holds the key a webhook's signature is made with
      // (billing.webhook.hmac); a bare "hmac" key is often the signature itself.
      R"([_.-]hmac|)"
      // Weaviate's AUTHENTICATION_APIKEY_ALLOWED_KEYS: the API keys its server accepts, comma-separated.
      R"([_-]allowed[_-]keys|)"
      // A variable named for the bearer token it holds (BACKEND_BEARER, api-bearer).
      R"([_-]bearer|)"
      // A keystore kept base64-encoded in a CI variable (ANDROID_KEYSTORE_BASE64, RELEASE_KEYSTORE_B64):
      // the name says it holds the file itself, not a path to it.
      R"(keystore[_-]?(?:b64|base64)|)"
      // OAuth's device authorization grant: the device code is what the client polls the token
      // endpoint with (RFC 8628); the user code is typed by a person and shown on screen.
      R"(device[_-]?code|)" + localised_password_words;
  const std::string encoding_suffix = R"((?:[_-]?(?:base|b64|base64|value|string|hex))?)";
  // ... and a numbered one of a pair: Azure's "password2", "secret_1", "API_KEY_2" (not after a
  // bare "auth": "oauth2:" opens Go's OAuth errors).
  const std::string key_suffix = encoding_suffix + R"((?:[_-]?\d)?)";
  const std::string secret_key = "(?:(?:" + key_words + ")" + key_suffix + "|auth" + encoding_suffix + ")";
  // A YAML key alone on its line: "auth:" there usually opens a mapping ("auth:\n  enabled").
  const std::string yaml_secret_key = "(?:" + key_words + ")" + key_suffix;
  // FluentAssertions' "Expected property options.SmtpPassword": a short list of secret names, so
  // that the prefilter Set looks for the literal "Expected ", not for every secret name.
  const std::string fluent_secret_member =
      R"re(\bExpected (?:property |field |member )?[\w.\[\]]*(?i:password|passwd|secret|token|api_?key|credentials?)\w*\]?)re";
  // An ADO.NET/ODBC connection string up to its password's value: "Server=db;...;Password=".
  const std::string connection_string_password =
      R"((?i)\b(?:server|data source|host|dsn|driver|uid|user id|database)\s*=[^\r\n]*?;[ \t]?(?:pwd|password)[ \t]?=\s*)";
  // Command-line flags whose value is a secret: the generic names (also keytool's -storepass and
  // -keypass with their -src and -dest forms, ngrok's --authtoken, redis-server's --requirepass
  // and --masterauth) ...
  const std::string plain_secret_flag =
      "(?:password|passwd|passphrase|pass|pwd|token|authtoken|apitoken|api[-_]key|apikey|api[-_]token|access[-_]token|auth[-_]token|client[-_]secret|storepass|keypass|srcstorepass|deststorepass|srckeypass|destkeypass|registry-password|docker-password|requirepass|masterauth)";
  // ... and any long flag named like one ("--admin-password", "--github-token", "--account-key",
  // Datadog's "--appKey").
  // Words may be joined by '-', '_' or nothing (camelCase: "--clientSecret", "--api_key").
  // A dotted flag names a setting in a section ("--console.password", Nakama's; "--session.encryption_key").
  // A word joined to "pass" by '-' or '_' names a password too (linode-cli's "--root_pass").
  // A key setting's own ".key" field: The Things Stack's "--root-keys.app-key.key" (LoRaWAN's
  // AppKey and NwkKey, which every session key of a device is derived from).
  const std::string compound_secret_flag =
      "(?:(?:[a-z0-9]+[-_.]?)+(?:password|passwd|passphrase|token|secret|signature)|(?:[a-z0-9]+[-_])+pass|(?:[a-z0-9]+[-_.]?)*(?:account|access|secret|api|app|nwk|application|auth|master|storage|subscription|encryption|license)[-_]?key(?:\\.key)?)";
  // Either, as an argv element: "--token" or -storepass.
  const std::string secret_flag_argument = "--?(?:" + plain_secret_flag + "|" + compound_secret_flag + ")";
  // Session cookie names the frameworks document: Django, PHP, Java servlets, express-session
  // (connect.sid) and Koa, Laravel, Rails (_<app>_session), ASP.NET, ASP.NET Core (.AspNetCore.Session,
  // .AspNetCore.Identity.Application, .AspNetCore.Cookies), Rack, CodeIgniter.
  const std::string session_cookie =
      R"((?:sessionid|phpsessid|jsessionid|[\w-]*\.sid|laravel_session|_[\w-]+_session|)"
      R"(asp\.net_sessionid|\.aspnetcore\.[\w.]+|rack\.session|ci_session|koa\.sess))";
  return {
      // ---- Private key material (PEM, SSH, PGP, PuTTY, bare DER, PKCS#12) --------------------
      {"ssh-private-key", R"(-----BEGIN OPENSSH PRIVATE KEY-----)", 0, V::none, E::pem_block},
      {"pgp-private-key", R"(-----BEGIN PGP PRIVATE KEY BLOCK-----)", 0, V::none, E::pem_block},
      // OpenVPN's tls-auth / tls-crypt / secret file: one shared key, in a PEM-like block.
      {"openvpn-static-key", R"(-----BEGIN OpenVPN Static key V1-----)", 0, V::none, E::pem_block},
      {"private-key", R"(-----BEGIN[A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----)", 0, V::none, E::pem_block},
      // OpenSSL's text form of a private key (`openssl pkey|ec|rsa -text`, a test printing
      // `openssl genpkey -text`): the private members follow their label as indented colon-hex
      // lines ("priv:", RSA's "privateExponent:", "prime1:" .. "coefficient:", DH's
      // "private-key:"). The public "pub:" and "modulus:" blocks are kept.
      {"private-key", R"((?m)(?:^|\\n)[ \t]*(?:priv|private-key|privateExponent|prime[12]|exponent[12]|coefficient):)", 0,
       V::none, E::colon_hex_lines},
      {"putty-private-key", R"(Private-Lines:[ \t]*\d+)", 0, V::none, E::base64_lines},
      // DER keys printed as base64 without armour: PKCS#1 (MIIE..IBAAKC), PKCS#8 (..IBADAN),
      // SEC1 EC (MHcCAQEE), PKCS#8 EC/Ed25519 (MIGHAgEAMBMG, MC4CAQAwBQYDK2Vw).
      {"private-key-der",
       R"(\b((?:MII[A-Za-z0-9+/]{2}[AQgw]IBA(?:AKC|DAN)|MHcCAQEE|MIGkAgEBBD|MIGHAgEAMBMG|MC4CAQAwBQYDK2Vw)[A-Za-z0-9+/]{40,}={0,2}))",
       1, V::none, E::base64_lines},
      {"pkcs12", R"(\b(MII[A-Za-z0-9+/]{2}[AQgw]IBAzCC[A-Za-z0-9+/]{40,}={0,2}))", 1, V::none, E::base64_lines},
      // A Java keystore base64-encoded (Android's release keystore kept in a CI variable and
      // echoed or decoded in a step): JKS opens with the magic 0xFEEDFEED ("/u3+7Q" in base64),
      // JCEKS with 0xCECECECE ("zs7Ozg"). It holds the signing key.
      {"pkcs12", R"((?m)(?:^|[^A-Za-z0-9+/])((?:/u3\+7Q|zs7Ozg)[A-Za-z0-9+/]{60,}={0,2}))", 1, V::none, E::base64_lines},
      // A symmetric JSON Web Key ("kty": "oct", RFC 7518 6.4): its "k" member is the key itself.
      {"jwk-private-key", R"re(\\?["']kty\\?["']\s*:\s*\\?["']oct\\?["'][^{}\r\n]*?\\?["']k\\?["']\s*:\s*\\?["']([A-Za-z0-9_-]{16,}))re", 1},
      // JSON Web Key private members (RFC 7518 6.2.2 and 6.3.2: "d", "p", "q", "dp", "dq", "qi";
      // the public "n", "e", "x", "y" are kept): a long base64url value under one of those names,
      // quoted (JSON, Python) or bare after '{' or ',' (Node's util.inspect: "{ kty: 'EC', d: '..' }")
      // or at an indented line's start (util.inspect breaks a long object one member a line).
      {"jwk-private-key", R"re((?m)(?:["']|[{,][ \t]*|^[ \t]+)(?:d|p|q|dp|dq|qi)\\?["']?\s*:\s*\\?["']([A-Za-z0-9_-]{40,}))re", 1,
       V::random_looking},
      {"age-secret-key", R"(\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}))", 1},
      // JSON or a Python dict's repr ({'private_key_id': '<40 hex>'}, a ValueError quoting the info).
      {"gcp-service-account", R"re(["']private_key_id\\?["']\s*:\s*\\?["']([0-9a-f]{40}))re", 1},
      // NATS nkey seeds (a .creds file's "USER NKEY SEED" block, `nsc` output): 'S', the key
      // type (User, Account, Operator, server N, Cluster, curve X), 56 base32 characters. The
      // public keys (U..., A..., O...) are kept. The split counter keeps the prefilter to the
      // prefix and six base32 characters.
      {"nats-nkey-seed", R"(\b(S[UAONCX][A-Z2-7]{6}[A-Z2-7]{50})\b)", 1},
      // minisign and signify secret keys: base64 that opens with the algorithm bytes ("Ed", then
      // minisign's KDF "Sc" or none and checksum "B2", signify's "BK"), or any value on the line
      // after an "untrusted comment: <tool> [encrypted] secret key" line. Public keys and
      // signatures (whose comment reads "signature from minisign secret key") are kept.
      {"minisign-secret-key", R"(\b(RW(?:RTY0Iy|QAAEIy|RCS)[A-Za-z0-9+/]{80,}={0,2}))", 1},
      {"minisign-secret-key", R"((?im)^[ \t]*untrusted comment: (?:[\w-]+ )?(?:encrypted |unencrypted )?secret key[ \t]*\r?$)", 0, V::not_placeholder,
       E::next_line_value},
      // A BIP32 extended private key (a wallet's root or account key, from which every address's
      // key derives): "xprv" (testnet "tprv"; SLIP-132's yprv/zprv and upper-case multisig forms)
      // and 107 base58 characters. The extended public keys (xpub...) are kept.
      {"bip32-private-key", R"(\b((?:[xyztuv]prv|[YZUV]prv)[1-9A-HJ-NP-Za-km-z]{107})\b)", 1},
      // An Ethereum private key is 64 hex digits, as are transaction and block hashes, so only its
      // label tells: Hardhat's network `accounts: ['0x..']`, ethers' `new Wallet('0x..')`, viem's
      // privateKeyToAccount, web3's fromPrivateKey / Account.from_key, Foundry's --private-key.
      {"ethereum-private-key",
       R"re((?i)(?:\baccounts["']?\s*:\s*\[\s*["']|\b(?:wallet|privatekeytoaccount|fromprivatekey|from_key)\(\s*["']|--private-key[= ]["']?)((?:0x)?[0-9a-f]{64})\b)re",
       1},

      // ---- Cloud ------------------------------------------------------------------------
      {"aws-access-key-id",
       R"(\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16})\b)", 1,
       V::not_placeholder},
      // Cloud Storage's HMAC key id for a service account ("GOOG1E" and 55 more, 61 in all): like
      // an AWS key id, one half of the credential, and it names the account the secret signs for.
      {"gcp-hmac-access-id", R"(\b(GOOG1[A-Z0-9]{56})\b)", 1, V::not_placeholder},
      {"aws-secret-access-key",
       R"((?i)(?:aws_?secret_?(?:access_?)?key|secretaccesskey|secret_access_key)\\?["']?(?:\s*[:=]\s*|\s+)\\?["']?([A-Za-z0-9/+=]{40}))",
       1},
      // Also as a Python bytes literal, as botocore's debug log prints request headers:
      // {'X-Amz-Security-Token': b'<token>'}.
      {"aws-session-token",
       R"((?i)(?:aws_?session_?token|x-amz-security-token|sessiontoken|aws_security_token)\\?["']?(?:\s*[:=]\s*|\s+)\\?(?:b?["'])?([A-Za-z0-9/+=%]{20,}))",
       1},
      // Amazon Bedrock's long-term API key: "ABSK" then base64 of "BedrockAPIKey-<id>:<secret>"
      // (AWS_BEARER_TOKEN_BEDROCK).
      {"aws-bedrock-api-key", R"(\b(ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{20,}={0,2}))", 1},
      // A 40-character secret key after its access key id on the same line, in any language's
      // words ("clé d'accès AKIA.. / clé secrète <40>", "AKIA.. <40>" in a credentials table).
      {"aws-secret-access-key",
       R"(\b(?:AKIA|ASIA)[A-Z0-9]{16}\b[^\r\n]{1,60}?[^A-Za-z0-9/+=]([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$))", 1,
       V::random_token},
      // A pre-signed POST's fields as an SDK returns them ({'x-amz-signature': '<64 hex>'}).
      {"aws-sigv4-signature", R"re((?i)\bx-amz-signature["']?\s*[:=]\s*["']?([0-9a-f]{64})\b)re", 1},
      // A CloudFront signed URL's Signature (URL-safe base64 of an RSA signature: '-', '_', '~'),
      // in a query or printed apart from it; the Policy and Key-Pair-Id beside it are not secret.
      {"cloudfront-signature", R"((?:^|[?&\s|])Signature=([A-Za-z0-9_~\-]{100,}))", 1},
      // A SigV4 request signature in the Authorization header however it is printed (curl -v,
      // botocore's dict of bytes, an SDK's request dump): it replays the request until it expires.
      {"aws-sigv4-signature", R"(AWS4-HMAC-SHA256 [^\r\n]*?\bSignature=([0-9a-f]{64})\b)", 1},
      {"gcp-api-key", R"(\b(AIza[0-9A-Za-z_\-]{35}))", 1},
      {"gcp-oauth-client-secret", R"(\b(GOCSPX-[A-Za-z0-9_\-]{28}))", 1},
      {"gcp-oauth-token", R"(\b(ya29\.[0-9A-Za-z_\-]{20,}))", 1},
      // Google's OAuth refresh tokens open with "1//" and a base64url run (the OAuth playground,
      // gcloud's application_default_credentials.json, a failed token exchange).
      {"gcp-oauth-token", R"(\b(1//0[0-9A-Za-z_\-]{30,}))", 1, V::random_token},
      // Not the storage emulator's documented key (Azurite's devstoreaccount1).
      {"azure-storage-key", R"((?i)\b(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/=]{20,}))", 1, V::not_placeholder},
      {"azure-sas-token",
       R"((?i)\bsv=\d{4}-\d\d-\d\d&[^\s"'<>]*?\bsig=([A-Za-z0-9%+/=]{16,}))", 1},
      {"azure-ad-client-secret", R"(\b([A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.\-]{31,34}))", 1,
       V::random_looking},
      {"alibaba-access-key-id", R"(\b(LTAI[A-Za-z0-9]{20})\b)", 1},
      {"digitalocean-token", R"(\b(do[opr]_v1_[a-f0-9]{64})\b)", 1},
      {"heroku-api-key", R"(\b(HRKU-AA[A-Za-z0-9_\-]{58}))", 1},
      {"heroku-api-key",
       R"((?i)heroku[\w.-]*\\?["']?\s*[:=]\s*\\?["']?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))",
       1},
      {"cloudflare-origin-ca-key", R"(\b(v1\.0-[a-f0-9]{24}-[a-f0-9]{146}))", 1},
      {"vault-token", R"(\b(hv[sbr]\.[A-Za-z0-9_\-]{24,}))", 1},
      // Service tokens before Vault 1.10: "s." and 24 base62 characters. The counter is split so
      // the prefilter holds "s." plus seven characters rather than every "s." of the text.
      {"vault-token", R"(\b(s\.[A-Za-z0-9]{6}[A-Za-z0-9]{18})\b)", 1, V::random_looking},
      // `vault operator init` prints each key share ("Unseal Key 1: <base64>", "Recovery Key 1:"
      // with auto-unseal); any threshold of them unseals the vault. The dev server's banner prints
      // its single key unnumbered ("Unseal Key: <base64>").
      {"vault-unseal-key", R"(\b(?:Unseal|Recovery) Key(?: \d+)?:[ \t]+([A-Za-z0-9+/=]{16,}))", 1, V::not_placeholder},
      // Consul's and Nomad's gossip encryption key: 16 or 32 random bytes in base64, set as
      // `encrypt = "<key>"` (HCL), "encrypt": "<key>" (JSON) or -encrypt=<key>, and printed alone
      // on the line after `consul keygen` / `nomad operator gossip keyring generate`.
      {"gossip-encryption-key", R"re((?i)\bencrypt\\?["']?[ \t]*[=:][ \t]*\\?["']?([A-Za-z0-9+/]{22,}={0,2}))re", 1,
       V::random_looking},
      {"gossip-encryption-key",
       R"((?m)\b(?:consul[ \t]+keygen|nomad[ \t]+operator[ \t]+(?:gossip[ \t]+keyring[ \t]+generate|keygen))\b[^\r\n]*$)", 0,
       V::random_looking, E::next_line_value},
      {"tencent-secret-id", R"(\b(AKID[A-Za-z0-9]{32})\b)", 1, V::random_looking},
      // Exoscale API keys: "EXO" and 24 hex digits (the secret beside it has no prefix).
      {"exoscale-api-key", R"(\b(EXO[0-9a-f]{24})\b)", 1},
      // A key id passed with its secret as the next argument: Credential("AKID..", "<secret>"),
      // boto3.client(.., "AKIA..", "<secret>"), AcsClient("LTAI..", "<secret>", region),
      // RazorpayClient("rzp_live_..", "<secret>"). The secret has no prefix of its own (Tencent
      // 32, AWS 40, Alibaba 30, Razorpay 24 characters).
      {"access-key-secret",
       R"re(\b(?:AKID[A-Za-z0-9]{32}|LTAI[A-Za-z0-9]{20}|(?:AKIA|ASIA)[A-Z0-9]{16}|rzp_(?:live|test)_[A-Za-z0-9]{14})["']\s*,\s*(?:\w+\s*=\s*)?["']([A-Za-z0-9/+=]{24,64})["'])re",
       1, V::random_looking},
      // ... or after a ':' as URL userinfo or a "key:secret" pair: kombu's documented SQS broker
      // URL sqs://<key id>:<secret>@ (the secret's '/' and '+' unescaped, as people paste it).
      {"access-key-secret", R"(\b(?:AKIA|ASIA)[A-Z0-9]{16}:([A-Za-z0-9/+%]{40,64})(?:[^A-Za-z0-9/+%=]|(?m:$)))", 1,
       V::random_looking},
      {"tailscale-key", R"(\b(tskey-(?:api|auth|client|scim|webhook)-[A-Za-z0-9]{6,}-[A-Za-z0-9]{20,}))", 1},
      {"netlify-token", R"(\b(nfp_[A-Za-z0-9]{36,48})\b)", 1},
      // Appwrite's API keys: "standard_" and 256 hex digits (dynamic keys: "dynamic_").
      {"appwrite-api-key", R"(\b((?:standard|dynamic)_[0-9a-f]{128,}))", 1},
      // Convex deploy keys name their deployment before a '|' and the key: "prod:<name>|<key>".
      {"convex-deploy-key", R"(\b((?:prod|preview|dev|project):[a-z0-9-]+\|[A-Za-z0-9+/=_-]{40,}))", 1, V::random_token},
      {"firebase-fcm-server-key", R"(\b(AAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{100,}))", 1},
      // CodePush's deployment keys as `appcenter codepush deployment list -k` (and the older
      // `code-push deployment ls -k`) print them: a box-drawn row naming one of its two default
      // deployments, then the key; whoever holds it can push a release to that deployment.
      {"codepush-deployment-key",
       R"re(│[ \t]*(?:Staging|Production)[ \t]*│[ \t]*([A-Za-z0-9_-]{32,48})[ \t]*│)re", 1, V::random_token},
      // An Amazon ECR authorization token (`aws ecr get-login-password`, GetAuthorizationToken):
      // base64 of a JSON object that opens with "payload" (then datakey, version, expiration),
      // so it always starts "eyJwYXlsb2FkIjoi". Sets 139 and 140 print it alone (`cat`, `echo`).
      {"aws-ecr-token", R"(\b(eyJwYXlsb2FkIjoi[A-Za-z0-9+/]{100,}={0,2}))", 1},
      // A Windows DPAPI blob in base64 (NuGet.Config's <apikeys> and encrypted source passwords,
      // PowerShell's ConvertFrom-SecureString): it opens with the provider's fixed header
      // (version 1, provider GUID df9d8cd0-1501-11d1-8c7a-00c04fc297eb). Encrypted for one
      // machine's user, but whoever runs as that user on that runner decrypts it.
      {"dpapi-blob", R"(\b(AQAAANCMnd8BFdERjHoAwE/Cl\+sBAAAA[A-Za-z0-9+/]{20,}={0,2}))", 1},
      // Rollbar's project access tokens (32 hex) under Rollbar's own names: the server-side token
      // (ROLLBAR_ACCESS_TOKEN, its post_server_item scope in any order, ROLLBAR_SERVER_TOKEN) and
      // pyrollbar's rollbar.init('<token>'). The post_client_item token is published to
      // browsers (ROLLBAR_CLIENT_TOKEN) and stays. Sets 65 and 137 each lost one under a name the
      // generic *_TOKEN rule does not end with or as a call's first argument.
      {"rollbar-token",
       R"re((?i)\brollbar\w*?(?:access_?token(?:_post_server_item)?|post_server_item_?(?:access_?)?token|server_?token|\.init)["']?[ \t]*[=:(][ \t]*["']?([0-9a-f]{32})\b)re",
       1, V::not_placeholder},
      // The "atlasv1" infix alone marks it: a terminal or `terraform plan` wraps it after 24 or more.
      {"terraform-cloud-token", R"(\b([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_\-=]{24,70}))", 1},
      {"pulumi-token", R"(\b(pul-[a-f0-9]{40})\b)", 1},
      // Pulumi's state marks a secret with a fixed signature key ("4dabf1..": "1b4706..", on the
      // line before when pretty-printed); `pulumi stack export --show-secrets` then prints its
      // value JSON-encoded, as a string in a string ("\"v\"", "{\"k\":..}"), under "plaintext".
      // A hex test vector's "plaintext": "0011.." is not JSON-encoded and stays.
      {"pulumi-secret", R"re("plaintext"\s*:\s*"((?:\\"|[{\[])(?:[^"\\\r\n]|\\.)*)")re", 1},
      // Yandex OAuth tokens: "y0_" and a long base64url run (Yandex ID, Disk, Direct APIs).
      {"yandex-oauth-token", R"(\b(y0_[A-Za-z0-9_\-]{40,}))", 1},
      {"doppler-token", R"(\b(dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}))", 1},
      {"1password-token", R"(\b(ops_eyJ[A-Za-z0-9+/]{100,}={0,3}))", 1},
      {"flyio-token", R"(\b(fo1_[A-Za-z0-9_\-]{43}))", 1},
      {"flyio-token", R"(\b(fm[12][ar]?_[A-Za-z0-9+/]{100,}={0,3}))", 1},
      {"supabase-token", R"(\b(sbp_[a-f0-9]{40}))", 1},
      {"supabase-token", R"(\b(sb_secret_[A-Za-z0-9_\-]{20,}))", 1},
      {"planetscale-token", R"(\b(pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_=.\-]{32,64}))", 1},
      {"databricks-token", R"(\b(dapi[a-f0-9]{32}(?:-\d)?)\b)", 1},
      {"openshift-token", R"(\b(sha256~[A-Za-z0-9_\-]{43}))", 1},
      {"kubeconfig-client-key",
       R"((?i)client-key-data\\?["']?\s*:\s*\\?["']?([A-Za-z0-9+/=]{16,}))", 1},
      // A PEM key stored base64-encoded, as Kubernetes Secret data ("tls.key: LS0tLS1CRUdJTi...")
      // and CI variables ("base64 -w0 key.pem") hold it (a kubeconfig's
      // client-key-data is named by the rule above): "LS0tLS1CRUdJTi" is "-----BEGIN" encoded.
      // The validator decodes the header and keeps certificates and public keys.
      {"private-key-base64", R"(\b(LS0tLS1CRUdJTi[A-Za-z0-9+/]{20,}={0,2}))", 1, V::base64_private_key, E::base64_lines},
      // A Docker config file base64-encoded, as a kubernetes.io/dockerconfigjson Secret holds it
      // (`kubectl get secret -o yaml`, `helm template`): its "auths" carry "user:password" (and
      // the password again). Found by its opening ('{"auths":' compact, or pretty-printed with
      // two spaces, four spaces or a tab) or by the Secret's key (.dockerconfigjson, .dockercfg).
      {"docker-config-base64",
       R"(\b((?:eyJhdXRocyI6|eyAiYXV0aHMiO|ewogICJhdXRocyI6|ewogICAgImF1dGhzIj|ewoJImF1dGhzIj)[A-Za-z0-9+/]{16,}={0,2}))", 1,
       V::none, E::base64_lines},
      {"docker-config-base64",
       // Base64 of a JSON document opens with 'e' (the encoding of '{'): a SealedSecret's
       // encryptedData under the same key ("AgB..", ciphertext the cluster's key alone opens) is kept.
       R"re(\.docker(?:configjson|cfg)\\?["']?\s*:\s*\\?["']?(e[A-Za-z0-9+/]{15,}={0,2}))re", 1, V::none, E::base64_lines},
      {"kubernetes-token",
       R"((?i)(?:--token[= ]\s*["']?|\btoken:\s*["']?)([a-z0-9]{6}\.[a-z0-9]{16})\b)", 1},
      {"kubernetes-token",
       R"(\b(?:kubectl|oc|helm|kubeadm)\b[^\r\n]*?\s--token[= ]["']?([^\s"']+))", 1, V::not_placeholder},

      // Web3 RPC endpoints whose documented URL carries the project's key as a path segment:
      // Alchemy https://<network>.g.alchemy.com/v2/<key>, Infura https://<network>.infura.io/v3/<32 hex>.
      {"web3-rpc-key", R"(\b[\w-]+\.g\.alchemy\.com/v2/([A-Za-z0-9_-]{20,})\b)", 1, V::not_placeholder},
      {"web3-rpc-key", R"(\b[\w-]+\.infura\.io/v3/([0-9a-f]{32})\b)", 1},
      // ---- Source hosting, CI and package registries ----------------------------------------
      {"github-token", R"(\b(gh[pousr]_[A-Za-z0-9]{30,255}))", 1},
      {"github-token", R"(\b(github_pat_[A-Za-z0-9_]{22,255}))", 1},
      {"gitlab-token",
       R"(\b(gl(?:pat|dt|ptt|rt|cbt|oas|soat|ft|imt|agent|wt|ffct)-[A-Za-z0-9_\-]{20,}(?:\.[0-9a-z]{2}[0-9a-z]{7})?))",
       1},
      {"gitlab-token", R"(\b(GR1348941[A-Za-z0-9_\-]{20,}))", 1},
      {"bitbucket-app-password", R"(\b(ATBB[A-Za-z0-9_=.\-]{28,}))", 1},
      {"atlassian-api-token", R"(\b(ATATT3[A-Za-z0-9_\-=]{60,}))", 1},
      // A Salesforce session (OAuth access) token: the org's id ("00D" and 12 or 15 characters),
      // '!', then the session's secret part, as `sf org display` and SOAP logins print it.
      {"salesforce-access-token", R"(\b(00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?![A-Za-z0-9._]{40,}))", 1},
      {"npm-token", R"(\b(npm_[A-Za-z0-9]{36})\b)", 1},
      {"pypi-token", R"(\b(pypi-AgE[A-Za-z0-9_\-]{50,}))", 1},
      {"rubygems-token", R"(\b(rubygems_[a-f0-9]{48})\b)", 1},
      {"nuget-api-key", R"(\b(oy2[a-z0-9]{43})\b)", 1},
      {"docker-hub-token", R"(\b(dckr_(?:pat|oat)_[A-Za-z0-9_\-]{20,}))", 1},
      {"clojars-token", R"((?i)\b(CLOJARS_[a-z0-9]{60}))", 1},
      {"crates-io-token", R"(\b(cio[A-Za-z0-9]{32})\b)", 1, V::random_looking},
      {"jfrog-token", R"(\b(AKCp[A-Za-z0-9]{69})\b)", 1},
      {"jfrog-token", R"(\b(cmVmd[A-Za-z0-9]{59})\b)", 1},
      {"sonarqube-token", R"(\b(sq[pua]_[a-f0-9]{40})\b)", 1},
      {"buildkite-token", R"(\b(bkua_[a-f0-9]{40})\b)", 1},
      {"circleci-token", R"(\b(CCIPAT_[A-Za-z0-9]{20,}_[a-f0-9]{40})\b)", 1},
      {"postman-api-key", R"(\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b)", 1},
      {"linear-api-key", R"(\b(lin_api_[A-Za-z0-9]{40})\b)", 1},
      {"notion-token", R"(\b(ntn_\d{11}[A-Za-z0-9]{35})\b)", 1},
      {"readme-api-key", R"(\b(rdme_[a-z0-9]{70})\b)", 1},
      {"infracost-token", R"(\b(ico-[A-Za-z0-9]{32})\b)", 1},
      {"contentful-token", R"(\b(CFPAT-[A-Za-z0-9_\-]{43}))", 1},
      {"adafruit-io-key", R"(\b(aio_[A-Za-z0-9]{28})\b)", 1, V::random_looking},
      // No counter after the '_': one per underscore of snake_case text would multiply DFA states.
      {"maxmind-license-key", R"(\b([A-Za-z0-9]{6}_[A-Za-z0-9]+_mmk)\b)", 1, V::random_looking},

      // ---- Chat and notification ---------------------------------------------------------
      // Every issued token's first part is a number (a team's or a version's): "xoxb-your-bot-token"
      // and "xoxb-XXXXXXXXXXXX-..." are how documentation and .env examples write one.
      {"slack-token", R"(\b(xox[abposre]-\d[A-Za-z0-9-]{9,}))", 1, V::not_placeholder},
      {"slack-token", R"(\b(xoxe\.xox[bp]-\d-[A-Za-z0-9]{20,}))", 1},
      {"slack-token", R"(\b(xapp-\d-[A-Za-z0-9-]{10,}))", 1},
      // The team and channel ids before the secret stay readable (which channel a job posts to).
      {"slack-webhook-url", R"(https://hooks\.slack\.com/(?:services|workflows|triggers)/(?:[A-Za-z0-9_\-]+/)*([A-Za-z0-9_\-]{16,}))", 1},
      // The same path without its host, as a proxy capture or HAR entry splits "host" from
      // "path": /services/T<team>/B<hook>/<24-character secret>.
      // A form body or query string carries it URL-encoded ("%2Fservices%2FT..%2FB..%2F<secret>"),
      // and a JSON encoder that escapes slashes (PHP's json_encode) as "\/services\/T..\/B..".
      {"slack-webhook-url", R"((?:\\?/|%2[Ff])services(?:\\?/|%2[Ff])T[A-Z0-9]{8,12}(?:\\?/|%2[Ff])B[A-Z0-9]{8,12}(?:\\?/|%2[Ff])([A-Za-z0-9]{24})\b)", 1},
      // Apprise's URL for the same webhook: slack://[botname@]T<team>/B<hook>/<secret>.
      {"slack-webhook-url", R"(\bslack://(?:[\w.\-]+@)?T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/([A-Za-z0-9]{24})\b)", 1},
      // Like Slack's, the webhook's id stays readable (which webhook a job posts to); its token goes.
      {"discord-webhook-url", R"(https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/(?:v\d+/)?webhooks/\d+/([A-Za-z0-9_\-]+))", 1},
      // The same path where a client logs the host apart from the request line (urllib3's
      // 'https://discord.com:443 "POST /api/webhooks/<id>/<token>?wait=true'): a snowflake id and
      // the 68-character token.
      {"discord-webhook-url", R"(/api/(?:v\d+/)?webhooks/\d{17,20}/([A-Za-z0-9_\-]{60,}))", 1},
      // Apprise's (and Symfony Notifier's) URL for the same webhook: discord://<id>/<token>.
      {"discord-webhook-url", R"(\bdiscord://\d{15,21}/([A-Za-z0-9_\-]{40,}))", 1},
      // The first part is the base64 of the bot's decimal id, so it opens with one of a few
      // four-character prefixes; a bare [MNO] there would start a counter on every M, N and O
      // of a base64 blob and multiply the Set's DFA states (measured: 0.5 MB/s on random base64).
      {"discord-bot-token",
       R"(\b((?:MT|Mj|Mz|ND|NT|Nj|Nz|OD|OT)[AEIMQUYcgk][w-z0-5][A-Za-z0-9_\-]{20,24}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,40}))",
       1, V::random_looking},
      // The secret part is random: a class name after "12345:" is not one.
      {"telegram-bot-token", R"(\b(?:bot)?(\d{5,16}:A[A-Za-z0-9_\-]{34}))", 1, V::random_looking},
      // ... URL-encoded inside another URL's query ("?target=https%3A%2F%2Fapi.telegram.org%2Fbot<id>%3A<secret>").
      {"telegram-bot-token", R"((?:\b|%2F)(?:bot)?(\d{5,16}%3[Aa]A[A-Za-z0-9_\-]{34}))", 1, V::random_looking},
      // Pushover: the application token and the user (or group) key are both 30 lower-case
      // alphanumerics; the user key rides as "user=" (or a group key as "group") beside the token
      // (which its name already marks), a name that alone says nothing, so only on a line that
      // names Pushover.
      {"pushover-key",
       R"((?i)pushover[^\r\n]*?(?:user|group)(?:[_-]?key)?\\?["']?\s*[:=]\s*\\?["']?([a-z0-9]{30})\b)", 1},
      // Mattermost's incoming webhook: https://<server>/hooks/<26 lower-case alphanumerics>, the
      // generated key being the whole secret ("treat this endpoint as a secret").
      {"mattermost-webhook-url", R"(/hooks/([a-z0-9]{26})\b)", 1},
      // Apprise's URL for it: mmost[s]://<host>[:port][/path]/<key>.
      {"mattermost-webhook-url", R"(\bmmosts?://[^\s/'"@]+(?:/[^\s/'"?]+)*?/([a-z0-9]{26})\b)", 1},
      // Gotify's application token (15 characters, 'A' for an application) in an Apprise URL:
      // gotify[s]://<host>[:port][/path]/<token>.
      {"gotify-token", R"(\bgotifys?://[^\s/'"@]+(?:/[^\s/'"?]+)*?/(A[A-Za-z0-9._\-]{14})\b)", 1, V::random_looking},
      // Incoming webhooks whose URL path carries the credential (whoever has the URL can post or
      // trigger): Feishu/Lark bots (/open-apis/bot/v2/hook/<uuid>), Rocket.Chat integrations
      // (/hooks/<integration id>/<token>), IFTTT Maker (/trigger/<event>/with/key/<key>,
      // /use/<key>), Netlify build hooks (api.netlify.com/build_hooks/<id>), Cloudflare Pages
      // deploy hooks (/pages/webhooks/deploy_hooks/<uuid>), Make (hook.<zone>.make.com/<token>).
      // The token-shaped segment is redacted; the host and the path before it stay readable.
      {"webhook-url-token",
       R"((?:/open-apis/bot/v2/hook|/hooks/[A-Za-z0-9]{12,24}|maker\.ifttt\.com/(?:trigger/[\w.\-]+/(?:json/)?with/key|use)|api\.netlify\.com/build_hooks|/pages/webhooks/deploy_hooks|//hook\.[a-z0-9]+\.make\.com)/([A-Za-z0-9_\-]{16,}))",
       1, V::not_placeholder},
      // Zapier's catch hook: /hooks/catch/<account number>/<hook key>; anyone holding it can post.
      // Generated keys have seven characters or more; the docs' ".../123456/abcdef/" stays.
      {"webhook-url-token", R"(\bhooks\.zapier\.com/hooks/catch/\d+/([A-Za-z0-9]{7,}))", 1, V::not_placeholder},
      // Vercel's deploy hook: anyone with the URL can trigger a deployment of the project.
      {"webhook-url-token", R"(\bapi\.vercel\.com/v1/integrations/deploy/prj_\w+/([A-Za-z0-9]{8,}))", 1, V::not_placeholder},
      // Grafana OnCall's integration URL (/oncall/integrations/v1/<kind>/<token>/) and Better
      // Stack's heartbeat URL (/api/v1/heartbeat/<token>): anyone with either can raise or silence
      // an alert.
      {"webhook-url-token", R"(/integrations/v1/[a-z_]+/([A-Za-z0-9]{20,})/)", 1, V::not_placeholder},
      {"webhook-url-token", R"(\bbetterstack\.com/api/v1/heartbeat/([A-Za-z0-9]{16,}))", 1, V::not_placeholder},
      // Jira Automation's incoming webhook (automation.atlassian.com/pro/hooks/<40 hex>): whoever
      // has the URL can start the rule.
      {"webhook-url-token", R"(\bautomation\.atlassian\.com/pro/hooks/([0-9a-f]{40}))", 1},
      // An API key sent as the Basic user name with a dummy "X" as password (Freshdesk's and
      // Freshservice's documented idiom): axios' auth object, or the "key:X" pair assigned before
      // it is encoded (a quoted "Name4x4:X" elsewhere is no credential).
      {"api-key-as-user",
       R"re((?i)\buser(?:name)?["']?\s*[:=]\s*["']([A-Za-z0-9]{16,40})["']\s*,\s*pass(?:word)?["']?\s*[:=]\s*["']X["'])re", 1,
       V::random_looking},
      {"api-key-as-user", R"re(=\s*["']([A-Za-z0-9]{16,40}):X["'])re", 1, V::random_looking},
      // The path is the credential (newer URLs end in a base64url "V2.." segment); the host stays.
      {"teams-webhook-url", R"(https://[A-Za-z0-9\-]+\.webhook\.office\.com/webhookb2/([A-Za-z0-9@/_\-]+))", 1},
      // ThingsBoard's device HTTP API carries the device's access token in the path:
      // /api/v1/<token>/telemetry (and /attributes, /rpc, /claim).
      {"webhook-url-token", R"(/api/v1/([A-Za-z0-9]{20})/(?:telemetry|attributes|rpc|claim)\b)", 1, V::not_placeholder},
      // A live stream's ingest URL ends in the stream key, which lets anyone broadcast on the
      // channel: rtmp://a.rtmp.youtube.com/live2/<key>, rtmp://live.twitch.tv/app/<live_..>;
      // AWS IVS keys have their own prefix (sk_<region>_<random>).
      {"stream-key", R"(\brtmps?://[^\s/"']+/(?:live2?|app)/([A-Za-z0-9_\-]{16,}))", 1, V::not_placeholder},
      {"stream-key", R"(\b(sk_[a-z]{2}-[a-z]+-\d_[A-Za-z0-9]{30,}))", 1, V::none},
      // Web3 wallets. A 32-byte private key in hex where its line names it as a key ("deployer's
      // private key is: 0x..", "const fallbackKey = '0x..'"), or in the numbered "Private Keys"
      // list anvil, Hardhat and ganache print; a transaction or block hash has the same shape, so a
      // bare one stays. Foundry's vm.envUint quotes a key it could not parse. Hardhat's and anvil's
      // publicly known development keys stay (validators: stand_in_or_mask).
      {"wallet-private-key",
       R"((?i)(?:private[ _-]?keys?|signer[ _-]?key|deployer[ _-]?key|wallet[ _-]?key|fallback[ _-]?key)\b[^\n]{0,40}?\b(0x[0-9a-f]{64})\b)",
       1, V::none},
      {"wallet-private-key", R"((?m)^[ \t]*\(\d{1,2}\) (0x[0-9a-f]{64})[ \t]*$)", 1, V::none},
      {"wallet-private-key", R"re(vm\.env\w*: failed parsing "((?:0x)?[0-9a-fA-F]{64})")re", 1, V::none},
      // A BIP-39 recovery phrase (12 to 24 words) quoted after its name: --mnemonic "..",
      // MNEMONIC="..", {"mnemonic": ".."}, mnemonic: { phrase: '..' }.
      {"wallet-mnemonic",
       R"re((?i)(?:mnemonic|seed[ _-]?phrase|recovery[ _-]?phrase)[^\n]{0,30}?["'`]((?:[a-z]{3,8} ){11,23}[a-z]{3,8})["'`])re",
       1, V::none},
      // ... and unquoted after a colon or '=': anvil's and ganache's "Mnemonic:      <words>" banner.
      {"wallet-mnemonic",
       R"((?i)(?:mnemonic|seed[ _-]?phrase|recovery[ _-]?phrase)[\w.\-]*[ \t]*[:=][ \t]*((?:[a-z]{3,8} ){11,23}[a-z]{3,8})\b)",
       1, V::none},
      // Node providers' keys ride in the endpoint's path: Infura's project id (its API key),
      // QuickNode's token; INFURA_PROJECT_ID names the same value.
      {"rpc-endpoint-key", R"(\.infura\.io/(?:ws/)?v3/([0-9a-f]{32})\b)", 1, V::none},
      {"rpc-endpoint-key", R"(\.quiknode\.pro/([0-9a-f]{32,64})\b)", 1, V::none},
      {"rpc-endpoint-key", R"((?i)\binfura[_-]?(?:project[_-]?)?id["']?\s*[:=]\s*["']?([0-9a-f]{32})\b)", 1, V::none},
      // Drupal's one-time login link (drush uli, password-reset mails): its last segment logs in.
      {"login-link-token", R"(/user/reset/\d+/\d{9,11}/([A-Za-z0-9_\-]{20,}))", 1, V::none},
      // Django's password-reset link (auth's "reset/<uidb64>/<token>/", in the mail a test reads):
      // the token is a base-36 timestamp and a hash; it sets the account's password.
      {"login-link-token", R"(/reset/[A-Za-z0-9_\-]+/([0-9a-z]{1,13}-[0-9a-f]{20,}))", 1, V::none},

      // ---- Payment -------------------------------------------------------------------------
      // Secret and restricted keys only: Stripe documents publishable keys (pk_live_, pk_test_) as
      // safe to ship in client-side code, and a front-end build prints them.
      {"stripe-key", R"(\b((?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,}))", 1, V::not_placeholder},
      {"stripe-key", R"(\b(whsec_[A-Za-z0-9]{20,}))", 1, V::not_placeholder},
      // Checkout.com's secret keys: sk_sbox_ (sandbox) or sk_ (live) and 26+ lower-case base32
      // characters; the publishable pk_ keys are public.
      {"checkout-secret-key", R"(\b(sk_(?:sbox_)?[a-z2-7]{26,})\b)", 1, V::base32_token},
      // Many vendors copy Stripe's scheme for their own keys: "<vendor>_live_<random>" (and
      // "_prod_"). Publishable keys (pk_) are kept, as Stripe's own (generated_key's check).
      {"vendor-live-key", R"(\b([a-z][a-z0-9]{1,15}_(?:live|prod)_[A-Za-z0-9]{24,})\b)", 1, V::generated_key},
      // sq0cgp-: an OAuth authorization code, traded for an access token by the client secret.
      {"square-token", R"(\b((?:EAAA|sq0atp-|sq0cgp-)[A-Za-z0-9_\-]{22,60}))", 1},
      // Braintree's OAuth access token: access_token$<environment>$<merchant id>$<32 hex>.
      {"braintree-token", R"(\b(access_token\$(?:production|sandbox|development|qa)\$[0-9a-z]{8,32}\$[0-9a-f]{32})\b)", 1},
      {"square-token", R"(\b(sq0csp-[A-Za-z0-9_\-]{43}))", 1},
      {"shopify-token", R"(\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b)", 1},
      {"facebook-access-token", R"(\b(EAA[CGMB][A-Za-z0-9]{60,}))", 1},
      // Mollie API keys: "live_" or "test_" and 30 alphanumerics (a pytest "test_" name is no
      // mix of digits and both cases). Lob keys: the same prefixes and 35 hex digits (Lob's
      // publishable live_pub_/test_pub_ keys are kept). Paddle API keys: pdl_live_apikey_ /
      // pdl_sdbx_apikey_ (and the pdl_ntfset_ webhook secret); its client-side tokens (live_/test_
      // and 27 hex digits) are public.
      {"mollie-api-key", R"(\b((?:live|test)_[A-Za-z0-9]{6}[A-Za-z0-9]{24})\b)", 1, V::random_looking},
      // Mollie's organization access tokens (OAuth and Connect): "access_" and 30 or more alphanumerics.
      {"mollie-api-key", R"(\b(access_[A-Za-z0-9]{6}[A-Za-z0-9]{24,})\b)", 1, V::random_looking},
      {"lob-api-key", R"(\b((?:live|test)_[0-9a-f]{6}[0-9a-f]{29})\b)", 1},
      // MessageBird (Bird) access keys: the same prefixes and 25 alphanumerics.
      {"messagebird-access-key", R"(\b((?:live|test)_[A-Za-z0-9]{6}[A-Za-z0-9]{19})\b)", 1, V::random_looking},
      {"paddle-api-key", R"(\b(pdl_(?:live|sdbx)_apikey_[A-Za-z0-9_]{20,}))", 1},
      // Paddle's notification (webhook) secret: "pdl_ntfset_<26 base32 id>_<base64 key>".
      {"paddle-api-key", R"(\b(pdl_ntfset_[a-z0-9]{26}_[A-Za-z0-9+/_]{20,}={0,2}))", 1},

      // ---- AI providers ------------------------------------------------------------------------
      {"anthropic-api-key", R"(\b(sk-ant-(?:api|admin|oat|sid)\d\d-[A-Za-z0-9_\-]{20,}))", 1},
      {"openai-api-key", R"(\b(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}))", 1},
      {"huggingface-token", R"(\b((?:hf_|api_org_)[A-Za-z0-9]{30,})\b)", 1},
      {"groq-api-key", R"(\b(gsk_[A-Za-z0-9]{48,}))", 1},
      {"perplexity-api-key", R"(\b(pplx-[A-Za-z0-9]{40,}))", 1},
      {"replicate-api-token", R"(\b(r8_[A-Za-z0-9]{37})\b)", 1},
      // Prefect Cloud's API keys: a user's (pnu_) and a service account's (pnb_).
      {"prefect-api-key", R"(\b(pn[ub]_[A-Za-z0-9]{36})\b)", 1},
      {"xai-api-key", R"(\b(xai-[A-Za-z0-9]{60,}))", 1},
      {"langsmith-api-key", R"(\b(lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})\b)", 1},
      // Pinecone's API keys since 2024: "pcsk_", a short key id, "_", then the secret. (The older
      // keys are bare UUIDs: only a secret-named assignment marks those.) Set 143 printed one
      // under a bare "key=".
      {"pinecone-api-key", R"(\b(pcsk_[A-Za-z0-9]{4,10}_[A-Za-z0-9]{40,}))", 1},
      // Microsoft's "common annotated security key" (Azure OpenAI and AI services keys since
      // 2024, among others): 84 characters whose 53rd to 57th are the fixed signature "JQQJ9",
      // then a provider letter and a date code. The signature is its literal, so the leading run
      // costs nothing on text without it. Set 143 printed one under a bare "key=".
      {"azure-annotated-key",
       R"(\b([A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9][A-L][A-Za-z0-9]{16}[A-Za-z][A-Za-z0-9]{7}(?:[A-Za-z0-9]{2}==)?))", 1},
      {"cohere-api-key",
       R"((?i)(?:cohere|co_api_key)[\w.-]*\\?["']?\s*[:=]\s*\\?["']?([A-Za-z0-9]{40})\b)", 1},

      // ---- Messaging, e-mail, monitoring ---------------------------------------------------
      {"twilio-api-key", R"(\b(SK[0-9a-f]{32})\b)", 1},
      // Vonage's (Nexmo's) PHP client takes the API key, then its secret: Credentials\Basic(key, secret).
      {"vonage-api-secret",
       R"re((?:Vonage|Nexmo)\\Client\\Credentials\\Basic\(\s*["'][^"'\r\n]+["']\s*,\s*["']([^"'\s]{8,})["'])re", 1,
       V::not_placeholder},
      {"twilio-auth-token",
       R"((?i)twilio[\w.-]*(?:auth[_-]?token|secret)\\?["']?\s*[:=]\s*\\?["']?([0-9a-f]{32})\b)", 1},
      {"sendgrid-api-key", R"(\b(SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}))", 1},
      {"mailgun-api-key", R"(\b(key-[0-9a-f]{32})\b)", 1},
      // Keys since 2023: 32 hex, '-', 8 hex, '-', 8 hex. Split counters let the prefilter hold
      // "-<8 hex>-<8 hex>" (no UUID, date or version has that) instead of loosened hex runs.
      {"mailgun-api-key", R"(\b([0-9a-f]{32}-[0-9a-f]{6}[0-9a-f]{2}-[0-9a-f]{6}[0-9a-f]{2})\b)", 1},
      // Mailchimp Transactional (Mandrill): "md-" and 22 characters.
      {"mandrill-api-key", R"(\b(md-[A-Za-z0-9_\-]{22})\b)", 1, V::random_looking},
      {"mailchimp-api-key", R"(\b([0-9a-f]{32}-us\d{1,2})\b)", 1},
      {"resend-api-key", R"(\b(re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24})\b)", 1, V::random_looking},
      // Brevo's API keys (xkeysib-) and SMTP keys (xsmtpsib-), one shape.
      {"brevo-api-key", R"(\b(x(?:key|smtp)sib-[a-f0-9]{64}-[A-Za-z0-9]{16}))", 1},
      // {6}{26} rather than {32}: the prefilter keeps counters of up to 6 whole, so it looks for
      // six hex digits after the scheme, not any URL (see prefilter_pattern).
      {"sentry-dsn", R"((?i)\bhttps?://([0-9a-f]{6}[0-9a-f]{26}(?::[0-9a-f]{32})?)(?:@|$))", 1},
      {"sentry-token", R"(\b(sntry[su]_[A-Za-z0-9+/=_]{40,}))", 1},
      {"datadog-api-key",
       R"((?i)(?:datadog|dd)[_-]?(?:api|app|application)[_-]?key\\?["']?\s*[:=]\s*\\?["']?([a-f0-9]{32,40})\b)", 1},
      // Datadog's v1 log intake takes the API key as the path's last segment
      // (http-intake.logs.datadoghq.com/v1/input/<key>): Fluent Bit's and Vector's debug lines
      // print that path apart from its host (set 146).
      {"datadog-api-key", R"(/v1/input/([a-f0-9]{32})\b)", 1},
      // PagerDuty Events API v2: the integration's routing key (32 hex) in an event body. Only
      // under PagerDuty's key names and in that shape: AMQP's routing_key ('celery') is no secret.
      // The name may close a longer one (Helm's --set alerts.pagerdutyRoutingKey=<key>). Event
      // Orchestration's routing keys are "R0" and 30 upper-case letters and digits instead.
      {"pagerduty-integration-key",
       R"((?i)(?:routing|integration|service)[_-]?key\\?["']?\s*[:=]\s*\\?["']?((?-i:[0-9a-f]{32}|R0[0-9A-Z]{28,30}))\b)", 1},
      {"newrelic-key", R"(\b(NR(?:AK|II|JS|AA)-[A-Za-z0-9]{19,32})\b)", 1},
      // A New Relic license (ingest) key is 40 characters: 36 hex digits, then "NRAL".
      {"newrelic-key", R"(\b([a-f0-9]{36}NRAL)\b)", 1},
      {"grafana-token", R"(\b(glc_[A-Za-z0-9+/]{32,}={0,2}))", 1},
      {"grafana-token", R"(\b(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}))", 1},
      {"grafana-token", R"(\b(eyJrIjoi[A-Za-z0-9]{70,}={0,3}))", 1},
      {"dynatrace-token", R"(\b(dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}))", 1},
      {"mapbox-token", R"(\b(sk\.eyJ[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{20,}))", 1},
      // Sumo Logic's HTTP source: the URL's last path segment is the source's credential
      // ("https://<endpoint>.collection.<deployment>.sumologic.com/receiver/v1/http/<code>"; also
      // /otlp/, /prometheus/, /kinesis/log/). The endpoint and path before it stay readable.
      {"sumologic-http-source-token",
       R"(sumologic\.com/receiver/v1/[a-z]+(?:/[a-z]+)?/([A-Za-z0-9_\-]{20,}={0,2}))", 1},
      // The same path given apart from its host (Fluent Bit's and Logstash's "URI
      // /receiver/v1/http/<code>" under a separate Host setting): a long code only.
      {"sumologic-http-source-token",
       R"((?:^|[\s=:"'])/receiver/v1/(?:http|otlp)/([A-Za-z0-9_\-]{40,}={0,2}))", 1},
      // Honeycomb's ingest and management keys: "hcaik_" / "hcxik_" (ingest), "hcamk_" / "hcxmk_"
      // (management), then the key id and secret in lower-case base36.
      {"honeycomb-key", R"(\b(hc[ax](?:ik|mk)_[a-z0-9]{20,})\b)", 1},
      // LaunchDarkly: server-side SDK keys "always start with the prefix sdk-" (a UUID follows).
      // Mobile keys (mob-) and client-side IDs are documented as public and are kept.
      {"launchdarkly-sdk-key", R"(\b(sdk-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b)", 1},
      // Unleash API tokens: "<project>:<environment>.<64 hex>", '*' for all projects or
      // environments (admin tokens "*:*.<hex>"). The docs' "default:development.unleash-insecure-
      // api-token" has no hex and stays.
      {"unleash-api-token", R"((?:^|[^\w*:.-])((?:\*|[A-Za-z0-9_-]+):(?:\*|[A-Za-z0-9_-]+)\.[0-9a-f]{64})\b)", 1},
      // Ably: "<app id>.<key id>:<key secret>"; the key name before ':' is public (Ably prints it
      // in errors), the 43-character secret after it is not.
      {"ably-api-key", R"(\b[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{6}:([A-Za-z0-9_\-]{40,}))", 1, V::random_looking},
      // Backblaze B2 application keys: "K00" and the cluster digit, then 27 alphanumerics (the
      // key ID beside it, "00<..>", is not secret).
      {"backblaze-b2-key", R"(\b(K00\d[A-Za-z0-9]{27})\b)", 1, V::random_looking},
      // PostHog personal API keys (phx_); project API keys (phc_) are public and kept.
      {"posthog-personal-api-key", R"(\b(phx_[A-Za-z0-9]{30,})\b)", 1},
      // ASP.NET Core Data Protection payloads (auth and session cookies, antiforgery tokens,
      // TempData) open with the base64url of its magic header: "CfDJ8".
      {"aspnetcore-protected-data", R"(\b(CfDJ8[A-Za-z0-9_\-]{50,}))", 1},
      // Feature-flag and database services' documented server-side key shapes: ConfigCat SDK keys
      // ("configcat-sdk-1/<22>/<22>"), DataStax Astra application tokens ("AstraCS:<24
      // letters>:<64 hex>"), Flagsmith server-side environment keys ("ser.<alnum>"; its
      // client-side environment keys have no prefix and are public), bunny.net account API keys
      // and storage passwords (a UUID whose fourth group runs on into a second UUID).
      {"configcat-sdk-key", R"(\b(configcat-sdk-1/[A-Za-z0-9_\-]{22}/[A-Za-z0-9_\-]{22}))", 1},
      {"astra-db-token", R"(\b(AstraCS:[A-Za-z]{24}:[0-9a-f]{64})\b)", 1},
      {"flagsmith-server-key", R"(\b(ser\.[A-Za-z0-9]{20,})\b)", 1, V::random_looking},
      {"bunnynet-api-key",
       R"(\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{20}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b)",
       1},

      // WooCommerce REST API keys: the consumer key "ck_" and consumer secret "cs_", 40 hex digits
      // each (both are credentials: the pair is the Basic-auth user and password).
      {"woocommerce-api-key", R"(\b((?:ck|cs)_[0-9a-f]{6}[0-9a-f]{34})\b)", 1},
      // Modal tokens: the token id "ak-" and the token secret "as-", 22 alphanumerics each.
      {"modal-token", R"(\b((?:ak|as)-[A-Za-z0-9]{6}[A-Za-z0-9]{16})\b)", 1, V::random_looking},
      // Laravel's APP_KEY: "base64:" and the base64 of 32 random bytes (43 characters and '=').
      // The label stays readable.
      {"laravel-app-key", R"(\bbase64:([A-Za-z0-9+/]{43}=)(?:[^A-Za-z0-9+/=]|(?m:$)))", 1},
      // Apple app-specific passwords: four groups of four lower-case letters, only after a
      // password's name or a -p flag (alone, the shape could be any hyphenated words).
      {"apple-app-specific-password",
       R"((?:(?:(?m:^)|\s)-p[ \t]+|(?:[Pp]ass(?:word|wd)|PASSWORD|PASSWD|[Pp]wd|PWD)["']?[ \t]*[:=]?[ \t]*)["']?([a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4})\b)",
       1},
      // Kaggle's kaggle.json: {"username": "<user>", "key": "<32 hex>"}. "key" alone names cache
      // keys and digests too, so only beside "username" in the same object, either order.
      {"kaggle-api-key",
       R"re(["']username["']\s*:\s*["'][^"'\r\n]*["']\s*,\s*["']key["']\s*:\s*["']([0-9a-f]{32})(?:["']|\z))re", 1},
      {"kaggle-api-key", R"re(["']key["']\s*:\s*["']([0-9a-f]{32})["']\s*,\s*["']username["'])re", 1},
      // The CLI's own variable for the same key (KAGGLE_KEY=, -e KAGGLE_KEY=, a Ruby or JSON env
      // hash's "KAGGLE_KEY"=>): a generic *_KEY name over 32 hex keeps its value (a cache key or
      // digest), this one names the credential.
      {"kaggle-api-key", R"re(\bKAGGLE_KEY\\?["']?[ \t]*(?:=>|[:=])[ \t]*\\?["']?([0-9a-f]{32})\b)re", 1},

      // ---- Tokens in general ---------------------------------------------------------------
      // Supabase's anon key is a JWT published to browsers by design and is kept (not_public_jwt).
      {"jwt", R"(\b(eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*))", 1, V::not_public_jwt},
      // An encrypted JWT (JWE compact form, RFC 7516): header, encrypted key (empty under "dir",
      // as NextAuth's session cookie and Apple's web sessions are), IV, ciphertext and tag.
      {"jwt", R"(\b(eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}))", 1},

      // An S3-compatible key pair's id in a config section (rclone, s3cmd, boto's credentials file):
      // "access_key_id = <32 hex>" is a Cloudflare R2 key id, which like an AWS AKIA id (redacted
      // above) names half of the key pair. Only R2's 32-hex shape: other ids are names.
      {"aws-access-key-id", R"((?im)^[ \t]*(?:aws_)?access_key_id[ \t]*=[ \t]*([0-9a-f]{32})[ \t]*\r?$)", 1},
      // An S3-compatible store's key id (MinIO, Wasabi, DigitalOcean Spaces) has AWS's shape
      // without its prefix: 20 upper-case letters and digits, beside its name (AWS_ACCESS_KEY_ID=,
      // "accessKeyId": , dvc's `remote modify .. access_key_id <id>`) or as the key argument of
      // MinIO's `mc alias set NAME URL <key id> <secret>` (the secret is cli-password-flag's).
      {"aws-access-key-id",
       R"re((?i:\b(?:aws_?)?access[_\-]?key(?:[_\-]?id)?|\bminio_access_key)\\?["']?(?:[ \t]*[:=][ \t]*|[ \t]+)\\?["']?([A-Z0-9]{20})\b)re",
       1, V::upper_key_id},
      {"aws-access-key-id", R"re(\bmc[ \t]+(?:alias[ \t]+set|config[ \t]+host[ \t]+add)[ \t]+\S+[ \t]+\S+[ \t]+["']?([A-Z0-9]{20})\b)re", 1,
       V::upper_key_id},

      // ---- Connection strings and DSNs ------------------------------------------------------
      // Go's MySQL DSN has no scheme: user:pass@tcp(host:3306)/db.
      {"dsn-password", R"([\w.\-]+:([^@\s/:'"]+)@(?:tcp|tcp6|unix|udp)\()", 1, V::not_placeholder},
      // ... and the same DSN cut short right after its '@' (the end of a truncated message).
      {"dsn-password", R"([\w.\-]+:([^@\s/:'"]+)@(?:t(?:cp?)?|u(?:n(?:ix?)?)?)?$)", 1, V::not_placeholder},
      {"jdbc-password", R"((?i)\bjdbc:[^\s"']*?[?&;:](?:password|pwd)=([^&;\s"']+))", 1, V::not_placeholder},
      {"jdbc-password", R"((?i)\bjdbc:oracle:[a-z]+:[\w.$\-]+/([^@\s"']+)(?:@|$))", 1, V::not_placeholder},
      // ... and Oracle's double-quoted form for a password with special characters
      // (user/"p#ss"@//host:1521/svc): set 144 printed one in Flyway's resolved configuration.
      {"jdbc-password", R"re((?i)\bjdbc:oracle:[a-z]+:[\w.$\-]+/"([^"\r\n]+)"@)re", 1, V::not_placeholder},
      {"connection-string-password", connection_string_password + R"(([^{;"'\s][^;"'\s]*))", 1,
       V::not_placeholder},
      // ODBC and ADO.NET brace a value holding ';' and double a '}' inside it: Pwd={a;b}}c}.
      // The secret is inside the braces (braced, the whole would read as a {placeholder}).
      {"connection-string-password", connection_string_password + R"(\{((?:[^}\r\n]|\}\})+)\})", 1,
       V::not_placeholder},

      // ---- Files that hold credentials: .netrc, .npmrc, Docker config, Maven/NuGet XML ----------
      // No closing delimiter is required after a value: a field cut short ("<password>abc" at
      // the end of a truncated message) still holds the whole secret.
      {"netrc-password", R"((?i)\blogin\s+\S+\s+password\s+([^\s"']+))", 1, V::not_placeholder},
      {"netrc-password", R"((?im)^\s*password[ \t]+([^\s"'=:]+)\s*$)", 1, V::not_placeholder},
      // No '&': "smtp_password=..&spam_action=.." in a form body ends at the next field.
      // A .npmrc inside a JSON string ends each line with the escape "\n": the value ends there.
      {"npmrc-auth", R"((?i)(?:_authToken|_auth|_password)\s*=\s*"?([^\s"&\\]+))", 1, V::not_placeholder},
      // Yarn 2+ (.yarnrc.yml): npmAuthIdent holds "user:password", npmAuthToken a token.
      {"npmrc-auth", R"((?i)\bnpmAuth(?:Ident|Token)["']?\s*:\s*["']?([^\s"']+))", 1, V::not_placeholder},
      // `npm config set //host/:_authToken VALUE` (also yarn, pnpm): key and value are two words.
      {"npmrc-auth",
       R"((?i)\b(?:npm|yarn|pnpm)\s+config\s+set\s+["']?[^\s"']*(?:_authToken|_auth|_password|npmAuthToken|npmAuthIdent)["']?\s+["']?([^\s"']+))",
       1, V::not_placeholder},
      // PostgreSQL's password file (~/.pgpass, PGPASSFILE): hostname:port:database:username:password
      // on a line of its own or quoted whole (`echo "*:*:*:app:pw" > ~/.pgpass` in a trace), '*'
      // matching anything and "\:" a literal colon.
      {"pgpass-password",
       R"re((?m)(?:^[ \t]*|["'])(?:[A-Za-z0-9.\-]*[A-Za-z.][A-Za-z0-9.\-]*|\*):(?:\d{1,5}|\*):[^\s:"']+:[^\s:"']+:((?:\\:|[^\s:"'])+)(?:["']|[ \t]*\r?$))re",
       1, V::not_placeholder},
      // ... and its lines inside a JSON string, each after a "\n" escape (Ansible's debug of the
      // file's content): the value stops at the escape after it.
      {"pgpass-password",
       R"re((?:\\n|["'])(?:[A-Za-z0-9.\-]*[A-Za-z.][A-Za-z0-9.\-]*|\*):(?:\d{1,5}|\*):[^\s:"'\\]+:[^\s:"'\\]+:([^\s:"'\\]+))re",
       1, V::not_placeholder},
      // Bundler's source credentials: BUNDLE_<HOST with __ for .>=user:password (environment or
      // .bundle/config), and `bundle config` listing them ("Set for the current user (...): "u:p"").
      {"bundler-credentials", R"(\bBUNDLE_[A-Z0-9_]*__[A-Z0-9_]+["']?\s*[=:]\s*["']?[^\s:"'/\\]+:([^\s"'/\\][^\s"']*))", 1,
       V::not_placeholder},
      // A host whose credential is one token, no user (Gemfury's "BUNDLE_GEM__FURY__IO=<token>"):
      // only a generated-looking value, so "BUNDLE_GITHUB__COM=x-access-token" reads as a user name.
      {"bundler-credentials", R"((?m)\bBUNDLE_[A-Z0-9_]*__[A-Z0-9_]+["']?\s*[=:]\s*["']?([^\s:"'/\\@]{12,})(?:["']|[ \t]|\r?$))", 1,
       V::random_token},
      {"bundler-credentials",
       R"re(\bSet (?:for (?:the current user|your local app) \([^)\r\n]*\)|via BUNDLE_[A-Z0-9_]+): "[^"\s:/]+:([^"\s/\\]+)(?:"|$))re", 1,
       V::not_placeholder},
      // Anaconda.org's token rides in the channel URL's path: https://conda.anaconda.org/t/<token>/<channel>.
      {"anaconda-token", R"(\b(?:conda|repo)\.anaconda\.(?:org|com|cloud)/t/([^/\s"'<>]{8,})(?:/|$))", 1, V::not_placeholder},
      // PHP stack traces print a connect call's arguments: PDO->__construct('<dsn>', '<user>',
      // '<password>', ...), mysqli->__construct / real_connect('<host>', '<user>', '<password>').
      {"php-connect-password",
       R"((?:PDO|mysqli)->(?:__construct|connect|real_connect)\('[^'\r\n]*', '[^'\r\n]*', '([^'\r\n]+)(?:'|$))", 1,
       V::not_placeholder},
      {"docker-config-auth", R"re((?i)"(?:auth|identitytoken)"\s*:\s*"([A-Za-z0-9+/]{8,}={0,2}))re", 1,
       V::basic_credentials},
      // A value never opens with '/': "/t/<TOKEN>/channel" is a URL path after a placeholder.
      {"xml-password",
       R"((?i)<(?:password|passphrase|secret|token|apiKey|privateKey|accessKey|secretKey|gpg\.passphrase)>([^<\s@/][^<\s]*))", 1,
       V::not_placeholder},
      // Maven's settings-security.xml: the master password, encrypted with a key Maven ships, so
      // as good as plain ("<master>{zpC..=}</master>").
      {"xml-password", R"(<master>(\{[A-Za-z0-9+/=]{8,}\}))", 1, V::none},
      // Any element whose name ends in a secret word, with a namespace prefix or a CDATA section:
      // <ns:password>, <clientSecret>, <access_token>, <db.pwd>, <api-key><![CDATA[v]]>; and the
      // same XML entity-escaped inside an attribute or a JSON string (&lt;password&gt;v&lt;/..),
      // where the value ends at the next entity.
      {"xml-password",
       R"re((?i)<(?:[\w.\-]+:)?[\w.\-]*)re" + yaml_secret_key + R"re(>(?:<!\[CDATA\[)?([^<\s\]@/][^<\s\]]*))re", 1, V::key_value},
      {"xml-password",
       R"re((?i)&lt;(?:[\w.\-]+:)?[\w.\-]*)re" + yaml_secret_key + R"re(&gt;([^<&\s]+))re", 1, V::key_value},
      // The element with attributes: WS-Security's <wsse:Password Type="..#PasswordText">v</..>.
      {"xml-password",
       R"re((?i)<(?:[\w.\-]+:)?[\w.\-]*)re" + yaml_secret_key + R"re(\s+[\w:.\-]+\s*=\s*"[^"<>\r\n]*"[^<>\r\n]*>([^<\s]+))re", 1,
       V::key_value},
      {"xml-password",
       R"re((?i)<(?:[\w.\-]+:)?[\w.\-]*)re" + yaml_secret_key + R"re(\s+value\s*=\s*["']([^"']+))re", 1, V::key_value},
      {"nuget-config-password",
       R"re((?i)<add\s+key="(?:ClearTextPassword|Password|ApiKey)"\s+value="([^"]+))re", 1, V::not_placeholder},
      // An XML element whose name or key attribute names a secret: Hibernate's and Spring's
      // <property name="hibernate.connection.password">v</property>, <entry key="db.password">v,
      // <add key="ApiKey" value="v"/>, <property name="password" value="v"/>.
      {"xml-password",
       R"re((?i)<[\w:.\-]+\s+(?:name|key)\s*=\s*["'][\w.:\-]*)re" + yaml_secret_key + R"re(["']\s*>([^<\s]+))re", 1,
       V::key_value},
      {"xml-password",
       R"re((?i)<[\w:.\-]+\s+(?:name|key)\s*=\s*["'][\w.:\-]*)re" + yaml_secret_key + R"re(["']\s+value\s*=\s*["']([^"']+))re", 1,
       V::key_value},

      // ---- HTTP: headers, cookies, URLs ----------------------------------------------------
      // An access log or a URL-encoded header may print the blank as "%20" ("Bearer%20<token>").
      // The token ends at a character tokens do not hold: "token_type=Bearer token_ttl=3600s" has
      // a key=value, not a token, after the word.
      // Some issuers' tokens hold ':' and inner '=' padding between dot-separated parts (YouTrack's
      // "perm:<base64>.<base64>=.<secret>", Astra's "AstraCS:<id>:<hex>"): the token runs on over them.
      // Laravel Sanctum's token opens with its database id and '|' ("87|uzDBU44Ura...").
      {"bearer-token",
       R"(\b(?i:bearer)(?:\s+|%20)((?:\d+\|)?[A-Za-z0-9\-._~+/:]{8,}=*(?:\.[A-Za-z0-9\-._~+/:]+=*)*)(?:[^A-Za-z0-9\-._~+/=:]|(?m:$)))", 1,
       V::not_placeholder},
      // Elixir's HTTP clients take the token as a tuple (Req's and Tesla's auth: {:bearer, "<t>"}),
      // and inspect prints it so.
      {"bearer-token", R"re(\{:(?:bearer|token)\s*,\s*"([^"\s]{8,})"\s*\})re", 1, V::not_placeholder},
      // A word start in code (see with_boundaries_in_code): Gson escapes the quote before the word
      // ("\u0022Basic Y2k..\u003d\u003d"), which a regex \b after the '2' would not see.
      // Also URL-encoded, as OTEL_EXPORTER_OTLP_HEADERS holds it ("Authorization=Basic%20<base64>").
      {"basic-auth", R"(\b(?i:basic)(?:\s+|%20)([A-Za-z0-9+/]{8,}={0,2}))", 1, V::basic_credentials},
      // Go prints an http.Header as map[Name:[value]]: the value may open with '['. The scheme
      // before the credentials is no secret (git-lfs' "RemoteAuth", Kerberos' "Negotiate",
      // Opsgenie's "GenieKey").
      {"authorization-header",
       R"((?i)(?:\b|\\n)(?:proxy-)?(?:authorization|x-api-key|x-auth-token|api-key|private-token|job-token|deploy-token|x-gitlab-token|x-vault-token|x-api-secret|x-access-token|ocp-apim-subscription-key|x-functions-key|x-goog-api-key|circle-token|x-jfrog-art-api|x-shopify-access-token|dd-api-key|dd-application-key|x-honeycomb-team|x-figma-token|x-postmark-server-token|fastly-key|jenkins-crumb|x-authentication)\\?["']?\s*(?:=>|[:=])\s*\[?\\?["']?(?:(?:token|bearer|basic|bot|digest|negotiate|ntlm|remoteauth|ssws|geniekey)\s+)?([A-Za-z0-9\-._~+/=]{8,}))",
       1, V::not_placeholder},
      // Python's http.client debug prints the request as a bytes repr, headers after a literal
      // "\r\n" ("send: b'POST / HTTP/1.1\r\nAuthorization: token ..'"): no word boundary there.
      // Any scheme (RFC 7235: "Authorization: <scheme> <credentials>"): Okta's SSWS, Splunk's
      // HEC "Splunk", Opsgenie's "GenieKey", "Token token=", Kerberos "Negotiate", AWS SigV4.
      // Also as CGI and WSGI name the header among the request's variables (Django's debug page
      // META, PHP's $_SERVER): "HTTP_AUTHORIZATION = 'Token <key>'", where no word boundary
      // precedes "AUTHORIZATION".
      {"authorization-header",
       R"((?i)(?:\b|\\n)(?:http_)?(?:proxy[-_])?authorization\\?["']?\s*(?:=>|[:=])\s*\\?["']?[A-Za-z][A-Za-z0-9_-]*\s+([A-Za-z0-9\-._~+/=]{16,}))",
       1, V::key_value},
      // Splunk's HEC scheme outside an Authorization header: a collector's setting
      // ("splunk_token=Splunk <uuid>", Fluent Bit's debug line) or a copied header value.
      {"authorization-header", R"(\bSplunk[ \t]+([0-9A-Fa-f]{8}-(?:[0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12})\b)", 1, V::none},
      // Any header (or metadata key) whose name ends in -Key, -Token or -Secret, or is a run-on
      // "AccessKey" / "ApiKey", as dumps print them: "X-Environment-Key: v", a Python dict
      // {'X-Environment-Key': 'v'}, a gRPC metadata tuple ('x-cassandra-token', 'v'), Go's
      // http.Header map[AccessKey:[v]]. Headers that carry ids (Idempotency-Key, Sec-WebSocket-Key,
      // X-Cache-Key, ...) are kept, and so are paths, URLs and digit-less words (credential_header).
      {"authorization-header",
       R"re((?i)\b(?:[\w.-]*-(?:key|token|secret)|[a-z0-9]*(?:access|api|auth|secret)key)\\?["']?(?:\s*(?:=>|[:=])\s*(?:\[\]string\{|\[)?|["']\s*,\s*)\\?(?:b?["'])?(?:(?:token|bearer|basic|bot)\s+)?([^\s"',;&\[\]{}()<>\\]{8,}))re",
       1, V::credential_header},
      // A header or variable as a {"name": .., "value": ..} pair: HAR request headers, Kubernetes
      // env lists, Docker's inspect. The value may carry any scheme (Okta's "SSWS <token>") or none ("Authorization" holding
      // "default:production.<hex>", Unleash's client token).
      {"authorization-header",
       R"re((?i)"name"\s*:\s*"(?:(?:proxy-)?authorization|[\w.-]*-(?:key|token|secret)|[\w.-]*(?:)re" + key_words +
           R"re())"\s*,\s*"value"\s*:\s*"(?:[A-Za-z][\w-]*\s+)?([^"\s]{8,}))re",
       1, V::credential_header},
      // A Cookie header as Java's Map.toString prints it ("{host=.., cookie=SESSION=<v>}").
      {"cookie-session",
       R"((?im)(?:^|[\s;,"']|\bcookie=)((?:[\w.-]*session[\w.-]*|[\w.-]*sessid|[\w-]*\.sid|sid|[\w.-]*csrf[\w.-]*|xsrf-token|remember_token|[\w.-]*auth[\w.-]*token|__Host-[\w.-]+|__Secure-[\w.-]+)=)([^;\s"',&]{8,}))",
       2, V::session_value},
      // The same cookies printed as a dict or JSON ({'sessionid': '<v>'}, "connect.sid": "<v>")
      // or as a browser driver's cookie object ({'name': 'sessionid', 'path': '/', 'value': '<v>'},
      // fields in any order the driver prints them, within one object). Only the
      // frameworks' documented session cookie names: a bare "session" key is often a run's name.
      {"cookie-session",
       R"re((?i)["'](?:)re" + session_cookie + R"re()["']\s*(?::|=>?)\s*["']([^"'\s]{8,}))re", 1,
       V::not_placeholder},
      {"cookie-session",
       R"re((?i)\bname["']?\s*(?::|=>?)\s*["'](?:)re" + session_cookie +
           R"re()["'][^{}]*?[\s,{"']value["']?\s*(?::|=>?)\s*["']([^"'\s]{8,}))re",
       1, V::not_placeholder},
      // http-cookie's YAML dump of a cookie (fastlane's FASTLANE_SESSION, a spaceauth session):
      // "!ruby/object:HTTP::Cookie", its name, then "value: <v>" (newlines may be escaped "\n").
      {"cookie-session",
       R"re(!ruby/object:HTTP::Cookie(?:\\n|\s)+name: \S+?(?:\\n|\s)+value: ([^\s\\'"]{16,}))re", 1, V::not_placeholder},
      // A Cookie / Set-Cookie header, also after a logger's prefix ("[http]    set-cookie: ...").
      {"cookie-session", R"((?im)(?:^|\s)(?:set-)?cookie:\s*[^=;\s]+=([^;\s]{16,}))", 1, V::not_placeholder},
      // Apple ID's session cookie (myacinfo), which fastlane's FASTLANE_SESSION carries as YAML:
      // its value opens with "DAWTKNV" and a hex version, then a long hex run.
      {"cookie-session", R"(\b(DAWTKNV[0-9A-Za-z]{60,}))", 1, V::none},
      // A Cookie request header carries every cookie the client holds: a generated value in any
      // pair (GitLab's known_sign_in, a remember-me or SSO cookie) is a credential whatever its
      // name; "theme=dark", "_ga=GA1.2.<digits>" and other words and ids are kept.
      {"cookie-session", R"((?im)(?:^|\s)cookie:)", 0, V::random_token, E::cookie_pairs},
      // The same header quoted as data: a headers dict or JSON object ({"Cookie": "a=..; d=.."}), a
      // tuple (('Cookie', '..')), a HAR recording's {"name": "cookie", "value": ".."} (Polly,
      // Playwright, a browser's export). The pairs end at the closing quote.
      {"cookie-session",
       R"re((?i)["'](?:name["']\s*:\s*["'])?cookie["']\s*[:,]\s*(?:["']value["']\s*:\s*)?["'])re", 0,
       V::random_token, E::cookie_pairs},
      // The password may hold ';' but no ";name=" after it: in SQL Server's JDBC URL
      // (jdbc:sqlserver://host:1433;user=u;password=p@ss;) the part after "host:" is a port and
      // properties, whose password the jdbc-password rule takes.
      // A password with an unescaped '@' ("postgres://app:p@ssw0rd@db/x", invalid but common in
      // threads asking why the connection fails) runs to the authority's last '@'.
      {"url-userinfo-password", R"((?i)\b[a-z][a-z0-9+.\-]*://[^:/?#@\s"'<>]*:((?:[^@/?\s"'<>;]*@)*[^@/?\s"'<>;]+(?:;[^@/?\s"'<>;=]*)*)@)", 1,
       V::url_password},
      // A generated password holding '/' (AWS CodeCommit's HTTPS Git credentials are base64):
      // not valid in a URL's userinfo, yet git prints it so in `git remote -v` and clone errors.
      // Each '/'-separated piece is non-empty and the first is no port ("host:8080/@scope" is a
      // path to an npm scope, not a login).
      {"url-userinfo-password",
       R"((?i)\b[a-z][a-z0-9+.\-]*://[^:/?#@\s"'<>]*:([^@/?#\s"'<>;]*[^@/?#\s"'<>;0-9][^@/?#\s"'<>;]*(?:/[^@/?#\s"'<>;]+)+)@[\w\-]+\.[\w.\-]+)",
       1, V::url_password},
      // Symfony Mailer's API transports put the provider's API key where a user name would be
      // ("postmark+api://<key>@default", "mailgun+api://<key>:<domain>@default",
      // "sendgrid+https://<key>@default"); its SMTP transports (+smtp) carry a real login.
      {"url-userinfo-password", R"(\b[a-z][a-z0-9-]*\+(?:api|https)://([^:/?#@\s"'<>]+)(?::[^/?#@\s"'<>]*)?@)", 1,
       V::not_placeholder},
      // A text cut short after the password ("redis://:s3cret" ends a truncated message): the
      // value must hold a non-digit, or "http://host:8080" at the end would lose its port.
      {"url-userinfo-password",
       R"((?i)\b[a-z][a-z0-9+.\-]*://[^:/?#@\s"'<>]*:([^@/?#\s"'<>]*[^0-9@/?#\s"'<>][^@/?#\s"'<>]*)$)", 1,
       V::url_password},
      // OpenWeatherMap-style API keys: "appid=" and 32 hex digits (a numeric Steam or Facebook app
      // id, or a WeChat "wx..." one, is an id, not a key).
      {"query-param-secret", R"((?i)[?&;]app_?id=([0-9a-f]{32})\b)", 1},
      // Azure Functions' function key and OAuth's authorization code ride in "?code=": long and
      // random, unlike "?code=200" or "?code=EUR".
      {"query-param-secret", R"([?&]code=([A-Za-z0-9_\-%]{20,}={0,2}))", 1, V::random_looking},
      // Pre-signed URLs of any object store sign in a "*signature" parameter (X-Amz-Signature,
      // X-Goog-Signature, Tencent COS q-signature, Alibaba OSS x-oss-signature) and may carry a
      // "*security-token" (STS credentials). A URL inside a JSON string may have its '&' escaped
      // as \u0026 (Go's encoding/json does so by default, System.Text.Json too): that escape
      // separates parameters as well, and a value ends before it (JSON's escapes of '/', '+', '='
      // stay part of the value).
      {"query-param-secret",
       R"((?i)(?:[?&;]|\\u0026)(?:access_token|refresh_token|id_token|token|api_?key|apikey|key|sig|signature|secret|client_secret|code_verifier|password|passwd|pwd|auth|private_token|[\w-]*signature|[\w-]*security-token|x-amz-credential|x-goog-credential)=((?:[^&;\s"'#<>\\]|\\/|\\u00(?:2[bBfF]|3[dD]))+))",
       1, V::not_placeholder},

      // A secret's word, then the value quoted, in prose ('computed with secret "KKGR.."', German
      // 'mit Passwort "sAsv+=5d.." abgelehnt'): only a generated-looking value (digits and both
      // cases), so 'password "required"' or 'token "export"' stay.
      {"password-assignment",
       R"re((?i)\b(?:secret|password|passwort|kennwort|passphrase|token|contraseña|mot de passe)[ \t]+"([^"\s]{12,})")re", 1,
       V::random_looking},
      // A Google account's app password (Gmail SMTP from CI, javax.mail's "mail.password"): 16
      // lower-case letters that Google shows in four groups of four, copied with the spaces.
      {"password-assignment",
       R"re((?i:\bpass(?:word|wd)?)[\w.-]*["']?[ \t]*[=:][ \t]*["']?([a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4})\b)re", 1,
       V::not_placeholder},
      // A token as a URL's whole userinfo (NATS' nats://<token>@host, a git remote's
      // https://<token>@github.com): a generated-looking run of 20 or more before the '@'.
      {"url-userinfo-password", R"(\b[a-z][a-z0-9+.\-]*://([A-Za-z0-9_\-.~]{20,})@[\w.\-]+)", 1, V::random_token},
      // An Azure DevOps personal access token in its classic form, 52 characters of lower-case
      // base32 (a-z, 2-7), named as one shortly before, in English or German ("persönliches
      // Zugriffstoken") or as its variable. Only after such a name: a bare 52-character run
      // made every lower-case word a candidate and redaction of clean text twice as slow.
      {"azure-devops-pat",
       R"((?i:personal access token|zugriffstoken|\bpat\b|_pat\b|azure_devops_ext_pat)[^\r\n]{0,24}?\b([a-z2-7]{52})\b)", 1,
       V::base32_token},

      // Composer's auth.json (also inline as COMPOSER_AUTH): a host's token under "bearer",
      // "github-oauth", "gitlab-token" or "gitlab-oauth" ({"bearer":{"repo.packagist.com":"<t>"}}).
      {"password-assignment",
       R"re("(?:bearer|github-oauth|gitlab-token|gitlab-oauth|bitbucket-oauth)"\s*:\s*\{\s*"[^"\s]+"\s*:\s*"([^"\s]{8,})")re", 1,
       V::not_placeholder},
      // ---- Command lines -------------------------------------------------------------------
      {"cli-password-flag",
       R"(\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\r\n]*?\s-p([^\s\-][^\s]*))", 1, V::not_placeholder},
      // Perforce's global -P option: the user's password or login ticket (p4(1), "Global options").
      {"cli-password-flag", R"re(\bp4\b[^\r\n]*?\s-P[ \t]+["']?([^\s"'\-][^\s"']*))re", 1, V::not_placeholder},
      // USERNAME:PASSWORD in one flag: curl's -u/--user, and the containers/image tools' registry
      // credentials (skopeo's --creds, --src-creds and --dest-creds, podman's and buildah's --creds).
      {"cli-password-flag", R"((?m)(?:^|\s)(?:(?:-u|--user)\s+|--(?:src-|dest-)?creds[ =])[^:\s]+:([^\s]+))", 1,
       V::login_password},
      // ... and curl's as an argv list (Ansible's "cmd": ["curl", .., "-u", "user:password"]).
      {"cli-password-flag", R"re(\bcurl["']?,[^\r\n]*?["'](?:-u|--user)["'],\s*["'][^"':\s]+:([^"'\s]+)["'])re", 1,
       V::login_password},
      // An API key as the Basic-auth user with an empty password, as Stripe, Lob and Mailgun
      // document it: `curl -u <key>: https://...`.
      {"cli-password-flag", R"re((?m)(?:^|\s)(?:-u|--user)[ =]["']?([A-Za-z0-9_\-]{16,}):["']?(?:\s|$))re", 1,
       V::not_placeholder},
      // ... and a key as the user beside a secret (Mailjet: `curl -u <32 hex key>:<secret>`): a
      // user part of 32+ hex digits or a random-looking token is no person's login name.
      {"cli-password-flag", R"re((?m)(?:^|\s)(?:-u|--user)[ =]["']?([0-9a-f]{32,64})(?::|\z))re", 1},
      {"cli-password-flag", R"re((?m)(?:^|\s)(?:-u|--user)[ =]["']?([A-Za-z0-9_\-]{16,})(?::|\z))re", 1, V::random_token},
      {"cli-password-flag", R"(\bsshpass\s+-p\s*["']?([^\s"']+))", 1, V::not_placeholder},
      // Windows' own tools: cmdkey /pass:<pw>, schtasks /RP <pw>, net use \\host /user:x <pw>,
      // net user <name> <pw> /add, and -u <user> -p <pw> pairs (PsExec, dotnet nuget add source).
      {"cli-password-flag", R"re((?i)\bcmdkey\b[^\r\n]*?\s/pass:["']?([^\s"'/][^\s"']*))re", 1, V::not_placeholder},
      {"cli-password-flag", R"re((?i)\bschtasks\b[^\r\n]*?\s/RP[ \t]+["']?([^\s"'/][^\s"']*))re", 1, V::not_placeholder},
      {"cli-password-flag", R"re((?i)\bnet[ \t]+use\b[^\r\n]*?\s/user:\S+[ \t]+["']?([^\s"'/*][^\s"']*))re", 1,
       V::not_placeholder},
      {"cli-password-flag", R"re((?i)\bnet[ \t]+user[ \t]+[\w.$-]+[ \t]+["']?([^\s"'/*][^\s"']*)["']?[ \t]+/add\b)re", 1,
       V::not_placeholder},
      {"cli-password-flag", R"re((?i)\b(?:psexec(?:64)?(?:\.exe)?|dotnet[ \t]+nuget)\b[^\r\n]*?\s-u[ \t]+\S+[ \t]+-p[ \t]+["']?([^\s"'-][^\s"']*))re", 1,
       V::not_placeholder},
      // Composer's HTTP basic credentials for a host: config http-basic.<host> <user> <password>.
      {"cli-password-flag", R"re(\bcomposer\b[^\r\n]*?\shttp-basic\.[\w.-]+[ \t]+\S+[ \t]+["']?([^\s"'-][^\s"']*))re", 1,
       V::not_placeholder},
      // Chocolatey's API key: choco apikey --key <key> / choco push --key <key>.
      {"cli-password-flag", R"re((?i)\bchoco(?:latey)?\b[^\r\n]*?\s(?:--key|-k|--api-key)[ =]["']?([^\s"'-][^\s"']*))re", 1,
       V::not_placeholder},
      // cqlsh -p/--password; macOS's `security` keychain commands (create-keychain and
      // unlock-keychain -p, import -P for the .p12's password; also as an argv list, Ansible's
      // "cmd": ["security", "unlock-keychain", "-p", ".."]); `pulumi config set --secret NAME
      // <value>`, which takes the plain value on its command line.
      {"cli-password-flag", R"(\bcqlsh\b[^\r\n]*?\s(?:-p|--password)[ =]["']?([^\s"'\-][^\s"']*))", 1, V::not_placeholder},
      // An Erlang node's distribution cookie (anyone holding it runs code on the node): erl's and
      // vm.args' -setcookie, iex's and elixir's --cookie.
      {"cli-password-flag", R"((?m)(?:^|\s)-setcookie[ \t]+["']?([^\s"']+))", 1, V::not_placeholder},
      {"cli-password-flag", R"(\b(?:iex|elixir|erl)\b[^\r\n]*?\s--cookie[ \t=]+["']?([^\s"'\-][^\s"']*))", 1,
       V::not_placeholder},
      {"cli-password-flag",
       R"(\bsecurity["']?,?\s+["']?(?:create-keychain|unlock-keychain|set-keychain-settings|import)\b[^\r\n]*?\s["']?-[pP]["']?,?\s+["']?([^\s"']+))", 1,
       V::not_placeholder},
      {"cli-password-flag", R"(\bpulumi\s+config\s+set\s+--secret\s+(?:--path\s+)?\S+\s+["']?([^\s"'\-][^\s"']*))", 1,
       V::not_placeholder},
      // The same mysql argument as an argv element (strace's execve, a JSON or Python argv list).
      {"cli-password-flag",
       R"re(\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\r\n]*?["']-p([^\s"'\-][^\s"']*)["'])re", 1, V::not_placeholder},
      // PuTTY's plink/pscp/psftp -pw, Mosquitto's clients -P, Conan's remote login/user -p, and
      // Windows' `net use \\server\share /user:NAME <password>` (or the password before /user:).
      {"cli-password-flag", R"(\b(?:plink|pscp|psftp)(?:\.exe)?\s[^\r\n]*?\s-pw\s+["']?([^\s"']+))", 1, V::not_placeholder},
      {"cli-password-flag", R"(\bmosquitto_(?:pub|sub|rr)\b[^\r\n]*?\s-P\s+["']?([^\s"']+))", 1, V::not_placeholder},
      {"cli-password-flag", R"(\bconan\s+(?:remote\s+login|user)\b[^\r\n]*?\s(?:-p|--password)[ =]["']?([^\s"'\-][^\s"']*))", 1,
       V::not_placeholder},
      {"cli-password-flag", R"((?i)\bnet\s+use\b[^\r\n]*?\s/user:\S+\s+["']?([^\s"'/*][^\s"']*))", 1, V::not_placeholder},
      {"cli-password-flag", R"((?i)\bnet\s+use\s+(?:[a-z]:\s+)?\\\\\S+\s+["']?([^\s"'/*][^\s"']*)["']?\s+/user:)", 1,
       V::not_placeholder},
      // SMTP's AUTH PLAIN carries base64 of "\0user\0password" on its line; AUTH LOGIN sends the
      // user name, then the password, each as the client's line after the server's "334
      // VXNlcm5hbWU6" / "334 UGFzc3dvcmQ6" (base64 "Username:" / "Password:"), as smtplib's debug
      // output, swaks and telnet transcripts print them (see next_line_value), or the user name
      // on its own line as an initial response ("AUTH LOGIN <base64>"). Relays that take an API
      // key as the user name (Amazon SES's access key id, Postmark's server token) make it a
      // secret; a mailbox user name ("postmaster@mg.example.com") is kept.
      {"smtp-auth-credentials", R"(\bAUTH PLAIN ([A-Za-z0-9+/]{8,}={0,2}))", 1},
      {"smtp-auth-credentials", R"(\bAUTH LOGIN ([A-Za-z0-9+/]{8,}={0,2}))", 1, V::smtp_user_name},
      // The server's prompt, or smtplib's "reply: retcode (334); Msg: b'UGFzc3dvcmQ6'" after it.
      {"smtp-auth-credentials", R"((?m)\b334\b[^\r\n]*UGFzc3dvcmQ6[^\r\n]*$)", 0, V::none, E::next_line_value},
      {"smtp-auth-credentials", R"((?m)\b334\b[^\r\n]*VXNlcm5hbWU6[^\r\n]*$)", 0, V::smtp_user_name,
       E::next_line_value},
      // mongo/mongosh/mongodump ... -p <password> (and Hive's beeline, SAP HANA's hdbsql), OpenLDAP's ldap* -w <password>, openssl enc -k,
      // zip/unzip -P, 7-Zip -p<password>, htpasswd -b FILE USER <password>, rabbitmqctl
      // add_user/change_password USER <password>, MinIO mc alias set NAME URL KEY <secret>,
      // Samba -U user%<password>: each tool's documented way to take a password on its command line.
      {"cli-password-flag",
       R"(\b(?:mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport|mongostat|mongotop|beeline|hdbsql)\b[^\r\n]*?\s-p\s+["']?([^\s"'\-][^\s"']*))",
       1, V::not_placeholder},
      // Also as an argv list (Ansible's "cmd": ["ldapsearch", .., "-w", ".."]); MIT Kerberos' kadmin
      // -w <password> likewise.
      {"cli-password-flag",
       R"(\b(?:ldap(?:search|add|modify|delete|modrdn|compare|whoami|passwd|exop)|kadmin)\b[^\r\n]*?\s["']?-w["']?,?\s*["']?([^\s"'\-][^\s"']*))",
       1, V::not_placeholder},
      // openssl's cipher commands by name too ("openssl aes-256-cbc -k <pw>", as fastlane match runs it).
      // -K is the raw key itself, in hex (Travis CI's `openssl aes-256-cbc -K $encrypted_key -iv ..`
      // once the shell has expanded it).
      {"cli-password-flag", R"(\bopenssl\s+(?:enc|aes-\d+-\w+|des[\w-]*|camellia-[\w-]+|chacha20)\b[^\r\n]*?\s-K\s+["']?([0-9A-Fa-f]{16,}))", 1},
      {"cli-password-flag", R"(\bopenssl\s+(?:enc|aes-\d+-\w+|des[\w-]*|camellia-[\w-]+|chacha20)\b[^\r\n]*?\s-k\s+["']?([^\s"'\-][^\s"']*))", 1,
       V::not_placeholder},
      {"cli-password-flag", R"(\b(?:zip|unzip|zipcloak)\b[^\r\n]*?\s-P\s*["']?([^\s"'\-][^\s"']*))", 1, V::not_placeholder},
      {"cli-password-flag", R"(\b7z[az]?\s[^\r\n]*?\s-p([^\s"'\-][^\s"']*))", 1, V::not_placeholder},
      {"cli-password-flag",
       R"(\bhtpasswd(?:\s+-[A-Za-z]+)*\s+-[A-Za-z]*b[A-Za-z]*(?:\s+-[A-Za-z]+)*\s+[^\s\-]\S*\s+\S+\s+["']?([^\s"']+))", 1,
       V::not_placeholder},
      {"cli-password-flag", R"(\brabbitmqctl\s+(?:add_user|change_password)\s+\S+\s+["']?([^\s"']+))", 1,
       V::not_placeholder},
      // Mosquitto's password file tool takes the password last, as htpasswd does:
      // mosquitto_passwd -b FILE USER <password>.
      {"cli-password-flag", R"(\bmosquitto_passwd(?:\s+-[A-Za-z]+)*\s+-b\s+\S+\s+\S+\s+["']?([^\s"']+))", 1,
       V::not_placeholder},
      // chpasswd reads "user:password" lines on stdin (Dockerfiles' `echo 'root:pw' | chpasswd`,
      // Raspberry Pi first-boot scripts under set -x).
      {"cli-password-flag",
       R"re(\b(?:echo|printf)[ \t]+(?:-n[ \t]+)?["']?[^\s"':|$]+:([^\s"'|$][^\s"'|]*)["']?[ \t]*\|[ \t]*(?:sudo[ \t]+)?chpasswd\b)re", 1,
       V::not_placeholder},
      // Unity's command line licenses the editor with -serial <SC-XXXX-...> (with -username and
      // -password, which the flag rules read).
      {"cli-password-flag", R"(\s-serial\s+["']?([A-Z0-9]{2}(?:-[A-Z0-9]{4}){5})\b)", 1, V::none},
      // Tasmota's console commands (and Backlog lists of them): "MqttPassword <pw>; Topic x".
      {"cli-password-flag", R"(\b(?:Mqtt|Web)Password\s+([^\s;"']+))", 1, V::not_placeholder},
      {"cli-password-flag", R"(\bmc\s+(?:alias\s+set|config\s+host\s+add)\s+\S+\s+\S+\s+\S+\s+["']?([^\s"']+))", 1,
       V::not_placeholder},
      {"cli-password-flag", R"(\b(?:smbclient|smbmap|rpcclient|smbcacls|mount\.cifs)\b[^\r\n]*?\s-U\s*["']?[^\s%"']+%([^\s"']+))", 1,
       V::not_placeholder},
      {"cli-password-flag", R"(\bredis-cli\b[^\r\n]*?\s-a[ =]?["']?([^\s"'\-][^\s"']*))", 1, V::not_placeholder},
      // SQL Server's sqlcmd/bcp/osql: -P password (upper case; -p is "print statistics").
      {"cli-password-flag", R"(\b(?:sqlcmd|bcp|osql|isql)\b[^\r\n]*?\s-P ?["']?([^\s"'\-][^\s"']*))", 1,
       V::not_placeholder},
      // Oracle's connect identifier: sqlplus user/password@db, CONNECT user/password@db; a
      // password with special characters is double-quoted (user/"p#ss"@db).
      {"cli-password-flag",
       R"re((?i)\b(?:(?:sqlplus|sqlldr|expdp|impdp|dgmgrl|connect)(?:\s+-\w+)*\s+["']?|userid=)[\w$#.]+/"?([^@\s"'/]+)"?@)re", 1,
       V::not_placeholder},
      // Oracle's Easy Connect string anywhere: user/password@//host[:port]/service.
      {"cli-password-flag", R"(\b[\w$#.]+/([^@\s"'/:]+)@//[\w.\-]+(?::\d+)?/)", 1, V::not_placeholder},
      // Codecov's uploaders (codecovcli, the codecov binary): -t/--token <upload token>.
      {"cli-password-flag", R"(\bcodecov(?:cli)?\b[^\r\n]*?\s-t[ =]?["']?([^\s"'\-][^\s"']*))", 1, V::not_placeholder},
      // Cypress Cloud's record key: `cypress run --record --key <key>`.
      {"cli-password-flag", R"(\bcypress\b[^\r\n]*?\s--key[= ]["']?([^\s"']+))", 1, V::not_placeholder},
      // GitHub Actions' `echo "::add-mask::$VALUE"`: what is masked is a secret by definition, and
      // a `set -x` trace prints it expanded before the mask applies.
      {"ci-masked-value", R"(::add-mask::["']?([^\s"']+))", 1, V::not_placeholder},
      {"cli-password-flag",
       R"(\b(?:docker|podman|buildah|helm|oras|skopeo|crane|nerdctl)\b[^\r\n]*?\slogin\b[^\r\n]*?\s-p[ =]?["']?([^\s\-"'][^\s"']*))",
       1, V::not_placeholder},
      // OpenSSL's pass phrase arguments given the phrase itself, quoted or not: -passin pass:<v>,
      // -passout, -pass, -password (env:VAR and file:path name where it lives instead).
      {"cli-password-flag", R"re(\s-pass(?:in|out|word)?[ \t]+["']?pass:([^\s"']+))re", 1, V::not_placeholder},
      // Poetry's credentials for a source: poetry config http-basic.<source> <user> <password>.
      {"cli-password-flag", R"re(\bpoetry\s+config\s+http-basic\.[\w.-]+[ \t]+\S+[ \t]+["']?([^\s"'-][^\s"']*))re", 1,
       V::not_placeholder},
      // Azure CLI's `az login --service-principal -u <app id> -p <secret>`.
      {"cli-password-flag", R"(\baz\s+login\b[^\r\n]*?\s-p[ =]["']?([^\s\-"'][^\s"']*))", 1, V::not_placeholder},
      // GitHub CLI's `gh secret set NAME --body <value>` (-b<value>, -b <value>).
      {"cli-password-flag", R"(\bgh\s+secret\s+set\b[^\r\n]*?\s(?:--body|-b)[ =]?["']?([^\s\-"'][^\s"']*))", 1,
       V::not_placeholder},
      {"cli-password-flag",
       R"((?im)(?:^|\s)--?)" + plain_secret_flag + R"([= ]["']?([^\s"']+))",
       1, V::not_placeholder},
      // Any long flag named like one ("--admin-password", "--github-token", "--account-key",
      // "--secret-access-key", "--sas-token"), taking a value that is not the next flag nor an
      // absolute path (OpenVPN's "--auth-user-pass /etc/openvpn/auth.txt" names the file).
      {"cli-password-flag",
       R"((?im)(?:^|\s)--?)" + compound_secret_flag + R"([= ]["']?([^\s"'\-/][^\s"']*))",
       1, V::flag_value},
      {"cli-password-flag", R"((?i)-Dsonar\.(?:login|token)=([^\s"']+))", 1, V::not_placeholder},
      // A bare --key flag names a file or a key's name as often as a key: only 32 to 64 hex digits
      // after it are taken (Hex's `mix hex.organization auth <org> --key <32 hex>`).
      {"cli-password-flag", R"((?m)(?:^|\s)--key[= ]["']?([0-9a-f]{32,64})\b)", 1},
      // Conan's per-remote credentials: CONAN_PASSWORD_<REMOTE> and CONAN_LOGIN_PASSWORD_<REMOTE>
      // (the generic rules read a secret name only at the end of a variable's name).
      {"password-assignment", R"re(\bCONAN_(?:LOGIN_)?PASSWORD_[A-Z0-9_]+[ \t]*[=:][ \t]*["']?([^\s"']+))re", 1,
       V::key_value},
      // A private or signing key's flag takes a file as often as the key itself: only a value
      // that is no path or URL and holds a digit ("--private-key 0x4c08..", "--signing-key=k9..",
      // kubeadm's "--certificate-key <64 hex>" that decrypts the control plane's certificates).
      {"cli-password-flag", R"((?im)(?:^|\s)--?(?:[a-z0-9]+[-_]?)*(?:private|signing|certificate)[-_]?key[= ]["']?([^\s"'\-][^\s"']*))", 1,
       V::credential_header},
      // A secret-named flag in an argv list, its value the next element: JSON, Python or a Go
      // %q list ["--token", "<v>"] (also JSON-escaped inside a log field), or "--token=<v>" as
      // one element. The value is no next flag.
      {"cli-password-flag",
       R"re((?i)\\?["'])re" + secret_flag_argument + R"re((?:\\?["']\s*,\s*\\?["']|=)([^\s"'\\\-][^\s"'\\]*))re", 1,
       V::not_placeholder},
      // ... and one element a line: a YAML list ("- --requirepass" then "- <v>"), kubectl
      // describe's "Args:" block ("--token" then "<v>"), a multi-line JSON array (see next_argument).
      {"cli-password-flag",
       R"re((?im)^[ \t]*(?:-[ \t]+)?\\?["']?)re" + secret_flag_argument + R"re(\\?["']?,?[ \t]*\r?$)re", 0,
       V::not_placeholder, E::next_argument},
      // The VS Code marketplace publishers (vsce, Open VSX's ovsx) take a personal access token as
      // -p / --pat.
      {"cli-password-flag", R"(\b(?:vsce|ovsx)\b[^\r\n]*?\s(?:-p|--pat)[ =]["']?([^\s"'\-][^\s"']*))", 1,
       V::not_placeholder},
      // ssh-keygen's -N (new passphrase) and -P (old passphrase), quoted ('' is no passphrase) or bare.
      {"cli-password-flag", R"(\bssh-keygen\b[^\r\n]*?\s-[NP][ \t]*'([^'\r\n]+)(?:'|$))", 1, V::not_placeholder},
      {"cli-password-flag", R"re(\bssh-keygen\b[^\r\n]*?\s-[NP][ \t]*"([^"\r\n]+)(?:"|$))re", 1, V::not_placeholder},
      {"cli-password-flag", R"(\bssh-keygen\b[^\r\n]*?\s-[NP][ \t]*([^\s"'\-][^\s"']*))", 1, V::not_placeholder},
      // A literal piped into a registry login's --password-stdin is the password (a set -x trace
      // of `echo "$PASSWORD" | docker login ...` shows it expanded); also when the text is cut
      // short before the flag. A quoted value below may likewise lose its closing quote to a cut.
      {"cli-password-flag",
       R"re(\b(?:echo|printf)[ \t]+(?:-n[ \t]+)?["']?([^\s"'|$\-][^\s"'|]*)["']?[ \t]*\|[ \t]*(?:sudo[ \t]+)?(?:docker|podman|buildah|helm|oras|skopeo|crane|nerdctl)\b[^\r\n|]*?\slogin\b(?:[^\r\n|]*?\s--password-stdin\b|[^\r\n|;&]*$))re",
       1, V::not_placeholder},
      // The same for the CLIs that read a token or password on stdin: `az devops login` (an Azure
      // DevOps PAT), `gh auth login --with-token`, and Kerberos' and SSSD's `kinit`, `realm join`,
      // `adcli join`, `ipa-client-install`; and secret stores' CLIs that store stdin as a secret's
      // value (`vercel env add NAME`, `gh secret set NAME`, `wrangler secret put NAME`, `firebase
      // functions:secrets:set NAME`).
      {"cli-password-flag",
       R"re(\b(?:echo|printf)[ \t]+(?:-n[ \t]+)?(?:%s[ \t]+)?["']?([^\s"'|$\-][^\s"'|]*)["']?[ \t]*\|[ \t]*(?:az[ \t]+devops[ \t]+login|gh[ \t]+auth[ \t]+login\b[^\r\n|]*--with-token|kinit|realm[ \t]+join|adcli[ \t]+join|ipa-client-install|[\w.-]+[ \t]+(?:[\w-]+:)?(?:env|secrets?)[ \t:]+(?:add|set|create|put))\b)re",
       1, V::not_placeholder},
      // A here-string fed to a flag that reads a secret on stdin (`docker login --password-stdin
      // <<< "pw"`, Unity's `ugs login --secret-key-stdin <<< "<key>"`): what follows <<< is it.
      {"cli-password-flag",
       R"re((?i)\s--?[\w-]*(?:password|passwd|secret|token|key)[\w-]*-stdin\b[^\r\n]*?<<<[ \t]*["']?([^\s"'$][^\s"']*))re",
       1, V::not_placeholder},
      // Cloudsmith's CLI takes its API key as -k / --api-key; Keycloak's kcadm a client's secret
      // as --secret, and Chef's knife an encrypted data bag's secret. Only theirs: elsewhere a bare --secret is a switch or names a secret
      // (`pulumi config set --secret <name> <value>`, BuildKit's "--secret id=x,src=path").
      {"cli-password-flag", R"re(\bcloudsmith\b[^\r\n]*?\s(?:-k|--api-key)[ =]["']?([^\s"'\-][^\s"']*))re", 1, V::not_placeholder},
      {"cli-password-flag", R"re((?m)\b(?:kcadm(?:\.sh)?|knife)\b[^\r\n]*?\s--secret[ =]["']?([^\s"'=,\-][^\s"'=,]*={0,2})(?:["']|[ \t]|\r?$))re", 1, V::not_placeholder},
      // Drone's `drone secret add ... --data <value>`, Jenkins' inbound agent `-secret <hex>`.
      {"cli-password-flag", R"re(\bdrone\s+(?:orgsecret|secret)\s+(?:add|update)\b[^\r\n]*?\s--data[ =]["']?([^\s"'@][^\s"']*))re", 1,
       V::not_placeholder},
      {"cli-password-flag", R"(\b(?:agent|slave)\.jar\b[^\r\n]*?\s-secret\s+([0-9a-f]{32,}))", 1, V::none},
      // Redis MONITOR prints each command's arguments quoted: "AUTH" ["<user>"] "<password>".
      // RESP3 clients authenticate in their handshake instead: "HELLO" "3" "AUTH" "<user>" "<password>".
      {"cli-password-flag", R"re((?i)\]\s+(?:"hello"\s+"\d+"\s+)?"auth"\s+(?:"[^"\r\n]*"\s+)?"((?:[^"\\\r\n]|\\.)+)(?:"|$))re", 1,
       V::not_placeholder},
      // A user and a quoted password as short flags, "-u <user> -p '<password>'" (rabbitmqadmin,
      // mysql's spaced form, many admin CLIs). Unquoted, "-p" is as often a port or a prompt.
      {"cli-password-flag", R"re(\s-u[ \t]+[^\s\-]\S*[ \t]+-p[ \t]+["']([^"'\r\n]+)["'])re", 1, V::not_placeholder},
      // Redis ACL rules: ACL SETUSER <user> ... ><password> (redis-cli, MONITOR's quoted form).
      {"cli-password-flag", R"re((?i)\bacl"?[ \t]+"?setuser"?[ \t][^\r\n]*?[ \t]"?>([^\s"]+))re", 1, V::not_placeholder},
      // ... and the same rules in an ACL file or CONFIG's dump of one: "user <name> on ><password> ~* +@all"
      // ("#<sha256>" there is the password's hash and stays).
      {"cli-password-flag", R"re((?m)^[ \t]*user[ \t]+\S+[ \t]+(?:on|off|reset)\b[^\r\n]*?[ \t]>([^\s"]+))re", 1, V::not_placeholder},
      // redis-cli's prompt: "127.0.0.1:6379> AUTH [<user>] <password>", and its history file
      // (~/.rediscli_history), one command a line, upper case as typed.
      {"cli-password-flag", R"((?im)[\w.\-]+:\d+(?:\[\d+\])?>[ \t]*auth[ \t]+(?:\S+[ \t]+)?(\S+)[ \t]*\r?$)", 1,
       V::not_placeholder},
      {"cli-password-flag", R"((?m)^AUTH[ \t]+(?:\S+[ \t]+)?(\S{8,})[ \t]*\r?$)", 1, V::not_placeholder},
      // Apple's altool takes the Apple ID's (app-specific) password as -p; "@keychain:<item>" and
      // "@env:<VAR>" name where it is kept instead.
      {"cli-password-flag", R"(\baltool\b[^\r\n]*?\s-p\s+["']?([^\s"'@\-][^\s"']*))", 1, V::not_placeholder},
      // signtool takes the PFX file's password as /p; steamcmd logs in with "+login <user> <password>
      // [<Steam Guard code>]".
      {"cli-password-flag", R"re(\bsigntool(?:\.exe)?\b[^\r\n]*?\s/p\s+["']?([^\s"'/][^\s"']*))re", 1, V::not_placeholder},
      // Network and directory tooling whose documented syntax carries a secret: ngrok's authtoken,
      // radtest's user password and shared secret, wpa_passphrase's passphrase, Redis' CONFIG SET
      // requirepass/masterauth, FreeIPA's installers' -p (Directory Manager) and -a (admin).
      {"cli-password-flag", R"(\bngrok\b[^\r\n]*?\s(?:config[ \t]+add-)?authtoken[ \t=]+([A-Za-z0-9_]{20,}))", 1, V::not_placeholder},
      {"cli-password-flag", R"re(\bradtest[ \t]+\S+[ \t]+["']?([^\s"']+)["']?)re", 1, V::not_placeholder},
      {"cli-password-flag", R"re(\bradtest[ \t]+\S+[ \t]+\S+[ \t]+\S+[ \t]+\d+[ \t]+["']?([^\s"']+)["']?)re", 1, V::not_placeholder},
      // cpan-upload's PAUSE password (-p, --password; CPAN::Uploader).
      {"cli-password-flag", R"re(\bcpan-upload\b[^\r\n]*?\s(?:-p|--password)[ \t=]+["']?([^\s"'\-][^\s"']*))re", 1, V::not_placeholder},
      // HAProxy's statistics page credentials ("stats auth <user>:<password>"), Apache's LDAP bind
      // password (AuthLDAPBindPassword), a Caddyfile's DNS provider token ("dns cloudflare <token>").
      {"password-assignment", R"re(\bstats[ \t]+auth[ \t]+[^\s:]+:([^\s"']+))re", 1, V::not_placeholder},
      {"password-assignment", R"re(\bAuthLDAPBindPassword[ \t]+["']?([^\s"']+)["']?)re", 1, V::not_placeholder},
      {"password-assignment", R"re((?m)^[ \t]*dns[ \t]+[a-z][a-z0-9_]*[ \t]+([A-Za-z0-9_\-]{20,})[ \t]*\r?$)re", 1, V::random_token},
      // IBM GSKit's key database tools (runmqakm, gsk8capicmd, ikeycmd): -pw <key database password>.
      {"cli-password-flag",
       R"re(\b(?:runmq[ac]km|gsk\d*capicmd(?:_64)?|ikeycmd)\b[^\r\n]*?\s-pw[ \t]+["']?([^\s"'\-][^\s"']*))re", 1,
       V::not_placeholder},
      // Db2's command line: "connect to <db> user <name> using <password>".
      {"cli-password-flag", R"re((?i)\bconnect to \S+ user \S+ using[ \t]+["']?([^\s"';]+))re", 1, V::not_placeholder},
      // lftp's -u user,password (and the "user" command's same pair).
      {"cli-password-flag", R"re(\blftp\b[^\r\n]*?\s-u[ \t]+["']?[^,\s"']+,([^\s"']+))re", 1, V::not_placeholder},
      // SAP HANA's secure store: hdbuserstore [options] SET <key> <host:port> <user> <password>.
      {"cli-password-flag",
       R"re((?i)\bhdbuserstore\b(?:[ \t]+-\S+)*[ \t]+SET[ \t]+\S+[ \t]+\S+[ \t]+\S+[ \t]+["']?([^\s"']+))re", 1,
       V::not_placeholder},
      // knife's SSH password for the node it bootstraps or runs on (-P, --ssh-password).
      {"cli-password-flag", R"re(\bknife\b[^\r\n]*?\s(?:-P|--ssh-password)[ \t=]+["']?([^\s"'\-][^\s"']*))re", 1, V::not_placeholder},
      // radclient's shared secret, the argument after its command (radclient(1): server command secret).
      {"cli-password-flag", R"re(\bradclient\b[^\r\n]*?\s(?:auth|acct|status|coa|disconnect|auto)[ \t]+["']?([^\s"'\-][^\s"']{5,})["']?)re", 1,
       V::not_placeholder},
      {"cli-password-flag", R"re(\bwpa_passphrase[ \t]+(?:"[^"\r\n]*"|'[^'\r\n]*'|\S+)[ \t]+["']?([^\s"']{8,})["']?)re", 1,
       V::not_placeholder},
      {"cli-password-flag", R"re((?i)\bconfig[ \t]+set[ \t]+(?:requirepass|masterauth)[ \t]+["']?([^\s"']+)["']?)re", 1,
       V::not_placeholder},
      // The same two directives in redis.conf (or CONFIG REWRITE's output): the name and the value
      // alone on their line.
      {"cli-password-flag", R"re((?im)^[+\- \t]*(?:requirepass|masterauth)[ \t]+["']?([^\s"']+)["']?[ \t]*\r?$)re", 1,
       V::not_placeholder},
      // sentinel.conf's password for the monitored master ("sentinel auth-pass <master> <password>").
      {"cli-password-flag", R"re((?im)^[ \t]*sentinel[ \t]+auth-pass[ \t]+\S+[ \t]+["']?([^\s"']+)["']?[ \t]*\r?$)re", 1,
       V::not_placeholder},
      {"cli-password-flag", R"re(\bipa-(?:server|replica)-install\b[^\r\n]*?\s-p[ \t]+["']?([^\s"'\-][^\s"']*))re", 1, V::not_placeholder},
      {"cli-password-flag", R"re(\bipa-(?:server|replica)-install\b[^\r\n]*?\s-a[ \t]+["']?([^\s"'\-][^\s"']*))re", 1, V::not_placeholder},
      // Device configurations: Cisco IOS's type 0 (clear) and type 7 (reversible) passwords and keys
      // ("password 7 0822455D0A16", "tacacs-server key 0 <key>"; type 5, 8 and 9 are one-way hashes
      // and stay), SNMP community strings (IOS and Junos), Junos' reversible "$9$" secrets,
      // strongSwan's ipsec.secrets PSK, and the WiFi PSK of wpa_supplicant and NetworkManager
      // (the passphrase, quoted, or the 64-hex key derived from it; wpa_passphrase prints both).
      {"password-assignment", R"((?m)\b(?:password|key|key-string)[ \t]+[07][ \t]+"?([^\s"']{6,}))", 1, V::not_placeholder},
      // "enable secret 0 <clear>": a secret typed in clear (type 0); the hashed types stay.
      {"password-assignment", R"((?m)\bsecret[ \t]+0[ \t]+([^\s"']{4,}))", 1, V::not_placeholder},
      // More of the same configurations: a quoted type 7 value (NX-OS), key chains' key-string,
      // TACACS+/RADIUS and ISAKMP keys, an IKEv2 tunnel group's pre-shared keys (ASA), SNMPv3
      // users' auth and priv passwords, net-snmp's -c community, a WLAN's PSK, FortiGate's reversibly encrypted PSK ("set psksecret ENC <blob>";
      // its admin "set password ENC SH2.." is a hash and stays). NX-OS prints an SNMPv3 user's
      // localized keys ("0x8a0e.. localizedkey"), digests of the password: they stay.
      {"password-assignment", R"(\bkey-string[ \t]+(?:[07][ \t]+)?([^\s"']{6,}))", 1, V::not_placeholder},
      {"password-assignment",
       R"re((?:\b(?:tacacs|radius)-server\b[^\r\n]*?\bkey|\bcrypto[ \t]+isakmp[ \t]+key|\bauthentication[ \t]+pre-shared-key)[ \t]+(?:[07][ \t]+)?"?([^\s"']{6,}))re", 1,
       V::not_placeholder},
      {"password-assignment", R"(\bsnmp-server[ \t]+user\b[^\r\n]*?\bauth[ \t]+(?:md5|sha\d*)[ \t]+((?:[^0\s"']|0[^xX\s"'])[^\s"']{6,}))", 1,
       V::not_placeholder},
      {"password-assignment", R"(\bsnmp-server[ \t]+user\b[^\r\n]*?\bpriv[ \t]+(?:3?des|aes(?:[ \t-]?\d+)?)[ \t]+((?:[^0\s"']|0[^xX\s"'])[^\s"']{6,}))", 1,
       V::not_placeholder},
      // net-snmp's SNMPv3 passphrases: -A authentication, -X privacy (snmpcmd(1)); one rule each,
      // as one command line names both.
      {"password-assignment", R"re(\bsnmp(?:get|walk|bulkwalk|bulkget|set|getnext|table|trap)\b[^\r\n]*?\s-A[ \t]*['"]?([^\s"']{8,}))re", 1,
       V::not_placeholder},
      {"password-assignment", R"re(\bsnmp(?:get|walk|bulkwalk|bulkget|set|getnext|table|trap)\b[^\r\n]*?\s-X[ \t]*['"]?([^\s"']{8,}))re", 1,
       V::not_placeholder},
      {"password-assignment", R"re(\bsnmp(?:get|walk|bulkwalk|bulkget|set|getnext|table|trap)\b[^\r\n]*?\s-c[ \t]*['"]?([^\s"']{8,}))re", 1,
       V::not_placeholder},
      {"password-assignment", R"(\bset-key[ \t]+(?:ascii|hex)[ \t]+[07][ \t]+([^\s"']{6,}))", 1, V::not_placeholder},
      {"password-assignment", R"(\bset[ \t]+(?:psksecret|passphrase|key)[ \t]+ENC[ \t]+([A-Za-z0-9+/=]{16,}))", 1},
      // strongSwan's ipsec.secrets PSK in base64 ("0s..") or hex ("0x.."); the quoted form is below.
      {"password-assignment", R"(:[ \t]*PSK[ \t]+(0s[A-Za-z0-9+/]{8,}={0,2}|0x[0-9A-Fa-f]{8,}))", 1},
      // ---- Hosting panels and DNS providers ----
      // cPanel's and WHM's API token header ("Authorization: cpanel user:TOKEN"), GoDaddy's
      // "sso-key KEY:SECRET", certbot's DNS plugin credential files (dns_<provider>_<name> = value).
      {"hosting-api-token", R"re((?i)\bAuthorization["']?:[ \t]*["']?(?:cpanel|whm)[ \t]+[^\s:'"]+:([A-Z0-9]{32})\b)re", 1},
      {"hosting-api-token", R"(\bsso-key[ \t]+[A-Za-z0-9_]{8,}:([A-Za-z0-9_]{8,}))", 1, V::not_placeholder},
      {"hosting-api-token",
       R"((?m)^[ \t]*dns_[a-z0-9]+_(?:[a-z_]*key|[a-z_]*token|[a-z_]*secret|password)[ \t]*=[ \t]*([^\s"']{8,}))", 1,
       V::not_placeholder},
      {"password-assignment", R"((?m)\bsnmp(?:-server)?[ \t]+community[ \t]+([^\s"']{4,}))", 1, V::not_placeholder},
      // An SNMP community assigned by name (snmp_exporter's `community:`, Telegraf's `community =`,
      // pysnmp's CommunityData(communityName='..')): a generated-looking one; "public" stays.
      {"password-assignment",
       R"re((?i)\b(?:snmp[_-]?)?community(?:[_-]?(?:string|name))?\\?["']?[ \t]*[:=][ \t]*\\?["']?([^\s"',)]{6,}))re", 1,
       V::random_password},
      {"password-assignment", R"re((\$9\$[A-Za-z0-9./\-]{8,})(?:["'\s;<]|$))re", 1, V::none},
      // ipsec.secrets' quoted secrets: a PSK, and an EAP, XAUTH or NTLM user's password.
      {"password-assignment", R"re(:[ \t]*(?:PSK|EAP|XAUTH|NTLM)[ \t]+"([^"\r\n]+)")re", 1, V::not_placeholder},
      // Routing protocols' shared keys in IOS syntax, clear or type 7: OSPF's MD5 and plain
      // authentication keys, a BGP neighbour's password ("neighbor 10.0.0.2 password 7 0822..").
      {"password-assignment", R"(\bmessage-digest-key[ \t]+\d+[ \t]+md5[ \t]+(?:[07][ \t]+)?([^\s"']{4,}))", 1,
       V::not_placeholder},
      {"password-assignment", R"(\bauthentication-key[ \t]+(?:[07][ \t]+)?([^\s"']{4,}))", 1, V::not_placeholder},
      {"password-assignment", R"(\bneighbor[ \t]+\S+[ \t]+password[ \t]+(?:[07][ \t]+)?([^\s"']{4,}))", 1,
       V::not_placeholder},
      {"password-assignment", R"re((?m)^[ \t]*#?psk=["']?([^\s"']{8,}))re", 1, V::not_placeholder},
      // A "name value" configuration line (mosquitto.conf's remote_password, many daemons' own
      // formats): a password-named key, blanks, and a generated-looking value alone to the line's end.
      {"password-assignment", R"((?m)^[ \t]*[a-z_]*password[ \t]+([^\s#"']{8,})[ \t]*\r?$)", 1, V::random_looking},
      // `reg query` output: a password-named value of a string type (Winlogon's DefaultPassword).
      {"password-assignment", R"((?im)^[ \t]*\w*password\w*[ \t]+REG_(?:EXPAND_)?SZ[ \t]+([^\s][^\r\n]*?)[ \t]*\r?$)", 1,
       V::not_placeholder},
      // `netsh wlan show profile key=clear` prints the WiFi passphrase as "Key Content : <value>".
      {"password-assignment", R"((?m)^[ \t]*Key Content[ \t]*:[ \t]*([^\s][^\r\n]*?)[ \t]*\r?$)", 1, V::not_placeholder},
      // Windows answer files (autounattend.xml, Packer's): <AdministratorPassword><Value>v</Value>,
      // on one line or with <Value> on the next (see next_line_value).
      {"password-assignment", R"re((?i)<[\w:]*Password>[ \t]*<Value>([^<\s]+))re", 1, V::not_placeholder},
      // Hadoop's, Hive's and Spark's XML configuration: <name>fs.s3a.secret.key</name> then
      // <value>..</value> on the same line. A pattern never crosses a newline; the pretty-printed
      // form, <value> on the line after <name>, is caught by an older rule (a test pins both).
      {"password-assignment",
       R"re((?i)<name>[\w.\-]*)re" + yaml_secret_key + R"re(</name>[ \t]*<value>([^<\s]+))re", 1, V::key_value},
      {"password-assignment", R"re((?im)<[\w:]*Password>[ \t]*\r?$)re", 0, V::not_placeholder, E::next_line_value},
      // Kerberos' klist -K prints each key of a keytab or cache after its enctype.
      {"password-assignment", R"(\((?:aes|des|rc4|camellia|arcfour)[\w-]*\)[ \t]+\((0x[0-9a-fA-F]{16,})\))", 1, V::none},
      {"cli-password-flag", R"(\bsteamcmd\b[^\r\n]*?\s\+login\s+[^\s+]\S*\s+([^\s+]\S*))", 1, V::not_placeholder},
      // PocketBase's superuser command: superuser upsert|create <email> <password>.
      {"cli-password-flag", R"(\bsuperuser[ \t]+(?:upsert|create)[ \t]+\S+[ \t]+["']?([^\s"'-][^\s"']*))", 1, V::not_placeholder},
      // Android's Gradle buildConfigField("String", "API_SECRET", "\"v\""): the escaped string literal.
      {"password-assignment",
       R"re((?i)\bbuildConfigField[ \t(]+["']String["'][ \t]*,[ \t]*["'][\w]*)re" + yaml_secret_key +
           R"re(["'][ \t]*,[ \t]*["']\\?["']([^"'\\\s]+))re",
       1, V::not_placeholder},
      // nodemailer prints its transport's login as auth: { user: '..', pass: '..' }: a bare "pass"
      // is too common a word to name a secret anywhere but beside its user or in an auth object.
      {"password-assignment",
       R"re((?i)\b(?:auth\s*:\s*\{|user(?:name)?\s*:\s*['"][^'"\r\n]*['"]\s*,)[^{}\r\n]*?\bpass\s*:\s*['"]([^'"\r\n]+))re",
       1, V::not_placeholder},
      // Confluent Cloud's API key is the user name of a PLAIN JAAS login (username="<16 upper-case
      // letters and digits>"); its secret is the password beside it, which the key rules read.
      {"confluent-api-key", R"re(\bPlainLoginModule\s+required\s+username\s*=\s*\\?"([A-Z0-9]{16})\\?")re", 1,
       V::none},
      // papermill's notebook parameters ("-p hf_token <v>", "-r api_key <v>"): a secret-named
      // parameter, then its value as the next argument.
      {"password-assignment", R"re((?i)\s-[pr][ \t]+[\w.-]*)re" + secret_key + R"re([ \t]+["']?([^\s"']+))re", 1,
       V::key_value},
      // ... and Android's instrumentation arguments, "am instrument -e <name> <value>", which a
      // test reads from InstrumentationRegistry (a login's password passed in by the CI job).
      {"password-assignment",
       R"re((?i)\bam[ \t]+instrument\b[^\r\n]*?\s-e[ \t]+[\w.-]*)re" + secret_key + R"re([ \t]+["']?([^\s"']+))re", 1,
       V::key_value},
      // Espressif's AT firmware: joining Wi-Fi (AT+CWJAP="<ssid>","<password>") and MQTT's login
      // (AT+MQTTUSERCFG=<link>,<scheme>,"<client id>","<user>","<password>",...), as a device's
      // serial log echoes them; a '"', ',' or '\' inside a value is escaped with '\'.
      {"password-assignment", R"re(\bAT\+CWJAP(?:_DEF|_CUR)?="(?:[^"\\\r\n]|\\.)*","((?:[^"\\\r\n]|\\.)+)")re", 1,
       V::not_placeholder},
      {"password-assignment",
       R"re(\bAT\+MQTTUSERCFG=\d+,\d+,"(?:[^"\\\r\n]|\\.)*","(?:[^"\\\r\n]|\\.)*","((?:[^"\\\r\n]|\\.)+)")re", 1,
       V::not_placeholder},
      // Django REST framework's token (authtoken.Token, 40 hex digits, its own primary key): as
      // drf_create_token reports it ("Generated token <key> for user <name>"), as Django names the
      // object in an error ("authtoken.Token(pk=<key>)") and as a fixture holds it.
      {"password-assignment", R"(\bGenerated token ([0-9a-f]{40}) for user\b)", 1},
      {"password-assignment", R"re(\bauthtoken\.[Tt]oken(?:\(pk=|",\s*"pk":\s*")([0-9a-f]{40})\b)re", 1},
      // Weights & Biases' login call with its API key (40 hex digits) as an argument, as a
      // notebook's or a test's traceback prints the failing line: wandb.login(key="<key>").
      {"password-assignment", R"re(\bwandb\.login\([^)\r\n]*?\bkey\s*=\s*["']([0-9a-f]{40})["'])re", 1},
      // ... and `wandb login [--relogin] [--host URL] <key>` on a command line a CI step echoes: the
      // one long token there is the key (40 hex digits, or a longer key of the newer form).
      {"password-assignment", R"re(\bwandb[ \t]+login\b[^\r\n]*?[ \t]["']?([A-Za-z0-9_]{40,}))re", 1,
       V::not_placeholder},
      // A command that prints a generated secret alone on the next line: `rails secret`, `rake
      // secret`, `rails runner 'puts ..secret_key_base'`, `openssl rand -hex|-base64 N`, Phoenix's
      // `mix phx.gen.secret`, Laravel's `php artisan key:generate --show`.
      {"password-assignment",
       R"re((?m)(?:\b(?:rails|rake)[ \t]+secret\b|secret_key_base|\bopenssl[ \t]+rand[ \t]+-(?:hex|base64)\b|\bmix[ \t]+phx\.gen\.secret\b|\bartisan[ \t]+key:generate\b[^\r\n]*--show\b)[^\r\n]*$)re", 0,
       V::random_or_hex, E::next_line_value},
      // ASP.NET Core Data Protection writes each key ring key as XML; with no XML encryptor
      // configured its master key is stored in the clear under this fixed warning, as the
      // <value> element on the next line. Anyone holding it forges the app's auth cookies.
      {"password-assignment", R"((?m)<!-- Warning: the key below is in an unencrypted form\. -->[ \t]*\r?$)", 0,
       V::not_placeholder, E::next_line_value},
      // Symfony's VarDumper (dump(), dd()) prints a request's headers as a header bag: each
      // name opens an array whose element, on the next line, is the value ("x-api-key" =>
      // array:1 [ / 0 => "v").
      {"password-assignment",
       R"re((?im)^[ \t]*"[\w.-]*)re" + secret_key + R"re(" => array:\d+ \[[ \t]*\r?$)re", 0, V::not_placeholder,
       E::next_line_value},
      // An NSS key log (SSLKEYLOGFILE, which curl, Chrome, Firefox and Python's ssl write for
      // Wireshark): a label, the handshake's client random (public), then the secret that decrypts
      // the captured session.
      {"tls-key-log",
       R"((?m)^[ \t]*(?:CLIENT_RANDOM|(?:CLIENT|SERVER)_(?:HANDSHAKE|EARLY)_TRAFFIC_SECRET|(?:CLIENT|SERVER)_TRAFFIC_SECRET_\d+|(?:EARLY_)?EXPORTER_SECRET)[ \t]+[0-9a-fA-F]{64}[ \t]+([0-9a-fA-F]{64,96})\b)",
       1},
      // A SAML response posted to the service provider is a signed assertion that logs its
      // subject in until it expires: the base64 (or URL-encoded base64) after its form name.
      {"saml-response", R"re(\bSAMLResponse["']?\s*[,:=]\s*["']?([A-Za-z0-9+/%]{40,}={0,2}))re", 1},
      // A Kubernetes Secret's field decoded to the terminal: `kubectl get secret x -o
      // jsonpath='{.data.key}' | base64 -d` prints the value alone on the next line.
      {"password-assignment",
       R"re((?m)\bkubectl\b[^\r\n]*\bget[ \t]+secrets?\b[^\r\n]*\|[ \t]*base64[ \t]+(?:-d|--decode|-D)\b[^\r\n|]*$)re", 0,
       V::not_placeholder, E::next_line_value},
      // A user flag, then a password flag with its value: choco's and NuGet's "-u=<user>
      // -p=<password>", sqlcmd's "-U sa -P <password>", a quoted "-p "<password>"". Only a
      // generated-looking value: "mysql -u root -p shop" names a database after a prompt flag, and
      // "-P 3306" a port.
      {"cli-password-flag",
       R"re(\s-[uU](?:=|[ \t]+)["']?[^\s"']+["']?[ \t]+-(?:p=["']?|p[ \t]+["']|P(?:=|[ \t]+)["']?)([^\s"']+))re", 1,
       V::random_password},
      // Azure Pipelines' FileTransform and JSON variable substitution log each value they write:
      // "Substituting value on key: Jwt.SigningKey with (string) value: <value>".
      {"password-assignment",
       R"re((?i)Substituting value on key: [\w.:-]*)re" + secret_key + R"re( with \(\w+\) value: (\S+))re", 1,
       V::key_value},
      // Oracle's mkstore stores a wallet credential as "-createCredential <db> <user> <password>".
      {"cli-password-flag", R"(\bmkstore\b[^\r\n]*?\s-(?:create|modify)Credential\s+\S+\s+\S+\s+([^\s-]\S*))", 1,
       V::not_placeholder},
      // A CLI's detail table ("auth0 apps show --reveal-secrets", fastlane's summary, Symfony's
      // debug:dotenv): an upper-case label naming a secret, the column's blanks, and a
      // generated-looking value ending the line or its column (two blanks or a '|' before the next).
      {"password-assignment",
       R"((?m)^[ \t|]*(?:[A-Z]+[ _])*(?:SECRET|TOKEN|PASSWORD|API[ _]KEY|PRIVATE[ _]KEY)[ \t]{2,}\|?[ \t]*([^\s|]{16,})(?:[ \t|]*\r?$|[ \t]*\||[ \t]{2,}))",
       1, V::random_or_hex},
      // `pulumi config --show-secrets`: a namespaced key ("app:dbPassword") naming a secret, the
      // column's blanks, and the value alone to the line's end.
      {"password-assignment",
       R"re((?im)^[ \t]*[\w-]+:[\w.-]*)re" + yaml_secret_key + R"re([ \t]{2,}([^\s]{8,})[ \t]*\r?$)re", 1, V::key_value},
      // Tab-separated name and value, as `aws ssm get-parameters-by-path --output text` prints
      // each parameter ("/ledger/prod/db_password<TAB>v"): a secret-named key or path, tabs, and
      // the value alone to the line's end. Generated-looking values only: `az keyvault secret list`
      // prints "sql-admin-password<TAB>password", a name and its content type.
      {"password-assignment", R"re((?im)^[ \t]*[\w./:-]*)re" + yaml_secret_key + R"re(\t+([^\s]{8,})[ \t]*\r?$)re", 1,
       V::random_looking},
      // `terraform plan` showing a changed secret-named attribute: the new value after "->" (the
      // old one is the assignment's).
      {"password-assignment",
       R"re((?i)[\w-]*)re" + yaml_secret_key + R"re([ \t]*=[ \t]*"[^"\r\n]*"[ \t]*->[ \t]*"([^"\r\n]+)")re", 1,
       V::not_placeholder},
      // A value written to a file named for a secret in a `set -x` trace or a job script
      // ("echo 'v' > .vault_pass", "echo -n v >> ~/.config/token").
      {"password-assignment",
       R"re(\becho[ \t]+(?:-n[ \t]+)?["']?([^\s"'>|]+)["']?[ \t]*>>?[ \t]*[\w./~-]*(?:pass|pw|secret|token|credential)[\w.-]*)re",
       1, V::not_placeholder},
      // The AWS CLI's parameters in shorthand and JSON: ParameterKey=DBPassword,ParameterValue=v;
      // botocore's debug log form-encodes them ('Parameters.member.1.ParameterKey': 'DBPassword',
      // 'Parameters.member.1.ParameterValue': 'v').
      {"password-assignment",
       R"re((?i)["']?(?:[\w.]*\.)?ParameterKey["']?[ \t]*[=:][ \t]*["']?[\w.-]*)re" + yaml_secret_key +
           R"re(["']?[ \t]*,[ \t]*["']?(?:[\w.]*\.)?ParameterValue["']?[ \t]*[=:][ \t]*["']?([^\s,"']+))re",
       1, V::not_placeholder},
      // A Groovy DSL property set by a call without '=' (Gradle's signingConfigs: "storePassword
      // 'v'", "keyPassword System.getenv(..)" is code; a repository's credentials block:
      // "password 'v'", AwsCredentials' "secretKey 'v'"): the whole line is the name and a quoted value.
      {"password-assignment",
       R"re((?m)^[ \t]*(?:[a-z][A-Za-z]*(?:Password|Passphrase|Secret|Token|SecretKey|ApiKey|PrivateKey)|password|secret|token|secretKey|apiKey)[ \t]+["']([^"'\r\n]+)["'][ \t]*\r?$)re",
       1, V::key_value},
      // A Groovy map printed by a pipeline's echo ("[user:ci, pass:<v>, url:..]"): a bare "pass"
      // key is a password only inside such a dump, and only with a generated-looking value.
      {"password-assignment", R"re([\[,][ \t]*pass[ \t]*:[ \t]*([^\s,\]]{8,}))re", 1, V::random_password},
      // Terraform state (`terraform state pull`, `show -json`): a random_password resource keeps
      // the password it generated in its "result" attribute, which the state stores in clear.
      {"password-assignment",
       R"re("type":\s*"random_password",[^\]]{0,600}?"result":\s*"([^"\\]+)")re", 1, V::not_placeholder},
      // A property list's value on the line after its key (Info.plist, a launchd job, fastlane's
      // config): <key>ASC_SHARED_SECRET</key> then <string>v</string> (see next_line_value).
      {"password-assignment", R"re((?im)^[ \t]*<key>[\w.-]*)re" + yaml_secret_key + R"re(</key>[ \t]*\r?$)re", 0,
       V::key_value, E::next_line_value},
      // Hadoop's configuration XML (core-site.xml, as a job prints it): <name> alone on its line,
      // <value> on the next; the name may go on past the secret's word (Azure's per-account
      // fs.azure.account.key.<account>.<endpoint>). A path or URL there names where credentials
      // live (hadoop.security.credential.provider.path's jceks://..), so it stays.
      {"password-assignment", R"re((?im)^[ \t]*<name>[\w.-]*)re" + yaml_secret_key + R"re((?:\.[\w-]+)*</name>[ \t]*\r?$)re", 0,
       V::credential_header, E::next_line_value},
      // ... the same per-account property set from code (spark.conf.set("fs.azure.account.key.<a>.<host>", "<key>")).
      {"azure-storage-key", R"re(\bfs\.azure\.account\.key\.[\w.-]+["']?\s*[,=:]\s*["']?([A-Za-z0-9+/]{86}==))re", 1, V::none},
      // A storage account key's shape (86 base64 characters and "==": 64 bytes) under any name
      // that ends in or holds "key" (pgBackRest's PGBACKREST_REPO1_AZURE_KEY=, a Helm value's
      // storageKey:): an upper-case *_KEY names ids and cache keys too, but not 64 random bytes.
      {"azure-storage-key",
       R"re((?:[Kk]ey|KEY)[\w.-]*\\?["']?[ \t]*(?:=>|[:=])[ \t]*\\?["']?([A-Za-z0-9+/]{86}==)(?:[^A-Za-z0-9+/=]|(?m:$)))re", 1,
       V::not_placeholder},
      // A password stored encoded as WebSphere's {xor} (undone without any key), Liberty's {aes}
      // (its default key unless one is configured) and WebLogic's {AES}/{AES256} (by anyone holding
      // the domain's SerializedSystemIni.dat): reversible, unlike a hash.
      {"password-assignment", R"((?i)\{(?:xor|aes|aes256)\}([A-Za-z0-9+/]{8,}={0,2}))", 1},
      // The Steam Web API's key in its query string (/ISteamUser/GetPlayerSummaries/v2/?key=<32 hex>).
      {"query-param-secret", R"(/I[A-Z]\w+/\w+/v\d+/?\?(?:[^\s&#]*&)*key=([0-9A-Fa-f]{32})\b)", 1},
      // gosnowflake's DSN has no scheme: user:password@<account>.snowflakecomputing.com[:port]/...
      {"password-assignment", R"(\b[\w.-]+:([^\s:@/]{6,})@[\w.-]+\.snowflakecomputing\.com\b)", 1, V::not_placeholder},
      // Flink logs each configuration property it loads: "Loading configuration property: <name>, <value>".
      {"password-assignment", R"re((?i)Loading configuration property: [\w.-]*)re" + secret_key + R"re(, ([^\s,]+))re", 1,
       V::key_value},
      // An INI entry named just "pass" (rclone's sftp and ftp remotes, an obscured password):
      // line-anchored and eight or more characters, so test tallies ("pass = 12") stay.
      {"password-assignment", R"re((?m)^[ \t]*pass[ \t]*=[ \t]*([^\s"']{8,})[ \t]*\r?$)re", 1, V::key_value},
      // A bare "pass" key with a quoted value in an object or a hash: nodemailer's and Ghost's
      // auth {user, pass}, Perl's and Ruby's 'pass' => '..', and JSON inside a JSON string (a
      // device's RPC body in a log line: {\"pass\":\"..\"}). Only a generated or symbol-laden
      // value: automake's "PASS: test" and a reporter's {pass: 'yes'} stay.
      {"password-assignment", R"re((?i)(?:^|[\s{,(])\\?["']?pass\\?["']?[ \t]*(?::|=>)[ \t]*\\?["']((?:[^"'\s\\]|\\[^"'\s]){8,})\\?["'])re", 1,
       V::random_password},
      // USER:PASSWORD under a name ending in "auth" (Elastic's cloud.auth, a basic_auth setting): the
      // login names who failed to sign in and stays, the password goes. The generic assignment
      // below leaves such a pair to this rule (key_value's login_pair_under_auth_name). Fluent Bit's
      // classic config separates Cloud_Auth from its value with blanks.
      {"password-assignment",
       R"re((?i)\b[\w.-]*auth["']?[ \t]*(?:=>|[:=])[ \t]*["']?[\w.@-]{1,64}:([^\s"',;&/][^\s"',;&]*))re", 1,
       V::login_password},
      {"password-assignment", R"re((?im)^[ \t]*cloud[._]auth[ \t]+["']?[\w.@-]{1,64}:([^\s"']+))re", 1, V::login_password},
      // Confluent's Schema Registry clients take "<key>:<secret>" in basic.auth.user.info.
      {"password-assignment", R"re((?i)\bbasic\.auth\.user\.info["']?[ \t]*[=:][ \t]*["']?[^:\s"']+:([^\s"']+))re", 1,
       V::not_placeholder},

      // ---- Secret-ish keys: env dumps, YAML, JSON, properties ------------------------------
      // The operator may be Ruby's, PHP's and Perl's "=>" ({"password"=>"x"}, [password] => x).
      {"password-assignment",
       R"((?i)\b[\w.-]*)" + secret_key +
           // The value ends at a blank, a quote, ',', ';' or '&' (query syntax); a closing bracket
           // ends it unless more of the value follows ("f(password=x)", "(key: x): 401", but "ab)c=d").
           // A JSON-escaped slash ("Pi\/BS2..") is part of it. A value that opens with '{' or '['
           // is a structure whose own keys are judged ("credentials={secret=..}", Java's map
           // toString), except Go's map[Key:[value]].
           // A wrapper the language prints around it: Rust's Some("v"), Java's Optional[v], a
           // Secret("v") / SecretStr('v') type (masked ones, '**********', are kept; Rust's pretty
           // Debug, {:#?}, breaks the line after "Some("), the
           // OpenTelemetry collector's debug exporter's Str(v) and Slice(["v"]); Python's bytes
           // b'v' and Python 2's u'v'; TOML's """v""" and '''v'''; Go's url.Values and http.Header
           // {"password":[]string{"v"}}. R assigns with "<-" (db_password <- "v"); Perl's hash
           // subscript closes with '}' ($ENV{'DB_PASSWORD'} = 'v'); YAML may put an anchor or a
           // !!str tag before the value ("password: &pw v"). Haskell's Show prints a Maybe as
           // Just "v"; Erlang a binary as <<"v">>. A form body URL-encodes the bracket of
           // "user[password]=v" ("user%5Bpassword%5D=v"); an HTML page or JUnit XML escapes '='
           // ("password&#x3D;v"), a Java .properties file (jcmd VM.system_properties) as "\=".
           // Chinese and Japanese tools print a full-width colon ("AccessKey Secret：v"). A log
           // that escapes JSON's quotes as \u0022 (System.Text.Json, Gson) escapes them around the
           // value too, and may escape its '.', '-', '/', '+', '='.
           R"((?:\\?["']|\\u0022)?(?:[\]}]|%5[Dd])?(?:\s*(?:=>|:=|<-|\\?[:=]|：|&#[xX]3[dD];|&#61;)\s*(?:\[\]string\{|&[\w-]+[ \t]+|!!str[ \t]+)?|:\[)(?:(?:some|optional|secret\w*|str)[(\[]\s*|slice\(\[|just[ \t]+|<<)?(?:[bu]?\\?["'](?:["']["'])?|\\u0022)?((?:[^\s"',;&)}\]\\{\[]|\\/|\\u00(?:2[bBdDeEfF]|3[dD]))(?:[^\s"',;&)}\]\\]|\\/|\\u00(?:2[bBdDeEfF]|3[dD]))*(?:[)}\]]+[^\s"',;&)}\]\\:.](?:[^\s"',;&)}\]\\]|\\/|\\u00(?:2[bBdDeEfF]|3[dD]))*)*))",
       1, V::key_value},
      // A secret's name, then a note in brackets, then the value: a tool that says where a
      // setting came from ("ansible_become_password (from group_vars/db/vault.yml) = v") or which
      // variable holds it ("delivery token (CONTENTFUL_DELIVERY_TOKEN): v"). Other notes ("auth
      // (%s) = ..", "clientToken (truncated for log): ..") say what the value is not.
      {"password-assignment",
       R"re((?i)\b[\w.-]*)re" + yaml_secret_key + R"re([ \t]+\((?:from [^()\r\n]{1,80}|(?-i:[A-Z][A-Z0-9_]{2,}))\)[ \t]*[=:][ \t]+["']?([^\s"',;]{8,}))re", 1,
       V::key_value},
      // Z-Wave JS UI's network security keys as its container takes them (KEY_S0_Legacy,
      // KEY_S2_Unauthenticated, KEY_S2_Authenticated, KEY_S2_AccessControl): 16 bytes in hex.
      {"password-assignment",
       R"re(\bKEY_S(?:0_Legacy|2_(?:Unauthenticated|Authenticated|AccessControl))["']?[ \t]*[=:][ \t]*["']?([0-9A-Fa-f]{32})\b)re", 1,
       V::not_placeholder},
      // Strapi's APP_KEYS holds several keys, comma-separated: the ones after the first.
      {"password-assignment", R"re(\bAPP_KEYS["']?[ \t]*[=:][ \t]*["']?[^,\s"']+,([^\s"']+))re", 1, V::not_placeholder},
      // R's str() of a list names each element's type between its name and value
      // (" $ api_key : chr \"v\"").
      {"password-assignment", R"re((?im)^[ \t]*(?:\.\.)*\$[ \t]+[\w.]*)re" + secret_key + R"re([ \t]*:[ \t]*chr[ \t]+"([^"\r\n]+)")re", 1,
       V::key_value},
      // A field named just "key" in a struct dump (Rust's Debug `key: "<v>"`, a Python repr's
      // 'key': '<v>'): only a quoted, generated-looking value of 24 or more characters -- cache
      // keys, object paths, hex digests and publishable keys under that name stay.
      {"password-assignment", R"re((?i)(?:^|[{(,\s])key["']?[ \t]*[:=][ \t]*["']([A-Za-z0-9_\-]{24,})["'])re", 1,
       V::generated_key},
      // C and C++ configuration headers: "#define SECRET_PASS \"v\"" (Arduino's secrets.h),
      // "#define CONFIG_ESP_WIFI_PASSWORD \"v\"" (ESP-IDF's generated sdkconfig.h); and a setter
      // called with a literal (ESPHome's generated main.cpp: set_password("v")).
      {"password-assignment", R"re((?i)#[ \t]*define[ \t]+\w*)re" + secret_key + R"re([ \t]+"([^"\r\n]+)")re", 1,
       V::key_value},
      {"password-assignment",
       R"re((?i)\bset_?(?:password|passwd|passphrase|secret|token|api_?key|psk)[ \t]*\([ \t]*"([^"\r\n]+)")re", 1,
       V::key_value},
      // Keycloak's credential representation ({"type": "password", "value": "<v>", "temporary":
      // false}), as kcadm.sh's -s credentials=[...], its `get .../client-secret` and realm exports
      // print it: the secret's name is in "type", the secret in "value", on the same line or, when
      // pretty-printed, on the next one (see next_line_value).
      {"password-assignment",
       R"re("type"[ \t]*:[ \t]*"(?:password|secret)"[ \t]*,[ \t]*"value"[ \t]*:[ \t]*"((?:[^"\\\r\n]|\\.)+)")re", 1,
       V::key_value},
      {"password-assignment", R"re((?m)"type"[ \t]*:[ \t]*"(?:password|secret)"[ \t]*,[ \t]*\r?$)re", 0, V::key_value,
       E::next_line_value},
      // OpenWrt's wireless key as `uci show wireless` prints it and as /etc/config/wireless holds it.
      {"password-assignment", R"re(\bwireless\.[\w@\[\]-]+\.key=["']?([^\s"']+))re", 1, V::key_value},
      {"password-assignment", R"re((?m)^[ \t]*option[ \t]+key[ \t]+["']([^"'\r\n]+)["'])re", 1, V::key_value},
      // Maven's encrypted password ({base64} in settings.xml, as mvn -X prints it: "(s) password
      // = {9NJb..}"): decryptable with the settings-security master password. The rule above
      // leaves a value that opens with '{' to its own keys; this one has none.
      {"password-assignment",
       R"((?i)(?:password|passphrase)>?\s*[=:>]?\s*(\{[A-Za-z0-9+/]{16,}={0,2}\}))", 1,
       V::random_token},
      // CMake's set() of a secret-named variable, as `cmake --trace-expand` prints it with the
      // value expanded: set(ENV{CONAN_PASSWORD} <value> ), set(API_TOKEN "<value>" CACHE STRING "").
      {"password-assignment",
       R"re((?i)\bset\([ \t]*(?:ENV\{)?[\w.-]*)re" + secret_key + R"re(\}?[ \t]+"?([^\s")]+))re", 1, V::key_value},
      // Go's %+v / %#v struct dump: a field name then :"<quoted value>" with no blank
      // (&config.DB{User:"app", Password:"&E8RK..."}). The value runs to its closing quote, so
      // it may open with '&' or ';', which the rule above reads as query syntax.
      {"password-assignment", R"re((?i)[{ ,][\w]*)re" + secret_key + R"re(:"((?:[^"\\\r\n]|\\.)+)(?:"|$))re", 1,
       V::key_value},
      // A quoted value printed whole (Python's repr and dicts, JSON, YAML, Ruby, PHP) runs to its
      // closing quote: a generated key holding '&', ';', ',' or a bracket (Django's SECRET_KEY
      // alphabet has "!@#$%^&*(-_=+)") is not cut at the first of them, which left its tail.
      {"password-assignment",
       R"re((?i)\b[\w.-]*)re" + secret_key + R"re(["']?\s*(?:=>|:=|<-|[:=])\s*[bu]?'([^'\s]*[&;,)}\]{\[][^'\s]*)')re", 1,
       V::key_value},
      {"password-assignment",
       R"re((?i)\b[\w.-]*)re" + secret_key + R"re(["']?\s*(?:=>|:=|<-|[:=])\s*[bu]?"([^"\s]*[&;,)}\]{\[][^"\s]*)")re", 1,
       V::key_value},
      // A Java map of lists printed by toString ("{client_secret=[v], scope=[read]}": Spring's
      // MultiValueMap of a form body, as RestTemplate's debug log writes a token request), which
      // the rule above leaves to the list's own keys. One element only, then the list's end; a
      // generated-looking one, as a word in brackets is a mask ("credentials=[PROTECTED]").
      {"password-assignment", R"re((?im)\b[\w.-]*)re" + secret_key + R"re(=\[([^\s\[\]{},=]+)\](?:[,}\]]|\r?$))re", 1,
       V::random_password},
      // ... and so does a double-quoted value holding a JSON or C escape ("q7\"Lm#2v" in
      // PowerShell's ConvertTo-Json of a credential), which the rules above cut at the backslash.
      {"password-assignment",
       R"re((?i)\b[\w.-]*)re" + secret_key +
           R"re(["']?\s*(?:=>|:=|[:=])\s*"((?:[^"\\\r\n]|\\.)*\\["\\](?:[^"\\\r\n]|\\.)*)")re",
       1, V::key_value},
      // A debug page's or a report's HTML table row, the name in one cell and the value in the next
      // (Whoops' and Ignition's environment tables, Django's settings table), HTML-escaped
      // ("&quot;T9ly&amp;3KP&lt;RS&quot;"): the value runs to the next tag or escaped quote.
      {"password-assignment",
       R"re((?i)<t[dh][^>\r\n]*>\s*[\w.-]*)re" + secret_key +
           R"re(\s*</t[dh]>\s*<td[^>\r\n]*>\s*(?:<[a-z][^>\r\n]*>\s*)*(?:&quot;|&#39;|["'])?((?:[^<\s&"']|&(?:amp|lt|gt|#\d{1,3}|#x[0-9a-fA-F]{1,2});)+))re",
       1, V::key_value},
      // GoogleTest prints each compared expression, then "Which is: <value>" under it: an
      // expression naming a secret ("cfg.signing_key_hex") has its value on the next line.
      {"password-assignment", R"re((?im)^[ \t]+[\w.>:*&\-]*)re" + secret_key + R"re((?:\(\))?[ \t]*\r?$)re", 0,
       V::key_value, E::which_is_value},
      // A key's bytes printed as a list: Rust's {:?} of [u8; 32] or Vec<u8> ("key: [188, 71, ..]"),
      // Go's %v of a []byte ("[188 71 ..]") and %#v ("[]byte{0xbc, 0x47, ..}"), or written as a
      // C array ("static const u1_t NWKSKEY[16] = { 0xB0, .. }", LoRaWAN's session keys in an
      // Arduino sketch), under a name that ends in key, secret, seed, salt, token or password.
      {"secret-key-bytes",
       R"re((?i)\b[\w.-]*(?:key|secret|seed|salt|token|password)(?:_?bytes)?(?:\[\w*\])?["']?\s*(?:=>|[:=])\s*&?(?:vec!\[|\[\](?:byte|uint8)\{|b?\[|\{[ \t]*)((?:(?:0x[0-9a-f]{1,2}|\d{1,3})(?:,[ \t]*|[ \t]+)){15,}(?:0x[0-9a-f]{1,2}|\d{1,3}))[ \t]*[\]}])re",
       1, V::byte_list},
      // gdb prints a char* argument or local as its address, then the string it points at:
      // "db_connect (host=0x55.. \"pg\", password=0x5555557c9350 \"<value>\")".
      {"password-assignment",
       R"re((?i)\b[\w.-]*)re" + secret_key + R"re(\s*=\s*0x[0-9a-f]+ "((?:[^"\\\r\n]|\\.)+)(?:"|$))re", 1, V::key_value},
      // A generated value under any name ending in "_key" or "_salt": Rails' Active Record
      // encryption keys (primary_key, deterministic_key, key_derivation_salt in credentials:show),
      // Phoenix's signing_salt. Only a random token: "primary_key: id", "cache_key: v1-linux" stay;
      // and a lower-case name (a config file's or a keyword list's): upper-case NEXT_PUBLIC_*_KEY,
      // VITE_*_KEY and *_SITE_KEY variables hold keys a browser is given.
      {"password-assignment",
       R"re(\b[a-z][a-z0-9]*(?:_[a-z0-9]+)*_(?:key|salt)\\?["']?\s*(?:=>|[:=])\s*\\?["']?([A-Za-z0-9+/_\-]{16,}={0,2}))re", 1,
       V::generated_key},
      // A TOML inline table around the value (aziot's config.toml: symmetric_key = { value = "<b64>" }).
      {"password-assignment",
       R"re((?i)\b[\w.-]*)re" + secret_key + R"re([ \t]*=[ \t]*\{[ \t]*value[ \t]*=[ \t]*["']([^"'\r\n]+)["'])re", 1,
       V::key_value},
      // Rust's pretty Debug ({:#?}, what `unwrap()` on a reqwest or sqlx error prints) puts an
      // Option's value on its own line: "password: Some(\n    \"v\",\n)" (see next_line_value).
      {"password-assignment", R"re((?im)\b[\w.-]*)re" + secret_key + R"re(: Some\([ \t]*\r?$)re", 0, V::key_value,
       E::next_line_value},
      // The Erlang AMQP client's connection record as a crash or a Common Test config prints it:
      // #amqp_params_network{username, password, virtual_host, host, ...} shown as a tuple, its
      // second field the password ({amqp_params_network,<<"user">>,<<"pw">>,<<"/">>,...}); the
      // broker's documented guest/guest stays, as it does in an amqp:// URL.
      {"password-assignment",
       R"re(\{amqp_params_network,\s*(?:<<"[^"\r\n]*">>|\w+),\s*<<"([^"\r\n]+)">>)re", 1, V::url_password},
      // Erlang proplists and Elixir tuples: {password,"pw"}, {password, <<"pw">>}, {:password, "pw"}.
      {"password-assignment",
       R"re((?i)\{:?[\w]*)re" + secret_key + R"re(,[ \t]*(?:<<)?"((?:[^"\\\r\n]|\\.)+)(?:"|$))re", 1, V::key_value},
      // A Markdown table row, as issue templates and job summaries print settings:
      // "| DB_PASSWORD | <value> |", the name or the value in backticks or bold. Only at the row's
      // start: "echo $DB_PASSWORD | docker login" is a pipe, not a table.
      {"password-assignment",
       R"((?im)^[ \t]*\|[ \t]*[`*]*[\w.-]*)" + yaml_secret_key +
           R"([`*]*[ \t]*\|[ \t]*`?([^\s|`]+)`?[ \t]*\|)",
       1, V::key_value},
      // A Name/Value table (PowerShell's Get-ChildItem Env:, Windows SET-style listings): an
      // upper-case, underscore-joined variable named as a secret at the line's start, padding, and a
      // one-word value holding a digit ("GITHUB_TOKEN   required" is a message, not a value).
      {"password-assignment",
       R"((?m)^(?:[A-Z0-9]+_)+(?:PASSWORD|PASSWD|PASSPHRASE|PWD|TOKEN|SECRET|API_?KEY|ACCESS_KEY|SECRET_KEY|PRIVATE_KEY|AUTH_KEY)[ \t]{2,}([^\s\d]*\d\S*)[ \t]*\r?$)",
       1, V::key_value},
      // The same table indented, its values quoted: the "Environment & details" block of PHP's
      // Whoops and Laravel Ignition error pages ('  DB_PASSWORD  "<value>"'). Quoted, the value is
      // a value whatever it holds.
      {"password-assignment",
       R"re((?m)^[ \t]+(?:[A-Z0-9]+_)+(?:PASSWORD|PASSWD|PASSPHRASE|PWD|PW|TOKEN|SECRET|API_?KEY|ACCESS_KEY|SECRET_KEY|PRIVATE_KEY|AUTH_KEY)[ \t]{2,}"([^"\r\n]+)"[ \t]*\r?$)re",
       1, V::key_value},
      // A password in backticks after its name, as messages quote values in Markdown style
      // ("utente `ci`, parola d'ordine `<value>`", "password `<value>` rejected"). Only password
      // words: "unexpected token `export`" quotes source code.
      {"password-assignment",
       R"((?i)\b[\w.-]*(?:password|passwd|passphrase|[_-]pw|)" + localised_password_words +
           R"()[ \t]+`([^`\s\-][^`\s]*)(?:`|(?m:$)))",
       1, V::key_value},
      // A log line that names a password or token in a few words before its value, in English or
      // the host's language ("password del database di test: <v>", "Jeton d'authentification
      // Twilio : <v>", "contraseña del panel de administración: <v>"). A generated-looking value
      // only: "token expired at: 2024-..." and "password for 'https://host':" name none.
      {"password-assignment",
       R"((?im)\b(?:password|passwort|kennwort|mot de passe|contrase(?:ña|na)|senha|jeton|chiave|clave|token)\b[^\r\n:=()]{1,60}?[ \t]?:[ \t]+([^\s"',;&=]{12,})(?:[ \t]|\r?$))",
       1, V::random_or_hex},
      // A credential-named key whose value is an object holding the secret under "value" or "key"
      // (The Things Stack's "app_key": {"key": "<hex>"}): Spring
      // Boot's /actuator/env ("SPRING_DATASOURCE_PASSWORD": {"value": "..", "origin": ..}) and
      // `terraform output -json` ("db_password": {"sensitive": true, .., "value": ".."}).
      {"password-assignment",
       R"re((?i)"[\w.-]*)re" + secret_key + R"re("\s*:\s*\{[^{}\r\n]*?"(?:value|key)"\s*:\s*"([^"\r\n]+))re", 1,
       V::key_value},
      // Spring Boot's /actuator/env/<name>: each source's {"value": "..", "origin": ".."} names the
      // property only in its origin ("System Environment Property \"SPRING_DATASOURCE_PASSWORD\"").
      {"password-assignment",
       R"re((?i)"value"\s*:\s*"([^"\r\n]+)"\s*,\s*"origin"\s*:\s*"[^{}\r\n]*?)re" + yaml_secret_key + R"re(\b)re",
       1, V::key_value},
      // "Password" in scripts without ASCII word boundaries (a \b before them would need an ASCII
      // letter): Turkish şifre, Russian пароль, Japanese パスワード, Chinese 密码/密碼, Korean
      // 비밀번호, after any prefix ("数据库密码"), with an ASCII or a full-width colon. Also "token"
      // and "secret key" there: Russian токен and секретный ключ, Japanese トークン and
      // シークレット, Chinese 令牌 and 密钥/密鑰/秘钥, Korean 토큰 ("アクセストークン: <token>").
      {"password-assignment",
       R"((?:şifre|Şifre|пароль|Пароль|ПАРОЛЬ|パスワード|密码|密碼|비밀번호|токен|Токен|ТОКЕН|[Сс]екретный ключ|トークン|シークレット|令牌|密钥|密鑰|秘钥|토큰)["']?[ \t]*(?:[:=]|：)[ \t]*["']?([^\s"',;&)}\]\\]+))",
       1, V::key_value},
      // CI services' credentials whose names do not say so: Code Climate's CC_TEST_REPORTER_ID
      // (its docs: keep it secret, it lets anyone upload coverage), SonarQube's sonar.login (the
      // user token SonarScanner authenticates with), DeepSource's DEEPSOURCE_DSN (the secret is the
      // URL's user part).
      {"password-assignment",
       R"((?i)\b(?:CC_TEST_REPORTER_ID|SONAR_LOGIN|sonar\.login|DEEPSOURCE_DSN)\\?["']?\s*[:=]\s*\\?["']?([^\s"',;&]+))", 1,
       V::key_value},
      // Laravel's `php artisan config:show` / `about`: "  secret ......... <value>", nested keys
      // joined by an arrow ("options ⇁ cluster"). The value holds a digit: "SKIPPED" after
      // "acme-token ....." is a build tool's module status, not a secret.
      {"password-assignment",
       R"((?im)^[ \t]*(?:[^\s.]+ [^\s\w.]+ )*[\w.-]*)" + yaml_secret_key +
           R"([ \t]+\.{2,}[ \t]+([^\s\d]*\d\S*)[ \t]*\r?$)",
       1, V::key_value},
      // A credential tuple: requests' auth=('user', 'pass') (pytest --showlocals prints it as
      // "auth = ('user', 'pass')"), HTTPBasicAuth / aiohttp BasicAuth / Go's SetBasicAuth
      // ("user", "pass"), superagent's .auth('user', 'pass'), Tableau's
      // PersonalAccessTokenAuth('name', 'secret'), a client's kwargs printed as a dict
      // ({'basic_auth': ('elastic', 'pass')}): the second string is the password.
      {"http-auth-password",
       R"re((?i)(?:\b[\w.-]*(?:auth|credentials?)["']?\s*[:=]\s*[(\[]|\b[\w.]*(?:basic|digest|proxy|token)auth\s*\(|\.auth\()\s*[bu]?["'][^"'\r\n]*["']\s*,\s*[bu]?["']([^"'\r\n]+)(?:["']|$))re",
       1, V::not_placeholder},
      // PgBouncer's auth_file (userlist.txt): a line of two quoted strings, the user and its
      // password. A generated-looking password only ("md5<hex>" and "SCRAM-SHA-256$..." are the
      // hashes PgBouncer also accepts there, and two quoted words are often just a pair).
      {"password-assignment", R"re((?m)^"[\w.@-]+"[ \t]+"([^"\s<>]{8,})"[ \t]*\r?$)re", 1, V::random_password},
      // A config file's entry named just "key" (.zuliprc's [api] key=, an exo/rclone TOML
      // `key = "..."`) holding a random-looking value alone on its line: "key" alone names too
      // much to be a secret word, so the value must mix digits and both cases, and hold no '-' or
      // '.' (cache keys such as "Linux-node-<hash>" and file names are kept).
      {"password-assignment",
       R"re((?im)^[ \t]*key[ \t]*[=:][ \t]*["']?([A-Za-z0-9+/]{20,}={0,2})["']?[ \t]*\r?$)re", 1, V::random_looking},
      // The same "key" as a JSON or dict member ({"key":"md-..."}, Mandrill's request body): a
      // value whose letters-and-digits run of 12+ mixes digits and both cases (random_token), not
      // an id, a name or a path.
      {"password-assignment",
       R"re((?i)["']key\\?["']\s*:\s*\\?["']([A-Za-z0-9_\-.+]{16,}={0,2})(?:\\?["']|\z))re", 1, V::random_token},
      // A secret-named string and its value as a call's two arguments or a pair: PHP's
      // define('DB_PASSWORD', 'v'), Go's os.Setenv("API_TOKEN", "v"), Java's
      // System.setProperty("javax.net.ssl.keyStorePassword", "v") and map.put("password", "v"),
      // Python's [('password', 'v')].
      {"password-assignment",
       R"re((?i)\(\s*[bu]?["'][\w.\-]*)re" + secret_key + R"re(["']\s*,\s*[bu]?["']([^"'\r\n]+)(?:["']|$))re", 1, V::key_value},
      // ... and a two-element array: ActiveRecord's bound parameters in its SQL log
      // ([["otp_secret", "v"], ["api_key", "v"]]), JSON pairs. A value of lower-case letters and
      // underscores only is another field's name (['dd_api_key', 'debug']), not a secret.
      {"password-assignment",
       R"re((?-i:\[)\s*["'](?i:[\w.\-]*)re" + secret_key + R"re()["']\s*,\s*["']([^"'\r\n]*[^a-z_"'\r\n][^"'\r\n]*)["']\s*\])re", 1,
       V::key_value},
      // A credential-taking call printed with its arguments -- a stack trace's frame (PHP's
      // "#0 Redis->auth('v')", Perl's Carp), a mock's expected call, an Erlang crash report's
      // "connect(Host, User, Password)", Rust's Credentials("user", "v") -- names no argument:
      // every quoted, generated-looking one is taken (random_password), so hosts, users and database
      // names stay. Sequelize's constructor takes (database, username, password, options).
      {"password-assignment", R"((?i)(?:auth|login|log_in|signin|sign_in|connect|bind|password|passwd|credentials?|sequelize)\w*\()", 0,
       V::random_password, E::call_arguments},
      // Connection settings printed by position -- a pytest tuple diff ('db.internal', 5432,
      // 'app', '<v>', 'orders'), a Scala case class, Go's %v of a struct, a .NET ValueTuple, a
      // Dart record, an RSpec argument list -- name no field: a dump that opens with a host and
      // then a port or a mailbox, or with a database URL, is a connection's, and each element of
      // it a generator made (generated_element) is its password or key. Hosts, users and
      // database names stay.
      {"password-assignment",
       R"re([(\[{<][ \t]*["']?(?:[A-Za-z0-9][\w\-]*(?:\.[\w\-]+)+["']?(?:[ \t]*,[ \t]*|[ \t]+)["']?(?:\d{2,5}|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+)|(?:jdbc:)?(?:postgres(?:ql)?|mysql|mariadb|sqlserver|oracle|mongodb(?:\+srv)?|rediss?|amqps?|clickhouse|cockroachdb)(?:\+\w+)?://[^\s,()\[\]{}<>]+)["']?[ \t]*[, ])re",
       0, V::generated_element, E::dump_elements},
      // FluentAssertions names the member it compared: "Expected property options.SmtpPassword to
      // be "<v>", but found "<v>"." Both values are the secret's.
      {"password-assignment", fluent_secret_member + R"re( to be "([^"\r\n]+)")re", 1, V::key_value},
      {"password-assignment", fluent_secret_member + R"re( to be [^\r\n]*?,? but found "([^"\r\n]+)")re", 1,
       V::key_value},
      // Hibernate's bind log names a parameter by position, not by column ("binding parameter [2]
      // as [VARCHAR] - [v]" in 5.x, "binding parameter (2:VARCHAR) <- [v]" in 6.x): only a
      // generated-looking value is taken (random_token), so names, hosts, hashes and UUIDs stay.
      {"password-assignment", R"(binding parameter (?:\[\d+\] as \[\w+\] - |\(\d+:\w+\) <- )\[([^\]\r\n]{12,256})\])", 1,
       V::random_token},
      // Clojure/EDN and Lisp keyword maps: {:password "v", :user "u"}.
      {"password-assignment", R"re((?i):[\w.\-]*)re" + secret_key + R"re([ \t]+"((?:[^"\\\r\n]|\\.)+)(?:"|$))re", 1,
       V::key_value},
      // A form field or request body curl sends (`curl -F access_token=<v>`, `-d password=<v>`):
      // the first field has no '&' before it for the query rule to see.
      {"password-assignment",
       R"re((?i)(?:^|\s)(?:-F|-d|--form|--data(?:-raw|-binary|-urlencode)?)[ \t]+["']?[\w.-]*)re" + secret_key +
           R"re(=([^\s"'&;]+))re",
       1, V::key_value},
      // A name and its value as two words: a Dockerfile's legacy `ENV API_KEY v` (docker build
      // echoes each step), Windows' `setx API_KEY "v"`.
      {"password-assignment",
       R"re((?:\bENV|\b(?i:setx))[ \t]+(?i:[\w.\-]*)re" + secret_key + R"re()[ \t]+["']?([^\s"'=][^\s"']*))re", 1,
       V::key_value},
      // The OpenAI SDKs' wording, which other providers' SDKs (Together, Groq, ...) reuse:
      // "Incorrect API key provided: <key>"; the API's masked echo ("sk-proj-****abcd") stays.
      {"password-assignment",
       R"re((?i)\b(?:api[ _-]?key|token|secret)[ \t]+provided:[ \t]*["']?([^\s"',]*[^\s"',.]))re", 1,
       V::credential_header},
      // A quoted value after a secret's name in a message: "Invalid API key 'v' provided",
      // "authentication failed for access token \"v\"", psql's password "v". Only names that
      // cannot mean a parser's token ("Unexpected token 'export'"), a value holding a digit.
      {"password-assignment",
       R"re((?i)\b(?:api[ _-]?key|password|passphrase|client[ _-]?secret|(?:access|auth|api|bearer|refresh)[ _-]?token)[ \t]+["']([^"'\s]{8,})["'])re",
       1, V::credential_header},
      // A password word, then a generated-looking value unquoted, in prose (a seed script's "created
      // user admin with temporary password <v>"): twelve or more characters with digits and both
      // cases, so "password authentication failed" and "password Required" stay.
      {"password-assignment",
       R"re((?i)\b(?:password|passwort|kennwort|passphrase|contraseña)[ \t]+([^\s"'`]{12,}))re", 1, V::random_looking},
      // A Perforce tickets file (p4tickets.txt, `p4 tickets`): "server:port=user:<32 hex ticket>".
      {"password-assignment", R"re((?m)(?:^|\s)[\w.\-]+:\d+=[\w.@\-]+:([0-9A-F]{32})\b)re", 1},
      // Hiera's debug lookup of a secret-named key (puppet apply --debug, `puppet lookup --explain`):
      // 'Found key: "profile::db::app_password" value: "<v>"'.
      {"password-assignment",
       R"re(\bFound key: "[^"\r\n]*(?:password|passwd|secret|token|api_key|apikey)" value: "([^"\r\n]+)")re", 1,
       V::not_placeholder},
      // A curly-brace device configuration's "secret <value>" line (VyOS' and Junos' IPsec and
      // RADIUS blocks, as `show configuration` or a commit diff prints them): the value alone to the
      // line's end; "secret 5 $1$..", a type and a hash, stays.
      {"password-assignment", R"re((?m)^[+\- \t]*(?:pre-shared-)?secret[ \t]+["']?([^\s"';{}]{8,})["']?[ \t]*;?\r?$)re", 1,
       V::random_password},
      // A "name value" line whose dotted or underscored name ends in a secret's word, as
      // spark-defaults.conf holds Spark's properties (spark.hadoop.fs.azure.account.oauth2.client.
      // secret.<account>.<host> <v>) and Fluent Bit's classic config and dry-run dump its options
      // (HTTP_Passwd <v>): a random-looking value alone to the line's end (a UUID, as Splunk's HEC
      // token is, stays: UUIDs name requests and objects far more often).
      {"password-assignment",
       R"re((?im)(?:^|[ \t\]])(?:[a-z][\w-]*[._])+(?:secret|token|passwd|password|passphrase)(?:\.[\w-]+)*[ \t]+([^\s"'#]{12,})[ \t]*\r?$)re",
       1, V::random_looking},
      // A "name value" configuration line whose name ends in password (mosquitto.conf's
      // remote_password, as a diff of the file prints it): the value alone to the line's end.
      {"password-assignment",
       R"re((?im)^[+\- \t]*[a-z][a-z0-9]*(?:_[a-z0-9]+)*_(?:password|passwd|passphrase)[ \t]+([^\s"'#]{6,})[ \t]*\r?$)re", 1,
       V::random_password},
      // A value after a secret's name and "is" in prose, as a script echoes it by mistake ("keystore
      // pass is <v>", "the admin password is: <v>"): only a random-looking word ("password is
      // incorrect", "token is expired" are messages).
      {"password-assignment",
       R"re((?i)\b(?:password|passwd|passphrase|pass|pwd|secret|token|api[ _-]?key)[ \t]+(?:is|was)(?:[ \t]+set[ \t]+to)?[ \t]*:?[ \t]+["'`]?([^\s"'`]{6,}))re",
       1, V::random_looking},
      // SQL: CREATE/ALTER USER .. IDENTIFIED BY 'v', ALTER ROLE .. [WITH] PASSWORD 'v',
      // SET PASSWORD = PASSWORD('v'), as a migration or a database's statement log prints them, and
      // as ~/.mysql_history keeps them, each blank written as "\040".
      {"password-assignment",
       R"re((?i)(?:\b|\\040)(?:identified(?:(?:\s|\\040)+with(?:\s|\\040)+\w+)?(?:\s|\\040)+by(?:(?:\s|\\040)+password)?|password)(?:(?:\s|\\040)+|\s*\(\s*)'([^'\s]+)(?:'|$))re", 1,
       V::key_value},
      {"password-assignment",
       R"re((?i)\bidentified(?:\s+with\s+\w+)?\s+by\s+"([^"\s]+)(?:"|$))re", 1, V::key_value},
      // The AWS CLI's text output of SSM parameters (get-parameter(s)[-by-path] --with-decryption
      // --output text): name, type, value, version separated by tabs; a SecureString's value.
      {"password-assignment", R"(\tSecureString\t([^\t\r\n]{4,})\t)", 1, V::not_placeholder},
      // A passphrase-named setting quoted with blanks inside: a diceware passphrase ("export
      // PULUMI_CONFIG_PASSPHRASE='copper granite falcon ember'"); the word-by-word rules stop at
      // its first blank.
      {"password-assignment",
       R"re((?i)\b[\w.-]*passphrase[\w.-]*["']?[ \t]*[=:][ \t]*["']([^"'\r\n]*[^\s"'][ \t][^"'\r\n]*)["'])re", 1,
       V::not_placeholder},
      // PowerShell: ConvertTo-SecureString "v" -AsPlainText, or with its switches first
      // (ConvertTo-SecureString -AsPlainText -Force "v"); a variable, "$env:X", is kept.
      {"password-assignment",
       R"re((?i)\bConvertTo-SecureString\s+(?:-(?:String|AsPlainText|Force)\s+)*["']([^"'\r\n]+)(?:["']|$))re", 1,
       V::key_value},
      // A query parameter percent-encoded inside another URL's parameter or a logged body
      // (redirect_uri=..%3Faccess_token%3D<v>%26..), or JSON percent-encoded (%22token%22%3A%22<v>%22):
      // the value ends at an encoded '&' or '"'.
      {"query-param-secret",
       R"re((?i)(?:%3F|%26|%22|%7B|%2C|[?&=])[\w.\-]*)re" + secret_key +
           R"re((?:%22)?(?:%3D|%3A(?:%20|\+)*(?:%22)?)((?:[^%&;\s"'#<>]|%[013-9a-f][0-9a-f]|%2[013-57-9a-f])+))re",
       1, V::key_value},
      // A Key/Value table with lower-case keys: `vault kv get` ("password    s3cr3t"), `kubectl
      // describe` rows, a tab-separated dump: a secret-named key at the line's start, two or
      // more blanks or a tab, one value holding a letter and a digit, nothing after it. Ansible's
      // debug of a command's stdout_lines quotes each row as a JSON string ("secret_key   ..",).
      {"password-assignment",
       R"((?im)^[ \t]*"?[\w.-]*)" + yaml_secret_key +
           R"re((?:[ \t]{2,}|\t)([^\s"']*(?:[A-Za-z][^\s"']*\d|\d[^\s"']*[A-Za-z])[^\s"']*)"?,?[ \t]*\r?$)re",
       1, V::key_value},
      // YAML puts a value on the next line ("password:" / "token: |" then "  hunter2").
      {"password-assignment",
       R"((?im)^[ \t]*-?[ \t]*["']?[\w.-]*)" + yaml_secret_key +
           R"(["']?[ \t]*[:=][ \t]*(?:[|>][-+]?[ \t]*)?\r?$)",
       0, V::not_placeholder, E::next_line_value},

      // A Kubernetes env list names the variable on one line and gives its value on the next:
      // "- name: NEW_RELIC_LICENSE_KEY" then "  value: <key>" (see next_line_value); CI variable
      // lists say "key" (Codefresh, Bitbucket: "- key: CF_API_KEY" then "  value: <key>").
      {"password-assignment",
       R"((?im)^[ \t]*-[ \t]*(?:name|key):[ \t]*["']?[\w.-]*)" + yaml_secret_key + R"(["']?[ \t]*\r?$)",
       0, V::not_placeholder, E::next_line_value},
      // PHP's var_dump puts a member's value on the line after its key: ["password"]=> (also
      // ["password":protected]=>) then string(24) "value" (see next_line_value).
      {"password-assignment",
       R"((?im)^[ \t]*\[["']?[\w.-]*)" + yaml_secret_key + R"(["']?(?::[^\]\r\n]*)?\][ \t]*=>[ \t]*\r?$)",
       0, V::not_placeholder, E::next_line_value},
      // A secret ID is a UUID that authenticates by itself: Consul's SecretID (`consul acl token
      // read` prints "SecretID:   <uuid>"; its AccessorID is public), Vault AppRole's secret_id
      // (`vault write` prints a "secret_id   <uuid>" table row), Nomad's "Secret ID = <uuid>".
      // Only a UUID: AWS Secrets Manager's SecretId is a secret's name or ARN.
      {"password-assignment",
       R"re((?i)\b[\w.-]*secret[ _-]?id\\?["']?(?:\s*(?:=>|[:=])\s*|[ \t]+)\\?["']?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b)re",
       1},
      // A UUID-shaped key after its name in a sentence or a CLI's message ("access key
      // '<uuid>'", "api key <uuid>"): Sauce Labs, Codecov, Heroku, Nomad keys are UUIDs.
      {"password-assignment",
       R"((?i)\b(?:(?:access|api|secret|private|license|account)[ _-]?key|(?:access|auth|api)[ _-]?token|password)[ \t]+["'(]?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b)",
       1},

      // Envoy's DataSource inline: a config_dump's secrets (generic_secret, a TLS key, an HMAC or
      // OAuth2 token secret) print their bytes as "inline_string" / "inline_bytes". Certificates
      // and bodies held the same way are not random-looking single words.
      {"password-assignment",
       R"re(\binline_(?:string|bytes)\\?["']?\s*:\s*\\?["']?([A-Za-z0-9+/_\-]{16,}={0,2}))re", 1, V::random_looking},

      // ---- A secret's name in one field, its value in a later one (see Extent::value_field) ----
      // A Postman collection's auth ({"key": "token", "value": ".."}; apikey auth names its key
      // "value"): a "key" field naming a secret, its "value" field after it.
      {"password-assignment",
       R"re((?i)["']key\\?["']\s*:\s*\\?["'](?:value|[\w.-]*)re" + yaml_secret_key + R"re()\\?["'])re", 0, V::key_value,
       E::value_field},
      // A browser driver's cookie object ({ name: '__Secure-next-auth.session-token', value: '..' }
      // from Playwright's context.cookies(), Puppeteer's page.cookies(), Selenium's get_cookies(),
      // one line or pretty-printed) and a {"name": .., "value": ..} variable list pretty-printed
      // over lines: a cookie or variable named as a session, auth token or secret.
      {"cookie-session",
       R"re((?i)\bname\\?["']?\s*(?::|=>?)\s*\\?["'](?:[\w.-]*(?:session|sessid|csrf|xsrf|jwt|remember)[\w.-]*|[\w.-]*auth[\w.-]*token|[\w-]*\.sid|sid|__(?:Host|Secure)-[\w.-]+|[\w.-]*)re" +
           yaml_secret_key + R"re()\\?["'])re",
       0, V::key_value, E::value_field},
      // Spring Boot's failure analysis of a property binding: "Property: app.adyen.api-key" then
      // "    Value: \"<value>\"" on the next line.
      {"password-assignment", R"((?im)^[ \t]*Property:[ \t]*[\w.\[\]-]*)" + yaml_secret_key + R"([ \t]*\r?$)", 0,
       V::key_value, E::value_field},
      // A credential-named key whose value is an object pretty-printed over lines, holding the
      // secret under "value" (Spring Boot's /actuator/env, `terraform output -json`), and a
      // Terraform output or attribute declared sensitive ("sensitive": true, then its "value"),
      // whatever its name.
      {"password-assignment", R"re((?i)"[\w.-]*)re" + secret_key + R"re("\s*:\s*\{)re", 0, V::key_value, E::value_field},
      {"password-assignment", R"re((?i)"sensitive"\s*:\s*true\b)re", 0, V::key_value, E::value_field},

      // ---- Map entries printed with an arrow -------------------------------------------------
      // IntelliJ's and Android Studio's debugger views and Kotlin's Pair print a map entry as
      // "db.password" -> "<value>"; Scala's Map toString as Map(user -> ci, password -> <value>).
      // Unquoted only inside a Map(...): "token -> token.trim()" is a lambda.
      {"password-assignment",
       R"re((?i)["'][\w.-]*)re" + secret_key + R"re(["'][ \t]*(?:->|→)[ \t]*["']([^"'\r\n]+))re", 1, V::key_value},
      {"password-assignment",
       R"re(\b(?:Map|HashMap|TreeMap|ListMap|LinkedHashMap)\((?i)[^)\r\n]*?\b[\w.-]*)re" + secret_key +
           R"re([ \t]*->[ \t]*([^\s,()"']+))re",
       1, V::key_value},

      // ---- A secret's name with a variant suffix after the secret word ------------------------
      // A version (ses_smtp_password_v4, token_v2), an encoding (GIT_PASSWORD_ENC,
      // password_urlencoded), an age (secret_old, api_key_prev) or an environment (API_KEY_PROD),
      // one or two of them. Only these suffixes: "token_count", "password_reset_test" and
      // "secret_santa" name other things.
      {"password-assignment",
       R"((?i)\b[\w.-]*(?:)" + key_words +
           R"()(?:[_-](?:v\d{1,2}|enc|encoded|encrypted|urlencoded|escaped|old|new|prev|previous|current|primary|secondary|raw|plain|plaintext|cleartext|prod|production|staging|stage|dev|live|sandbox|\d{1,2})){1,2})"
           R"(\\?["']?(?:\s*(?:=>|[:=])\s*)\\?["']?((?:[^\s"',;&)}\]\\{\[]|\\/)(?:[^\s"',;&)}\]\\]|\\/)*))",
       1, V::key_value},

      // ---- A query percent-encoded inside another URL ------------------------------------------
      // A pre-signed or tokened URL passed as a parameter (returnUrl=https%3A%2F%2F..%3Fsv%3D..%26sig%3D<sig>),
      // encoded once or twice (%253F, %2526, %253D): the secret parameter's value runs to the
      // next encoded '&' (%26, %2526) and may hold escapes of its own ("%252F", "%253D").
      {"query-param-secret",
       R"((?i)%(?:25)?(?:3F|26)(?:access_token|refresh_token|id_token|token|api_?key|apikey|key|sig|signature|secret|client_secret|password|passwd|pwd|code|[\w-]*signature|[\w-]*security-token|x-amz-credential|x-goog-credential)%(?:25)?3D)"
       R"(((?:[A-Za-z0-9._~+\-/]|%(?:[013-9A-Fa-f][0-9A-Fa-f]|2[0-47-9A-Fa-f])|%25(?:[013-9A-Fa-f][0-9A-Fa-f]|2[0-57-9A-Fa-f]))+))",
       1, V::not_placeholder},

      // ---- PagerDuty routing keys in struct dumps ----------------------------------------------
      // Event Orchestration and ruleset routing keys are "R0" and 30 upper-case letters and
      // digits (integration keys, 32 hex, have their rule above), under PagerDuty's key names in
      // any case: Go's %+v ({.. RoutingKey:R0..}), JSON, an environment variable.
      {"pagerduty-integration-key",
       R"((?i)\b[\w.-]*(?:routing|integration|service|events?)[_-]?key\\?["']?\s*[:=]\s*\\?["']?(R0(?-i:[0-9A-Z]{30}))\b)", 1},

      // ---- Values printed one a line by `printenv NAME..` (see Extent::printenv_values) ---------
      // `kubectl exec .. -- printenv DB_USER DB_PASSWORD`, `docker exec .. printenv API_TOKEN`.
      {"password-assignment", R"((?m)\bprintenv((?:[ \t]+[A-Za-z_][A-Za-z0-9_]*)+)[ \t]*\r?$)", 1, V::key_value,
       E::printenv_values},

      // ---- A `set -x` trace's output after a command that prints a secret ---------------------
      // `+ jq -r .password` or `+ cat /tmp/pw` (a file named for a password, secret or token, not
      // ~/.pgpass, whose lines have their own rule) alone on its line: the line the command printed
      // next is the secret.
      {"password-assignment",
       R"re((?m)^\+ (?:cat[ \t]+(?:\S*[/._\-])?(?:pw|pass(?:word)?|passwd|secret|token)[\w.\-]*|jq[ \t]+-r[ \t]+["']?\.[\w.]*(?:password|passwd|secret|token)\w*["']?)[ \t]*\r?$)re",
       0, V::not_placeholder, E::next_line_value},
      // A masked value piped through base64 (`+ printf %s **** | base64`): the CI masked the input
      // because it is a secret, and the line printed next is that secret encoded, which no mask
      // catches.
      {"password-assignment",
       R"re((?m)^\+ (?:printf[ \t]+(?:%s[ \t]+)?|echo[ \t]+(?:-n[ \t]+)?)["']?\*{3,}["']?[ \t]*\|[ \t]*base64(?:[ \t]+-w[ \t]?0)?[ \t]*\r?$)re",
       0, V::not_placeholder, E::next_line_value},

      // ---- Personal data -------------------------------------------------------------------
      {"credit-card", R"(\b((?:\d[ -]?){12,18}\d)\b)", 1, V::luhn},
      {"email", R"(\b([A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})\b)", 1,
       V::email},
      {"ip-address", R"(\b((?:\d{1,3}\.){3}\d{1,3})\b)", 1, V::public_ipv4},

      // ---- Encoded secrets (last: a specific rule's kind names a span they share) -------------
      // Base64 piped into `base64 -d` (a CI step writing a secret file from a variable, which a
      // set -x trace prints expanded): redacted whole when its decoded text holds a secret the
      // other rules know (a .env file's DSN, a token; see Validator::base64_text), while a
      // ConfigMap's JSON or a public certificate stays. Only with that literal context: every
      // base64-looking run in a trace (paths are the same alphabet) made redaction 2-4x slower.
      {"base64-encoded-secret",
       R"(([A-Za-z0-9+/]{24,}={0,2})["']?[ \t]*\|[ \t]*(?:sudo[ \t]+)?base64[ \t]+(?:-d|--decode|-D)\b)", 1,
       V::base64_text},
      // ... and the same pipeline as set -x traces it, one command a line ("+ echo <base64>", then
      // "+ base64 -d"): the echoed word alone, judged by what it decodes to.
      {"base64-encoded-secret", R"((?m)^\++[ \t]+echo[ \t]+["']?([A-Za-z0-9+/]{24,}={0,2})["']?[ \t]*\r?$)", 1,
       V::base64_text},
      // A connection URL base64-encoded, as a Kubernetes Secret's data holds it (`kubectl get
      // secret -o yaml`: "uri: cG9zdGdyZXNxbDovL29yZGVyczp..."), found by the encoded opening of
      // its scheme (postgres(ql), mysql, mariadb, mongodb(+srv), redis(s), amqp(s), http(s),
      // sqlserver): redacted whole when the decoded URL holds a password.
      // A vendor's token base64-encoded, as a Kubernetes Secret's data or a CI variable holds it
      // ("STRIPE_KEY: c2tfdGVzdF81..."), found by the encoded form of its prefix (the characters
      // the prefix alone decides): sk_live_/sk_test_/rk_live_, whsec_, ghp_/gho_/ghs_,
      // github_pat_, glpat-, xoxb-/xoxp-, AKIA, npm_, sk-proj-, sk-ant-, dckr_pat_, pypi-AgE,
      // hvs., shpat_, AIza. Redacted whole when the decoded text holds the token.
      {"base64-encoded-secret",
       R"(\b((?:c2tfbGl2ZV|c2tfdGVzdF|cmtfbGl2ZV|d2hzZWNf|Z2hwX|Z2hvX|Z2hzX|Z2l0aHViX3BhdF|Z2xwYXQt|eG94Yi|eG94cC|QUtJQ|bnBtX|c2stcHJvai|c2stYW50L|ZGNrcl9wYXRf|cHlwaS1BZ0|aHZzL|c2hwYXRf|QUl6Y)[A-Za-z0-9+/]{16,}={0,2}))",
       1, V::base64_text},
      {"base64-encoded-secret",
       R"(\b((?:cG9zdGdyZXM6|cG9zdGdyZXNxbDov|bXlzcWw6|bWFyaWFkYjov|bW9uZ29kYjov|bW9uZ29kYitzcnY6|cmVkaXM6|cmVkaXNzOi8v|YW1xcDov|YW1xcHM6|aHR0cHM6|aHR0cDov|c3Fsc2VydmVyOi8v)[A-Za-z0-9+/]{16,}={0,2}))",
       1, V::base64_text},
      // A token that is base64 of a JSON object carrying its secret in a field: cloudflared's
      // tunnel token (`cloudflared service install eyJhIjoi...`, `--token eyJ...`), Elasticsearch's
      // enrollment token. Its "eyJ" ('{"') prefix keeps the scan cheap; the decoded field names
      // decide (Validator::base64_json_credential), so a source map or a JWT segment stays. A
      // pretty-printed file opens "ewo" or "ew0K" ("{" and a line break) or "eyAi" ("{ \""): a
      // Google service account's key file kept base64-encoded in a CI variable or a Secret.
      {"base64-encoded-secret", R"(((?:eyJ|ewo|ew0K|eyAi)[A-Za-z0-9+/_-]{40,}={0,2}))", 1, V::base64_json_credential},
  };
}

std::vector<SecretKind> make_kinds() {
  return {
      {"ssh-private-key", "-----BEGIN OPENSSH PRIVATE KEY----- <base64 lines> -----END ...-----"},
      {"pgp-private-key", "-----BEGIN PGP PRIVATE KEY BLOCK----- <armoured lines> -----END ...-----"},
      {"openvpn-static-key", "-----BEGIN OpenVPN Static key V1----- ... -----END OpenVPN Static key V1-----"},
      {"private-key", "-----BEGIN [RSA|EC|DSA|ENCRYPTED ]PRIVATE KEY----- <base64 lines> (PEM, PKCS#1/#8)"},
      {"putty-private-key", "Private-Lines: <n> <base64 lines> (PuTTY .ppk)"},
      {"private-key-der", "MII<..>IBAAKC<base64> / MHcCAQEE<base64> (unarmoured DER key)"},
      {"pkcs12", "MII<..>IBAzCC<base64> (PKCS#12 / .p12 / .pfx bundle) / /u3+7Q<base64> (Java keystore)"},
      {"jwk-private-key", "\"d\": \"<base64url>\" (JWK private members d, p, q, dp, dq, qi)"},
      {"age-secret-key", "AGE-SECRET-KEY-1<58 bech32>"},
      {"gcp-service-account", "\"private_key_id\": \"<40 hex>\" (service-account JSON)"},
      {"nats-nkey-seed", "SU<56 base32> (NATS nkey seed: SA, SO, SN, SC, SX for other key types)"},
      {"minisign-secret-key", "RWRTY0Iy<base64> (minisign; signify RWRCS...; the line after \"untrusted comment: ... secret key\")"},
      {"bip32-private-key", "xprv<107 base58> (tprv, yprv, zprv; extended public keys xpub.. are kept)"},
      {"ethereum-private-key", "accounts: ['0x<64 hex>'] / new Wallet('0x<64 hex>') / --private-key 0x<64 hex>"},
      {"aws-access-key-id", "AKIA<16 upper/digit> (also ASIA, AROA, ...)"},
      {"gcp-hmac-access-id", "GOOG1<56 upper/digit> (a Cloud Storage HMAC key's access id)"},
      {"aws-secret-access-key", "aws_secret_access_key=<40 base64> / \"SecretAccessKey\": \"<40>\""},
      {"aws-session-token", "aws_session_token=<base64> / X-Amz-Security-Token=<...>"},
      {"aws-bedrock-api-key", "ABSKQmVkcm9ja0FQSUtleS<base64> (Amazon Bedrock API key, AWS_BEARER_TOKEN_BEDROCK)"},
      {"aws-sigv4-signature", "Authorization: AWS4-HMAC-SHA256 Credential=..., Signature=<64 hex>"},
      {"cloudfront-signature", "Signature=<100+ URL-safe base64> (a CloudFront signed URL's)"},
      {"gcp-api-key", "AIza<35 alnum_->"},
      {"gcp-oauth-client-secret", "GOCSPX-<28 alnum_->"},
      {"gcp-oauth-token", "ya29.<alnum_-> / refresh tokens 1//0<alnum_->"},
      {"azure-storage-key", "AccountKey=<base64> / SharedAccessKey=<base64>"},
      {"azure-sas-token", "sv=<yyyy-mm-dd>&...&sig=<url-encoded base64>"},
      {"azure-ad-client-secret", "<3 chars><digit>Q~<31-34 chars>"},
      {"alibaba-access-key-id", "LTAI<20 alnum>"},
      {"digitalocean-token", "dop_v1_<64 hex> (doo_v1_, dor_v1_)"},
      {"heroku-api-key", "HRKU-AA<58 alnum_-> / HEROKU_API_KEY=<uuid>"},
      {"cloudflare-origin-ca-key", "v1.0-<24 hex>-<146 hex>"},
      {"vault-token", "hvs.<alnum_-> (hvb., hvr.; before Vault 1.10 s.<24 alnum>)"},
      {"vault-unseal-key", "Unseal Key <n>: <base64> / Recovery Key <n>: <base64> (vault operator init; unnumbered in the dev server's banner)"},
      {"gossip-encryption-key", "encrypt = \"<base64 of 16 or 32 bytes>\" (Consul, Nomad; the line after consul keygen)"},
      {"tencent-secret-id", "AKID<32 alnum> (Tencent Cloud SecretId)"},
      {"exoscale-api-key", "EXO<24 hex>"},
      {"access-key-secret", "(\"AKID<..>\", \"<secret>\") / (\"AKIA<..>\", \"<40>\") / (\"LTAI<..>\", \"<30>\") / sqs://AKIA<..>:<40>@: the secret after its key id"},
      {"tailscale-key", "tskey-auth-<id>-<secret> (tskey-api-, tskey-client-, tskey-scim-, tskey-webhook-)"},
      {"netlify-token", "nfp_<36 alnum>"},
      {"appwrite-api-key", "standard_<256 hex> (dynamic_)"},
      {"convex-deploy-key", "prod:<deployment>|<key> (preview:, dev:, project:)"},
      {"firebase-fcm-server-key", "AAAA<7>:APA91b<100+ chars> (FCM legacy server key)"},
      {"codepush-deployment-key", "│ Staging │ <key> │ (appcenter codepush deployment list -k)"},
      {"aws-ecr-token", "eyJwYXlsb2FkIjoi<base64> (aws ecr get-login-password)"},
      {"dpapi-blob", "AQAAANCMnd8BFdERjHoAwE/Cl+sBAAAA<base64> (DPAPI-encrypted: NuGet.Config <apikeys>, SecureString)"},
      {"rollbar-token", "ROLLBAR_ACCESS_TOKEN_POST_SERVER_ITEM=<32 hex> / rollbar.init('<32 hex>')"},
      {"terraform-cloud-token", "<14 alnum>.atlasv1.<60-70 chars>"},
      {"pulumi-token", "pul-<40 hex>"},
      {"pulumi-secret", "\"plaintext\": \"\\\"<value>\\\"\" (pulumi stack export --show-secrets)"},
      {"yandex-oauth-token", "y0_<40+ base64url>"},
      {"doppler-token", "dp.pt.<43 alnum> (dp.st., dp.sa., ...)"},
      {"1password-token", "ops_eyJ<base64>"},
      {"flyio-token", "fo1_<43 chars> / fm2_<base64>"},
      {"supabase-token", "sbp_<40 hex> / sb_secret_<chars>"},
      {"planetscale-token", "pscale_tkn_<32-64 chars> (pscale_pw_, pscale_oauth_)"},
      {"databricks-token", "dapi<32 hex>"},
      {"openshift-token", "sha256~<43 chars>"},
      {"kubeconfig-client-key", "client-key-data: <base64>"},
      {"private-key-base64", "LS0tLS1CRUdJTi<base64> (a PEM private key base64-encoded: Kubernetes Secret data)"},
      {"docker-config-base64", "eyJhdXRocyI6<base64> / .dockerconfigjson: <base64> (a base64 Docker config: auths with user:password)"},
      {"kubernetes-token", "kubeadm join --token <6>.<16> / kubectl --token=<token>"},
      {"web3-rpc-key", "https://<network>.g.alchemy.com/v2/<key> / https://<network>.infura.io/v3/<32 hex>"},
      {"github-token", "ghp_<36 alnum> (gho_, ghs_, ghu_, ghr_, github_pat_<82>)"},
      {"gitlab-token", "glpat-<20+ chars> (gldt-, glrt-, glptt-, glcbt-, GR1348941...)"},
      {"bitbucket-app-password", "ATBB<32 chars>"},
      {"atlassian-api-token", "ATATT3<186 chars>"},
      {"salesforce-access-token", "00D<org id>!<session secret> (sf org display's Access Token)"},
      {"npm-token", "npm_<36 alnum>"},
      {"pypi-token", "pypi-AgEIcHlwaS5vcmc<50+ chars>"},
      {"rubygems-token", "rubygems_<48 hex>"},
      {"nuget-api-key", "oy2<43 lower/digit>"},
      {"docker-hub-token", "dckr_pat_<chars> (dckr_oat_)"},
      {"clojars-token", "CLOJARS_<60 alnum>"},
      {"crates-io-token", "cio<32 alnum>"},
      {"jfrog-token", "AKCp<69 alnum> / cmVmd<59 alnum>"},
      {"sonarqube-token", "sqp_<40 hex> (squ_, sqa_)"},
      {"buildkite-token", "bkua_<40 hex>"},
      {"circleci-token", "CCIPAT_<alnum>_<40 hex>"},
      {"postman-api-key", "PMAK-<24 hex>-<34 hex>"},
      {"linear-api-key", "lin_api_<40 alnum>"},
      {"notion-token", "ntn_<11 digits><35 alnum>"},
      {"readme-api-key", "rdme_<70 lower/digit>"},
      {"infracost-token", "ico-<32 alnum>"},
      {"contentful-token", "CFPAT-<43 chars>"},
      {"adafruit-io-key", "aio_<28 alnum>"},
      {"maxmind-license-key", "<6>_<29>_mmk"},
      {"slack-token", "xoxb-<digits>-<digits>-<alnum> (xoxp-, xoxa-, xapp-, xoxe.xoxp-)"},
      {"slack-webhook-url", "https://hooks.slack.com/services/T<..>/B<..>/<secret>"},
      {"discord-webhook-url", "https://discord.com/api/webhooks/<id>/<secret>"},
      {"discord-bot-token", "MT<22-26 base64url>.<6>.<27-40> (base64 of the bot id; Authorization: Bot ...)"},
      {"telegram-bot-token", "bot<5-16 digits>:A<34 chars> (api.telegram.org/bot...)"},
      {"pushover-key", "pushover ... token=<token>&user=<30 lower/digit> (PUSHOVER_USER_KEY=<30>)"},
      {"mattermost-webhook-url", "https://<server>/hooks/<26 lower/digit>"},
      {"gotify-token", "gotify://<host>/A<14 chars> (an Apprise URL)"},
      {"webhook-url-token", "https://open.feishu.cn/open-apis/bot/v2/hook/<token> (Rocket.Chat /hooks/<id>/<token>, IFTTT /with/key/<key>, Netlify /build_hooks/<id>, ThingsBoard /api/v1/<token>/telemetry, Zapier /hooks/catch/<n>/<key>, ...)"},
      {"api-key-as-user", "username: '<API key>', password: 'X' / \"<API key>:X\" (Freshdesk's Basic auth)"},
      {"teams-webhook-url", "https://<tenant>.webhook.office.com/webhookb2/<ids>"},
      {"stream-key", "rtmp://<ingest host>/live2/<stream key> (/app/<key>; AWS IVS sk_<region>_<random>)"},
      {"wallet-private-key", "private key: 0x<64 hex> (anvil/Hardhat/ganache \"(0) 0x<64 hex>\" lists; Foundry vm.envUint)"},
      {"wallet-mnemonic", "--mnemonic \"<12-24 words>\" (MNEMONIC=, {\"mnemonic\": ..}, seed phrase)"},
      {"rpc-endpoint-key", "https://mainnet.infura.io/v3/<32 hex> (QuickNode .quiknode.pro/<token>, INFURA_PROJECT_ID)"},
      {"login-link-token", "https://<site>/user/reset/<uid>/<timestamp>/<hash>/login (Drupal one-time login), /reset/<uidb64>/<ts>-<hash>/ (Django)"},
      {"stripe-key", "sk_live_<alnum> (rk_live_, *_test_, whsec_<alnum>; publishable pk_ keys are kept)"},
      {"checkout-secret-key", "sk_sbox_<26+ base32> (live: sk_<26+ base32>; publishable pk_ keys are kept)"},
      {"vendor-live-key", "<vendor>_live_<24+ random alnum> (_prod_; pk_ kept)"},
      {"square-token", "EAAA<22-60 chars> / sq0atp-<chars> / sq0csp-<43 chars> / sq0cgp-<chars>"},
      {"braintree-token", "access_token$production$<merchant id>$<32 hex>"},
      {"shopify-token", "shpat_<32 hex> (shpca_, shppa_, shpss_)"},
      {"facebook-access-token", "EAAC<60+ alnum>"},
      {"mollie-api-key", "live_<30 alnum> / test_<30 alnum> / access_<30+ alnum>"},
      {"lob-api-key", "live_<35 hex> / test_<35 hex> (publishable live_pub_ keys are kept)"},
      {"messagebird-access-key", "live_<25 alnum> / test_<25 alnum>"},
      {"paddle-api-key", "pdl_live_apikey_<chars> / pdl_sdbx_apikey_<chars>, pdl_ntfset_<id>_<key> (client-side tokens are kept)"},
      {"anthropic-api-key", "sk-ant-api03-<chars>"},
      {"openai-api-key", "sk-proj-<chars> / sk-<20+ chars>"},
      {"huggingface-token", "hf_<34 alnum> (api_org_)"},
      {"groq-api-key", "gsk_<52 alnum>"},
      {"perplexity-api-key", "pplx-<48 alnum>"},
      {"replicate-api-token", "r8_<37 alnum>"},
      {"prefect-api-key", "pnu_<36 alnum> / pnb_<36 alnum>"},
      {"xai-api-key", "xai-<80 alnum>"},
      {"langsmith-api-key", "lsv2_pt_<32 hex>_<10 hex> (lsv2_sk_)"},
      {"pinecone-api-key", "pcsk_<key id>_<secret>"},
      {"azure-annotated-key", "<52 alnum>JQQJ9<9|D|H>..<84 chars> (Azure OpenAI and AI services keys)"},
      {"cohere-api-key", "CO_API_KEY=<40 alnum> / cohere_api_key: <40 alnum>"},
      {"twilio-api-key", "SK<32 hex>"},
      {"vonage-api-secret", "Vonage\\Client\\Credentials\\Basic('<key>', '<secret>')"},
      {"twilio-auth-token", "TWILIO_AUTH_TOKEN=<32 hex>"},
      {"sendgrid-api-key", "SG.<22 chars>.<43 chars>"},
      {"mailgun-api-key", "key-<32 hex> / <32 hex>-<8 hex>-<8 hex>"},
      {"mandrill-api-key", "md-<22 chars>"},
      {"mailchimp-api-key", "<32 hex>-us<1-2 digits>"},
      {"resend-api-key", "re_<8 alnum>_<24 alnum>"},
      {"brevo-api-key", "xkeysib-<64 hex>-<16 alnum> (SMTP keys: xsmtpsib-)"},
      {"sentry-dsn", "https://<32 hex public key>@o<n>.ingest.sentry.io/<project>"},
      {"sentry-token", "sntrys_<base64>_<43> / sntryu_<64 hex>"},
      {"datadog-api-key", "DD_API_KEY=<32 hex> / datadog_app_key: <40 hex>"},
      {"pagerduty-integration-key", "\"routing_key\": \"<32 hex>\" (Events API v2; integration_key, service_key)"},
      {"newrelic-key", "NRAK-<27 alnum> (NRII-, NRJS-); <36 hex>NRAL (license key)"},
      {"grafana-token", "glc_<base64> / glsa_<32>_<8 hex> / eyJrIjoi<...>"},
      {"dynatrace-token", "dt0c01.<24>.<64>"},
      {"mapbox-token", "sk.eyJ<...>.<...>"},
      {"sumologic-http-source-token", "https://<endpoint>.sumologic.com/receiver/v1/http/<code> (the code is the credential)"},
      {"honeycomb-key", "hcaik_<base36> / hcxik_ (ingest), hcamk_ / hcxmk_ (management)"},
      {"launchdarkly-sdk-key", "sdk-<uuid> (server-side SDK key; mob- keys and client-side IDs are public)"},
      {"unleash-api-token", "<project>:<environment>.<64 hex> / *:*.<64 hex> (Unleash client and admin tokens)"},
      {"ably-api-key", "<6>.<6>:<43 base64url> (the part after ':' is the key secret)"},
      {"backblaze-b2-key", "K00<digit><27 alnum> (B2 application key)"},
      {"posthog-personal-api-key", "phx_<alnum> (project keys phc_ are public and kept)"},
      {"aspnetcore-protected-data", "CfDJ8<base64url> (ASP.NET Core auth cookie, antiforgery token)"},
      {"configcat-sdk-key", "configcat-sdk-1/<22>/<22>"},
      {"astra-db-token", "AstraCS:<24 letters>:<64 hex> (DataStax Astra application token)"},
      {"flagsmith-server-key", "ser.<alnum> (Flagsmith server-side environment key)"},
      {"bunnynet-api-key", "<uuid with its last group run on into a second uuid> (bunny.net API key, storage password)"},
      {"woocommerce-api-key", "ck_<40 hex> / cs_<40 hex> (WooCommerce consumer key and secret)"},
      {"modal-token", "ak-<22 alnum> / as-<22 alnum> (Modal token id and secret)"},
      {"laravel-app-key", "base64:<43 base64>= (Laravel APP_KEY)"},
      {"apple-app-specific-password", "-p <4 lower>-<4 lower>-<4 lower>-<4 lower> / password: <the same> (after a password flag or name)"},
      {"kaggle-api-key", "{\"username\": \"<user>\", \"key\": \"<32 hex>\"} (kaggle.json)"},
      {"jwt", "eyJ<header>.eyJ<payload>.<signature> (OIDC, Kubernetes service-account tokens; encrypted: eyJ<header>..<iv>.<ciphertext>.<tag>)"},
      {"dsn-password", "user:<password>@tcp(host:3306)/db (Go MySQL DSN, no scheme)"},
      {"jdbc-password", "jdbc:<db>://host/db?user=u&password=<password> / jdbc:oracle:thin:u/<password>@host"},
      {"connection-string-password", "Server=host;Database=db;User Id=u;Password=<password>; (ADO.NET/ODBC Pwd=)"},
      {"netrc-password", "machine <host> login <user> password <password> (.netrc)"},
      {"npmrc-auth",
       "//registry.npmjs.org/:_authToken=<token> (_auth=, _password=; npm config set <key> <token>; npmAuthIdent: <user:pw>)"},
      {"pgpass-password", "<host>:<port>:<database>:<user>:<password> (~/.pgpass)"},
      {"bundler-credentials", "BUNDLE_GEMS__EXAMPLE__COM=<user>:<password> / bundle config: \"<user>:<password>\""},
      {"anaconda-token", "https://conda.anaconda.org/t/<token>/<channel>"},
      {"php-connect-password", "PDO->__construct('<dsn>', '<user>', '<password>') in a PHP stack trace"},
      {"docker-config-auth", "\"auth\": \"<base64 user:password>\" (~/.docker/config.json)"},
      {"xml-password", "<password><value></password> (Maven settings.xml, ...)"},
      {"nuget-config-password", "<add key=\"ClearTextPassword\" value=\"<password>\" />"},
      {"bearer-token", "Authorization: Bearer <token>"},
      {"basic-auth", "Authorization: Basic <base64 user:password>"},
      {"authorization-header",
       "X-Api-Key: <key> / Private-Token: <token> / X-Vault-Token: <token> / Authorization: <scheme> <credentials> / "
       "<any>-Key|-Token|-Secret: <value> / {\"name\": \"Authorization\", \"value\": \"<value>\"}"},
      {"cookie-session",
       "Cookie: sessionid=<value> / Set-Cookie: <name>=<value> / Cookie: a=b; <name>=<generated value> / connect.sid=s%3A<id>.<sig> / {'sessionid': '<value>'}"},
      {"url-userinfo-password", "scheme://user:<password>@host (also redis://:<password>@host)"},
      {"query-param-secret", "?access_token=<value> / &api_key=<value> / &sig=<value> / &q-signature=<value>"},
      {"password-assignment", "PASSWORD=<value> / secret: <value> / \"api_key\": \"<value>\" / SECRET_KEY=<value>"},
      {"azure-devops-pat", "<52 lower-case base32> (an Azure DevOps personal access token)"},
      {"cli-password-flag",
       "mysql -p<password> / curl -u user:<password> / curl -u <key>: / curl -u <hex key>:<secret> / --password <value> / -storepass <value> / redis-cli -a <password> / "
       "sqlcmd -P <password> / sqlplus user/<password>@db / cypress run --record --key <key> / mongosh -p / "
       "ldapsearch -w / zip -P / 7z -p / htpasswd -b / smbclient -U user%<password> / --admin-password <value> / "
       "ssh-keygen -N '<passphrase>' / vsce|ovsx publish -p <pat> / echo '<password>' | docker login --password-stdin / "
       "redis MONITOR \"AUTH\" \"<password>\" / plink -pw <password> / mosquitto_pub -P <password> / "
       "conan remote login -p <password> / net use \\\\srv\\share /user:<name> <password>"},
      {"smtp-auth-credentials", "AUTH PLAIN <base64 \\0user\\0password> / the client's line after 334 UGFzc3dvcmQ6 (AUTH LOGIN)"},
      {"ci-masked-value", "echo \"::add-mask::<value>\" (GitHub Actions; a set -x trace shows it expanded)"},
      {"hosting-api-token", "Authorization: cpanel <user>:<32 upper alnum> (whm; GoDaddy sso-key <key>:<secret>; certbot dns_<provider>_<key|token|secret|password> = <value>)"},
      {"confluent-api-key", "PlainLoginModule required username=\"<16 upper-case letters and digits>\""},
      {"tls-key-log", "CLIENT_TRAFFIC_SECRET_0 <client random> <secret> (SSLKEYLOGFILE)"},
      {"saml-response", "SAMLResponse=<base64 assertion>"},
      {"secret-key-bytes", "key: [188, 71, 100, ...] (Rust {:?}) / SecretKey:[]byte{0xbc, 0x47, ...} (Go %#v), 16+ bytes"},
      {"http-auth-password", "auth = ('<user>', '<password>') / HTTPBasicAuth(\"<user>\", \"<password>\") / .auth('<user>', '<password>')"},
      {"credit-card", "<13-19 digits, Luhn-valid>"},
      {"email", "<local>@<domain> (not scp-style git@host:org/repo)"},
      {"ip-address", "<public IPv4> (private, loopback, link-local kept)"},
      {"base64-encoded-secret", "echo <base64 of text holding a secret> | base64 -d (a .env file, a DSN, a token)"},
  };
}

}  // namespace

// A secret is often printed inside a string literal of a log line, whose escapes stand for the
// blanks and quotes the rules are written with: "Authorization:\tBearer\t<token>" (a tab JSON-
// escaped), "password:\n  <value>" (YAML inside a JSON field), {\\\"token\\\": \\\"<v>\\\"} (JSON
// inside JSON inside JSON, each level doubling the backslashes), {&quot;password&quot;: ..} (a
// JUnit XML attribute, a log copied from a web page). So in the built-in patterns, outside
// character classes:
//  - \s also matches a string's escaped tab, newline or carriage return (any number of
//    backslashes, then t, n or r);
//  - an optional escaping backslash (\\?) may be any number of backslashes (\\*);
//  - a quote mark ["'] may also be an HTML/XML entity (&quot; &#34; &#39; &apos; &#x27;).
// Values stay as their rules delimit them: a value class stops at '\' and '&' where it must.
std::string with_string_escapes(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size() + 64);
  for (std::size_t i = 0; i < pattern.size();) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      const char escaped = pattern[i + 1];
      if (escaped == 's') {
        out += R"((?:\s|\\+[tnr]))";
      } else if (escaped == '\\' && i + 2 < pattern.size() && pattern[i + 2] == '?' &&
                 (i + 3 >= pattern.size() || pattern[i + 3] != '?')) {
        out += R"(\\*)";
        ++i;  // the '?' is replaced
      } else {
        out.append(pattern.substr(i, 2));
      }
      i += 2;
      continue;
    }
    if (c == '[') {
      std::size_t close = i + 1;
      if (close < pattern.size() && pattern[close] == '^') ++close;
      if (close < pattern.size() && pattern[close] == ']') ++close;
      while (close < pattern.size() && pattern[close] != ']') close += pattern[close] == '\\' ? 2 : 1;
      close = std::min(close, pattern.size() - 1);
      const std::string_view cls = pattern.substr(i, close + 1 - i);
      if (cls == R"(["'])") {
        out += R"((?:["']|&quot;|&#34;|&#39;|&apos;|&#x27;))";
      } else {
        out.append(cls);
      }
      i = close + 1;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

std::vector<SecretRule> with_string_escapes(std::vector<SecretRule> rules) {
  for (auto& rule : rules) rule.pattern = with_string_escapes(rule.pattern);
  return rules;
}

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
  static const std::vector<SecretRule> k_rules = with_boundaries_in_code(with_string_escapes(make_rules()));
  return k_rules;
}

const std::vector<SecretKind>& builtin_secret_kinds() {
  static const std::vector<SecretKind> k_kinds = make_kinds();
  return k_kinds;
}

}  // namespace flakyd::redact
