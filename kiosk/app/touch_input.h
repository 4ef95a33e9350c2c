// Turns SDL finger events into ImGui pointer input, so short taps register and touches are not doubled.
#pragma once

#include <cfloat>

#include <SDL.h>
#include <imgui.h>

namespace anjungan::app {

class TouchInput {
public:
    // Consumes finger events; returns true when the event was a touch. Coordinates are normalised (0..1).
    bool handle(const SDL_Event& e, int width, int height) {
        if (e.type != SDL_FINGERDOWN && e.type != SDL_FINGERUP && e.type != SDL_FINGERMOTION) return false;
        position_ = ImVec2(e.tfinger.x * static_cast<float>(width), e.tfinger.y * static_cast<float>(height));
        if (e.type == SDL_FINGERDOWN) {
            down_ = true;
            pressed_latch_ = true;
        } else if (e.type == SDL_FINGERUP) {
            down_ = false;
        }
        active_frames_ = 2;
        return true;
    }

    // Call after the platform backend's NewFrame and before ImGui::NewFrame. A press and release within one
    // frame still shows ImGui one frame down; after the finger lifts the pointer leaves, so nothing stays hovered.
    void apply(ImGuiIO& io) {
        if (active_frames_ == 0) return;
        io.MousePos = position_;
        io.MouseDown[0] = down_ || pressed_latch_;
        pressed_latch_ = false;
        if (!down_ && --active_frames_ == 0) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    }

    bool busy() const { return active_frames_ > 0; }

private:
    ImVec2 position_{-FLT_MAX, -FLT_MAX};
    bool down_ = false;
    bool pressed_latch_ = false;
    int active_frames_ = 0;
};

}  // namespace anjungan::app
