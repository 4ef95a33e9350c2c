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

    void write_page(int number, const std::string& bytes) const {
        std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
        file.seekp(static_cast<std::streamoff>((number - 1) * kPageSize));
        file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    void overwrite_page(int number) const { write_page(number, std::string(kPageSize, '\xa5')); }

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
    // `replaced`: open() must find the damage and rebuild the file (otherwise the sender's index check repairs it).
    std::unique_ptr<Outbox> recover_and_deliver(bool replaced) {
        auto opened = Outbox::open(path, clock);
        REQUIRE(opened);
        auto outbox = std::move(*opened);
        INFO(outbox->recovery().action);
        CHECK(outbox->recovered_from_corruption() == replaced);
        {
            Sender sender(path, test::fast_sender_settings(peer), clock, nullptr);
            REQUIRE(sender.start());
            REQUIRE(eventually([&] {
                const auto c = *outbox->counts();
                return c.queued + c.sending + c.rejected == 0;
            }, 20s));
        }
        CHECK(*outbox->integrity_check() == "ok");
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

TEST_CASE_METHOD(Damaged, "An index page with wrong entries is rebuilt by REINDEX and every request is delivered once",
                 "[core][outbox]") {
    fill();
    // Three entries of the delivery index changed in place: the page is well formed, so open()'s quick check
    // passes, but the sender's query would never see those three requests.
    const int index_page = root_page("requests_due");
    std::string bytes = page(index_page);
    for (int changed = 0; changed < 3; ++changed) bytes.replace(bytes.find("queued"), 6, "queuex");
    write_page(index_page, bytes);

    const auto outbox = recover_and_deliver(/*replaced=*/false);
    CHECK(outbox->counts()->delivered == kDelivered + kQueued);
    CHECK(peer.ledger()["requests"] == kDelivered + kQueued);
    CHECK((*outbox->list(1))[0].number == "A-081");  // nothing lost: numbering simply goes on after the 80
    // The technician's tool sees the repair too (the sender made it; kioskctl's own check finds nothing left).
    CHECK_FALSE(*outbox->repair_indexes());
}

TEST_CASE_METHOD(Damaged, "A garbled index page is rebuilt from the table without losing a request", "[core][outbox]") {
    fill();
    overwrite_page(root_page("requests_due"));

    // REINDEX cannot free a page it cannot read, so the rows are copied into a rebuilt file, all of them.
    const auto outbox = recover_and_deliver(/*replaced=*/true);
    CHECK(outbox->recovery().complete);
    CHECK(std::filesystem::exists(outbox->recovery().moved_to));
    CHECK(outbox->counts()->delivered == kDelivered + kQueued);
    CHECK(peer.ledger()["requests"] == kDelivered + kQueued);
    CHECK((*outbox->list(1))[0].number == "A-081");
}

TEST_CASE_METHOD(Damaged, "A damaged table page costs only its own rows: the rest are copied out and delivered once",
                 "[core][outbox]") {
    fill();
    overwrite_page(request_leaf_page());

    const auto outbox = recover_and_deliver(/*replaced=*/true);
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
