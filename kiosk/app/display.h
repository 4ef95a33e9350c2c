// The screen: SDL window, GL context and ImGui, input, presenting only frames that changed, and screenshots.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "kiosk/app/event_wait.h"
#include "kiosk/app/touch_input.h"
#include "kiosk/core/result.h"
#include "screens/layout_check.h"
#include "screens/ui.h"

struct SDL_Window;

namespace anjungan::app {

struct DisplaySettings {
    bool headless = false;   // the offscreen driver, no vsync, no cursor handling
    bool fullscreen = true;
    int width = 1280;
    int height = 720;
    int screen_dpi = 0;      // 0: ask the display
    bool physical_keyboard = false;  // a keyboard's keys reach ImGui (else they are dropped here)
    std::string font, font_bold;
};

// What one pump of input brought.
struct InputBatch {
    bool any = false;      // some event arrived: let ImGui settle for a few frames
    bool touched = false;  // a finger or button went down: the visitor is there
    bool quit = false;
};

class Display {
public:
    // Opens the window, the GL context and ImGui, and loads the fonts into the theme.
    static Result<std::unique_ptr<Display>> open(const DisplaySettings& settings);
    ~Display();
    Display(const Display&) = delete;
    Display& operator=(const Display&) = delete;

    // Sleeps until input, notify() or `timeout_ms` (-1: no timeout), then feeds all pending input to ImGui.
    InputBatch pump(int timeout_ms);
    // Thread-safe: wakes a pump() in progress, or makes the next one return at once.
    void notify();
    // Starts an ImGui frame with the visitor's text size and palette.
    void begin_frame(bool large_text, bool high_contrast);
    // Renders the frame just built into the back buffer, unless it is identical to the one on screen; `force`
    // renders it anyway (a screenshot reads the pixels). Returns whether it rendered: then swap() shows it.
    // On a device the same picture is also presented again 2 s after it changed and at least every minute:
    // something else on the display (the text console, a mode change) must never leave a still kiosk black.
    bool render(bool force);
    // When render() next presents an unchanged picture again; nullopt offscreen.
    std::optional<std::chrono::steady_clock::time_point> next_present() const;
    void swap();
    void skip_frame();  // the frame built is not to be shown (a layout check needs geometry only)

    // For automation: a real SDL finger event at `at` (pixels), as a touch screen would send it.
    void push_touch(std::uint32_t sdl_event_type, ImVec2 at);
    // Automation: `text` as a USB keyboard types it, through SDL's queue: text input, '\n' as Enter, '\b' as
    // Backspace. Dropped like a real keyboard's unless physical_keyboard.
    void push_typed(const std::string& text);
    Status save_screenshot(const std::string& path);
    ImVec2 window_size() const;
    float screen_dpi() const;  // the configured value, else the display's own, else 96
    bool touch_busy() const { return touch_.busy(); }
    const ui::Theme& theme() const { return theme_; }

private:
    explicit Display(const DisplaySettings& settings) : settings_(settings) {}
    Status init();
    void take_console_for_graphics();
    std::uint64_t draw_data_hash() const;

    DisplaySettings settings_;
    SDL_Window* window_ = nullptr;
    void* gl_context_ = nullptr;
    bool imgui_ready_ = false;
    bool sdl_ready_ = false;
    std::uint32_t wake_event_ = 0;
    EventWaiter waiter_;
    TouchInput touch_;
    ui::Theme theme_;
    bool high_contrast_ = false;
    std::uint64_t shown_hash_ = 0;  // the frame on screen; 0 after anything that may have spoilt it
    std::chrono::steady_clock::time_point last_present_{};
    std::optional<std::chrono::steady_clock::time_point> present_again_at_;
    int tty_mode_ = -1;  // the console's KD mode before the kiosk took tty1 for graphics; -1 not changed
};

}  // namespace anjungan::app
