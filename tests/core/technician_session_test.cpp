// Technician mode's state: opening, leaving, leaving by itself when idle, and when the status is gathered again.
#include <catch2/catch.hpp>

#include "kiosk/core/technician_session.h"

using namespace anjungan;
using namespace std::chrono_literals;

TEST_CASE("Technician mode opens for one technician and leaves on request", "[core][technician]") {
    TechnicianSession t(120s);
    const auto now = TechnicianSession::Clock::now();
    CHECK_FALSE(t.is_open());
    t.open("tech.budi-01", now);
    CHECK(t.is_open());
    CHECK(t.who() == "tech.budi-01");
    t.handle(tech_intent::Leave{}, now + 1s);
    CHECK_FALSE(t.is_open());
    CHECK(t.who().empty());
    CHECK_FALSE(t.next_change());
}

TEST_CASE("Technician mode leaves by itself after its idle timeout, and a touch keeps it open", "[core][technician]") {
    TechnicianSession t(120s);
    const auto now = TechnicianSession::Clock::now();
    t.open("PIN", now);
    t.touch(now + 100s);
    CHECK_FALSE(t.tick(now + 219s));
    CHECK(t.is_open());
    CHECK(t.tick(now + 220s));
    CHECK_FALSE(t.is_open());
    CHECK_FALSE(t.tick(now + 400s));  // already closed: nothing more to close
}

TEST_CASE("The status is gathered on opening, on request and every few seconds while open", "[core][technician]") {
    TechnicianSession t(120s);
    const auto now = TechnicianSession::Clock::now();
    CHECK_FALSE(t.take_refresh_request(now));  // closed: nothing to show
    t.open("tech.budi-01", now);
    CHECK(t.take_refresh_request(now));
    CHECK_FALSE(t.take_refresh_request(now + 1s));
    CHECK(t.next_change() == now + TechnicianSession::kStatusInterval);
    CHECK(t.take_refresh_request(now + TechnicianSession::kStatusInterval));
    t.handle(tech_intent::Refresh{}, now + 6s);
    CHECK(t.take_refresh_request(now + 6s));
    t.handle(tech_intent::Leave{}, now + 7s);
    CHECK_FALSE(t.take_refresh_request(now + 20s));
}

TEST_CASE("Technician mode opens on its status page, shows the page asked for, and opens on the status again",
          "[core][technician]") {
    TechnicianSession t(120s);
    const auto now = TechnicianSession::Clock::now();
    t.open("tech.budi-01", now);
    CHECK(t.page() == TechnicianPage::Status);
    t.handle(tech_intent::Show{TechnicianPage::Settings}, now + 100s);
    CHECK(t.page() == TechnicianPage::Settings);
    CHECK_FALSE(t.tick(now + 130s));  // showing a page is a touch
    CHECK(t.page() == TechnicianPage::Settings);
    t.handle(tech_intent::Leave{}, now + 2s);
    t.open("PIN", now + 3s);
    CHECK(t.page() == TechnicianPage::Status);
}

TEST_CASE("The update page asks for a listing when it opens and every few seconds while it is shown",
          "[core][technician]") {
    TechnicianSession t(120s);
    const auto now = TechnicianSession::Clock::now();
    t.open("tech.budi-01", now);
    CHECK_FALSE(t.take_bundle_listing_request(now));  // the status page lists nothing
    t.handle(tech_intent::Show{TechnicianPage::Update}, now + 1s);
    CHECK(t.take_bundle_listing_request(now + 1s));
    CHECK_FALSE(t.take_bundle_listing_request(now + 2s));
    CHECK(t.next_change() <= now + 1s + TechnicianSession::kBundleListingInterval);
    CHECK(t.take_bundle_listing_request(now + 1s + TechnicianSession::kBundleListingInterval));
    t.handle(tech_intent::Show{}, now + 4s);
    CHECK_FALSE(t.take_bundle_listing_request(now + 30s));
}

TEST_CASE("While an update installs, technician mode neither leaves nor changes page, and counts idle time after",
          "[core][technician]") {
    TechnicianSession t(120s);
    const auto now = TechnicianSession::Clock::now();
    t.open("tech.budi-01", now);
    t.handle(tech_intent::Show{TechnicianPage::Update}, now);
    t.set_busy(true, now);
    CHECK_FALSE(t.tick(now + 1000s));
    t.handle(tech_intent::Leave{}, now + 1001s);
    t.handle(tech_intent::Show{}, now + 1001s);
    t.open("tech.other-02", now + 1002s);  // a card scanned half way
    CHECK(t.is_open());
    CHECK(t.page() == TechnicianPage::Update);
    CHECK(t.who() == "tech.budi-01");
    t.set_busy(false, now + 1100s);
    CHECK_FALSE(t.tick(now + 1219s));
    CHECK(t.tick(now + 1220s));
    CHECK_FALSE(t.busy());
}

TEST_CASE("Technician pages keep their message, reprint reference and text size until a new page or leaving",
          "[core][technician]") {
    TechnicianSession t(120s);
    const auto now = TechnicianSession::Clock::now();
    t.open("tech.budi-01", now);
    t.handle(tech_intent::Show{TechnicianPage::Reprint}, now);
    t.handle(tech_intent::SetReprintReference{"KTM-MPP-01-20261201-A-001"}, now);
    t.show_message({"tech.msg.reprinting", {}, true, false});
    t.handle(tech_intent::LargeText{true}, now);
    CHECK(t.reprint_reference() == "KTM-MPP-01-20261201-A-001");
    CHECK(t.message());
    t.handle(tech_intent::Reprint{"KTM-MPP-01-20261201-A-001"}, now);  // the application's to do: nothing changes
    CHECK(t.page() == TechnicianPage::Reprint);
    CHECK(t.message());
    t.handle(tech_intent::Show{TechnicianPage::Status}, now);
    CHECK_FALSE(t.message());
    CHECK(t.large_text());
    t.handle(tech_intent::Leave{}, now);
    CHECK_FALSE(t.large_text());
    CHECK(t.reprint_reference().empty());
}
