// Text fields draw what was typed: every gap between words is exactly the spaces typed, on every wrapped line;
// long text shows its end while typed and its beginning at rest.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "tests/screens/imgui_frames.h"

using namespace anjungan;
using test::Glyph;
using test::ImGuiFrames;

TEST_CASE("A typed chronology is drawn with the spaces typed, at every wrap width and in large text",
          "[screens][text_field]") {
    const float text_scale = GENERATE(1.0f, 1.3f);
    ImGuiFrames frames;
    REQUIRE(frames.ready());
    const std::string text = "Pada 17-11-2026 pukul 09:30 petugas berkata: \"Bayar dulu!\" (tanpa kuitansi). "
                             "Apa ini sah? Saya menolak; Jl. Ahmad Yani No. 5/12, RT 02.  Dua spasi tetap dua.";
    const float space = ImGui::GetIO().Fonts->Fonts[0]->FindGlyph(' ')->AdvanceX * text_scale;
    const std::string shown = text + "|";  // a focused field ends with its caret
    for (float width = 200; width <= 1200; width += 7) {
        const auto glyphs = frames.draw_field(text, width, text_scale);
        size_t at = 0;  // where in `shown` the glyph being checked is
        for (size_t i = 0; i < glyphs.size(); ++i) {
            int spaces = 0;
            while (at < shown.size() && shown[at] == ' ') ++spaces, ++at;
            INFO("width " << width << ", glyph " << i << " '" << glyphs[i].c << "', typed " << at);
            REQUIRE(at < shown.size());
            REQUIRE(glyphs[i].c == shown[at++]);
            if (i == 0) continue;
            const Glyph& prev = glyphs[i - 1];
            if (std::fabs(glyphs[i].line_top - prev.line_top) > 1)
                CHECK(std::fabs(glyphs[i].pen_x - glyphs[0].pen_x) < 0.5f);  // a wrapped line starts at the margin
            else
                CHECK(std::fabs(glyphs[i].pen_x - (prev.pen_x + prev.advance) - spaces * space) < 0.5f);
        }
        CHECK(at == shown.size());
    }
}

TEST_CASE("The field being typed into never draws its box in the colour of its text, in either palette",
          "[screens][text_field]") {
    ImGuiFrames frames;
    REQUIRE(frames.ready());
    for (const bool high_contrast : {false, true}) {
        INFO("high contrast " << high_contrast);
        ui::Theme theme;
        ui::apply_palette(theme, high_contrast);
        const auto glyphs = frames.draw_field("Jl. Ahmad Yani", 600, 1, theme);
        REQUIRE(glyphs.size() == 13);  // "Jl.AhmadYani" and the caret: the text is drawn
        CHECK_FALSE(frames.shape_in(ImGui::ColorConvertFloat4ToU32(theme.text)));
    }
}

TEST_CASE("A chronology longer than its box shows its end while typed and its beginning with an ellipsis at rest",
          "[screens][text_field]") {
    ImGuiFrames frames;
    REQUIRE(frames.ready());
    std::string text = "Sejak awal Oktober 2026 jalan di depan rumah kami rusak berat.";
    while (text.size() < 4000) text += " Lubang itu tergenang air setiap hujan.";
    text += " Terima kasih.";
    const float height = 260, pad = 20;  // a text field's resting height at scale 1, and ui::text_field's padding
    const auto read = [](const std::vector<Glyph>& glyphs) {
        std::string s;
        for (const auto& g : glyphs) s += g.c;
        return s;
    };

    const auto typing = frames.draw_field(text, 600, 1, ui::Theme{}, true, height);
    REQUIRE_FALSE(typing.empty());
    CHECK(typing.back().c == '|');
    CHECK_THAT(read(typing), Catch::EndsWith("Terimakasih.|"));  // spaces are not glyphs

    const auto resting = frames.draw_field(text, 600, 1, ui::Theme{}, false, height);
    REQUIRE(resting.size() > 20);
    CHECK_THAT(read(resting), Catch::StartsWith("SejakawalOktober2026"));
    CHECK(resting.back().codepoint == 0x2026);
    const float line = ImGui::GetFontSize();
    const float box_top = ImGui::GetStyle().WindowPadding.y;  // the field is the window's first item
    for (const auto& g : resting) {  // whole lines only, inside the box's padding
        CHECK(g.line_top >= box_top + pad - 0.5f);
        CHECK(g.line_top + line <= box_top + height - pad + 0.5f);
    }

    const auto short_text = frames.draw_field("Jl. Tidar", 600, 1, ui::Theme{}, false, height);
    CHECK(read(short_text) == "Jl.Tidar");  // what fits is shown as typed, with no ellipsis
}
