// The sender against the real Open311 test peer on loopback: delivery, retries with the same key, rejection.
#include <catch2/catch.hpp>

#include <thread>

#include "kiosk/core/sender.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/process.h"

using namespace anjungan;
using namespace std::chrono_literals;

namespace {

const NumberingRules kRules{"KTM-MPP-01", ""};

SenderSettings settings_for(const test::Open311Peer& peer) {
    SenderSettings s;
    s.server_url = peer.base_url();
    s.open311 = {"KTM-MPP-01", "MPP Habaring Hurung, Sampit", ""};
    s.http.ca_file = peer.ca_file();
    return s;
}

// Polls until `done` or the time runs out.
template <class F>
bool eventually(F done, std::chrono::milliseconds limit = 10s) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (done()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return done();
}

}  // namespace

TEST_CASE("Requests queued while no server runs are each delivered once it starts", "[core][sender]") {
    test::TempDir dir;
    SystemClock clock;
    const std::string path = dir.path() + "/outbox.sqlite";
    auto outbox = Outbox::open(path, clock);
    REQUIRE(outbox);
    for (const char* desk : {"LAPOR", "PPID", "KONSULTASI"})
        REQUIRE((*outbox)->enqueue({"ANTRIAN", "A", {{"desk_service", desk}}}, kRules));

    test::Open311Peer peer;
    Sender sender(path, settings_for(peer), clock, nullptr);
    REQUIRE(sender.start());
    REQUIRE(eventually([&] { return (*outbox)->counts()->delivered == 3; }));

    const auto received = peer.received();
    REQUIRE(received.size() == 3);
    CHECK(received[0]["params"]["service_code"] == "ANTRIAN");
    CHECK(received[0]["params"]["device_id"] == "KTM-MPP-01");
    CHECK(received[0]["params"]["address_string"] == "MPP Habaring Hurung, Sampit");
    CHECK(received[0]["params"]["attribute[desk_service]"] == "LAPOR");
    CHECK(received[2]["params"]["attribute[desk_service]"] == "KONSULTASI");
    for (const auto& r : received) CHECK(r["idempotency_key"] == r["params"]["attribute[kiosk_reference]"]);
    CHECK(peer.ledger()["duplicates"] == 0);
    const auto rows = *(*outbox)->list(10);
    for (const auto& row : rows) CHECK_FALSE(row.server_id.empty());
}

TEST_CASE("A 503 is retried with the same Idempotency-Key and a 400 is rejected", "[core][sender]") {
    test::TempDir dir;
    SystemClock clock;
    const std::string path = dir.path() + "/outbox.sqlite";
    auto outbox = Outbox::open(path, clock);
    REQUIRE(outbox);
    test::Open311Peer peer;
    peer.set_fault("status_503", 1);
    const auto first = *(*outbox)->enqueue({"ANTRIAN", "A", {{"desk_service", "PPID"}}}, kRules);

    std::vector<DeliveryEvent> events;
    std::mutex mutex;
    Sender sender(path, settings_for(peer), clock, [&](const DeliveryEvent& e) {
        std::lock_guard lock(mutex);
        events.push_back(e);
    });
    REQUIRE(sender.start());
    REQUIRE(eventually([&] { return (*(*outbox)->find(first.reference))->state == DeliveryState::Delivered; }));
    const auto row = **(*outbox)->find(first.reference);
    CHECK(row.attempts == 2);
    const auto received = peer.received();
    REQUIRE(received.size() == 2);
    CHECK(received[0]["idempotency_key"] == received[1]["idempotency_key"]);

    peer.set_fault("status_400", 1);
    const auto second = *(*outbox)->enqueue({"ANTRIAN", "A", {{"desk_service", "PPID"}}}, kRules);
    sender.wake();
    REQUIRE(eventually([&] { return (*(*outbox)->find(second.reference))->state == DeliveryState::Rejected; }));
    CHECK((*(*outbox)->find(second.reference))->last_error.find("HTTP 400") == 0);
    // The event follows the database write, so wait for it rather than assume it is there already.
    CHECK(eventually([&] {
        std::lock_guard lock(mutex);
        return events.size() == 3;
    }));
}

TEST_CASE("Retry delays grow exponentially with jitter, are capped, and honour Retry-After", "[core][sender]") {
    CHECK(retry_delay_s(1, std::nullopt, 300, 1.0) == 1);
    CHECK(retry_delay_s(4, std::nullopt, 300, 1.0) == 8);
    CHECK(retry_delay_s(4, std::nullopt, 300, 0.0) == 4);
    CHECK(retry_delay_s(30, std::nullopt, 300, 1.0) == 300);
    CHECK(retry_delay_s(1, 120L, 300, 0.5) == 120);
}
