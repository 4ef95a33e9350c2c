// A real SQLite outbox with a damaged index page or table page: repaired, every readable request delivered once.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "kiosk/core/sender.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/polling.h"
#include "tests/support/process.h"
#include "tests/support/sender_fixture.h"

using namespace anjungan;
using namespace std::chrono_literals;
using test::eventually;

namespace {

constexpr int kDelivered = 5;   // delivered before the damage
constexpr int kQueued = 75;     // still waiting when the disk is damaged
constexpr std::size_t kPageSize = 4096;

struct Damaged {
    test::Open311Peer peer;
    test::TempDir dir;
    test::SteppableClock clock;
    std::string path = dir.path() + "/outbox.sqlite";
    std::vector<OutboxRow> issued;  // every request the kiosk numbered, delivered or not

    // kDelivered requests delivered to the peer, then kQueued more queued; every connection closed after.
    void fill() {
        auto opened = Outbox::open(path, clock);
        REQUIRE(opened);
        auto outbox = std::move(*opened);
        const auto add = [&] {
            // A field long enough that the rows fill several table pages.
            auto row = outbox->enqueue({"ANTRIAN", "A", {{"desk_service", "PPID"}, {"note", std::string(120, 'n')}}},
                                       test::kKioskRules);
            REQUIRE(row);
            issued.push_back(*row);
        };
        for (int i = 0; i < kDelivered; ++i) add();
        {
            Sender sender(path, test::fast_sender_settings(peer), clock, nullptr);
            REQUIRE(sender.start());
            REQUIRE(eventually([&] { return outbox->counts()->delivered == kDelivered; }));
        }
        for (int i = 0; i < kQueued; ++i) add();
    }

    int page_count() const { return static_cast<int>(std::filesystem::file_size(path) / kPageSize); }

    std::string page(int number) const {
        std::ifstream file(path, std::ios::binary);
        file.seekg(static_cast<std::streamoff>((number - 1) * kPageSize));
        std::string bytes(kPageSize, '\0');
        file.read(bytes.data(), kPageSize);
        return bytes;
    }

    // Overwrites the last `bytes` of a page (where SQLite keeps the cells), or all of it.
    void overwrite_page(int number, std::size_t bytes = kPageSize) const {
        std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
        file.seekp(static_cast<std::streamoff>(number * kPageSize - bytes));
        const std::string garbage(bytes, '\xa5');
        file.write(garbage.data(), static_cast<std::streamsize>(bytes));
    }

    // The root page of an index or table, as the schema records it.
    int root_page(const std::string& name) const {
        auto db = sql::Database::open(path);
        auto q = db->prepare("SELECT rootpage FROM sqlite_master WHERE name = ?1");
        q->bind(1, name);
        REQUIRE(*q->step());
        return static_cast<int>(q->integer(0));
    }

    // A table leaf page (b-tree page type 13) holding requests, not the first one.
    int request_leaf_page() const {
        std::vector<int> leaves;
        for (int n = 2; n <= page_count(); ++n) {
            const std::string bytes = page(n);
            if (bytes[0] == 0x0d && bytes.find("desk_service") != std::string::npos) leaves.push_back(n);
        }
        REQUIRE(leaves.size() >= 3);
        return leaves[1];
    }

    // Opens the damaged file as the kiosk does, delivers whatever it holds, and checks the end state: each request
    // still in the outbox exists exactly once on the server, and a new number repeats none already issued.
    std::unique_ptr<Outbox> recover_and_deliver() {
        auto opened = Outbox::open(path, clock);
        REQUIRE(opened);
        auto outbox = std::move(*opened);
        INFO(outbox->recovery().action);
        CHECK(outbox->recovered_from_corruption());
        CHECK(*outbox->integrity_check() == "ok");
        {
            Sender sender(path, test::fast_sender_settings(peer), clock, nullptr);
            REQUIRE(sender.start());
            REQUIRE(eventually([&] {
                const auto c = *outbox->counts();
                return c.queued + c.sending + c.rejected == 0;
            }, 20s));
        }
        const auto rows = *outbox->list(1000);
        const auto ledger = peer.ledger();
        std::set<std::string> numbers;
        for (const auto& row : issued) numbers.insert(row.number);
        for (const auto& row : rows) {
            CHECK(row.state == DeliveryState::Delivered);
            CHECK(ledger["keys"][row.reference] == 1);  // one POST each: none sent twice, none lost
        }
        CHECK(ledger["duplicates"] == 0);
        const auto next = outbox->enqueue({"ANTRIAN", "A", {{"desk_service", "PPID"}}}, test::kKioskRules);
        REQUIRE(next);
        CHECK(numbers.count(next->number) == 0);
        return outbox;
    }
};

}  // namespace

