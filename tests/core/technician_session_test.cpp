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
