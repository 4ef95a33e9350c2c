// The on-screen keyboard's pages: every character people write is on a page, and keys fit without overlapping.
#include <catch2/catch.hpp>

#include <set>

#include "screens/keyboard.h"

using namespace anjungan;
using namespace anjungan::screens;

namespace {

const std::vector<std::string> kLayouts = {"alpha", "email", "url", "numeric", "date", "reference"};

// Every character an Insert key of `layout` types, on any page and in either shift state.
std::set<std::string> typable(const std::string& layout) {
    std::set<std::string> out;
    for (const auto layer : {KeyboardLayer::Letters, KeyboardLayer::Symbols})
        for (const auto& row : keyboard_rows(layout, layer))
            for (const auto& key : row)
                for (const bool shift : {false, true})
                    if (key.action == KeyAction::Insert) out.insert(key_id(key, shift).substr(4));
    return out;
}

void require_typable(const std::string& layout, const std::string& chars) {
    const auto keys = typable(layout);
    for (const char c : chars) {
        INFO(layout << " '" << c << "'");
        CHECK(keys.count(std::string(1, c)) == 1);
    }
}

}  // namespace

TEST_CASE("Addresses, decree numbers, chronologies, e-mails and links can be typed on their fields' keyboards",
          "[screens][keyboard]") {
    const std::string letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    require_typable("alpha", letters + "/.-,:?()!\"'");
    require_typable("email", letters + "-+_.@");
    require_typable("url", letters + "@_-?=&%#~:/.");
    require_typable("numeric", "0123456789+-");
    require_typable("date", "0123456789-/");
    require_typable("reference", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-");
}

TEST_CASE("Letter layouts switch to symbols and back, and number pads need no page keys", "[screens][keyboard]") {
    auto has = [](const std::vector<KeyRow>& rows, KeyAction action) {
        for (const auto& row : rows)
            for (const auto& key : row)
                if (key.action == action) return true;
        return false;
    };
    for (const std::string layout : {"alpha", "email", "url"}) {
        INFO(layout);
        CHECK(has(keyboard_rows(layout, KeyboardLayer::Letters), KeyAction::Symbols));
        CHECK(has(keyboard_rows(layout, KeyboardLayer::Letters), KeyAction::Shift));
        CHECK(has(keyboard_rows(layout, KeyboardLayer::Symbols), KeyAction::Letters));
    }
    for (const std::string layout : {"numeric", "date", "reference"}) {
        INFO(layout);
        CHECK_FALSE(has(keyboard_rows(layout, KeyboardLayer::Letters), KeyAction::Symbols));
        CHECK(has(keyboard_rows(layout, KeyboardLayer::Letters), KeyAction::Backspace));
        CHECK(has(keyboard_rows(layout, KeyboardLayer::Letters), KeyAction::Enter));
    }
}

TEST_CASE("Each key of a page has its own id", "[screens][keyboard]") {
    for (const auto& layout : kLayouts)
        for (const auto layer : {KeyboardLayer::Letters, KeyboardLayer::Symbols})
            for (const bool shift : {false, true}) {
                std::set<std::string> ids;
                size_t keys = 0;
                for (const auto& row : keyboard_rows(layout, layer))
                    for (const auto& key : row) ids.insert(key_id(key, shift)), ++keys;
                INFO(layout);
                CHECK(ids.size() == keys);
            }
}

TEST_CASE("Keys fit the width without overlapping and stay at least 10 mm at 1024x768, 1280x720 and 1080x1920",
          "[screens][keyboard]") {
    const float px_per_mm = 96 / 25.4f;  // a typical kiosk panel; denser screens give more pixels per key
    for (const auto& [w, h] : {std::pair{1024.0f, 768.0f}, {1280.0f, 720.0f}, {1080.0f, 1920.0f}}) {
        ui::Theme theme;
        theme.scale = h / 1080;  // as ui::setup_theme sets it
        const float width = w - 2 * theme.px(48);  // the window's padding on both sides
        const float spacing = theme.px(kKeySpacing);
        CHECK(theme.px(kKeyHeight) >= 10 * px_per_mm);
        CHECK(OnScreenKeyboard::height(theme) < h / 2);
        for (const auto& layout : kLayouts)
            for (const auto layer : {KeyboardLayer::Letters, KeyboardLayer::Symbols})
                for (const auto& row : keyboard_rows(layout, layer)) {
                    INFO(w << "x" << h << " " << layout);
                    REQUIRE(keyboard_rows(layout, layer).size() == static_cast<size_t>(kKeyboardRows));
                    const auto spans = place_row(row, width, spacing);
                    for (size_t k = 0; k < spans.size(); ++k) {
                        CHECK(spans[k].x >= 0);
                        CHECK(spans[k].x + spans[k].width <= width + 0.01f);
                        CHECK(spans[k].width >= 10 * px_per_mm);
                        if (k) CHECK(spans[k - 1].x + spans[k - 1].width + spacing <= spans[k].x + 0.01f);
                    }
                }
    }
}
