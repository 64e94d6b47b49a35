#include <doctest/doctest.h>

#include <string>

#include "redact/fingerprint.hpp"

using flakyd::redact::Fingerprinter;

namespace {

std::string python_failure(int line, const char* address, const char* tmp, const char* when, int port,
                           const char* exception = "ConnectionResetError", const char* frame = "fetch") {
  return std::string("2024-06-11 ") + when + ",118 ERROR worker pid=" + std::to_string(line * 7) + "\n" +
         "Traceback (most recent call last):\n"
         "  File \"" + tmp + "/test_api.py\", line " + std::to_string(line) + ", in test_upload\n"
         "  File \"/app/client.py\", line " + std::to_string(line + 40) + ", in " + frame + "\n"
         "    sock = <socket.socket object at " + address + ">\n" +
         exception + ": [Errno 104] Connection reset by peer (127.0.0.1:" + std::to_string(port) + ")\n"
         "tests/test_api.py::test_upload[seed-" + std::to_string(port % 97) + "] FAILED in 0." +
         std::to_string(line) + "s\n"
         "request 123e4567-e89b-12d3-a456-42661417" + std::to_string(1000 + line) + " done\n";
}

}  // namespace

TEST_CASE("fingerprints are 64 hex digits") {
  const Fingerprinter fingerprinter;
  const auto key = fingerprinter.fingerprint("boom");
  CHECK(key.size() == 64);
  CHECK(key.find_first_not_of("0123456789abcdef") == std::string::npos);
}

TEST_CASE("run-to-run noise does not change the fingerprint") {
  const Fingerprinter fingerprinter;
  const auto first = fingerprinter.fingerprint(
      python_failure(12, "0x7f62847aadd0", "/tmp/pytest-of-ci/pytest-12/test_upload0", "09:14:03", 41234));
  const auto second = fingerprinter.fingerprint(
      python_failure(97, "0x7f0011223344", "/tmp/pytest-of-runner/pytest-873/test_upload1", "23:01:59", 5201));
  CHECK(first == second);
}

TEST_CASE("a different exception or failing frame changes the fingerprint") {
  const Fingerprinter fingerprinter;
  const auto base = fingerprinter.fingerprint(
      python_failure(12, "0x1", "/tmp/a", "09:14:03", 41234));
  const auto other_exception = fingerprinter.fingerprint(
      python_failure(12, "0x1", "/tmp/a", "09:14:03", 41234, "ConnectionAbortedError"));
  const auto other_frame = fingerprinter.fingerprint(
      python_failure(12, "0x1", "/tmp/a", "09:14:03", 41234, "ConnectionResetError", "upload_chunk"));
  CHECK(base != other_exception);
  CHECK(base != other_frame);
  CHECK(fingerprinter.fingerprint("x", "ValueError") != fingerprinter.fingerprint("x", "KeyError"));
}

TEST_CASE("normalisation keeps the skeleton and drops the noise") {
  const Fingerprinter fingerprinter;
  CHECK(fingerprinter.normalise("at Foo.bar(Foo.java:123) took 15ms at 2024-06-11T09:00:00Z") ==
        "at Foo.bar(Foo.java:N) took <dur> at <time>");
  CHECK(fingerprinter.normalise("panic: test timed out after 10m0s\ngoroutine 875 [running]:") ==
        "panic: test timed out after <dur>\ngoroutine N [running]:");
  CHECK(fingerprinter.normalise("commit 3f2c9e1a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e") == "commit <hex>");
  CHECK(fingerprinter.normalise("Http1Codec sha256 e2e") == "Http1Codec sha256 e2e");
}

TEST_CASE("normalisation: the shapes the fast scan must stop for, at every position") {
  const Fingerprinter fingerprinter;
  // A letters-only UUID is found from its '-'; digits inside a word keep the word whole.
  CHECK(fingerprinter.normalise("id abcdefab-abcd-abcd-abcd-abcdefabcdef.") == "id <uuid>.");
  CHECK(fingerprinter.normalise("handler_12 deadbeef1 x-y a-1") == "handler_12 <hex> x-y a-N");
  // Blank runs collapse, single blanks stay; tabs become one space.
  CHECK(fingerprinter.normalise("a  b\tc \t d e") == "a b c d e");
  // Only a '/' that starts a temporary path changes anything.
  CHECK(fingerprinter.normalise("/usr/lib/x /tmp/pytest-of-ci/p3/t.py /dev/null /var/log") ==
        "/usr/lib/x <tmp> /dev/null /var/log");
  // The first and last bytes.
  CHECK(fingerprinter.normalise("7") == "N");
  CHECK(fingerprinter.normalise("abc1") == "abc1");
  CHECK(fingerprinter.normalise(" ") == " ");
  CHECK(fingerprinter.normalise("x/") == "x/");
  CHECK(fingerprinter.normalise("x  ") == "x ");
}

TEST_CASE("normalisation is linear on large hostile input") {
  const Fingerprinter fingerprinter;
  std::string big(4 << 20, '9');
  big += std::string(1 << 20, '\xff');
  const auto key = fingerprinter.fingerprint(big);
  CHECK(key.size() == 64);
}

TEST_CASE("the failure key is the fingerprint without the test id: one failure across many tests") {
  const Fingerprinter fingerprinter;
  const std::string trace = "Traceback (most recent call last):\n  File \"src/db.py\", line 9, in connect\n"
                            "ConnectionRefusedError: [Errno 111] Connection refused\n";
  auto failure_key = [&](const char* test_id) {
    auto signature = fingerprinter.signature(trace, "", "", test_id);
    signature.test_id.clear();
    return fingerprinter.key(signature);
  };
  CHECK(fingerprinter.fingerprint(trace, "", "", "tests/a.py::test_a") !=
        fingerprinter.fingerprint(trace, "", "", "tests/b.py::test_b"));
  CHECK(failure_key("tests/a.py::test_a") == failure_key("tests/b.py::test_b"));
  CHECK(failure_key("tests/a.py::test_a") == fingerprinter.fingerprint(trace, "", "", ""));
}
