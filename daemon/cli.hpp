// The command line (CLI11 lives only in cli.cpp: it is slow to compile). Returns the process
// exit code; see README "Command line" for the commands and exit codes.
#pragma once

namespace flakyd::app {

int run_cli(int argc, char** argv);

}  // namespace flakyd::app
