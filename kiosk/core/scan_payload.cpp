// Scanned payloads: a barcode is untrusted input, so it is checked before anything looks at its meaning.
#include "kiosk/core/scan_payload.h"

#include <sodium.h>

#include <charconv>
#include <cstdio>

#include "kiosk/core/log.h"

namespace anjungan::scan {

namespace {

// A decoded code point and how many bytes it took; length 0 means the bytes are not well-formed UTF-8.
struct CodePoint {
    char32_t value = 0;
    std::size_t length = 0;
};

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Decodes one code point at `at`, refusing overlong forms, surrogates and values above U+10FFFF
// (RFC 3629), so that no second spelling of a character can slip past the control-character check.
CodePoint decode_utf8(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    if (lead < 0x80) return {lead, 1};
    std::size_t length = 0;
    char32_t value = 0, minimum = 0;
    if ((lead & 0xE0) == 0xC0)
        length = 2, value = lead & 0x1F, minimum = 0x80;
    else if ((lead & 0xF0) == 0xE0)
        length = 3, value = lead & 0x0F, minimum = 0x800;
    else if ((lead & 0xF8) == 0xF0)
        length = 4, value = lead & 0x07, minimum = 0x10000;
    else
        return {};
    if (text.size() - at < length) return {};
    for (std::size_t i = 1; i < length; ++i) {
        const auto byte = static_cast<unsigned char>(text[at + i]);
        if (!is_continuation(byte)) return {};
        value = (value << 6) | (byte & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {};
    return {value, length};
}

// Characters that could act on a terminal, a text field or the layout rather than be read: C0 and C1
// controls, DEL, the Unicode line and paragraph separators, and the bidirectional marks and overrides
// that can make a URL display as something it is not.
bool is_control(char32_t c) {
    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) return true;
    if (c == 0x2028 || c == 0x2029) return true;
    if (c == 0x061C || c == 0x200E || c == 0x200F) return true;
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

Refused refuse(RefusalReason reason, std::string detail = {}) {
    std::string message = to_string(reason);
    if (!detail.empty()) message += " (" + detail + ")";
    return Refused{reason, std::move(message)};
}

std::string code_point_name(char32_t c) {
    char name[16];
    std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(c));
    return name;
}

bool is_id_char(char c, bool allow_dot) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           (allow_dot && c == '.');
}

bool is_identifier(std::string_view text, bool allow_dot) {
    if (text.empty() || text.size() > 64) return false;
    for (char c : text)
        if (!is_id_char(c, allow_dot)) return false;
    return true;
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

// sodium_init() must run once before libsodium is used from several threads; it is idempotent.
bool sodium_ready() {
    static const bool ready = sodium_init() >= 0;
    return ready;
}

// The parts of "ANJ-TECH1:<id>:<expiry>:<signature>" as views into the payload.
struct CardParts {
    std::string_view id, expiry, signature, signed_text;
};

std::optional<Refused> check_card_version(std::string_view payload) {
    constexpr std::string_view family = "ANJ-TECH";
    std::size_t end = family.size();
    while (end < payload.size() && payload[end] >= '0' && payload[end] <= '9') ++end;
    if (end == family.size() || end >= payload.size() || payload[end] != ':')
        return refuse(RefusalReason::CardMalformed, "no version");
    if (payload.substr(0, end + 1) != kTechnicianCardPrefix) return refuse(RefusalReason::CardUnsupported);
    return std::nullopt;
}

std::optional<CardParts> split_card(std::string_view payload) {
    const std::string_view body = payload.substr(kTechnicianCardPrefix.size());
    const auto first = body.find(':');
    if (first == std::string_view::npos) return std::nullopt;
    const auto second = body.find(':', first + 1);
    if (second == std::string_view::npos || body.find(':', second + 1) != std::string_view::npos) return std::nullopt;
    return CardParts{body.substr(0, first), body.substr(first + 1, second - first - 1), body.substr(second + 1),
                     body.substr(0, second)};
}

std::optional<std::int64_t> parse_expiry(std::string_view digits) {
    if (digits.empty() || digits.size() > 19) return std::nullopt;
    for (char c : digits)
        if (c < '0' || c > '9') return std::nullopt;
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
    return value;
}

// Padded standard base64 checked character by character: libsodium 1.0.18's decoder maps every byte
// above 0x7F to some 6-bit value (found by fuzzing), so without this a card would have many spellings.
bool is_padded_base64(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0) return false;
    std::size_t padding = 0;
    while (padding < 2 && text[text.size() - 1 - padding] == '=') ++padding;
    for (char c : text.substr(0, text.size() - padding)) {
        const bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
                              c == '/';
        if (!alphabet) return false;
    }
    return true;
}

// Decodes padded standard base64 into exactly `out.size()` bytes.
template <std::size_t N>
bool decode_base64_exactly(std::string_view text, std::array<unsigned char, N>& out) {
    if (!is_padded_base64(text)) return false;
    std::size_t length = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return false;
    return end == text.data() + text.size() && length == out.size();
}

using Signature = std::array<unsigned char, crypto_sign_BYTES>;

std::optional<Signature> decode_signature(std::string_view base64) {
    Signature signature{};
    if (!decode_base64_exactly(base64, signature)) return std::nullopt;
    return signature;
}

bool signature_matches(const Signature& signature, std::string_view signed_text, const TechnicianKey& key) {
    return crypto_sign_verify_detached(signature.data(), reinterpret_cast<const unsigned char*>(signed_text.data()),
                                       signed_text.size(), key.bytes().data()) == 0;
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

// The length of "scheme://host[:port]" in a URL, or npos when it has no "://".
std::size_t authority_end(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return std::string_view::npos;
    const auto path_start = url.find('/', scheme_end + 3);
    return path_start == std::string_view::npos ? url.size() : path_start;
}

}  // namespace

const char* to_string(RefusalReason reason) {
    switch (reason) {
        case RefusalReason::TooLong: return "payload too long";
        case RefusalReason::InvalidUtf8: return "payload is not valid UTF-8";
        case RefusalReason::ControlCharacter: return "payload contains a control character";
        case RefusalReason::CardMalformed: return "technician card is malformed or truncated";
        case RefusalReason::CardUnsupported: return "technician card version is not supported";
        case RefusalReason::CardNoKey: return "technician cards cannot be verified: no public key configured";
        case RefusalReason::CardForged: return "technician card signature does not verify";
        case RefusalReason::CardExpired: return "technician card has expired";
    }
    return "refused";
}

std::optional<Refused> check_payload(std::string_view payload) {
    if (payload.size() > kMaxPayloadBytes)
        return refuse(RefusalReason::TooLong,
                      std::to_string(payload.size()) + " bytes, at most " + std::to_string(kMaxPayloadBytes));
    for (std::size_t at = 0; at < payload.size();) {
        const CodePoint c = decode_utf8(payload, at);
        if (c.length == 0) return refuse(RefusalReason::InvalidUtf8, "at byte " + std::to_string(at));
        if (is_control(c.value))
            return refuse(RefusalReason::ControlCharacter, code_point_name(c.value) + " at byte " + std::to_string(at));
        at += c.length;
    }
    return std::nullopt;
}

Result<TechnicianKey> TechnicianKey::from_base64(std::string_view text) {
    TechnicianKey key;
    if (!decode_base64_exactly(trim(text), key.bytes_))
        return fail("technician public key: expected the base64 encoding of a 32-byte Ed25519 key");
    return key;
}

bool looks_like_technician_card(std::string_view payload) { return payload.starts_with("ANJ-TECH"); }

std::variant<TechnicianCard, Refused> verify_technician_card(std::string_view payload, const TechnicianKey* key,
                                                             TimePoint now) {
    if (auto refused = check_card_version(payload)) return *refused;
    const auto parts = split_card(payload);
    if (!parts) return refuse(RefusalReason::CardMalformed, "expected id, expiry and signature");
    if (!is_identifier(parts->id, true)) return refuse(RefusalReason::CardMalformed, "technician id");
    const auto expiry = parse_expiry(parts->expiry);
    if (!expiry) return refuse(RefusalReason::CardMalformed, "expiry");
    const auto signature = decode_signature(parts->signature);
    if (!signature) return refuse(RefusalReason::CardMalformed, "signature");
    if (!key || !sodium_ready()) return refuse(RefusalReason::CardNoKey);
    if (!signature_matches(*signature, parts->signed_text, *key)) return refuse(RefusalReason::CardForged);
    if (unix_seconds(now) >= *expiry) return refuse(RefusalReason::CardExpired);
    return TechnicianCard{std::string(parts->id), *expiry};
}

std::optional<std::string> ticket_reference_from_url(std::string_view payload, std::string_view tracking_base) {
    while (!tracking_base.empty() && tracking_base.back() == '/') tracking_base.remove_suffix(1);
    const std::size_t authority = authority_end(tracking_base);
    if (tracking_base.empty() || authority == std::string_view::npos) return std::nullopt;
    if (payload.size() <= tracking_base.size() + 1 || payload[tracking_base.size()] != '/') return std::nullopt;
    if (!equal_ignoring_ascii_case(payload.substr(0, authority), tracking_base.substr(0, authority)))
        return std::nullopt;
    if (payload.substr(authority, tracking_base.size() - authority) != tracking_base.substr(authority))
        return std::nullopt;
    const std::string_view reference = payload.substr(tracking_base.size() + 1);
    if (!is_identifier(reference, false)) return std::nullopt;
    return std::string(reference);
}

PayloadClassifier::PayloadClassifier(std::string tracking_base, std::optional<TechnicianKey> key, const Clock& clock)
    : tracking_base_(std::move(tracking_base)), key_(std::move(key)), clock_(clock) {}

ScanOutcome PayloadClassifier::classify(std::string_view payload) const {
    if (auto refused = check_payload(payload)) return *refused;
    if (looks_like_technician_card(payload)) {
        auto card = verify_technician_card(payload, key_ ? &*key_ : nullptr, clock_.now());
        if (auto* accepted = std::get_if<TechnicianCard>(&card)) return *accepted;
        return std::get<Refused>(card);
    }
    if (auto reference = ticket_reference_from_url(payload, tracking_base_)) return CheckTicket{*reference};
    return NotRecognised{};
}

std::string describe_for_log(const ScanOutcome& outcome, std::size_t payload_bytes) {
    const std::string size = std::to_string(payload_bytes) + " bytes";
    if (auto* ticket = std::get_if<CheckTicket>(&outcome))
        return "scan: ticket tracking URL for " + ticket->reference + " (" + size + ")";
    if (auto* card = std::get_if<TechnicianCard>(&outcome))
        return "scan: technician card accepted for '" + card->technician_id + "', valid until " +
               iso8601_local(from_unix_seconds(card->expires_unix));
    if (auto* refused = std::get_if<Refused>(&outcome))
        return "scan: refused a payload of " + size + ": " + refused->message;
    return "scan: a payload of " + size + " was not recognised";
}

ScanDeduplicator::ScanDeduplicator(const Clock& clock, std::chrono::milliseconds window)
    : clock_(clock), window_(window) {}

bool ScanDeduplicator::is_repeat(std::string_view payload) {
    const TimePoint now = clock_.now();
    // A clock that stepped backwards makes the gap negative: count that as a fresh scan, not a repeat.
    const bool repeat = last_seen_ && payload == last_payload_ && now >= *last_seen_ && now - *last_seen_ < window_;
    last_payload_.assign(payload);
    last_seen_ = now;
    return repeat;
}

ScanInterpreter::ScanInterpreter(std::string tracking_base, std::optional<TechnicianKey> key, const Clock& clock)
    : classifier_(std::move(tracking_base), std::move(key), clock), repeats_(clock) {}

std::optional<ScanOutcome> ScanInterpreter::interpret(std::string_view payload) {
    if (repeats_.is_repeat(payload)) return std::nullopt;
    ScanOutcome outcome = classifier_.classify(payload);
    const std::string line = describe_for_log(outcome, payload.size());
    if (std::holds_alternative<Refused>(outcome))
        log::warn(line);
    else
        log::info(line);
    return outcome;
}

}  // namespace anjungan::scan
