// Leak classes read from held-out secrets set 34 (written blind: web3 and blockchain tooling, CMS
// and e-commerce platforms): each case gives the leak's shape and the look-alikes that must stay
// readable. Values here are made up for the tests, not copied from the set.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

namespace {
const std::string k_key = "0x4f1c9a7e2b3d5c6f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5";
const std::string k_hash = "0x9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d";
}  // namespace

TEST_CASE("wallet keys: named on their line, anvil's numbered list, Foundry's parse error, while hashes and addresses stay") {
  CHECK(redaction_removes("deployer's private key is: " + k_key, k_key));
  CHECK(redaction_removes("    > 14 |     const fallbackKey = '" + k_key + "';", k_key));
  CHECK(redaction_removes("loaded signer key " + k_key, k_key));
  CHECK(redaction_removes("Private Keys\n==================\n\n(0) " + k_key + "\n", k_key));
  CHECK(redaction_removes("Error: script failed: vm.envUint: failed parsing \"" + k_key.substr(2) +
                              "\" as type `uint256`: missing hex prefix (\"0x\") for hex string",
                          k_key.substr(2)));
  // A transaction hash has the same shape; an address is 20 bytes.
  CHECK(redaction_keeps("Transaction hash: " + k_hash, k_hash));
  CHECK(redaction_keeps("(0) 0x8CE75b1f89492D0B69B31C54E8332E734083E29f (10000.000000000000000000 ETH)",
                        "0x8CE75b1f89492D0B69B31C54E8332E734083E29f"));
  CHECK(redaction_keeps("  blockHash: '" + k_hash + "',", k_hash));
  // Hardhat's and anvil's development keys are published with the tools.
  const std::string hardhat_zero = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
  CHECK(redaction_keeps("(0) " + hardhat_zero, hardhat_zero));
}

TEST_CASE("recovery phrases: quoted after their name, or on anvil's Mnemonic line, and the documented one stays") {
  const std::string phrase = "orbit velvet canyon frost ladder pencil almond river cobalt tunnel mango quiet";
  CHECK(redaction_removes("+ anvil --mnemonic \"" + phrase + "\" --port 8546", phrase));
  CHECK(redaction_removes("MNEMONIC=\"" + phrase + "\"", phrase));
  CHECK(redaction_removes("    mnemonic: { phrase: '" + phrase + "' },", phrase));
  CHECK(redaction_removes("Mnemonic:          " + phrase, phrase));
  CHECK(redaction_keeps("Mnemonic:          test test test test test test test test test test test junk",
                        "test test test test test test test test test test test junk"));
  // Prose is not a phrase: too few words, or no phrase's name.
  CHECK(redaction_keeps("error: mnemonic \"abandon\" is not a valid word", "abandon"));
  CHECK(redaction_keeps("note: " + phrase, phrase));
}

TEST_CASE("node providers' keys in endpoint paths, and Drupal's one-time login link") {
  CHECK(redaction_removes("providerOrUrl: 'wss://sepolia.infura.io/ws/v3/3b9f0c1d2e4a5b6c7d8e9f0a1b2c3d4e',",
                          "3b9f0c1d2e4a5b6c7d8e9f0a1b2c3d4e"));
  CHECK(redaction_removes("INFURA_PROJECT_ID=3b9f0c1d2e4a5b6c7d8e9f0a1b2c3d4e", "3b9f0c1d2e4a5b6c7d8e9f0a1b2c3d4e"));
  CHECK(redaction_removes("--rpc-url https://icy-wispy-dew.quiknode.pro/0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d/",
                          "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d"));
  CHECK(redaction_keeps("--rpc-url https://icy-wispy-dew.quiknode.pro/0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d/",
                        "icy-wispy-dew.quiknode.pro"));
  CHECK(redaction_removes("https://staging.example.org/user/reset/1/1775212800/Qx7-LmN2pRt9WvZ4aB6cD8eF0gH1iJ3kL5mN7oP9qR/login",
                          "Qx7-LmN2pRt9WvZ4aB6cD8eF0gH1iJ3kL5mN7oP9qR"));
  CHECK(redaction_keeps("https://staging.example.org/user/reset/1/1775212800/Qx7-LmN2pRt9WvZ4aB6cD8eF0gH1iJ3kL5mN7oP9qR/login",
                        "/user/reset/1/1775212800/"));
}

TEST_CASE("CMS salts and keys by their names, while wp-config-sample's stand-ins and bulleted masks stay") {
  CHECK(redaction_removes("define( 'NONCE_SALT',       'p2>W{q9+Lm#x7Rz!vB3@kD8~nF5^hJ1$' );", "p2>W{q9+Lm#x7Rz!vB3@kD8~nF5^hJ1$"));
  CHECK(redaction_removes("define('LOGGED_IN_KEY',    'Hq7]Zx2;Vb9{Nm4!Kp6&Rt1~Wy8)Lc3(');", "Hq7]Zx2;Vb9{Nm4!Kp6&Rt1~Wy8)Lc3("));
  CHECK(redaction_removes("$settings['hash_salt'] = 'pQ4rS7tU0vW3xY6zA9bC2dE5fG8hJ1kL4mN7oP0qR3sT';",
                          "pQ4rS7tU0vW3xY6zA9bC2dE5fG8hJ1kL4mN7oP0qR3sT"));
  CHECK(redaction_removes("API_TOKEN_SALT=Zk3LmQ8vRt2Wx9Yb4Nc7Pd==", "Zk3LmQ8vRt2Wx9Yb4Nc7Pd=="));
  CHECK(redaction_removes("APP_KEYS=Qm4Vx8Lp2Rt6Wz0Yb3Nc5D==,Hk7Jm1Lq5Rs9Tv3Wx7Yz==", "Qm4Vx8Lp2Rt6Wz0Yb3Nc5D=="));
  // A fixture word under a lower-case salt name stays (generated values have their own rule).
  CHECK(redaction_keeps("config :app, Web.Endpoint, signing_salt: \"flakySalt\"", "flakySalt"));
  CHECK(redaction_keeps("define( 'DB_PASSWORD', 'password_here' );", "password_here"));
  CHECK(redaction_keeps("define( 'AUTH_KEY',         'put your unique phrase here' );", "put your unique phrase here"));
  CHECK(redaction_keeps("SHOPIFY_ACCESS_TOKEN: shpat_\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u20229f2c",
                        "shpat_\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u20229f2c"));
}
