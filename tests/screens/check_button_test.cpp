// The consent's check button: a drawn box beside its words, ticked only when given, in either palette.
#include <catch2/catch.hpp>

#include <algorithm>

#include "tests/screens/imgui_frames.h"

using namespace anjungan;
using test::ImGuiFrames;

TEST_CASE("A check button draws a box before its words and a tick in it only when checked, in either palette",
          "[screens][check_button]") {
    ImGuiFrames frames;
    REQUIRE(frames.ready());
    const std::string label = "I agree that my personal data is used for the purpose above";
    for (const bool high_contrast : {false, true}) {
        INFO("high contrast " << high_contrast);
        ui::Theme theme;
        ui::apply_palette(theme, high_contrast);
        for (const bool checked : {false, true}) {
            INFO("checked " << checked);
            const auto glyphs = frames.frame(1200, 1, [&] { ui::check_button(theme, "consent", label, checked, ImVec2(1200, 120)); });
            REQUIRE_FALSE(glyphs.empty());
            CHECK(std::none_of(glyphs.begin(), glyphs.end(), [](const test::Glyph& g) { return g.c == '[' || g.c == 'X'; }));
            // Shapes strictly inside the button (the window's own background is black in high contrast too).
            const ImVec2 pad = ImGui::GetStyle().WindowPadding;
            const auto inside = [&](const ImVec4& colour) {
                std::vector<ImVec2> out;
                for (const ImVec2 p : frames.shape_points_in(ImGui::ColorConvertFloat4ToU32(colour)))
                    if (p.x > pad.x + 1 && p.x < pad.x + 1199 && p.y > pad.y + 1 && p.y < pad.y + 119) out.push_back(p);
                return out;
            };
            const auto box = inside(theme.field);
            REQUIRE_FALSE(box.empty());
            const auto by_x = [](ImVec2 a, ImVec2 b) { return a.x < b.x; };
            const float box_left = std::min_element(box.begin(), box.end(), by_x)->x;
            const float box_right = std::max_element(box.begin(), box.end(), by_x)->x;
            CHECK(box_right < glyphs.front().pen_x);  // the box comes before the words, close to them
            CHECK(glyphs.front().pen_x - box_right < 60);
            const auto ticks = inside(theme.selected);
            const bool tick_in_box = std::any_of(ticks.begin(), ticks.end(),
                                                 [&](ImVec2 p) { return p.x > box_left && p.x < box_right; });
            CHECK(tick_in_box == checked);
        }
    }
}
