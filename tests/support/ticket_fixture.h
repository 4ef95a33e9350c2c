// Sample tickets and layouts shared by the renderer, printer, scanner tests and the benchmarks.
#pragma once

#include "kiosk/core/ticket.h"
#include "kiosk/render/ticket_render.h"

namespace anjungan::test {

// A PPID information request ticket from Palangka Raya, with every field filled in.
TicketContent ppid_ticket();
// A PPID ticket from Kotawaringin Timur as the camera scanner sees it; no deadline line.
TicketContent kotim_ticket();
render::TicketLayout layout_for(double paper_mm);

}  // namespace anjungan::test
