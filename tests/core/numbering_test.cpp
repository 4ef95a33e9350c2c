// Ticket numbers as visitors type them are read back in the kiosk's own form.
#include <catch2/catch.hpp>

#include "kiosk/core/numbering.h"

using namespace anjungan;

TEST_CASE("A typed ticket number is read with or without its dash, in any case", "[core][numbering]") {
    CHECK(normalise_ticket_number("L-001") == "L-001");
    CHECK(normalise_ticket_number("l-001") == "L-001");
    CHECK(normalise_ticket_number("L001") == "L-001");
    CHECK(normalise_ticket_number(" l 1 ") == "L-001");
    CHECK(normalise_ticket_number("a-1234") == "A-1234");
    CHECK(normalise_ticket_number("2a001") == "2A-001");  // a kiosk prefix stays
}

TEST_CASE("Text that cannot be a ticket number is not read as one", "[core][numbering]") {
    CHECK_FALSE(normalise_ticket_number(""));
    CHECK_FALSE(normalise_ticket_number("001"));
    CHECK_FALSE(normalise_ticket_number("L"));
    CHECK_FALSE(normalise_ticket_number("L-00A"));
    CHECK_FALSE(normalise_ticket_number("L/001"));
    CHECK_FALSE(normalise_ticket_number("KTM-MPP-01-20261129-A-001"));
    CHECK_FALSE(normalise_ticket_number("L-1234567"));
}
