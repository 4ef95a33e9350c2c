// Runs the real kioskctl binary as a technician would and collects its exit status and output.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace anjungan::test {

struct KioskctlRun {
    int exit_code = -1;  // -1: it did not exit normally within the timeout
    std::string out;     // standard output
    std::string err;     // standard error
    std::string all() const { return out + err; }
};

// Runs <build>/bin/kioskctl with `args` and `env` added to this process's environment, its output captured in
// files under `work_dir`, and waits up to `timeout` for it to exit.
KioskctlRun run_kioskctl(const std::string& work_dir, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env = {},
                         std::chrono::seconds timeout = std::chrono::seconds(30));

// Runs kioskctl with `input` on its standard input (not a terminal), as `printf ... | kioskctl ...` does.
KioskctlRun run_kioskctl_with_input(const std::string& work_dir, const std::string& input,
                                    const std::vector<std::string>& args);

}  // namespace anjungan::test
