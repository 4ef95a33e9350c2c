// The child process runner: output captured or streamed by line, exit statuses, programs that do not exist.
#include <catch2/catch.hpp>

#include <vector>

#include "kiosk/maintenance/child_process.h"

using namespace anjungan::maintenance;
using Catch::Matchers::Contains;

TEST_CASE("A child's stdout and stderr are captured separately and its exit status is described",
          "[maintenance][child_process]") {
    const auto r = run_child({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"},
                             {.capture_stdout = true, .capture_stderr = true});
    CHECK(r.out == "out\n");
    CHECK(r.err == "err\n");
    CHECK_FALSE(succeeded(r));
    CHECK(describe(r) == "exit status 3");
}

TEST_CASE("A child's stdout arrives line by line, a last line without newline too", "[maintenance][child_process]") {
    std::vector<std::string> lines;
    const auto r = run_child({"/bin/sh", "-c", "printf ' 10%% a\\n 20%% b\\nlast'"},
                             {.on_line = [&](const std::string& l) { lines.push_back(l); }});
    CHECK(succeeded(r));
    CHECK(lines == std::vector<std::string>{" 10% a", " 20% b", "last"});
}

TEST_CASE("A program that does not exist is named with the reason", "[maintenance][child_process]") {
    const auto r = run_child({"/nonexistent/rauc", "status"});
    CHECK_FALSE(succeeded(r));
    CHECK_THAT(describe(r), Contains("cannot run /nonexistent/rauc: No such file or directory"));
}

TEST_CASE("Much output on both pipes does not stall the child", "[maintenance][child_process]") {
    const auto r = run_child({"/bin/sh", "-c", "i=0; while [ $i -lt 3000 ]; do echo line$i; echo e$i >&2; i=$((i+1)); done"},
                             {.capture_stdout = true, .capture_stderr = true});
    CHECK(succeeded(r));
    CHECK_THAT(r.out, Contains("line2999\n"));
    CHECK_THAT(r.err, Contains("e2999\n"));
}
