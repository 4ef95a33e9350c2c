// Runs the real kioskctl binary as a technician would and collects its exit status and output.
#include "tests/support/kioskctl_fixture.h"

#include <sys/wait.h>

#include <fstream>

#include "tests/support/process.h"

namespace anjungan::test {

KioskctlRun run_kioskctl(const std::string& work_dir, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env, std::chrono::seconds timeout) {
    Process::Options o;
    o.argv = {TEST_BINARY_DIR "/bin/kioskctl"};
    o.argv.insert(o.argv.end(), args.begin(), args.end());
    o.env = env;
    o.stdout_file = work_dir + "/ctl.out";
    o.stderr_file = work_dir + "/ctl.err";
    Process process(o);
    KioskctlRun run;
    if (auto status = process.wait(timeout); status && WIFEXITED(*status)) run.exit_code = WEXITSTATUS(*status);
    run.out = read_text_file(o.stdout_file);
    run.err = read_text_file(o.stderr_file);
    return run;
}

KioskctlRun run_kioskctl_with_input(const std::string& work_dir, const std::string& input,
                                    const std::vector<std::string>& args) {
    std::ofstream(work_dir + "/stdin") << input;
    std::string command = "exec \"$0\"";
    for (size_t i = 0; i < args.size(); ++i) command += " \"$" + std::to_string(i + 1) + "\"";
    command += " < " + work_dir + "/stdin";
    Process::Options o;
    o.argv = {"/bin/sh", "-c", command, TEST_BINARY_DIR "/bin/kioskctl"};
    o.argv.insert(o.argv.end(), args.begin(), args.end());
    o.stdout_file = work_dir + "/ctl.out";
    o.stderr_file = work_dir + "/ctl.err";
    Process process(o);
    KioskctlRun run;
    if (auto status = process.wait(std::chrono::seconds(30)); status && WIFEXITED(*status))
        run.exit_code = WEXITSTATUS(*status);
    run.out = read_text_file(o.stdout_file);
    run.err = read_text_file(o.stderr_file);
    return run;
}

}  // namespace anjungan::test
