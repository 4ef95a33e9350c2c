// fork/exec with the child's stdout and stderr read through poll(), so neither pipe can fill up and stall it.
#include "kiosk/maintenance/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace anjungan::maintenance {
namespace {

struct Pipe {
    int read_end = -1, write_end = -1;
    bool open() {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0) return false;
        read_end = fds[0];
        write_end = fds[1];
        return true;
    }
    void close_read() { close_fd(read_end); }
    void close_write() { close_fd(write_end); }
    ~Pipe() {
        close_read();
        close_write();
    }

private:
    static void close_fd(int& fd) {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
};

// Hands complete lines of `pending` to on_line, keeping a partial last line for later (all of it on `flush`).
void deliver_lines(std::string& pending, const ChildOptions& options, bool flush) {
    if (!options.on_line) return;
    for (auto newline = pending.find('\n'); newline != std::string::npos; newline = pending.find('\n')) {
        options.on_line(pending.substr(0, newline));
        pending.erase(0, newline + 1);
    }
    if (flush && !pending.empty()) {
        options.on_line(pending);
        pending.clear();
    }
}

// Reads both pipes until the child closes them.
void read_output(Pipe* out, Pipe* err, ChildResult& result, const ChildOptions& options) {
    std::string pending;
    for (;;) {
        pollfd fds[2];
        nfds_t count = 0;
        if (out && out->read_end >= 0) fds[count++] = {out->read_end, POLLIN, 0};
        if (err && err->read_end >= 0) fds[count++] = {err->read_end, POLLIN, 0};
        if (count == 0) break;
        if (poll(fds, count, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (nfds_t i = 0; i < count; ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char buf[4096];
            const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            const bool is_out = out && fds[i].fd == out->read_end;
            if (n <= 0) {
                is_out ? out->close_read() : err->close_read();
                continue;
            }
            if (is_out) {
                result.out.append(buf, static_cast<size_t>(n));
                if (options.on_line) {
                    pending.append(buf, static_cast<size_t>(n));
                    deliver_lines(pending, options, false);
                }
            } else {
                result.err.append(buf, static_cast<size_t>(n));
            }
        }
    }
    deliver_lines(pending, options, true);
}

}  // namespace

ChildResult run_child(const std::vector<std::string>& argv, const ChildOptions& options) {
    ChildResult result;
    const bool capture_out = options.capture_stdout || options.on_line;
    Pipe out, err, exec_errno;  // exec_errno: close-on-exec, carries errno when exec fails
    if ((capture_out && !out.open()) || (options.capture_stderr && !err.open()) || !exec_errno.open()) {
        result.exec_error = std::string("pipe: ") + std::strerror(errno);
        return result;
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::fflush(stdout);
    std::fflush(stderr);
    const pid_t pid = fork();
    if (pid < 0) {
        result.exec_error = std::string("fork: ") + std::strerror(errno);
        return result;
    }
    if (pid == 0) {
        if (capture_out) dup2(out.write_end, STDOUT_FILENO);
        if (options.capture_stderr) dup2(err.write_end, STDERR_FILENO);
        execvp(args[0], args.data());
        const int e = errno;
        (void)!write(exec_errno.write_end, &e, sizeof e);
        _exit(127);
    }
    out.close_write();
    err.close_write();
    exec_errno.close_write();
    read_output(capture_out ? &out : nullptr, options.capture_stderr ? &err : nullptr, result, options);
    int e = 0;
    ssize_t n;
    while ((n = ::read(exec_errno.read_end, &e, sizeof e)) < 0 && errno == EINTR) {
    }
    while (waitpid(pid, &result.wait_status, 0) < 0 && errno == EINTR) {
    }
    if (n == static_cast<ssize_t>(sizeof e)) result.exec_error = "cannot run " + argv[0] + ": " + std::strerror(e);
    return result;
}

std::string describe(const ChildResult& r) {
    if (!r.exec_error.empty()) return r.exec_error;
    if (WIFEXITED(r.wait_status)) return "exit status " + std::to_string(WEXITSTATUS(r.wait_status));
    if (WIFSIGNALED(r.wait_status)) return std::string("killed by signal ") + strsignal(WTERMSIG(r.wait_status));
    return "unknown wait status";
}

bool succeeded(const ChildResult& r) {
    return r.exec_error.empty() && WIFEXITED(r.wait_status) && WEXITSTATUS(r.wait_status) == 0;
}

}  // namespace anjungan::maintenance
