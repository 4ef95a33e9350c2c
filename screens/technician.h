// The contract between the application and the technician screens: they read the status and emit intents.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/i18n.h"
#include "kiosk/core/technician_session.h"
#include "kiosk/maintenance/status_text.h"
#include "kiosk/maintenance/update_state.h"
#include "screens/ui.h"

namespace anjungan::screens {

// What technician screens may read: never the visitor's session.
struct TechnicianView {
    const std::string& who;  // the card's technician id, or "PIN"
    const std::optional<maintenance::StatusSnapshot>& status;  // nullopt until the first gather arrives
    std::string delivery_hint;  // why delivery waits, from the stored last error
    const Translations& translations;
    const std::string& language;
    const ui::Theme& theme;
    const maintenance::UpdateState& update;  // the update page's listing, progress and outcome
};

using TechnicianIntents = std::vector<TechnicianIntent>;

void draw_technician_status(const TechnicianView& view, TechnicianIntents& intents);
// The pages behind the status screen's actions; each has a way back to the status (id `tech-back`).
void draw_technician_reprint(const TechnicianView& view, TechnicianIntents& intents);
void draw_technician_logs(const TechnicianView& view, TechnicianIntents& intents);
void draw_technician_settings(const TechnicianView& view, TechnicianIntents& intents);
void draw_technician_update(const TechnicianView& view, TechnicianIntents& intents);
void draw_technician_reboot(const TechnicianView& view, TechnicianIntents& intents);

}  // namespace anjungan::screens
