// The contract between the application and its screens: screens read state and emit intents, nothing else.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "kiosk/core/calendar.h"
#include "kiosk/core/catalogue.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/config.h"
#include "kiosk/core/form_text.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/session.h"
#include "screens/ui.h"

namespace anjungan::screens {

struct ViewContext {
    const Session& session;
    const Translations& translations;
    const Config& config;
    const std::set<Date>& holidays;  // office.holidays, parsed once at start
    const Catalogue& catalogue;
    const ui::Theme& theme;
    std::string printer_status;       // translated printer state, whatever it is
    std::string desk_opens;           // when a closed desk opens again, in the visitor's language
    TimePoint wall_now;               // for dates on screen
    Session::Clock::time_point now;   // for countdowns
    std::string printer_fault;        // translated printer state while it cannot print (paper out, offline), else ""

    const std::string& tr(const std::string& key) const { return translations.get(session.language(), key); }
    std::string field_label(const Attribute& a) const { return anjungan::field_label(translations, session.language(), a); }
    std::string value_label(const Attribute& a, const std::string& key) const {
        return anjungan::value_label(translations, session.language(), a, key);
    }
};

using Intents = std::vector<Intent>;

// Why the last submit failed, as the visitor's translation key: a full data partition is said plainly (a queue
// number has no answers to keep, and its visitor is sent to the desk).
inline const char* submit_failure_key(const Session& session) {
    if (session.submit_error_code() != ErrorCode::StorageFull) return "review.submit_failed";
    const bool queue = session.service() && !services::has_form(session.service()->code);
    return queue ? "queue.storage_full" : "submit.storage_full";
}

class ScreenView {
public:
    virtual ~ScreenView() = default;
    // Draws inside the full-screen window and appends what the visitor asked for.
    virtual void draw(const ViewContext& view, Intents& intents) = 0;
};

// Screens with view state (a keyboard's page and shift, scroll targets): one object per visit.
std::unique_ptr<ScreenView> make_form_screen();
std::unique_ptr<ScreenView> make_check_ticket_screen();

// Screens without view state are plain functions.
using DrawScreen = void (*)(const ViewContext& view, Intents& intents);
void draw_attract(const ViewContext& view, Intents& intents);
void draw_language(const ViewContext& view, Intents& intents);
void draw_home(const ViewContext& view, Intents& intents);
void draw_unavailable(const ViewContext& view, Intents& intents);
void draw_intro(const ViewContext& view, Intents& intents);
void draw_consent(const ViewContext& view, Intents& intents);
void draw_help_called(const ViewContext& view, Intents& intents);
void draw_ticket_status(const ViewContext& view, Intents& intents);
void draw_review(const ViewContext& view, Intents& intents);
void draw_queue(const ViewContext& view, Intents& intents);
void draw_ticket(const ViewContext& view, Intents& intents);
void draw_done(const ViewContext& view, Intents& intents);
void draw_still_there(const ViewContext& view, Intents& intents);  // the idle overlay, over any screen
void draw_scan_confirm(const ViewContext& view, Intents& intents);  // drawn instead of a form while a scan waits
// The function that draws `screen`, or nullptr for a screen with view state.
DrawScreen stateless_screen(Screen screen);

// Common layout pieces.
// Six toggles `width` wide (large text, contrast, reach, speech, volume down and up), rows `height` tall:
// one row, or two on a narrow screen; accessibility_bar_height says how tall the bar is.
void draw_accessibility_bar(const ViewContext& view, Intents& intents, float width, float height);
float accessibility_bar_height(const ViewContext& view, float width, float row_height);
// The screen's title; inside a visit also "change language" and "start over" on its row (on a totem, above it).
void draw_title(const ViewContext& view, Intents& intents, const std::string& title);
// The body between the title and the navigation bar, `below` pixels above the bar; it scrolls when taller.
void begin_body(const ViewContext& view, float below = 0, bool above_nav_bar = true);
void end_body();
// The navigation bar's buttons and the height it takes at the bottom of the window.
ImVec2 nav_button_size(const ViewContext& view);
float nav_bar_reserve(const ViewContext& view);
// The ticket number as large as the huge font allows within `width` and `height` (but never below a third).
void draw_huge_number(const ViewContext& view, const std::string& number, float width, float height);
// The printer's progress for the visitor's ticket `number`: printing, take it, or why it failed; "" before printing.
std::string print_progress_text(const ViewContext& view, const std::string& number);
// A bottom bar with optional back (left) and a primary action (right).
void draw_nav_bar(const ViewContext& view, Intents& intents, bool with_back, const std::string& primary_id,
                  const std::string& primary_label, const Intent& primary_intent, bool primary_enabled = true);

}  // namespace anjungan::screens
