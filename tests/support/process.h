// Child processes for tests: start a program, read its output, stop or SIGKILL it, and collect its status.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace anjungan::test {

class Process {
public:
    struct Options {
        // The {} initializers let callers use designated initializers without -Wmissing-field-initializers.
        std::vector<std::string> argv{};            // argv[0] is the program path
        std::map<std::string, std::string> env{};   // added to (or replacing in) the parent's environment
        std::string working_dir{};                  // empty: inherit
        std::string stdout_file{};                  // empty: a pipe readable with read_line()
        std::string stderr_file{};                  // empty: inherit the test's stderr
    };

    explicit Process(Options options);  // starts the child; throws std::runtime_error if fork/exec fails
    ~Process();                         // SIGKILLs and reaps the child if it still runs
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    pid_t pid() const { return pid_; }

    // Reads one line of the child's stdout (pipe mode), waiting at most `timeout`. nullopt on EOF/timeout.
    std::optional<std::string> read_line(std::chrono::milliseconds timeout);

    // Sends a signal without waiting.
    void signal(int signo);

    // Waits for the child to exit. Returns the raw wait status, or nullopt after `timeout`.
    std::optional<int> wait(std::chrono::milliseconds timeout);

    // SIGTERM, then SIGKILL after `grace`; returns the raw wait status.
    int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

private:
    pid_t pid_ = -1;
    int stdout_fd_ = -1;
    std::string buffer_;
    std::optional<int> status_;
};

// The whole content of a file; empty when it does not exist or cannot be read.
std::string read_text_file(const std::string& path);

// A fresh temporary directory removed (recursively) when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

}  // namespace anjungan::test
