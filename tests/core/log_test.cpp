// The log keeps its last lines for the technician screen: newest first, with their time and level, a bounded number.
#include <catch2/catch.hpp>

#include "kiosk/core/log.h"

using namespace anjungan;
using Catch::Matchers::EndsWith;

TEST_CASE("The log's recent lines come newest first with their level, and only the last few are kept", "[core][log]") {
    log::info("first line");
    log::warn("second line");
    log::error("third line");
    const auto lines = log::recent_lines(3);
    REQUIRE(lines.size() == 3);
    CHECK_THAT(lines[0], EndsWith("  error: third line"));
    CHECK_THAT(lines[1], EndsWith("  warning: second line"));
    CHECK_THAT(lines[2], EndsWith("  first line"));
    CHECK(lines[2].size() == std::string("12:34:56  first line").size());  // HH:MM:SS, two spaces, the message
    for (std::size_t i = 0; i < log::kKeptLines + 10; ++i) log::info("filler " + std::to_string(i));
    const auto kept = log::recent_lines(log::kKeptLines * 2);
    CHECK(kept.size() == log::kKeptLines);
    CHECK_THAT(kept.front(), EndsWith("filler " + std::to_string(log::kKeptLines + 9)));
}
