// kioskctl against a real outbox and the Open311 peer: status, list and retry as a technician uses them.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "kiosk/core/outbox.h"
#include "tests/support/kioskctl_fixture.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/process.h"

using Catch::Matchers::Contains;

using namespace anjungan;

namespace {

// Output and errors together, as the technician reads them.
test::KioskctlRun kioskctl(const test::TempDir& dir, const std::vector<std::string>& args) {
    return test::run_kioskctl(dir.path(), args);
}

}  // namespace

TEST_CASE("kioskctl reports the outbox and the server, lists requests and retries a rejected one", "[e2e][kioskctl]") {
    test::TempDir dir;
    test::Open311Peer peer;
    SystemClock clock;
    std::string rejected_reference;
    {
        auto outbox = Outbox::open(dir.path() + "/outbox.sqlite", clock);
        REQUIRE(outbox);
        (void)(*outbox)->enqueue({"ANTRIAN", "A", {{"desk_service", "PPID"}}}, {"KTM-MPP-01", ""});
        const auto row = *(*outbox)->enqueue({"ANTRIAN", "A", {{"desk_service", "LAPOR"}}}, {"KTM-MPP-01", ""});
        rejected_reference = row.reference;
        REQUIRE((*outbox)->mark_rejected(row.id, "HTTP 400: 400 service_code missing"));
    }
    const auto status = kioskctl(dir, {"--data-dir", dir.path(), "--server", peer.base_url(), "status"});
    INFO(status.all());
    CHECK(status.exit_code == 0);
    CHECK_THAT(status.all(), Contains("waiting:     1"));
    CHECK_THAT(status.all(), Contains("rejected:    1"));
    CHECK_THAT(status.all(), Contains("service_code missing"));
    CHECK_THAT(status.all(), Contains("reachable (HTTP 200)"));
    // Outside a device image (no /etc/anjungan-release, no rauc.slot= from GRUB) it says so; image/test checks the
    // values on a booted image.
    CHECK_THAT(status.all(), Contains("software:    kioskctl "));
    CHECK_THAT(status.all(), Contains("not a device image"));
    CHECK_THAT(status.all(), Contains("boot slot:   - (not booted through the A/B boot loader)"));

    const auto list = kioskctl(dir, {"--data-dir", dir.path(), "outbox", "list"});
    CHECK(list.exit_code == 0);
    CHECK_THAT(list.all(), Contains(rejected_reference));

    const auto retry = kioskctl(dir, {"--data-dir", dir.path(), "outbox", "retry", rejected_reference});
    CHECK(retry.exit_code == 0);
    auto outbox = Outbox::open(dir.path() + "/outbox.sqlite", clock);
    CHECK((*(*outbox)->find(rejected_reference))->state == DeliveryState::Queued);
}

TEST_CASE("Tickets taken after kioskctl read the outbox are on disk while the kiosk has the outbox open twice",
          "[e2e][kioskctl]") {
    // The kiosk's process opens the outbox more than once (app, sender, lookups) and a technician runs kioskctl
    // meanwhile. What kioskctl reads afterwards is what a power cut leaves: the kiosk's connections are open.
    test::TempDir dir;
    SystemClock clock;
    const std::string path = dir.path() + "/outbox.sqlite";
    auto app = Outbox::open(path, clock);
    REQUIRE(app);
    REQUIRE((*app)->enqueue({"ANTRIAN", "A", {{"desk_service", "PPID"}}}, {"KTM-MPP-01", ""}));
    auto sender = Outbox::open(path, clock);
    REQUIRE(sender);
    REQUIRE(kioskctl(dir, {"--data-dir", dir.path(), "status"}).exit_code == 0);
    CHECK(std::filesystem::exists(path + "-wal"));

    const auto later = (*app)->enqueue({"ANTRIAN", "A", {{"desk_service", "LAPOR"}}}, {"KTM-MPP-01", ""});
    REQUIRE(later);
    const auto list = kioskctl(dir, {"--data-dir", dir.path(), "outbox", "list"});
    INFO(list.all());
    CHECK(list.all().find(later->reference) != std::string::npos);
}

TEST_CASE("kioskctl says when the server is down and when there is no outbox", "[e2e][kioskctl]") {
    test::TempDir dir;
    SystemClock clock;
    REQUIRE(Outbox::open(dir.path() + "/outbox.sqlite", clock));
    const auto down = kioskctl(dir, {"--data-dir", dir.path(), "--server", "http://127.0.0.1:9", "status"});
    CHECK(down.exit_code == 0);
    CHECK_THAT(down.all(), Contains("unreachable"));
    const auto missing = kioskctl(dir, {"--data-dir", dir.path() + "/nope", "status"});
    CHECK(missing.exit_code == 1);
    CHECK_THAT(missing.all(), Contains("no outbox"));
    CHECK(kioskctl(dir, {"--data-dir", dir.path(), "frobnicate"}).exit_code == 2);
}

