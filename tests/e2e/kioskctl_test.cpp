// kioskctl against a real outbox and the Open311 peer: status, list and retry as a technician uses them.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "kiosk/core/outbox.h"
#include "tests/support/kioskctl_fixture.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/process.h"

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
    CHECK(status.all().find("waiting:     1") != std::string::npos);
    CHECK(status.all().find("rejected:    1") != std::string::npos);
    CHECK(status.all().find("service_code missing") != std::string::npos);
    CHECK(status.all().find("reachable (HTTP 200)") != std::string::npos);
    // Outside a device image (no /etc/anjungan-release, no rauc.slot= from GRUB) it says so; image/test checks the
    // values on a booted image.
    CHECK(status.all().find("software:    kioskctl ") != std::string::npos);
    CHECK(status.all().find("not a device image") != std::string::npos);
    CHECK(status.all().find("boot slot:   - (not booted through the A/B boot loader)") != std::string::npos);

    const auto list = kioskctl(dir, {"--data-dir", dir.path(), "outbox", "list"});
    CHECK(list.exit_code == 0);
    CHECK(list.all().find(rejected_reference) != std::string::npos);

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
    CHECK(down.all().find("unreachable") != std::string::npos);
    const auto missing = kioskctl(dir, {"--data-dir", dir.path() + "/nope", "status"});
    CHECK(missing.exit_code == 1);
    CHECK(missing.all().find("no outbox") != std::string::npos);
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
    CHECK(status.all().find("moved aside: " + path + ".corrupt-1796000000") != std::string::npos);
    CHECK(status.all().find("warning:     plain HTTP to the server") != std::string::npos);
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
