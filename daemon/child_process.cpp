#include "daemon/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace flakyd::app {

namespace {

using Clock = std::chrono::steady_clock;

int g_signal_pipe[2] = {-1, -1};
constexpr std::array<int, 3> k_relayed_signals{SIGINT, SIGTERM, SIGCHLD};
struct sigaction g_previous[3];
struct sigaction g_previous_pipe;

void on_signal(int number) {
  const int saved = errno;
  const auto byte = static_cast<unsigned char>(number);
  [[maybe_unused]] auto written = write(g_signal_pipe[1], &byte, 1);
  errno = saved;
}

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const auto written = write(fd, data, size);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    data += written;
    size -= static_cast<std::size_t>(written);
  }
  return true;
}

void set_flags(int fd, int flags) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | flags); }

// One of the child's output streams: its pipe, and where its bytes go.
struct Stream {
  int pipe_fd = -1;
  int destination = -1;

  bool destination_closed = false;

  // Reads what is there and passes it on; false at end of stream.
  bool pump(std::string& tail, std::size_t tail_bytes) {
    std::array<char, 65536> buffer;
    while (true) {
      const auto got = read(pipe_fd, buffer.data(), buffer.size());
      if (got < 0 && errno == EINTR) continue;
      if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
      if (got <= 0) return false;
      const auto size = static_cast<std::size_t>(got);
      // A closed destination (EPIPE): stop reading, so the child gets its own SIGPIPE.
      if (destination >= 0 && !write_all(destination, buffer.data(), size)) {
        destination_closed = true;
        return false;
      }
      tail.append(buffer.data(), size);
      if (tail.size() > 2 * tail_bytes) tail.erase(0, tail.size() - tail_bytes);
    }
  }
  void close_pipe() {
    if (pipe_fd >= 0) close(pipe_fd);
    pipe_fd = -1;
  }
};

[[noreturn]] void exec_child(const std::vector<std::string>& argv, int out, int err, int report) {
  setpgid(0, 0);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int number : {SIGINT, SIGTERM, SIGCHLD, SIGPIPE}) signal(number, SIG_DFL);
  dup2(out, STDOUT_FILENO);
  dup2(err, STDERR_FILENO);
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  execvp(args[0], args.data());
  const int error = errno;
  [[maybe_unused]] auto written = write(report, &error, sizeof error);
  _exit(error == ENOENT ? 127 : 126);
}

struct Spawned {
  pid_t pid = -1;
  Stream out, err;
  std::string start_error;
  int start_errno = 0;
};

Spawned spawn(const std::vector<std::string>& argv) {
  Spawned child;
  int out[2], err[2], report[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 || pipe2(report, O_CLOEXEC) != 0) {
    child.start_error = std::string("cannot create pipes: ") + std::strerror(errno);
    child.start_errno = EAGAIN;
    return child;
  }
  child.pid = fork();
  if (child.pid == 0) exec_child(argv, out[1], err[1], report[1]);
  if (child.pid > 0) setpgid(child.pid, child.pid);  // both sides, so a kill(-pid) cannot race the child's own
  close(out[1]);
  close(err[1]);
  close(report[1]);
  if (child.pid < 0) {
    child.start_error = std::string("cannot fork: ") + std::strerror(errno);
    child.start_errno = EAGAIN;
  } else {
    int error = 0;
    ssize_t got;
    do got = read(report[0], &error, sizeof error);
    while (got < 0 && errno == EINTR);
    if (got == static_cast<ssize_t>(sizeof error)) {
      child.start_error = "cannot run " + argv[0] + ": " + std::strerror(error);
      child.start_errno = error;
    }
  }
  close(report[0]);
  child.out = {out[0], STDOUT_FILENO};
  child.err = {err[0], STDERR_FILENO};
  set_flags(out[0], O_NONBLOCK);
  set_flags(err[0], O_NONBLOCK);
  return child;
}