TEST_CASE("kioskctl status shows why delivery waits, a damaged outbox moved aside, plain HTTP and a clock behind",
          "[e2e][kioskctl]") {
    test::TempDir dir;
    const std::string path = dir.path() + "/outbox.sqlite";
    SystemClock clock;
    {
        auto outbox = Outbox::open(path, clock);
        REQUIRE(outbox);
        const auto row = *(*outbox)->enqueue({"ANTRIAN", "A", {{"desk_service", "PPID"}}}, {"KTM-MPP-01", ""});
        REQUIRE((*outbox)->mark_retry(row.id, "HTTP 401: 401 api_key invalid", 0));
    }
    // A damaged outbox kept aside by an earlier recovery, and a request created "in the future" of this clock.
    std::ofstream(path + ".corrupt-1796000000") << std::string(4096, 'x');
    {
        auto db = sql::Database::open(path);
        REQUIRE(db->exec("UPDATE requests SET created_at = created_at + 86400"));
    }
    const auto status = kioskctl(dir, {"--data-dir", dir.path(), "--server", "http://127.0.0.1:9", "status"});
    INFO(status.all());
    CHECK(status.exit_code == 0);
    CHECK(status.all().find("delivery:    paused, retrying with backoff: the server refuses this kiosk") !=
          std::string::npos);
    CHECK_THAT(status.all(), Contains("moved aside: " + path + ".corrupt-1796000000"));
    CHECK_THAT(status.all(), Contains("warning:     plain HTTP to the server"));
    CHECK(status.all().find("oldest:      - (this device's clock is behind") != std::string::npos);
    CHECK(status.all().find("outbox check: ok") != std::string::npos);
}

TEST_CASE("kioskctl refuses option values of 50 KB with a clear error instead of crashing", "[e2e][kioskctl]") {
    test::TempDir dir;
    const std::string huge(50 * 1024, 'a');
    for (const char* option : {"--data-dir", "--server"}) {
        INFO(option);
        const auto run = kioskctl(dir, {option, huge, "status"});
        CHECK(run.exit_code == 2);
        CHECK(run.all().find("expected at most 4096 characters") != std::string::npos);
    }
}

TEST_CASE("kioskctl status says whether the kiosk's clock was synchronised since boot", "[e2e][kioskctl][facts]") {
    test::TempDir dir;
    SystemClock clock;
    REQUIRE(Outbox::open(dir.path() + "/outbox.sqlite", clock));
    for (const std::string sync : {"unsynced", "synced"}) {
        std::ofstream(dir.path() + "/kiosk.conf") << "[devices]\nclock_sync = sim:" + sync + "\n";
        const auto status = kioskctl(dir, {"--config", dir.path() + "/kiosk.conf", "--data-dir", dir.path(), "status"});
        INFO(status.all());
        CHECK(status.exit_code == 0);
        CHECK_THAT(status.all(), Catch::Contains(sync == "synced" ? "clock:       synchronised since boot"
                                                                  : "clock:       not synchronised since boot"));
    }
}

TEST_CASE("kioskctl status and outbox list leave a request the sender has in flight as it is", "[e2e][kioskctl]") {
    test::TempDir dir;
    SystemClock clock;
    auto owner = Outbox::open(dir.path() + "/outbox.sqlite", clock);  // the running kiosk
    REQUIRE(owner);
    const auto row = *(*owner)->enqueue({"ANTRIAN", "A", {{"desk_service", "PPID"}}}, {"KTM-MPP-01", ""});
    REQUIRE((*owner)->mark_sending(row.id));  // its sender is posting it right now

    const auto list = kioskctl(dir, {"--data-dir", dir.path(), "outbox", "list"});
    CHECK(list.exit_code == 0);
    CHECK(list.all().find(row.reference) != std::string::npos);
    const auto status = kioskctl(dir, {"--data-dir", dir.path(), "--server", "http://127.0.0.1:9", "status"});
    CHECK(status.exit_code == 0);
    CHECK(status.all().find("outbox check: ok") != std::string::npos);
    CHECK((*(*owner)->find(row.reference))->state == DeliveryState::Sending);
}

TEST_CASE("kioskctl reading an outbox it cannot read says so and leaves the file where it is", "[e2e][kioskctl]") {
    test::TempDir dir;
    const std::string path = dir.path() + "/outbox.sqlite";
    std::ofstream(path, std::ios::binary) << std::string(8192, 'x');
    for (const char* command : {"status", "list"}) {
        INFO(command);
        const auto run = std::string(command) == "list" ? kioskctl(dir, {"--data-dir", dir.path(), "outbox", "list"})
                                                        : kioskctl(dir, {"--data-dir", dir.path(), "status"});
        INFO(run.all());
        CHECK(run.exit_code == 1);
        CHECK(run.all().find("cannot read the outbox " + path) != std::string::npos);
        CHECK(std::filesystem::file_size(path) == 8192);
        for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
            CHECK(entry.path().filename().string().find("outbox.sqlite.") == std::string::npos);
    }
}
