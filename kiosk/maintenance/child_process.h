// Runs a helper program (rauc, journalctl, systemctl) without a shell and collects its outcome.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace anjungan::maintenance {

struct ChildResult {
    std::string exec_error;  // non-empty: the program could not be started
    int wait_status = 0;
    std::string out;  // stdout, when captured
    std::string err;  // stderr, when captured
};

struct ChildOptions {
    bool capture_stdout = false;  // else inherited, so a terminal sees it as it comes
    bool capture_stderr = false;  // else inherited
    // Called with each stdout line (without its newline) as it arrives; implies capture_stdout.
    std::function<void(const std::string&)> on_line{};
};

// fork/exec of argv (argv[0] looked up in PATH). Blocks until the child exits.
ChildResult run_child(const std::vector<std::string>& argv, const ChildOptions& options = {});

// "exit status 1", "killed by signal Terminated" or why it could not start.
std::string describe(const ChildResult& result);

// Started, exited by itself, and with status 0.
bool succeeded(const ChildResult& result);

}  // namespace anjungan::maintenance
