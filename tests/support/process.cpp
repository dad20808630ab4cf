#include "process.hpp"

#include "temp_dir.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace symphony::test {

namespace {
int counter = 0;
}

Process::Process(const std::string& program, const std::vector<std::string>& args, const std::string& work_dir,
                 const std::vector<std::string>& extra_env) {
  const std::string tag = std::to_string(getpid()) + "-" + std::to_string(counter++);
  out_path_ = work_dir + "/stdout-" + tag + ".txt";
  err_path_ = work_dir + "/stderr-" + tag + ".txt";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addchdir_np(&actions, work_dir.c_str());
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (char** e = environ; *e; ++e) envp.push_back(*e);
  for (const auto& e : extra_env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  const int rc = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("posix_spawn " + program + " failed");
}

Process::~Process() {
  if (!reaped_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void Process::signal(int sig) const { kill(pid_, sig); }

std::optional<ProcessResult> Process::wait(std::chrono::milliseconds timeout) {
  int status = 0;
  const bool done = poll_until([&] { return waitpid(pid_, &status, WNOHANG) == pid_; }, timeout);
  if (!done) return std::nullopt;
  reaped_ = true;
  ProcessResult r;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.out = read_file(out_path_);
  r.err = read_file(err_path_);
  return r;
}

std::string Process::err_so_far() const { return read_file(err_path_); }

ProcessResult run_daemon(const std::vector<std::string>& args, const std::string& work_dir,
                         std::chrono::milliseconds timeout) {
  Process p(SYMPHONY_DAEMON_PATH, args, work_dir);
  auto r = p.wait(timeout);
  if (!r) throw std::runtime_error("symphonyd did not finish in time");
  return *r;
}

bool poll_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace symphony::test
