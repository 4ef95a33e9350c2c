// Dear ImGui frames without a window for screen-piece tests: what a frame drew, glyph by glyph and shape by shape.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "screens/ui.h"

namespace anjungan::test {

struct Glyph {
    char c;  // the code point's low byte: the tests' texts are ASCII but for the ellipsis
    unsigned codepoint;
    float pen_x, line_top;  // where the glyph's advance starts, and the top of its line
    float advance;
};

class ImGuiFrames {
public:
    static constexpr const char* kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";  // the configured default

    ImGuiFrames() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;  // no imgui.ini left behind
        static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2026, 0x2026, 0};  // the kiosk's, with its ellipsis
        font_ = io.Fonts->AddFontFromFileTTF(kFont, 36, nullptr, ranges);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~ImGuiFrames() { ImGui::DestroyContext(); }
    ImGuiFrames(const ImGuiFrames&) = delete;
    ImGuiFrames& operator=(const ImGuiFrames&) = delete;
    bool ready() const { return font_ != nullptr; }

    // One frame of a window `width` wide (inside its padding) at the top left, drawn by `draw`; its glyphs.
    std::vector<Glyph> frame(float width, float text_scale, const std::function<void()>& draw) {
        ImGuiIO& io = ImGui::GetIO();
        io.FontGlobalScale = text_scale;  // the large-text mode
        io.DisplaySize = ImVec2(width + 200, 2000);
        io.DeltaTime = 1 / 60.0f;
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(width + 2 * ImGui::GetStyle().WindowPadding.x, 2000));
        ImGui::Begin("w", nullptr, ImGuiWindowFlags_NoDecoration);
        draw();
        ImGui::End();
        ImGui::Render();
        return glyphs_drawn();
    }

    // Draws `text` in a text field `width` wide and returns its glyphs in drawing order.
    std::vector<Glyph> draw_field(const std::string& text, float width, float text_scale,
                                  const ui::Theme& theme = ui::Theme{}, bool focused = true, float height = 1800) {
        return frame(width, text_scale, [&] { ui::text_field(theme, "f", text, focused, height); });
    }

    // True when some shape (not a glyph) of the last frame is drawn in `colour`.
    bool shape_in(ImU32 colour) const { return !shape_points_in(colour).empty(); }

    // The vertices of the last frame's shapes (not glyphs) drawn in `colour`.
    std::vector<ImVec2> shape_points_in(ImU32 colour) const {
        std::vector<ImVec2> out;
        const ImDrawData* data = ImGui::GetDrawData();
        for (int l = 0; l < data->CmdListsCount; ++l) {
            const auto& vertices = data->CmdLists[l]->VtxBuffer;
            for (int v = 0; v < vertices.Size; ++v) {
                if (glyph_at(vertices[v].uv)) v += 3;  // skip the glyph's quad
                else if (vertices[v].col == colour) out.push_back(vertices[v].pos);
            }
        }
        return out;
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
                out.push_back({static_cast<char>(g->Codepoint), g->Codepoint, vertices[v].pos.x - g->X0 * scale,
                               vertices[v].pos.y - g->Y0 * scale, g->AdvanceX * scale});
                v += 3;  // a glyph is one textured quad
            }
        }
        return out;
    }

    ImFont* font_ = nullptr;
};

}  // namespace anjungan::test
