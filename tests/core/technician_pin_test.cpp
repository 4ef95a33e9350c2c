// The technician PIN pad's state: one check at a time, answers, a lockout that disables the keys until it ends
// (also across leaving and opening the pad again), and leaving by itself when untouched.
#include <catch2/catch.hpp>

#include "kiosk/core/technician_pin.h"

using namespace anjungan;
using namespace std::chrono_literals;
using Kind = PinAnswer::Kind;

TEST_CASE("The PIN pad checks one PIN at a time and shows the answer", "[core][technician]") {
    TechnicianPinPad pad(120s);
    const auto now = TechnicianPinPad::Clock::now();
    CHECK_FALSE(pad.submit(now));  // closed
    pad.open(now);
    CHECK(pad.accepts_keys(now));
    CHECK(pad.submit(now + 1s));
    CHECK(pad.checking());
    CHECK_FALSE(pad.accepts_keys(now + 1s));
    CHECK_FALSE(pad.submit(now + 1s));  // the first check is still running
    pad.answered({Kind::Wrong, 4}, now + 2s);
    CHECK(pad.answer().kind == Kind::Wrong);
    CHECK(pad.answer().tries_left == 4);
    CHECK(pad.accepts_keys(now + 2s));
    pad.close();
    pad.open(now + 3s);
    CHECK(pad.answer().kind == Kind::None);  // an old wrong PIN is no news when the pad opens again
}

TEST_CASE("A locked PIN pad takes no PIN until the lockout ends, even after it was left", "[core][technician]") {
    TechnicianPinPad pad(120s);
    const auto now = TechnicianPinPad::Clock::now();
    pad.open(now);
    REQUIRE(pad.submit(now));
    pad.answered({Kind::Locked, 0, 1'800'000'300, 300s}, now + 1s);
    CHECK(pad.locked(now + 1s));
    CHECK_FALSE(pad.accepts_keys(now + 100s));
    CHECK_FALSE(pad.submit(now + 100s));
    CHECK(pad.next_change() == now + 120s);  // the idle timeout comes before the lockout's end
    pad.close();
    pad.open(now + 200s);
    CHECK(pad.answer().kind == Kind::Locked);
    CHECK(pad.answer().retry_at == 1'800'000'300);
    CHECK(pad.next_change() == now + 301s);
    CHECK_FALSE(pad.tick(now + 300s));
    CHECK(pad.locked(now + 300s));
    CHECK_FALSE(pad.tick(now + 301s));
    CHECK_FALSE(pad.locked(now + 301s));
    CHECK(pad.answer().kind == Kind::None);
    CHECK(pad.accepts_keys(now + 301s));
}

TEST_CASE("The PIN pad leaves by itself when untouched, but not while a PIN is being checked", "[core][technician]") {
    TechnicianPinPad pad(120s);
    const auto now = TechnicianPinPad::Clock::now();
    pad.open(now);
    CHECK(pad.next_change() == now + 120s);
    pad.touch(now + 60s);
    CHECK_FALSE(pad.tick(now + 179s));
    CHECK(pad.is_open());
    CHECK(pad.tick(now + 180s));
    CHECK_FALSE(pad.is_open());
    CHECK_FALSE(pad.next_change());

    pad.open(now + 200s);
    REQUIRE(pad.submit(now + 200s));
    CHECK_FALSE(pad.tick(now + 400s));  // the answer is on its way
    pad.answered({Kind::NoPin}, now + 400s);
    CHECK(pad.tick(now + 400s));
}
