// Leak and loss classes read from held-out secrets set 54 (infrastructure tools as CI prints
// them), written blind. Values here are made up.
#include <doctest/doctest.h>

#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("a secret-named parameter and its value separated by a tab, as `aws ... --output text` prints them") {
  const std::string parameters = "/ledger/prod/db_host\tledger-prod.cluster-abc123.eu-west-1.rds.amazonaws.com\n"
                                 "/ledger/prod/db_password\t#%q7WZrtpL4!kfTXCLnRe\n"
                                 "/ledger/prod/feature_flags\t{\"new_ui\":false}\n";
  CHECK(redaction_removes(parameters, "#%q7WZrtpL4!kfTXCLnRe"));
  CHECK(redaction_keeps(parameters, "ledger-prod.cluster-abc123.eu-west-1.rds.amazonaws.com"));
  CHECK(redaction_keeps(parameters, "/ledger/prod/db_password"));
  // `az keyvault secret list -o tsv`: a secret's name and its content type, not its value.
  CHECK(redaction_keeps("sql-admin-password\tpassword\n", "sql-admin-password\tpassword"));
}

TEST_CASE("an SSH public key's algorithm name where a password would be stays") {
  const std::string vagrant = " INFO ssh: Inserting key to avoid password: ssh-rsa "
                              "AAAAB3NzaC1yc2EAAAABIwAAAQEA6NF8iallvQVp22WDkTkyrtvp9eWW6A8YVr vagrant insecure public key\n";
  CHECK(redaction_keeps(vagrant, "ssh-rsa AAAAB3NzaC1yc2EAAAABIwAAAQEA6NF8iallvQVp22WDkTkyrtvp9eWW6A8YVr"));
  CHECK(redaction_keeps("password: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
                        "ssh-ed25519"));
  CHECK(redaction_removes("password: ssh-rsa-Kq8#zL2pXw9", "ssh-rsa-Kq8#zL2pXw9"));
}
