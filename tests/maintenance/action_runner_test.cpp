// Technician actions on the worker: outcomes as events, each audited with who did it.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "kiosk/maintenance/action_runner.h"
#include "tests/support/process.h"

using namespace anjungan;
using namespace anjungan::maintenance;

TEST_CASE("Actions run on the worker in order, their outcomes arrive as events and are audited",
          "[maintenance][actions]") {
    test::TempDir dir;
    ManualClock clock(from_unix_seconds(1796000000));
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<ActionOutcome> outcomes;
    std::thread::id worker;
    {
        auto runner = ActionRunner::open(dir.path(), clock, [&](const ActionOutcome& o) {
            std::lock_guard lock(mutex);
            outcomes.push_back(o);
            changed.notify_all();
        });
        REQUIRE(runner);
        (*runner)->run("TECH-07", "test print", [&]() -> Result<std::string> {
            worker = std::this_thread::get_id();
            return std::string("test ticket printed");
        });
        (*runner)->run("PIN", "reprint KTM-MPP-01-X", []() -> Result<std::string> { return fail("no ticket"); });
        std::unique_lock lock(mutex);
        changed.wait_for(lock, std::chrono::seconds(10), [&] { return outcomes.size() == 2; });
    }
    REQUIRE(outcomes.size() == 2);
    CHECK(worker != std::this_thread::get_id());
    CHECK(outcomes[0].ok);
    CHECK(outcomes[0].message == "test ticket printed");
    CHECK_FALSE(outcomes[1].ok);
    CHECK(outcomes[1].message == "no ticket");
    auto audit = AuditLog::open(dir.path(), clock);
    const auto entries = audit->recent(10);
    REQUIRE(entries->size() == 2);
    CHECK((*entries)[0].who == "TECH-07");
    CHECK((*entries)[0].what == "test print");
    CHECK((*entries)[0].outcome == "ok");
    CHECK((*entries)[1].outcome == "failed: no ticket");
}
