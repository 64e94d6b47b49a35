// flakyd's entry point: wiring only. Logging goes to stderr from the first line.
#include <spdlog/spdlog.h>

#include <exception>

#include "daemon/cli.hpp"
#include "daemon/logging.hpp"

int main(int argc, char** argv) {
  flakyd::app::configure_logging("info", "text");
  try {
    return flakyd::app::run_cli(argc, argv);
  } catch (const std::exception& error) {
    spdlog::critical("fatal: {}", error.what());
    return 70;
  }
}
