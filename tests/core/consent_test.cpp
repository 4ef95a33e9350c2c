// The consent text is versioned: its archive in assets/consent/ matches what the screen shows, hashed as shown.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "kiosk/core/consent.h"
#include "tests/support/process.h"

using namespace anjungan;

TEST_CASE("The consent text shown in each language is the archived text of the current version",
          "[core][consent]") {
    auto tr = Translations::load(TEST_ASSET_DIR "/i18n", {"id", "en"});
    REQUIRE(tr);
    const auto version = load_consent_version(TEST_ASSET_DIR);
    REQUIRE(version);
    for (const std::string language : {"id", "en"}) {
        INFO("a changed consent text needs a new version in assets/consent/ (see its README)");
        const std::string archived = test::read_text_file(consent_archive_path(TEST_ASSET_DIR, *version, language));
        CHECK(archived == consent_template(*tr, language));
    }
    CHECK(load_consent_versions(TEST_ASSET_DIR, *tr, default_config()));
}

TEST_CASE("The consent version names the version and language and hashes the exact text shown", "[core][consent]") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    auto tr = Translations::load(TEST_ASSET_DIR "/i18n", {"id", "en"});
    REQUIRE(tr);
    Config config = default_config();
    const auto versions = load_consent_versions(TEST_ASSET_DIR, *tr, config);
    REQUIRE(versions);
    const std::string shown = consent_text(*tr, "en", config);
    CHECK_THAT(shown, Catch::Contains(std::to_string(config.personal_data_days) + " days") &&
                          Catch::Contains(config.office_name));
    CHECK(versions->at("en") == *load_consent_version(TEST_ASSET_DIR) + "/en sha256:" + sha256_hex(shown));
    config.personal_data_days = 30;  // another office's retention is another text
    CHECK((*load_consent_versions(TEST_ASSET_DIR, *tr, config)).at("en") != versions->at("en"));
}

TEST_CASE("A consent text changed without a new version is refused", "[core][consent]") {
    test::TempDir assets;
    std::filesystem::copy(TEST_ASSET_DIR "/consent", assets.path() + "/consent");
    std::filesystem::copy(TEST_ASSET_DIR "/i18n", assets.path() + "/i18n");
    auto tr = Translations::load(assets.path() + "/i18n", {"id", "en"});
    REQUIRE(tr);
    REQUIRE(load_consent_versions(assets.path(), *tr, default_config()));
    std::string id = test::read_text_file(assets.path() + "/i18n/id.json");
    const std::string tick = tr->get("id", "consent.tick");
    id.replace(id.find(tick), tick.size(), tick + " dan dibagikan");
    std::ofstream(assets.path() + "/i18n/id.json") << id;
    auto changed = Translations::load(assets.path() + "/i18n", {"id", "en"});
    REQUIRE(changed);
    const auto refused = load_consent_versions(assets.path(), *changed, default_config());
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains("new version"));
}