TEST_CASE_METHOD(Damaged, "A damaged index page is repaired without losing a request, and every one is delivered once",
                 "[core][outbox]") {
    // Cells garbled with the page header intact: REINDEX rebuilds the index in place. The whole page garbled:
    // REINDEX cannot free it, so the rows are copied into a rebuilt file, all of them.
    const bool whole_page = GENERATE(false, true);
    INFO((whole_page ? "whole page" : "cells only"));
    fill();
    overwrite_page(root_page("requests_due"), whole_page ? kPageSize : kPageSize / 2);

    const auto outbox = recover_and_deliver();
    CHECK(outbox->recovery().complete);
    CHECK(outbox->recovery().moved_to.empty() == !whole_page);
    CHECK(outbox->counts()->delivered == kDelivered + kQueued);
    CHECK(peer.ledger()["requests"] == kDelivered + kQueued);
    // Nothing was lost, so numbering simply goes on.
    CHECK(outbox->find(issued.back().reference)->has_value());
    CHECK((*outbox->list(1))[0].number == "A-081");  // after the 80 issued
}

TEST_CASE_METHOD(Damaged, "A damaged table page costs only its own rows: the rest are copied out and delivered once",
                 "[core][outbox]") {
    fill();
    overwrite_page(request_leaf_page());

    const auto outbox = recover_and_deliver();
    const auto& recovery = outbox->recovery();
    CHECK_FALSE(recovery.complete);
    // The damaged file is kept for the technician, beside the outbox.
    REQUIRE_FALSE(recovery.moved_to.empty());
    CHECK(std::filesystem::exists(recovery.moved_to));
    CHECK(recovery.moved_to.rfind(path + ".corrupt-", 0) == 0);
    const int kept = recovery.requests_recovered;
    CHECK(kept < kDelivered + kQueued);
    CHECK(kept >= kDelivered + kQueued - 40);  // one page holds a few dozen rows at most
    CHECK(outbox->counts()->delivered == kept);
    // Requests from the pages still readable, queued before the damage, reached the server now.
    int delivered_after = 0;
    for (std::size_t i = kDelivered; i < issued.size(); ++i)
        delivered_after += outbox->find(issued[i].reference)->has_value() ? 1 : 0;
    CHECK(delivered_after > 0);
    CHECK(peer.ledger()["requests"] >= delivered_after);
    // Numbers lost with the page may have been printed: new ones jump past them by the margin.
    CHECK((*outbox->list(1))[0].sequence > kDelivered + kQueued + Outbox::kRecoveryMargin - 1);
}

TEST_CASE("The outbox file and its folder's files are private to the kiosk user", "[core][outbox]") {
    test::TempDir dir;
    test::SteppableClock clock;
    const std::string path = dir.path() + "/outbox.sqlite";
    {
        std::ofstream(path) << "";
        std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                               std::filesystem::perms::group_read | std::filesystem::perms::others_read);
    }
    auto outbox = Outbox::open(path, clock);
    REQUIRE(outbox);
    REQUIRE((*outbox)->enqueue({"ANTRIAN", "A", {{"desk_service", "PPID"}}}, test::kKioskRules));
    for (const char* suffix : {"", "-wal", "-shm"}) {
        INFO(suffix);
        const auto perms = std::filesystem::status(path + suffix).permissions();
        CHECK((perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) ==
              std::filesystem::perms::none);
    }
}
