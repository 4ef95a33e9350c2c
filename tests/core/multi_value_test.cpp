// Multi-value answers: split, joined and toggled in one place.
#include <catch2/catch.hpp>

#include "kiosk/core/multi_value.h"

using namespace anjungan;

TEST_CASE("A multi-value answer splits into its keys, dropping empty items", "[core][multi_value]") {
    CHECK(split_multi_value("see,softcopy") == std::vector<std::string>{"see", "softcopy"});
    CHECK(split_multi_value(",see,,softcopy,") == std::vector<std::string>{"see", "softcopy"});
    CHECK(split_multi_value("").empty());
    CHECK(join_multi_value({"see", "note"}) == "see,note");
    CHECK(multi_value_has("see,softcopy", "softcopy"));
    CHECK_FALSE(multi_value_has("see,softcopy", "soft"));
    CHECK_FALSE(multi_value_has("", ""));
}

TEST_CASE("Toggling a key adds it at the end or removes it, keeping the others' order", "[core][multi_value]") {
    CHECK(toggle_multi_value("", "see") == "see");
    CHECK(toggle_multi_value("see", "softcopy") == "see,softcopy");
    CHECK(toggle_multi_value("see,softcopy,note", "softcopy") == "see,note");
    CHECK(toggle_multi_value("see", "see").empty());
}
