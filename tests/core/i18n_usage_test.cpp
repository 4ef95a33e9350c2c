// Every translation key the code asks for exists, and every key in the catalogues is asked for by the code.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>

#include "kiosk/core/catalogue.h"
#include "kiosk/core/config.h"
#include "kiosk/core/form_text.h"
#include "kiosk/core/i18n.h"
#include "tests/support/process.h"

using namespace anjungan;
namespace fs = std::filesystem;

namespace {

// String literals in the application's sources that look like translation keys ("a.b", or "a." prefixes).
std::set<std::string> literals_in_sources(const std::set<std::string>& families) {
    std::set<std::string> out;
    static const std::regex literal(R"re("([a-z_]+\.[A-Za-z0-9_.]*)")re");
    for (const char* dir : {"screens", "kiosk/app", "kiosk/core"}) {
        for (const auto& f : fs::recursive_directory_iterator(fs::path(TEST_SOURCE_DIR) / dir)) {
            if (f.path().extension() != ".cpp" && f.path().extension() != ".h") continue;
            const std::string text = anjungan::test::read_text_file(f.path());
            for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) {
                const std::string key = (*it)[1];
                const bool config_key = std::any_of(config_keys().begin(), config_keys().end(),
                                                    [&](const ConfigKey& k) { return key == k.name; });
                if (families.count(key.substr(0, key.find('.'))) && !config_key) out.insert(key);
            }
        }
    }
    return out;
}

}  // namespace

TEST_CASE("No translation is missing and none is unused", "[core][i18n]") {
    auto tr = Translations::load(TEST_ASSET_DIR "/i18n", {"id", "en"});
    REQUIRE(tr);
    auto catalogue = load_catalogue(TEST_ASSET_DIR "/services.json");
    REQUIRE(catalogue);
    const auto keys = tr->keys("id");
    std::set<std::string> families;
    for (const auto& k : keys) families.insert(k.substr(0, k.find('.')));
    const auto literals = literals_in_sources(families);

    std::set<std::string> prefixes, expected;
    for (const auto& l : literals) {
        if (l.back() == '.') prefixes.insert(l);
        else expected.insert(l);
    }
    // Keys built from data: one per service, attribute, list value, delivery and printer state.
    for (const auto& s : catalogue->services) {
        for (const char* part : {".name", ".short"}) expected.insert("service." + s.code + part);
        for (const char* part : {".what", ".prepare", ".duration", ".deadline_heading"})
            expected.insert("intro." + s.code + part);
        // LAPOR!'s handling times are what the office commits to: configuration text (office.lapor_handling_*).
        if (s.code != "LAPOR") expected.insert("intro." + s.code + ".deadline");
        expected.insert("ticket.next." + s.code);
    }
    for (const char* state : {"queued", "sending", "delivered", "rejected"}) expected.insert(std::string("status.") + state);
    for (const char* state : {"unknown", "ready", "printing", "paper_low", "paper_out", "offline", "error"})
        expected.insert(std::string("printer.") + state);

    for (const auto& key : expected) {
        INFO("missing translation: " << key);
        CHECK(tr->has("id", key));
        CHECK(tr->has("en", key));
    }
    std::set<std::string> attribute_codes, value_keys;
    for (const auto& s : catalogue->services)
        for (const auto& a : s.attributes) {
            attribute_codes.insert(a.code);
            for (const auto& v : a.values) value_keys.insert(a.code + "." + v.key);
        }
    for (const auto& key : keys) {
        // Optional labels: field.<attribute> and value.<attribute>.<key> fall back to the catalogue's own text.
        const bool field_label = key.rfind("field.", 0) == 0 && attribute_codes.count(key.substr(6));
        const bool value_label = key.rfind("value.", 0) == 0 && value_keys.count(key.substr(6));
        INFO("unused translation: " << key);
        CHECK((expected.count(key) || field_label || value_label));
    }
    CHECK(prefixes.count("service."));
}

TEST_CASE("Every label, choice and hint of the shipped catalogue reads in every language", "[core][i18n]") {
    auto tr = Translations::load(TEST_ASSET_DIR "/i18n", {"id", "en"});
    REQUIRE(tr);
    auto catalogue = load_catalogue(TEST_ASSET_DIR "/services.json");
    REQUIRE(catalogue);
    // The catalogue's own texts (Open311 description and name) are in the kiosk's default language; every other
    // language needs a translation (field.*, value.*) or the catalogue's kiosk names.
    const std::string own = default_config().language;
    int checked = 0;
    for (const std::string language : {"id", "en"}) {
        for (const auto& s : catalogue->services) {
            for (const auto& a : s.attributes) {
                INFO(language << ": " << s.code << "." << a.code);
                CHECK((language == own || tr->has(language, "field." + a.code) || a.names.count(language)));
                CHECK_FALSE(field_label(*tr, language, a).empty());
                for (const auto& v : a.values) {
                    INFO("value " << v.key);
                    CHECK((language == own || tr->has(language, "value." + a.code + "." + v.key) ||
                           v.names.count(language)));
                }
                if (!a.hint.empty()) CHECK(a.hint.count(language));
                ++checked;
            }
        }
    }
    CHECK(checked > 40);
}
