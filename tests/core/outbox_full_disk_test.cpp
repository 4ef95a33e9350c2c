// The data partition full (a tiny real tmpfs): commits refused as StorageFull, nothing earlier lost, recovery by itself.
#include <catch2/catch.hpp>


#include <filesystem>
#include <optional>
#include <thread>

#include "kiosk/core/sender.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/polling.h"
#include "tests/support/process.h"
#include "tests/support/sender_fixture.h"
#include "tests/support/tiny_partition.h"

using namespace anjungan;
using namespace std::chrono_literals;
using test::eventually;

namespace {

NewRequest lapor_request(int i) {
    // A complaint with a chronology long enough that every commit needs new pages.
    return {"LAPOR", "L", {{"full_name", "Siti Nur'aini"}, {"chronology", std::string(1500, 'a' + i % 26)}}};
}

}  // namespace

TEST_CASE("A full data partition refuses new requests plainly, keeps every earlier one and recovers by itself",
          "[core][outbox][disk]") {
    test::TinyPartition partition;
    if (!partition.mounted()) return;
    test::Open311Peer peer;
    test::SteppableClock clock;
    const std::string path = partition.dir.path() + "/outbox.sqlite";
    auto opened = Outbox::open(path, clock);
    REQUIRE(opened);
    Outbox& outbox = **opened;
    std::vector<OutboxRow> earlier;
    for (int i = 0; i < 10; ++i) earlier.push_back(*outbox.enqueue(lapor_request(i), test::kKioskRules));
    CHECK_FALSE(outbox.storage_full());

    // The partition fills while the sender waits for the server's answer to the oldest request.
    peer.set_fault("hang", 1, 1, 1500);
    auto settings = test::fast_sender_settings(peer);
    settings.http.total_timeout_ms = 10000;
    settings.http.low_speed_time_s = 10;
    Sender sender(path, settings, clock, nullptr);
    REQUIRE(sender.start());
    REQUIRE(eventually([&] { return (*outbox.find(earlier[0].reference))->state == DeliveryState::Sending; }));
    partition.fill();

    // Pages SQLite already holds may take a commit or two; then every commit is refused, and says why.
    std::optional<Error> refused;
    for (int i = 0; i < 50 && !refused; ++i) {
        auto row = outbox.enqueue(lapor_request(i), test::kKioskRules);
        if (row) earlier.push_back(*row);
        else refused = row.error();
    }
    REQUIRE(refused);
    INFO(refused->message);
    CHECK(refused->code == ErrorCode::StorageFull);
    CHECK(outbox.storage_full());
    for (int i = 0; i < 3; ++i) CHECK(outbox.enqueue(lapor_request(i), test::kKioskRules).error().code == ErrorCode::StorageFull);
    for (const auto& row : earlier) CHECK((*outbox.find(row.reference))->fields == row.fields);

    // The server created the oldest request, but the sender cannot store that yet: it sends nothing meanwhile.
    REQUIRE(eventually([&] { return peer.ledger()["requests"] == 1; }, 5s));
    std::this_thread::sleep_for(1500ms);
    CHECK(peer.ledger()["requests"] == 1);
    CHECK((*outbox.find(earlier[0].reference))->state == DeliveryState::Sending);

    partition.free_space();
    const auto next = outbox.enqueue(lapor_request(0), test::kKioskRules);
    REQUIRE(next);
    CHECK_FALSE(outbox.storage_full());
    // No number was used by the refused attempts, and none is reused.
    CHECK(next->sequence == earlier.back().sequence + 1);
    earlier.push_back(*next);
    sender.wake();
    // The stored outcome first, then the rest: none posted twice.
    REQUIRE(eventually([&] { return outbox.counts()->delivered == static_cast<int>(earlier.size()); }, 20s));
    CHECK(*outbox.integrity_check() == "ok");
    const auto ledger = peer.ledger();
    CHECK(ledger["requests"] == earlier.size());
    CHECK(ledger["duplicates"] == 0);
    for (const auto& row : earlier) {
        CHECK(ledger["keys"][row.reference] == 1);  // one POST each: none sent twice, none lost
        CHECK((*outbox.find(row.reference))->state == DeliveryState::Delivered);
    }
}
