// Child processes for tests (fork/exec with a stdout pipe) and self-removing temporary directories.
#include "tests/support/process.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <linux/close_range.h>
#include <poll.h>
#include <stdexcept>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>

extern char** environ;

namespace anjungan::test {
namespace {

using Clock = std::chrono::steady_clock;

// Owned copies of the strings handed to exec, prepared before fork because the child may not allocate.
struct ExecArgs {
    std::vector<std::string> argv_storage;
    std::vector<std::string> env_storage;
    std::vector<char*> argv;
    std::vector<char*> envp;
};

std::vector<std::string> merged_environment(const std::map<std::string, std::string>& overrides) {
    std::map<std::string, std::string> merged;
    for (char** entry = environ; entry && *entry; ++entry) {
        std::string text(*entry);
        auto equals = text.find('=');
        if (equals != std::string::npos) merged[text.substr(0, equals)] = text.substr(equals + 1);
    }
    for (const auto& [name, value] : overrides) merged[name] = value;
    std::vector<std::string> result;
    for (const auto& [name, value] : merged) result.push_back(name + "=" + value);
    return result;
}

std::vector<char*> as_c_array(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    for (auto& text : strings) pointers.push_back(text.data());
    pointers.push_back(nullptr);
    return pointers;
}

ExecArgs prepare_exec(const Process::Options& options) {
    if (options.argv.empty()) throw std::runtime_error("Process: empty argv");
    ExecArgs args;
    args.argv_storage = options.argv;
    args.env_storage = merged_environment(options.env);
    args.argv = as_c_array(args.argv_storage);
    args.envp = as_c_array(args.env_storage);
    return args;
}

// Only async-signal-safe calls from here until exec: the parent may be multi-threaded.
[[noreturn]] void child_fail(int report_fd) {
    int error = errno;
    ssize_t ignored = ::write(report_fd, &error, sizeof error);
    (void)ignored;
    _exit(127);
}

void redirect_to_file(const std::string& path, int target_fd, int report_fd) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || ::dup2(fd, target_fd) < 0) child_fail(report_fd);
    ::close(fd);
}

// Any descriptor the test process holds (other children's pipes, sockets) must not leak into the child.
void mark_inherited_fds_cloexec() {
    if (::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
    long max_fd = ::sysconf(_SC_OPEN_MAX);
    if (max_fd < 0 || max_fd > 65536) max_fd = 65536;
    for (int fd = 3; fd < max_fd; ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
}

// Signal state survives exec, so undo anything the test runner (or libcurl) changed.
void reset_signals() {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    ::signal(SIGINT, SIG_DFL);
}

[[noreturn]] void run_child(const Process::Options& options, ExecArgs& args, int stdout_write_fd,
                            int report_fd) {
    reset_signals();
    if (!options.stdout_file.empty()) {
        redirect_to_file(options.stdout_file, STDOUT_FILENO, report_fd);
    } else if (::dup2(stdout_write_fd, STDOUT_FILENO) < 0) {
        child_fail(report_fd);
    }
    if (!options.stderr_file.empty()) redirect_to_file(options.stderr_file, STDERR_FILENO, report_fd);
    if (!options.working_dir.empty() && ::chdir(options.working_dir.c_str()) != 0) child_fail(report_fd);
    mark_inherited_fds_cloexec();
    ::execvpe(args.argv[0], args.argv.data(), args.envp.data());
    child_fail(report_fd);
}

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

// The report pipe is close-on-exec: EOF with no data means exec succeeded.
int read_exec_error(int report_read_fd) {
    int error = 0;
    ssize_t got;
    do {
        got = ::read(report_read_fd, &error, sizeof error);
    } while (got < 0 && errno == EINTR);
    return got == static_cast<ssize_t>(sizeof error) ? error : 0;
}

}  // namespace

Process::Process(Options options) {
    ExecArgs args = prepare_exec(options);
    int out_pipe[2] = {-1, -1};
    int report_pipe[2] = {-1, -1};
    if (options.stdout_file.empty() && ::pipe2(out_pipe, O_CLOEXEC) != 0)
        throw std::runtime_error("Process: pipe failed");
    if (::pipe2(report_pipe, O_CLOEXEC) != 0) {
        close_fd(out_pipe[0]);
        close_fd(out_pipe[1]);
        throw std::runtime_error("Process: pipe failed");
    }
    pid_ = ::fork();
    if (pid_ == 0) run_child(options, args, out_pipe[1], report_pipe[1]);
    close_fd(out_pipe[1]);
    close_fd(report_pipe[1]);
    stdout_fd_ = out_pipe[0];
    if (pid_ < 0) {
        close_fd(stdout_fd_);
        close_fd(report_pipe[0]);
        throw std::runtime_error("Process: fork failed: " + std::string(std::strerror(errno)));
    }
    int exec_error = read_exec_error(report_pipe[0]);
    close_fd(report_pipe[0]);
    if (exec_error != 0) {
        wait(std::chrono::milliseconds(5000));
        close_fd(stdout_fd_);
        throw std::runtime_error("Process: cannot start " + options.argv[0] + ": " + std::strerror(exec_error));
    }
}

Process::~Process() {
    if (pid_ > 0 && !status_) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
    }
    close_fd(stdout_fd_);
}

std::optional<std::string> Process::read_line(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (true) {
        auto newline = buffer_.find('\n');
        if (newline != std::string::npos) {
            std::string line = buffer_.substr(0, newline);
            buffer_.erase(0, newline + 1);
            return line;
        }
        if (stdout_fd_ < 0) return std::nullopt;
        auto now = Clock::now();
        if (now >= deadline) return std::nullopt;
        // Rounded up so the wait never ends before the caller's timeout.
        auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
        pollfd readable{stdout_fd_, POLLIN, 0};
        int ready = ::poll(&readable, 1, static_cast<int>(left.count()));
        if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
        if (ready < 0) return std::nullopt;
        char chunk[4096];
        ssize_t got = ::read(stdout_fd_, chunk, sizeof chunk);
        if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (got <= 0) {
            // EOF: hand out an unterminated last line once, then report the end.
            close_fd(stdout_fd_);
            if (buffer_.empty()) return std::nullopt;
            return std::exchange(buffer_, std::string());
        }
        buffer_.append(chunk, static_cast<size_t>(got));
    }
}

void Process::signal(int signo) {
    // Once reaped the pid may belong to someone else.
    if (pid_ > 0 && !status_) ::kill(pid_, signo);
}

std::optional<int> Process::wait(std::chrono::milliseconds timeout) {
    if (status_ || pid_ <= 0) return status_;
    const auto deadline = Clock::now() + timeout;
    auto pause = std::chrono::milliseconds(1);
    while (true) {
        int status = 0;
        pid_t done = ::waitpid(pid_, &status, WNOHANG);
        if (done == pid_) {
            status_ = status;
            return status_;
        }
        if (done < 0 && errno == ECHILD) {
            status_ = -1;  // reaped elsewhere; the real status is lost
            return status_;
        }
        if (Clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(20));
    }
}

int Process::stop(std::chrono::milliseconds grace) {
    signal(SIGTERM);
    if (auto status = wait(grace)) return *status;
    signal(SIGKILL);
    while (!status_) wait(std::chrono::milliseconds(1000));
    return *status_;
}

TempDir::TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/anjungan-test-XXXXXX";
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("TempDir: mkdtemp failed in " + pattern);
    path_ = pattern;
}

std::string read_text_file(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

}  // namespace anjungan::test
