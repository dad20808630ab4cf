#pragma once

#include <sys/types.h>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace symphony::test {

/// How a finished process ended and what it printed.
struct ProcessResult {
  int exit_code = -1;  ///< -1 if killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

/// A child process with stdout and stderr captured to files in `work_dir`.
class Process {
 public:
  /// Starts `program` with `args` in `work_dir`, with this process's environment plus
  /// `extra_env` ("NAME=value" entries).
  Process(const std::string& program, const std::vector<std::string>& args, const std::string& work_dir,
          const std::vector<std::string>& extra_env = {});
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  /// Sends a signal.
  void signal(int sig) const;
  /// Waits up to `timeout` for the process to end; empty if it is still running.
  std::optional<ProcessResult> wait(std::chrono::milliseconds timeout);
  /// What it has written to stderr so far.
  [[nodiscard]] std::string err_so_far() const;

 private:
  pid_t pid_ = -1;
  std::string out_path_;
  std::string err_path_;
  bool reaped_ = false;
};

/// Runs symphonyd with `args` in `work_dir` to completion (at most `timeout`).
ProcessResult run_daemon(const std::vector<std::string>& args, const std::string& work_dir,
                         std::chrono::milliseconds timeout = std::chrono::minutes(5));

/// Polls `condition` every few milliseconds until it holds or `timeout` passes.
bool poll_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

}  // namespace symphony::test
