// Sample tickets and layouts shared by the renderer, printer, scanner tests and the benchmarks.
#include "tests/support/ticket_fixture.h"

namespace anjungan::test {

TicketContent ppid_ticket() {
    TicketContent t;
    t.header_lines = {"DINAS KOMUNIKASI DAN INFORMATIKA", "Jl. Tjilik Riwut Km. 5, Palangka Raya"};
    t.service_name = "Permohonan Informasi (PPID)";
    t.number = "P-007";
    t.issued_at = "Senin, 15 April 2024 09:41";
    t.reference = "KSK01-20240415-P-007";
    t.deadline = "Batas jawaban: 29 April 2024 (10 hari kerja)";
    t.next_steps = {"1. Simpan tiket ini sebagai bukti permohonan.",
                    "2. Petugas akan menghubungi Anda melalui nomor telepon yang terdaftar.",
                    "3. Pindai kode QR untuk melihat status permohonan Anda."};
    t.footer_lines = {"lapor.go.id  |  SMS 1708", "NIK 6202********0001"};
    t.tracking_url = "https://anjungan.example.go.id/lacak/KSK01-20240415-P-007";
    return t;
}

TicketContent kotim_ticket() {
    TicketContent t;
    t.header_lines = {"DINAS KOMUNIKASI DAN INFORMATIKA", "KABUPATEN KOTAWARINGIN TIMUR"};
    t.service_name = "Permohonan Informasi (PPID)";
    t.number = "P-007";
    t.issued_at = "Senin, 15 April 2024 09:41";
    t.reference = "KTM-MPP-01-20240415-P-007";
    t.next_steps = {"1. Simpan tiket ini.", "2. Pindai kode QR untuk melihat status."};
    t.footer_lines = {"lapor.go.id  |  SMS 1708"};
    t.tracking_url = "https://lapor.kotimkab.go.id/tiket/KTM-MPP-01-20240415-P-007";
    return t;
}

render::TicketLayout layout_for(double paper_mm) {
    render::TicketLayout layout;
    layout.paper_width_mm = paper_mm;
    return layout;
}

}  // namespace anjungan::test
