// The status snapshot: each real backend read from fixtures (sysfs, /proc, a release file, rauc, a real outbox,
// the Open311 peer), simulated sources, and the poller that gathers off the caller's thread.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "kiosk/core/outbox.h"
#include "kiosk/maintenance/status.h"
#include "kiosk/maintenance/status_text.h"
#include "tests/maintenance/fake_programs.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/process.h"
#include "tests/support/tiny_partition.h"

using namespace anjungan;
using namespace anjungan::maintenance;
using Catch::Matchers::Contains;

namespace {

// /proc and /sys files of a machine whose default route goes through `iface`.
SystemPaths fake_system(const std::string& root, const std::string& iface, const std::string& operstate) {
    SystemPaths p;
    p.proc_net_route = root + "/route";
    p.sys_class_net = root + "/net";
    p.proc_uptime = root + "/uptime";
    p.proc_cmdline = root + "/cmdline";
    p.release_file = root + "/anjungan-release";
    test::write_file(p.proc_net_route, "Iface\tDestination\tGateway\tFlags\n" + iface + "\t00000000\t0102A8C0\t0003\n");
    std::filesystem::create_directories(p.sys_class_net + "/" + iface);
    test::write_file(p.sys_class_net + "/" + iface + "/operstate", operstate + "\n");
    return p;
}

}  // namespace

TEST_CASE("The network fact names the default route's interface, its address and its link", "[maintenance][status]") {
    test::TempDir dir;
    // The loopback interface exists on every machine, so getifaddrs gives a real address for it.
    const auto up = read_network(fake_system(dir.path(), "lo", "up"));
    CHECK(up.interface == "lo");
    CHECK(up.address == "127.0.0.1");
    CHECK(up.link);
    test::TempDir down_dir;
    const auto down = read_network(fake_system(down_dir.path(), "enp1s0", "down"));
    CHECK(down.interface == "enp1s0");
    CHECK_FALSE(down.link);
}

TEST_CASE("Uptime, software release and boot slot come from their files", "[maintenance][status]") {
    test::TempDir dir;
    const SystemPaths p = fake_system(dir.path(), "lo", "up");
    test::write_file(p.proc_uptime, "93784.51 180000.00\n");
    CHECK(read_uptime(p).seconds == 93784);
    CHECK_FALSE(read_software(p).device_image);
    test::write_file(p.release_file, "VERSION=0.2.0+20261201\nCOMMIT=7d41a3d\n");
    CHECK(read_software(p).version == "0.2.0+20261201");
    CHECK(read_software(p).commit == "7d41a3d");
    test::write_file(p.proc_cmdline, "BOOT_IMAGE=/vmlinuz root=PARTLABEL=anj-root-a quiet\n");
    CHECK(read_slot(p).booted.empty());
}

TEST_CASE("On an A/B boot the slot fact has the other slot's version and state from rauc", "[maintenance][status]") {
    test::TempDir dir;
    const SystemPaths p = fake_system(dir.path(), "lo", "up");
    test::write_file(p.proc_cmdline, "root=PARTLABEL=anj-root-a rauc.slot=A quiet\n");
    test::write_file(dir.path() + "/status.json", test::kDetailedStatusJson);
    test::ScopedEnv env("ANJUNGAN_RAUC", test::write_script(dir.path() + "/rauc", "cat " + dir.path() + "/status.json\n"));
    const auto slot = read_slot(p);
    CHECK(slot.booted == "A");
    CHECK(slot.other_bootname == "B");
    CHECK(slot.other_version == "0.2.0");
    CHECK(slot.other_state == "inactive");
    CHECK(slot.other_boot_status == "bad");
    CHECK(slot.error.empty());
}

TEST_CASE("The outbox fact counts a real outbox and its oldest waiting request", "[maintenance][status]") {
    test::TempDir dir;
    ManualClock clock(from_unix_seconds(1796000000));
    const std::string path = dir.path() + "/outbox.sqlite";
    {
        auto outbox = Outbox::open(path, clock);
        REQUIRE(outbox);
        REQUIRE((*outbox)->enqueue({"ANTRIAN", "A", {{"desk_service", "PPID"}}}, {"KTM-MPP-01", ""}));
        clock.advance(std::chrono::seconds(600));
        const auto row = (*outbox)->enqueue({"ANTRIAN", "A", {{"desk_service", "LAPOR"}}}, {"KTM-MPP-01", ""});
        REQUIRE(row);
        REQUIRE((*outbox)->mark_retry(row->id, "HTTP 503", 1796000700));
    }
    const auto fact = read_outbox(path, clock);
    CHECK(fact.error.empty());
    CHECK(fact.waiting() == 2);
    CHECK(fact.oldest_waiting_created_at == 1796000000);
    CHECK(fact.last_error == "HTTP 503");
    CHECK_THAT(read_outbox(dir.path() + "/none.sqlite", clock).error, Contains("no outbox"));
}

