// Form validators: cleaning typed text and the NIK, phone, e-mail, URL and date rules of SPEC §2.
#include <catch2/catch.hpp>

#include <string>

#include "kiosk/core/validation.h"

using namespace anjungan;

namespace {

constexpr std::size_t kRoomy = 200;

// The message key a value gets, or "ok:<normalised value>" when it passes.
std::string verdict(std::string_view validator, std::string_view input, bool required = true) {
    const FieldVerdict v = validate_field(validator, input, kRoomy, required, false);
    return v.ok ? "ok:" + v.value : v.message_key;
}

bool is_valid_utf8(const std::string& text) { return clean_text(text, text.size() + 1, true).size() == text.size(); }

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// Cleaning free text and names

TEST_CASE("Names keep apostrophes, accents and combining marks exactly as typed", "[core][validation]") {
    CHECK(verdict("", "Ma'ruf Amin") == "ok:Ma'ruf Amin");
    CHECK(verdict("", "Ṣāliḥ") == "ok:Ṣāliḥ");
    CHECK(verdict("", "Ni Luh Putu Ayu Kadek") == "ok:Ni Luh Putu Ayu Kadek");
    CHECK(verdict("", "José Ramos-Horta") == "ok:José Ramos-Horta");
    const std::string decomposed = "Sa\u0304lih";  // 'a' followed by a combining macron
    CHECK(verdict("", decomposed) == "ok:" + decomposed);
}

TEST_CASE("Emoji in free text are kept", "[core][validation]") {
    CHECK(clean_text("Jalan rusak 😡🚧 sudah 3 bulan 👍🏽", 100, false) == "Jalan rusak 😡🚧 sudah 3 bulan 👍🏽");
}

TEST_CASE("Right-to-left overrides and zero-width characters are stripped", "[core][validation]") {
    CHECK(clean_text("invoice\u202Efdp.exe", 100, false) == "invoicefdp.exe");
    CHECK(clean_text("a\u200Bb\u200Cc\u200Dd\u200Ee\u200Ff", 100, false) == "abcdef");
    CHECK(clean_text("\uFEFFBudi", 100, false) == "Budi");
    CHECK(clean_text("x\u2066y\u2067z\u2068w\u2069\u202Av\u202B\u202C\u202Du\u061Ct", 100, false) == "xyzwvut");
}

TEST_CASE("Control characters are stripped and line breaks kept only in multi-line text", "[core][validation]") {
    CHECK(clean_text(std::string("Bu\0di\x07\x1b[31m\x7f", 12), 100, false) == "Budi[31m");
    CHECK(clean_text("a\xC2\x85" "b", 100, false) == "ab");  // C1 control U+0085
    CHECK(clean_text("baris satu\r\nbaris dua\rtiga", 100, true) == "baris satu\nbaris dua\ntiga");
    CHECK(clean_text("Jl. Merdeka\nNo. 5", 100, false) == "Jl. Merdeka No. 5");
    CHECK(clean_text("kolom\tdua", 100, true) == "kolom dua");
}

TEST_CASE("Surrounding spaces and blank lines are trimmed", "[core][validation]") {
    CHECK(clean_text("   Budi Santoso \u00A0 ", 100, false) == "Budi Santoso");
    CHECK(clean_text("\n\n  isi laporan\n\nbaris kedua \n\n", 100, true) == "isi laporan\n\nbaris kedua");
    CHECK(clean_text(" \u200B \t ", 100, false).empty());
}

TEST_CASE("Invalid UTF-8 is replaced with the replacement character", "[core][validation]") {
    const std::string replacement = "\uFFFD";
    CHECK(clean_text("ab\xFF" "cd", 100, false) == "ab" + replacement + "cd");
    CHECK(clean_text("lone \x80 continuation", 100, false) == "lone " + replacement + " continuation");
    CHECK(clean_text("truncated \xE2\x82", 100, false) == "truncated " + replacement);
    CHECK(clean_text("overlong \xC0\xAF slash", 100, false) == "overlong " + replacement + replacement + " slash");
    CHECK(clean_text("surrogate \xED\xA0\x80!", 100, false) == "surrogate " + replacement + replacement + replacement +
                                                                  "!");
    CHECK(clean_text("too big \xF4\x90\x80\x80", 100, false) ==
          "too big " + replacement + replacement + replacement + replacement);
    CHECK(is_valid_utf8(clean_text("\xF0\x9F\x98", 100, false)));
}

TEST_CASE("A 10,000-character text is capped at max_chars code points without splitting a character",
          "[core][validation]") {
    std::string long_text;
    for (int i = 0; i < 2500; ++i) long_text += "aé😀ṣ";  // 1, 2, 4 and 3 bytes
    REQUIRE(count_code_points(long_text) == 10000);
    for (std::size_t cap : {4000u, 4001u, 4002u, 4003u}) {
        const std::string capped = clean_text(long_text, cap, true);
        CHECK(count_code_points(capped) == cap);
        CHECK(is_valid_utf8(capped));
        CHECK(long_text.compare(0, capped.size(), capped) == 0);
    }
}

TEST_CASE("Capping never leaves a trailing space", "[core][validation]") {
    CHECK(clean_text("kata kata", 5, false) == "kata");
}

TEST_CASE("A text longer than the field allows is reported rather than silently cut", "[core][validation]") {
    const std::string long_text(4001, 'x');
    const FieldVerdict v = validate_field("", long_text, 4000, true, true);
    CHECK_FALSE(v.ok);
    CHECK(v.message_key == "validation.too_long");
    CHECK(validate_field("", std::string(4000, 'x'), 4000, true, true).ok);
    CHECK(validate_field("", "  " + std::string(4000, 'x') + "  ", 4000, true, true).ok);
}

TEST_CASE("A value that normalising makes longer than the field allows is reported", "[core][validation]") {
    const std::string host = std::string(10, 'a') + ".com";  // 14 characters, 22 with "https://"
    CHECK(validate_field("url", host, 22, true, false).ok);
    CHECK(validate_field("url", host, 21, true, false).message_key == "validation.too_long");
}

TEST_CASE("An empty required field asks to be filled, an empty optional field passes", "[core][validation]") {
    for (const char* validator : {"", "nik", "phone", "email", "url", "date"}) {
        CHECK(verdict(validator, "") == "validation.required");
        CHECK(verdict(validator, "  \u200B \n") == "validation.required");
        CHECK(verdict(validator, "", false) == "ok:");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// NIK

TEST_CASE("A plausible NIK passes, with the spaces typed between groups removed", "[core][validation]") {
    CHECK(verdict("nik", "3201012505900001") == "ok:3201012505900001");
    CHECK(verdict("nik", "3201 0125 0590 0001") == "ok:3201012505900001");
    CHECK(verdict("nik", "320101 250590 0001") == "ok:3201012505900001");
}

TEST_CASE("A woman's NIK with the birth day plus 40 passes", "[core][validation]") {
    CHECK(verdict("nik", "3201016505900002") == "ok:3201016505900002");  // 25 May
    CHECK(verdict("nik", "3201017112900002") == "ok:3201017112900002");  // 31 December
    CHECK(verdict("nik", "3201016902000002") == "ok:3201016902000002");  // 29 February
}

TEST_CASE("A NIK of 15 or 17 digits or with letters has the wrong length", "[core][validation]") {
    CHECK(verdict("nik", "320101250590001") == "validation.nik.length");
    CHECK(verdict("nik", "32010125059000011") == "validation.nik.length");
    CHECK(verdict("nik", "32010125059O0001") == "validation.nik.length");
    CHECK(verdict("nik", "3201-0125-0590-0001") == "validation.nik.length");
}

TEST_CASE("A NIK with an unknown province, regency or district has an implausible region", "[core][validation]") {
    CHECK(verdict("nik", "1001012505900001") == "validation.nik.region");  // no province 10
    CHECK(verdict("nik", "2201012505900001") == "validation.nik.region");  // no province 22
    CHECK(verdict("nik", "9701012505900001") == "validation.nik.region");  // no province 97
    CHECK(verdict("nik", "3200012505900001") == "validation.nik.region");  // regency 00
    CHECK(verdict("nik", "3201002505900001") == "validation.nik.region");  // district 00
}

TEST_CASE("Every Indonesian province code is accepted, including the new Papua provinces", "[core][validation]") {
    for (const char* province : {"11", "19", "21", "31", "36", "51", "53", "61", "65", "71", "76", "81", "82", "91",
                                 "93", "94", "95", "96"}) {
        CHECK(verdict("nik", std::string(province) + "01012505900001").rfind("ok:", 0) == 0);
    }
}

TEST_CASE("A NIK with an impossible birth date is refused", "[core][validation]") {
    CHECK(verdict("nik", "3201013205900001") == "validation.nik.birth_date");  // day 32
    CHECK(verdict("nik", "3201013002900001") == "validation.nik.birth_date");  // 30 February
    CHECK(verdict("nik", "3201017002900001") == "validation.nik.birth_date");  // a woman's 30 February
    CHECK(verdict("nik", "3201011013900001") == "validation.nik.birth_date");  // month 13
    CHECK(verdict("nik", "3201011000900001") == "validation.nik.birth_date");  // month 00
    CHECK(verdict("nik", "3201010005900001") == "validation.nik.birth_date");  // day 00
    CHECK(verdict("nik", "3201014005900001") == "validation.nik.birth_date");  // day 40: neither man nor woman
    CHECK(verdict("nik", "3201017206900001") == "validation.nik.birth_date");  // a woman's day 32
    CHECK(verdict("nik", "3201017104900001") == "validation.nik.birth_date");  // a woman's 31 April
}

TEST_CASE("A NIK with serial 0000 is refused", "[core][validation]") {
    CHECK(verdict("nik", "3201012505900000") == "validation.nik.serial");
}

// ---------------------------------------------------------------------------------------------------------------
// Phone numbers

TEST_CASE("Mobile numbers in 08, +62 and 62 forms are normalised to +62", "[core][validation]") {
    CHECK(verdict("phone", "0812-3456-7890") == "ok:+6281234567890");
    CHECK(verdict("phone", "+62 812-3456-7890") == "ok:+6281234567890");
    CHECK(verdict("phone", "62812 3456 7890") == "ok:+6281234567890");
    CHECK(verdict("phone", "081234567890") == "ok:+6281234567890");
    CHECK(verdict("phone", "0812.3456.789") == "ok:+628123456789");
    CHECK(verdict("phone", "+62 (0)812 3456 7890") == "ok:+6281234567890");
    CHECK(verdict("phone", "+6281234567890") == "ok:+6281234567890");
}

TEST_CASE("Landline numbers with an area code are normalised to +62", "[core][validation]") {
    CHECK(verdict("phone", "(0531) 21234") == "ok:+6253121234");
    CHECK(verdict("phone", "(021) 3456-7890") == "ok:+622134567890");
    CHECK(verdict("phone", "+62 21 345 6789") == "ok:+62213456789");
    CHECK(verdict("phone", "0274 512345") == "ok:+62274512345");
}

TEST_CASE("Phone numbers with letters, another country or the wrong length are refused", "[core][validation]") {
    CHECK(verdict("phone", "0812-3456-789O") == "validation.phone.format");
    CHECK(verdict("phone", "call 08123456789") == "validation.phone.format");
    CHECK(verdict("phone", "+1 415 555 0100") == "validation.phone.format");
    CHECK(verdict("phone", "+65 6123 4567") == "validation.phone.format");
    CHECK(verdict("phone", "0812345") == "validation.phone.format");           // 6 digits after the 0
    CHECK(verdict("phone", "0812-3456-7890-12") == "validation.phone.format");  // 13 digits
    CHECK(verdict("phone", "8123456789") == "validation.phone.format");        // no 0 or country code
    CHECK(verdict("phone", "+62 112 345 678") == "validation.phone.format");   // no area code starts with 1
    CHECK(verdict("phone", "62+812345678") == "validation.phone.format");
    CHECK(verdict("phone", "++62812345678") == "validation.phone.format");
}

// ---------------------------------------------------------------------------------------------------------------
// E-mail

TEST_CASE("E-mail addresses with subdomains pass and the domain is lower-cased", "[core][validation]") {
    CHECK(verdict("email", "budi.santoso@example.co.id") == "ok:budi.santoso@example.co.id");
    CHECK(verdict("email", "Budi+lapor@Mail.Dinas-Kominfo.Kotabaru.GO.ID") ==
          "ok:Budi+lapor@mail.dinas-kominfo.kotabaru.go.id");
    CHECK(verdict("email", "o'brien@example.com") == "ok:o'brien@example.com");
    CHECK(verdict("email", "  siti@example.id ") == "ok:siti@example.id");
}

TEST_CASE("Malformed e-mail addresses are refused", "[core][validation]") {
    for (const char* bad : {"budi", "budi@", "@example.com", "budi@example", "budi@@example.com",
                            "budi@ex@ample.com", "budi santoso@example.com", "budi@example.c", "budi@example.c0m",
                            "budi@-example.com", "budi@example-.com", "budi@exa_mple.com", "budi@example..com",
                            "budi@.example.com", "budi,siti@example.com", ".budi@example.com", "bu..di@example.com",
                            "budi@example.com.", "budi@contoh.indonesia.世界"}) {
        INFO(bad);
        CHECK(verdict("email", bad) == "validation.email.format");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// URLs

TEST_CASE("http and https URLs pass with the scheme and host lower-cased", "[core][validation]") {
    CHECK(verdict("url", "https://example.com/path?q=1#top") == "ok:https://example.com/path?q=1#top");
    CHECK(verdict("url", "HTTP://Berita.Example.CO.ID/Hoax/123") == "ok:http://berita.example.co.id/Hoax/123");
    CHECK(verdict("url", "http://192.168.1.10:8080/admin") == "ok:http://192.168.1.10:8080/admin");
    CHECK(verdict("url", "http://[2001:db8::1]/x") == "ok:http://[2001:db8::1]/x");
    CHECK(verdict("url", "https://www.tiktok.com/@akun.hoaks/video/1") ==
          "ok:https://www.tiktok.com/@akun.hoaks/video/1");
    CHECK(verdict("url", "http://bank.example@evil.example/login") == "ok:http://bank.example@evil.example/login");
}

TEST_CASE("A URL typed without a scheme gets https", "[core][validation]") {
    CHECK(verdict("url", "example.com/path") == "ok:https://example.com/path");
    CHECK(verdict("url", "www.Example.com") == "ok:https://www.example.com");
    CHECK(verdict("url", "example.com:8080/a") == "ok:https://example.com:8080/a");
    CHECK(verdict("url", "10.0.0.1/panel") == "ok:https://10.0.0.1/panel");
}

TEST_CASE("URLs with other schemes are refused with the scheme message", "[core][validation]") {
    for (const char* bad : {"javascript:alert(1)", "JavaScript:alert(document.cookie)", "file:///etc/passwd",
                            "data:text/html;base64,PHNjcmlwdD4=", "ftp://example.com/x", "mailto:a@example.com",
                            "vbscript:msgbox"}) {
        INFO(bad);
        CHECK(verdict("url", bad) == "validation.url.scheme");
    }
}

TEST_CASE("Malformed URLs are refused with the format message", "[core][validation]") {
    for (const char* bad : {"https://", "https://localhost/x", "example", "https://exa mple.com", "http:example.com",
                            "https://example.com:99999/", "https://example.com:/", "https://-example.com",
                            "https://999.1.1.1/", "https://user@/x", "https://example.com/a b",
                            "https://example.com/a\u00A0b"}) {
        INFO(bad);
        CHECK(verdict("url", bad) == "validation.url.format");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

TEST_CASE("Dates typed as DD/MM/YYYY or DD-MM-YYYY are normalised to ISO", "[core][validation]") {
    CHECK(verdict("date", "17/08/1945") == "ok:1945-08-17");
    CHECK(verdict("date", "17-08-2025") == "ok:2025-08-17");
    CHECK(verdict("date", "1/2/2024") == "ok:2024-02-01");
    CHECK(verdict("date", "29/02/2024") == "ok:2024-02-29");
    CHECK(verdict("date", "29/02/2000") == "ok:2000-02-29");
    CHECK(verdict("date", "01/01/1900") == "ok:1900-01-01");
    CHECK(verdict("date", "31/12/2100") == "ok:2100-12-31");
}

TEST_CASE("A stored ISO date validates again unchanged", "[core][validation]") {
    CHECK(verdict("date", "2025-08-17") == "ok:2025-08-17");
}

TEST_CASE("A stored date is shown as DD-MM-YYYY and that shown form validates to the same stored date",
          "[core][validation]") {
    CHECK(date_for_display("2026-11-17") == "17-11-2026");
    CHECK(verdict("date", date_for_display("2026-11-17")) == "ok:2026-11-17");
    for (const char* not_stored : {"", "17-11-2026", "17/11/2026", "2026-1-17", "2026/11/17", "abcd-ef-gh"}) {
        INFO(not_stored);
        CHECK(date_for_display(not_stored) == not_stored);
    }
}

TEST_CASE("Dates that are not on the calendar or out of range are invalid", "[core][validation]") {
    for (const char* bad : {"30/02/2024", "29/02/2023", "29/02/1900", "32/01/2024", "00/01/2024", "31/04/2024",
                            "15/13/2024", "15/00/2024", "31/12/1899", "01/01/2101"}) {
        INFO(bad);
        CHECK(verdict("date", bad) == "validation.date.invalid");
    }
}

TEST_CASE("Dates in another shape have the wrong format", "[core][validation]") {
    for (const char* bad : {"17 Agustus 1945", "17/08/45", "17/08-1945", "170845", "17//1945", "2025/08/17",
                            "123/08/1945", "17/08/1945/1", "2025-8-17"}) {
        INFO(bad);
        CHECK(verdict("date", bad) == "validation.date.format");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Across validators

TEST_CASE("Every normalised value validates again to itself", "[core][validation]") {
    const std::pair<const char*, const char*> samples[] = {
        {"nik", "3201 0165 0590 0002"}, {"phone", "(0531) 21234"},   {"email", "A@B.Example.COM"},
        {"url", "Example.com/x"},       {"date", "1-2-2024"},        {"", "  Ma'ruf  "}};
    for (const auto& [validator, input] : samples) {
        const FieldVerdict first = validate_field(validator, input, kRoomy, true, false);
        REQUIRE(first.ok);
        const FieldVerdict second = validate_field(validator, first.value, kRoomy, true, false);
        CHECK(second.ok);
        CHECK(second.value == first.value);
    }
}

TEST_CASE("Only the catalogue's validator names are known", "[core][validation]") {
    for (const char* name : {"", "nik", "phone", "email", "url", "date"}) CHECK(is_known_validator(name));
    CHECK_FALSE(is_known_validator("NIK"));
    CHECK_FALSE(is_known_validator("telephone"));
}
