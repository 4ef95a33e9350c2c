// The sender against the real Open311 test peer on loopback: delivery, retries with the same key, rejection.
#include <catch2/catch.hpp>

#include "kiosk/core/sender.h"
#include "tests/support/event_log.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/polling.h"
#include "tests/support/sender_fixture.h"

using namespace anjungan;
using namespace std::chrono_literals;
using test::eventually;

TEST_CASE("Requests queued while no server runs are each delivered once it starts", "[core][sender]") {
    test::OutboxRig rig;
    for (const char* desk : {"LAPOR", "PPID", "KONSULTASI"}) rig.queue(desk);

    test::Open311Peer peer;
    Sender sender(rig.path, test::sender_settings(peer), rig.clock, nullptr);
    REQUIRE(sender.start());
    REQUIRE(eventually([&] { return rig.outbox->counts()->delivered == 3; }));

    const auto received = peer.received();
    REQUIRE(received.size() == 3);
    CHECK(received[0]["params"]["service_code"] == "ANTRIAN");
    CHECK(received[0]["params"]["device_id"] == "KTM-MPP-01");
    CHECK(received[0]["params"]["address_string"] == "MPP Habaring Hurung, Sampit");
    CHECK(received[0]["params"]["attribute[desk_service]"] == "LAPOR");
    CHECK(received[2]["params"]["attribute[desk_service]"] == "KONSULTASI");
    for (const auto& r : received) CHECK(r["idempotency_key"] == r["params"]["attribute[kiosk_reference]"]);
    CHECK(peer.ledger()["duplicates"] == 0);
    const auto rows = *rig.outbox->list(10);
    for (const auto& row : rows) CHECK_FALSE(row.server_id.empty());
}

TEST_CASE("A 503 is retried with the same Idempotency-Key and a 400 is rejected", "[core][sender]") {
    test::OutboxRig rig;
    test::Open311Peer peer;
    peer.set_fault("status_503", 1);
    const auto first = rig.queue("PPID");

    test::EventLog<DeliveryEvent> events;
    Sender sender(rig.path, test::sender_settings(peer), rig.clock, events.sink());
    REQUIRE(sender.start());
    REQUIRE(eventually([&] { return rig.is(first, DeliveryState::Delivered); }));
    const auto row = rig.row(first);
    CHECK(row.attempts == 2);
    const auto received = peer.received();
    REQUIRE(received.size() == 2);
    CHECK(received[0]["idempotency_key"] == received[1]["idempotency_key"]);

    peer.set_fault("status_400", 1);
    const auto second = rig.queue("PPID");
    sender.wake();
    REQUIRE(eventually([&] { return rig.is(second, DeliveryState::Rejected); }));
    CHECK(rig.row(second).last_error.find("HTTP 400") == 0);
    // The event follows the database write, so wait for it rather than assume it is there already.
    CHECK(eventually([&] { return events.all().size() == 3; }));
}

TEST_CASE("Retry delays grow exponentially with jitter, are capped, and honour Retry-After", "[core][sender]") {
    CHECK(retry_delay_s(1, std::nullopt, 300, 1.0) == 1);
    CHECK(retry_delay_s(4, std::nullopt, 300, 1.0) == 8);
    CHECK(retry_delay_s(4, std::nullopt, 300, 0.0) == 4);
    CHECK(retry_delay_s(30, std::nullopt, 300, 1.0) == 300);
    CHECK(retry_delay_s(1, 120L, 300, 0.5) == 120);
}
