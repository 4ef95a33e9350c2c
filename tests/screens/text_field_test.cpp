// Text fields draw what was typed: every gap between words is exactly the spaces typed, on every wrapped line.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "screens/ui.h"

using namespace anjungan;

namespace {

constexpr const char* kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";  // the configured default

struct Glyph {
    char c;
    float pen_x, line_top;  // where the glyph's advance starts, and the top of its line
    float advance;
};

class ImGuiFrames {
public:
    ImGuiFrames() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;  // no imgui.ini left behind
        font_ = io.Fonts->AddFontFromFileTTF(kFont, 36);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~ImGuiFrames() { ImGui::DestroyContext(); }
    bool ready() const { return font_ != nullptr; }

    // Draws `text` in a focused text field `width` wide and returns its glyphs in drawing order.
    std::vector<Glyph> draw_field(const std::string& text, float width, float text_scale,
                                  const ui::Theme& theme = ui::Theme{}) {
        ImGuiIO& io = ImGui::GetIO();
        io.FontGlobalScale = text_scale;  // the large-text mode
        io.DisplaySize = ImVec2(width + 200, 2000);
        io.DeltaTime = 1 / 60.0f;
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(width + 2 * ImGui::GetStyle().WindowPadding.x, 2000));
        ImGui::Begin("w", nullptr, ImGuiWindowFlags_NoDecoration);
        ui::text_field(theme, "f", text, true, 1800);
        ImGui::End();
        ImGui::Render();
        return glyphs_drawn();
    }

    // True when some shape (not a glyph) of the last frame is drawn in `colour`.
    bool shape_in(ImU32 colour) const {
        const ImDrawData* data = ImGui::GetDrawData();
        for (int l = 0; l < data->CmdListsCount; ++l) {
            const auto& vertices = data->CmdLists[l]->VtxBuffer;
            for (int v = 0; v < vertices.Size; ++v) {
                if (glyph_at(vertices[v].uv)) v += 3;  // skip the glyph's quad
                else if (vertices[v].col == colour) return true;
            }
        }
        return false;
    }

private:
    // The glyph whose atlas corner is `uv`, or nullptr for shapes (the box, the window).
    const ImFontGlyph* glyph_at(ImVec2 uv) const {
        for (const ImFontGlyph& g : font_->Glyphs)
            if (g.Visible && g.U0 == uv.x && g.V0 == uv.y) return &g;
        return nullptr;
    }

    std::vector<Glyph> glyphs_drawn() const {
        std::vector<Glyph> out;
        const ImDrawData* data = ImGui::GetDrawData();
        for (int l = 0; l < data->CmdListsCount; ++l) {
            const auto& vertices = data->CmdLists[l]->VtxBuffer;
            for (int v = 0; v + 3 < vertices.Size; ++v) {
                const ImFontGlyph* g = glyph_at(vertices[v].uv);
                if (!g) continue;
                const float scale = ImGui::GetIO().FontGlobalScale;
                out.push_back({static_cast<char>(g->Codepoint), vertices[v].pos.x - g->X0 * scale,
                               vertices[v].pos.y - g->Y0 * scale, g->AdvanceX * scale});
                v += 3;  // a glyph is one textured quad
            }
        }
        return out;
    }

    ImFont* font_ = nullptr;
};

}  // namespace

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
