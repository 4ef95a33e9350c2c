// The vertical slice end to end: a visitor takes queue number A-001; the server and the printer receive it.
#include <catch2/catch.hpp>

#include <filesystem>

#include "kiosk/core/outbox.h"
#include "tests/support/cupsd_fixture.h"
#include "tests/support/kiosk_fixture.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/process.h"

using namespace anjungan;

namespace {

const char* kJourney = R"(# attract -> language -> home -> ANTRIAN -> review -> ticket -> done -> attract
expect start
tap start
tap lang-id
expect Pilih layanan
tap ANTRIAN
expect Nomor Antrean
tap next
tap next
expect Bagian ini wajib diisi
tap desk_service=PPID
tap next
expect Periksa kembali
tap submit
wait-for A-001 10000
wait-for Silakan ambil tiket 15000
screenshot ticket.png
tap done
expect Terima kasih
tap done
expect start
expect-not A-001
)";

std::string today() {
    set_process_timezone("Asia/Jakarta");
    return yyyymmdd(to_local(std::chrono::system_clock::now()));
}

}  // namespace

TEST_CASE("A visitor takes queue number A-001: it is printed through CUPS and delivered to the server",
          "[e2e][antrian]") {
    test::Open311Peer peer;
    test::Cupsd cupsd;
    cupsd.add_queue("ticket");
    test::TempDir dir;

    const auto run = test::run_kiosk_script(dir.path(), kJourney,
                                            {"--data-dir", dir.path() + "/data", "--server", peer.base_url(),
                                             "--printer", "cups:ticket"});
    INFO(run.log);
    REQUIRE(run.exit_code == 0);

    const std::string reference = "KTM-MPP-01-" + today() + "-A-001";
    const auto received = peer.received();
    REQUIRE(received.size() == 1);
    const auto& params = received[0]["params"];
    CHECK(params["service_code"] == "ANTRIAN");
    CHECK(params["device_id"] == "KTM-MPP-01");
    CHECK_FALSE(params["address_string"].get<std::string>().empty());
    CHECK(params["attribute[desk_service]"] == "PPID");
    CHECK(params["attribute[kiosk_reference]"] == reference);
    CHECK(received[0]["idempotency_key"] == reference);

    REQUIRE(cupsd.wait_for_output_files(1, std::chrono::seconds(10)));
    const auto printed = test::Cupsd::read_file(cupsd.output_files()[0]);
    REQUIRE(printed.size() > 1000);
    CHECK(std::string(printed.begin(), printed.begin() + 5) == "%PDF-");

    SystemClock clock;
    auto outbox = Outbox::open(dir.path() + "/data/outbox.sqlite", clock);
    REQUIRE(outbox);
    const auto row = (*outbox)->find(reference);
    REQUIRE(row);
    REQUIRE(*row);
    CHECK((*row)->state == DeliveryState::Delivered);
    CHECK((*row)->server_id == received[0]["service_request_id"].get<std::string>());

    CHECK(std::filesystem::file_size(dir.path() + "/ticket.png") > 10000);
}

TEST_CASE("Without a server the request stays queued and the simulated printer writes a PNG ticket",
          "[e2e][antrian]") {
    test::TempDir dir;
    const auto run = test::run_kiosk_script(dir.path(),
                                            "tap start\ntap lang-en\ntap ANTRIAN\ntap next\ntap desk_service=KONSULTASI\n"
                                            "tap next\ntap submit\nwait-for A-001 10000\n"
                                            "wait-for Please take your ticket 10000\n",
                                            {"--data-dir", dir.path() + "/data"});
    INFO(run.log);
    REQUIRE(run.exit_code == 0);
    SystemClock clock;
    auto outbox = Outbox::open(dir.path() + "/data/outbox.sqlite", clock);
    REQUIRE(outbox);
    const auto counts = *(*outbox)->counts();
    CHECK(counts.queued == 1);
    CHECK(counts.delivered == 0);
    int pngs = 0;
    for (const auto& f : std::filesystem::directory_iterator(dir.path() + "/data/tickets"))
        pngs += f.path().extension() == ".png";
    CHECK(pngs == 1);
}

TEST_CASE("Numbers continue across kiosk restarts on the same data directory", "[e2e][antrian]") {
    test::TempDir dir;
    const std::string take = "tap start\ntap lang-id\ntap ANTRIAN\ntap next\ntap desk_service=LAPOR\ntap next\ntap submit\n";
    REQUIRE(test::run_kiosk_script(dir.path(), take + "wait-for A-001 10000\n", {"--data-dir", "d"}).exit_code == 0);
    const auto second = test::run_kiosk_script(dir.path(), take + "wait-for A-002 10000\n", {"--data-dir", "d"});
    INFO(second.log);
    CHECK(second.exit_code == 0);
}
