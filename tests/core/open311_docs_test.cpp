// The integrator's list of attributes (docs/open311-attributes.md) names everything a server can receive.
#include <catch2/catch.hpp>

#include "kiosk/core/catalogue.h"
#include "kiosk/core/request_facts.h"
#include "kiosk/core/services.h"
#include "tests/support/process.h"

using namespace anjungan;

TEST_CASE("The attribute list for integrators names every attribute and service the kiosk sends", "[core][open311]") {
    const std::string docs = test::read_text_file(TEST_SOURCE_DIR "/docs/open311-attributes.md");
    const auto catalogue = load_catalogue(TEST_ASSET_DIR "/services.json");
    REQUIRE(catalogue);
    for (const auto& service : catalogue->services) {
        CHECK_THAT(docs, Catch::Contains("### `" + service.code + "`"));
        for (const auto& a : service.attributes) CHECK_THAT(docs, Catch::Contains("attribute[" + a.code + "]"));
    }
    for (const auto& service : services::all()) CHECK_THAT(docs, Catch::Contains("### `" + std::string(service.code) + "`"));
    for (const char* added : {facts::kSubmittedAt, facts::kClockSynced, facts::kLanguage, facts::kConsentAt,
                              facts::kConsentVersion, facts::kAnswerDue, facts::kAnswerDueExtended, "kiosk_reference"})
        CHECK_THAT(docs, Catch::Contains("attribute[" + std::string(added) + "]"));
}
