// The offline commands: `flakyd classify` and `flakyd redact`. They read a file or stdin, run
// the same pipeline as the daemon (without cache or upstream) and print to stdout.
// Exit codes: 0 success; 1 some input was rejected (each bad line got an error object);
// 2 configuration error (bad rule file); 3 the input could not be read.
#pragma once

#include "daemon/settings.hpp"

namespace flakyd::app {

int run_classify(const Settings& settings);
int run_redact(const Settings& settings);
// `flakyd redact --kinds`: one line per kind of secret the built-in rules redact, with an example
// shape in placeholder style ("github-token  ghp_<36 alnum> ..."). Always 0.
int run_redact_kinds();

}  // namespace flakyd::app
