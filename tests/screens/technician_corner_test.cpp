// The hidden technician corner: a finger held there long enough opens the PIN pad once; a tap, a shorter hold, or a
// finger that started elsewhere does not; the corner is a hidden target that the layout check ignores.
#include <catch2/catch.hpp>

#include "screens/layout_check.h"
#include "screens/technician_pin.h"

using namespace anjungan;
using namespace std::chrono_literals;

namespace {

class CornerFrames {
public:
    CornerFrames() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1280, 720);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~CornerFrames() { ImGui::DestroyContext(); }

    // One frame of `seconds` with the finger at `at` (down or not); true when the corner says it was held.
    bool frame(ImVec2 at, bool down, float seconds = 0.1f) {
        ImGuiIO& io = ImGui::GetIO();
        io.DeltaTime = seconds;
        io.MousePos = at;
        io.MouseDown[0] = down;
        ImGui::NewFrame();
        ui::frame_record().clear();
        const bool held = screens::technician_corner_held(theme_, 3000ms);
        ImGui::EndFrame();
        return held;
    }
    // Frames of 0.1 s with the finger down at `at` for `seconds`, then lifted; how many of them said "held".
    int hold(ImVec2 at, float seconds) {
        int held = 0;
        for (float t = 0; t < seconds; t += 0.1f) held += frame(at, true);
        held += frame(at, false);
        return held;
    }

private:
    ui::Theme theme_;  // scale 1: the corner is 120 px
};

const ImVec2 kCorner(1240, 40);

}  // namespace

TEST_CASE("A finger held in the hidden corner for the hold time opens the PIN pad once", "[screens][technician]") {
    CornerFrames frames;
    CHECK(frames.hold(kCorner, 5.0f) == 1);  // once, not again while it stays down
    CHECK(frames.hold(kCorner, 2.5f) == 0);
    CHECK(frames.hold(kCorner, 0.1f) == 0);  // a tap
    CHECK(frames.hold(ImVec2(1100, 40), 5.0f) == 0);  // beside the corner
}

TEST_CASE("A finger that went down elsewhere or left the corner does not open the PIN pad", "[screens][technician]") {
    CornerFrames frames;
    frames.frame(ImVec2(640, 360), true);
    int held = 0;
    for (int i = 0; i < 50; ++i) held += frames.frame(kCorner, true);  // slid into the corner and stayed
    frames.frame(kCorner, false);
    CHECK(held == 0);
    frames.frame(kCorner, true);
    for (int i = 0; i < 50; ++i) held += frames.frame(ImVec2(640, 360), true);  // slid out of it
    CHECK(held == 0);
}

TEST_CASE("The hidden corner is a target automation finds that the layout check does not see",
          "[screens][technician][layout]") {
    CornerFrames frames;
    frames.frame(ImVec2(-1, -1), false);
    ui::FrameRecord record = ui::frame_record();
    REQUIRE(record.hidden.size() == 1);
    CHECK(record.targets.empty());
    const ui::Target* corner = record.find_target("tech-corner");
    REQUIRE(corner);
    CHECK(corner->centre().x == 1220);
    CHECK(corner->centre().y == 60);
    CHECK(record.shows("tech-corner"));
    // A control under the corner (a "start over" button) overlaps it, and that is no defect.
    const ui::Box button{ImVec2(1028, 27), ImVec2(1248, 90)};
    const ui::Box screen{ImVec2(0, 0), ImVec2(1280, 720)};
    record.targets.push_back({"start-over", "Mulai lagi", button.min, button.max, {button, screen}});
    CHECK(ui::check_layout(record, {ImVec2(1280, 720), 38}).empty());
}