int status_code(int status, AttemptResult& result) {
  if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
    return 128 + WTERMSIG(status);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int poll_timeout(std::optional<Clock::time_point> deadline) {
  if (!deadline) return -1;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now()).count();
  return static_cast<int>(std::max<long long>(0, std::min<long long>(left, 60'000)));
}

}  // namespace

SignalRelay::SignalRelay() {
  if (pipe2(g_signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) g_signal_pipe[0] = g_signal_pipe[1] = -1;
  struct sigaction action {};
  action.sa_handler = on_signal;
  action.sa_flags = SA_RESTART | SA_NOCLDSTOP;
  sigemptyset(&action.sa_mask);
  for (std::size_t i = 0; i < k_relayed_signals.size(); ++i) sigaction(k_relayed_signals[i], &action, &g_previous[i]);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &g_previous_pipe);
}

SignalRelay::~SignalRelay() {
  for (std::size_t i = 0; i < k_relayed_signals.size(); ++i) sigaction(k_relayed_signals[i], &g_previous[i], nullptr);
  sigaction(SIGPIPE, &g_previous_pipe, nullptr);
  for (int& fd : g_signal_pipe) {
    if (fd >= 0) close(fd);
    fd = -1;
  }
}

int SignalRelay::read_fd() const { return g_signal_pipe[0]; }

std::optional<int> SignalRelay::drain(bool& child_exited) {
  std::optional<int> stop;
  unsigned char number = 0;
  while (read(g_signal_pipe[0], &number, 1) == 1) {
    if (number == SIGCHLD) child_exited = true;
    else stop = number;
  }
  return stop;
}

std::optional<int> SignalRelay::sleep_for(std::chrono::milliseconds duration) {
  const auto until = Clock::now() + duration;
  while (Clock::now() < until) {
    pollfd watch{read_fd(), POLLIN, 0};
    poll(&watch, 1, poll_timeout(until));
    bool ignored = false;
    if (auto stop = drain(ignored)) return stop;
  }
  return std::nullopt;
}

AttemptResult run_attempt(const AttemptOptions& options, SignalRelay& relay) {
  AttemptResult result;
  Spawned child = spawn(options.argv);
  if (child.pid < 0 || !child.start_error.empty()) {
    if (child.pid > 0) waitpid(child.pid, nullptr, 0);
    child.out.close_pipe();
    child.err.close_pipe();
    result.start_error = child.start_error;
    result.exit_code = child.start_errno == ENOENT ? 127 : 126;
    return result;
  }
  std::optional<Clock::time_point> deadline;
  if (options.timeout) deadline = Clock::now() + *options.timeout;
  bool term_sent = false;
  int status = 0;
  bool exited = false;
  while (!exited) {
    std::array<pollfd, 3> watch{{{relay.read_fd(), POLLIN, 0}, {child.out.pipe_fd, POLLIN, 0}, {child.err.pipe_fd, POLLIN, 0}}};
    poll(watch.data(), watch.size(), poll_timeout(deadline));
    for (Stream* stream : {&child.out, &child.err}) {
      if (stream->pipe_fd >= 0 && !stream->pump(result.tail, options.tail_bytes)) stream->close_pipe();
    }
    bool child_signalled = false;
    if (auto received = relay.drain(child_signalled)) {
      result.forwarded_signal = *received;
      kill(-child.pid, *received);
    }
    if (deadline && Clock::now() >= *deadline) {
      // First SIGTERM to the group; after the grace period, SIGKILL.
      result.timed_out = true;
      kill(-child.pid, term_sent ? SIGKILL : SIGTERM);
      deadline = term_sent ? std::optional<Clock::time_point>{} : Clock::now() + options.kill_grace;
      term_sent = true;
    }
    exited = waitpid(child.pid, &status, WNOHANG) == child.pid;
  }
  // The child is gone: pass on what it wrote last, without waiting for grandchildren that may
  // still hold the pipes open.
  for (Stream* stream : {&child.out, &child.err}) {
    if (stream->pipe_fd >= 0) stream->pump(result.tail, options.tail_bytes);
    stream->close_pipe();
  }
  result.output_closed = child.out.destination_closed || child.err.destination_closed;
  if (result.tail.size() > options.tail_bytes) result.tail.erase(0, result.tail.size() - options.tail_bytes);
  result.exit_code = status_code(status, result);
  if (result.timed_out) result.exit_code = 124;
  return result;
}

}  // namespace flakyd::app