TEST_CASE("The server fact measures the latency of a reachable server and names an unreachable one",
          "[maintenance][status]") {
    test::Open311Peer peer;
    Config config = default_config();
    config.server_url = peer.base_url();
    const auto up = read_server(config);
    CHECK(up.reachable);
    CHECK(up.http_status == 200);
    CHECK(up.latency_ms >= 0);
    CHECK(up.latency_ms < 5000);
    config.server_url = "http://127.0.0.1:9";
    const auto down = read_server(config);
    CHECK_FALSE(down.reachable);
    CHECK(down.latency_ms == -1);
    CHECK_FALSE(down.detail.empty());
    config.server_url = "";
    CHECK_FALSE(read_server(config).configured);
}

TEST_CASE("Disk, clock, scanner and a simulated printer are read from the system", "[maintenance][status]") {
    test::TempDir dir;
    const auto disk = read_disk(dir.path());
    CHECK(disk.error.empty());
    CHECK(disk.total_bytes > 0);
    CHECK(disk.free_bytes <= disk.total_bytes);
    CHECK_FALSE(read_disk(dir.path() + "/gone").error.empty());
    CHECK_FALSE(read_clock().detail.empty());
    Config config = default_config();
    config.scanner = "evdev:" + dir.path() + "/no-such-event-device";
    CHECK_FALSE(read_scanner(config).present);
    config.printer = "sim:" + dir.path();
    CHECK(read_printer(config).state == "ready");
}

TEST_CASE("A snapshot takes every fact from its source, and simulated sources set what tests need",
          "[maintenance][status]") {
    ManualClock clock(from_unix_seconds(1796000000));
    StatusSources sources;
    sources.printer = [] { return PrinterFact{"cups:ticket", "paper out", "media-empty-error"}; };
    sources.scanner = [] { return ScannerFact{"serial:/dev/ttyACM0", true, 1795999990}; };
    sources.network = [] { return NetworkFact{"enp1s0", "192.168.1.20", true}; };
    sources.server = [] { return ServerFact{true, true, 200, 42, ""}; };
    sources.clock = [] { return ClockFact{false, "not synchronised"}; };
    const auto s = gather_status(sources, clock);
    CHECK(s.taken_at == 1796000000);
    CHECK(s.printer.state == "paper out");
    CHECK(*s.scanner.last_read == 1795999990);
    CHECK(s.network.address == "192.168.1.20");
    CHECK(s.server.latency_ms == 42);
    CHECK_FALSE(s.clock.synchronised);
    CHECK(s.uptime.seconds == -1);  // no source: the fact's "unknown"
}

TEST_CASE("The poller gathers on its own thread, tells when a snapshot is there, and refreshes on demand",
          "[maintenance][status]") {
    ManualClock clock(from_unix_seconds(1796000000));
    std::atomic<int> asked{0};
    std::atomic<int> updates{0};
    const auto caller = std::this_thread::get_id();
    std::atomic<bool> on_caller_thread{false};
    StatusSources sources;
    sources.uptime = [&] {
        on_caller_thread = on_caller_thread || std::this_thread::get_id() == caller;
        return UptimeFact{++asked};
    };
    StatusPoller poller(sources, clock, std::chrono::hours(1), [&] { ++updates; });
    for (int i = 0; i < 500 && updates < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(poller.latest());
    CHECK(poller.latest()->uptime.seconds == 1);
    poller.refresh();
    for (int i = 0; i < 500 && updates < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(poller.latest()->uptime.seconds == 2);
    CHECK_FALSE(on_caller_thread);
}

TEST_CASE("Ages and sizes read as a technician says them", "[maintenance][status]") {
    CHECK(describe_age(100, 142) == "42 s");
    CHECK(describe_age(0, 3 * 3600) == "3 h");
    CHECK_THAT(describe_age(200, 100), Contains("clock is behind"));
    CHECK(describe_bytes(1234567890) == "1.2 GB");
    CHECK(describe_bytes(512) == "512 B");
}

namespace {

std::string disk_line(const DiskFact& disk) {
    StatusSnapshot snapshot;
    snapshot.disk = disk;
    for (const StatusLine& line : status_lines(snapshot, "")) {
        if (line.key == "disk") return line.text;
    }
    FAIL("no disk line");
    return "";
}

}  // namespace

TEST_CASE("On a full data partition the status says plainly that no request can be taken, until space is freed",
          "[maintenance][status][disk]") {
    const test::TinyPartition partition;
    if (!partition.mounted()) return;
    CHECK_THAT(disk_line(read_disk(partition.dir.path())), !Contains("FULL"));
    partition.fill();
    const std::string full = disk_line(read_disk(partition.dir.path()));
    CHECK_THAT(full, Contains("FULL, 0 B free of 2.1 MB") && Contains("cannot take requests now") &&
                         Contains("every earlier request is kept"));
    partition.free_space();
    CHECK_THAT(disk_line(read_disk(partition.dir.path())), !Contains("FULL"));
}

TEST_CASE("The kiosk's word that its outbox found the partition full is on the status though some bytes are left",
          "[maintenance][status][disk]") {
    DiskFact disk{"/var/lib/anjungan", 12288, 268435456, "", false};
    CHECK_THAT(disk_line(disk), !Contains("FULL"));
    disk.outbox_full = true;
    CHECK_THAT(disk_line(disk), Contains("FULL, 12.3 KB free of 268.4 MB") && Contains("cannot take requests now"));
    disk.error = "/var/lib/anjungan: No such file or directory";
    CHECK(disk_line(disk) == "- (/var/lib/anjungan: No such file or directory)");
}
