// Outbox connections other than the owner's (sender, look-ups, kioskctl): no recovery, no repair, reads stay reads.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "kiosk/core/outbox.h"
#include "kiosk/core/server_queries.h"
#include "tests/support/process.h"

using namespace anjungan;

namespace {

const NumberingRules kRules{"KTM-MPP-01", ""};
const NewRequest kQueueRequest{"ANTRIAN", "A", {{"desk_service", "PPID"}}};

std::string file_bytes(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

std::vector<std::string> names_in(const std::string& dir) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    return names;
}

// The kiosk's storage owner with one request the sender has in flight.
struct InFlight {
    test::TempDir dir;
    SystemClock clock;
    std::string path = dir.path() + "/outbox.sqlite";
    std::unique_ptr<Outbox> owner = std::move(*Outbox::open(path, clock));
    OutboxRow row = *owner->enqueue(kQueueRequest, kRules);
    InFlight() { REQUIRE(owner->mark_sending(row.id)); }
    DeliveryState state() { return (*owner->find(row.reference))->state; }
};

}  // namespace

TEST_CASE_METHOD(InFlight, "A request in flight stays in flight while other connections open the outbox",
                 "[core][outbox]") {
    {
        auto shared = Outbox::open_shared(path, clock);
        REQUIRE(shared);
        CHECK(state() == DeliveryState::Sending);
        auto reader = Outbox::open_read_only(path, clock);
        REQUIRE(reader);
        // A visitor's status look-up reads the row as it is.
        const auto status = lookup_ticket_status(**reader, nullptr, "", row.reference);
        REQUIRE(status);
        CHECK(status->local.state == DeliveryState::Sending);
        CHECK((*reader)->counts()->sending == 1);
    }
    CHECK(state() == DeliveryState::Sending);
    // The owner's open at the next start is the one that queues it again (the Idempotency-Key prevents a duplicate).
    owner.reset();
    owner = std::move(*Outbox::open(path, clock));
    CHECK(state() == DeliveryState::Queued);
}

TEST_CASE_METHOD(InFlight, "A read-only connection cannot write and sees what the owner commits", "[core][outbox]") {
    auto opened = Outbox::open_read_only(path, clock);
    REQUIRE(opened);
    Outbox& reader = **opened;
    const auto refused = reader.enqueue(kQueueRequest, kRules);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::Permission);
    CHECK(reader.retry_now("").error().code == ErrorCode::Permission);
    CHECK_FALSE(reader.mark_delivered(row.id, "SR-1", ""));
    CHECK_FALSE(reader.erase_personal_fields(std::int64_t{1} << 40, {"desk_service"}));
    CHECK(state() == DeliveryState::Sending);
    // The owner's commits sit in the WAL until a checkpoint: the reader sees them all the same.
    const auto second = *owner->enqueue(kQueueRequest, kRules);
    CHECK((*reader.find(second.reference))->number == "A-002");
    CHECK(reader.counts()->queued == 1);
    CHECK(*reader.integrity_check() == "ok");
}

TEST_CASE("A read-only connection opens an outbox whose owner has closed it (no -wal or -shm left)",
          "[core][outbox]") {
    test::TempDir dir;
    SystemClock clock;
    const std::string path = dir.path() + "/outbox.sqlite";
    const auto row = *(*Outbox::open(path, clock))->enqueue(kQueueRequest, kRules);
    REQUIRE_FALSE(std::filesystem::exists(path + "-wal"));
    auto reader = Outbox::open_read_only(path, clock);
    REQUIRE(reader);
    CHECK((*(*reader)->find(row.reference))->number == "A-001");
    CHECK((*reader)->list(10)->size() == 1);
}

TEST_CASE("Other connections never create an outbox", "[core][outbox]") {
    test::TempDir dir;
    SystemClock clock;
    const std::string path = dir.path() + "/outbox.sqlite";
    for (const bool read_only : {false, true}) {
        INFO((read_only ? "read-only" : "shared"));
        const auto opened = read_only ? Outbox::open_read_only(path, clock) : Outbox::open_shared(path, clock);
        REQUIRE_FALSE(opened);
        CHECK(opened.error().code == ErrorCode::NotFound);
        CHECK(names_in(dir.path()).empty());
    }
}

TEST_CASE("A connection that finds the outbox unreadable reports it and leaves the file where it is",
          "[core][outbox]") {
    test::TempDir dir;
    SystemClock clock;
    const std::string path = dir.path() + "/outbox.sqlite";
    {
        std::ofstream junk(path, std::ios::binary);
        junk << std::string(8192, 'x');
    }
    const std::string before = file_bytes(path);
    for (const bool read_only : {false, true}) {
        INFO((read_only ? "read-only" : "shared"));
        const auto opened = read_only ? Outbox::open_read_only(path, clock) : Outbox::open_shared(path, clock);
        REQUIRE_FALSE(opened);
        CHECK(opened.error().code == ErrorCode::StorageCorrupt);
        CHECK(opened.error().message.find(path) != std::string::npos);
        CHECK(names_in(dir.path()) == std::vector<std::string>{"outbox.sqlite"});
        CHECK(file_bytes(path) == before);
    }
}
