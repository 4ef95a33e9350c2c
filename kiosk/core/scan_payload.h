// Scanned payloads: safety checks, classification (ticket URL, technician card) and repeat suppression.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "kiosk/core/clock.h"
#include "kiosk/core/result.h"

namespace anjungan::scan {

// Longest payload the kiosk accepts; a ticket URL or a technician card is far shorter.
inline constexpr std::size_t kMaxPayloadBytes = 512;

// Why a payload was refused. Stable: the app maps each reason to a translated message on screen.
enum class RefusalReason {
    TooLong,           // more than kMaxPayloadBytes
    InvalidUtf8,       // not well-formed UTF-8
    ControlCharacter,  // C0/C1 controls, DEL, line separators or bidirectional overrides
    CardMalformed,     // starts like a technician card but is truncated or badly formed
    CardUnsupported,   // a technician card of a version this kiosk does not know
    CardNoKey,         // this kiosk has no technician public key configured
    CardForged,        // the signature does not verify
    CardExpired,       // correctly signed but past its expiry
};

// A short English description for logs, e.g. "control character"; never contains payload bytes.
const char* to_string(RefusalReason reason);

// The payload is the tracking URL printed on a ticket: show that ticket's status.
struct CheckTicket {
    std::string reference;  // e.g. "KSK01-20240415-P-007"
};

// A valid, unexpired technician card: enter technician mode.
struct TechnicianCard {
    std::string technician_id;
    std::int64_t expires_unix = 0;
};

// The payload must not be acted on; `message` is a log-safe English sentence (no payload bytes).
struct Refused {
    RefusalReason reason;
    std::string message;
};

// Well-formed text that is neither a ticket nor a technician card.
struct NotRecognised {};

using ScanOutcome = std::variant<CheckTicket, TechnicianCard, Refused, NotRecognised>;

// A one-line description of an outcome for the log: kinds, lengths, references and technician ids
// only, never the payload itself.
std::string describe_for_log(const ScanOutcome& outcome, std::size_t payload_bytes);

// Checks size, UTF-8 and control characters. nullopt when the payload may be classified.
std::optional<Refused> check_payload(std::string_view payload);

// An Ed25519 public key that signs technician cards.
class TechnicianKey {
public:
    // Parses a standard (padded) base64 encoding of the 32-byte key, surrounding whitespace ignored.
    static Result<TechnicianKey> from_base64(std::string_view text);
    const std::array<unsigned char, 32>& bytes() const { return bytes_; }

private:
    std::array<unsigned char, 32> bytes_{};
};

// The prefix that marks a technician card: "ANJ-TECH1:<id>:<expiry-unix>:<signature-base64>".
inline constexpr std::string_view kTechnicianCardPrefix = "ANJ-TECH1:";

// True when the payload claims to be a technician card of any version ("ANJ-TECH..."), so that a
// broken card is refused rather than reported as not recognised.
bool looks_like_technician_card(std::string_view payload);

// Verifies a technician card: the id is 1–64 of [A-Za-z0-9._-], the expiry decimal Unix seconds, the
// signature Ed25519 over "<id>:<expiry-unix>" in padded base64. The signature is checked before the
// expiry, so a forged card is reported as forged even when its date has passed. `key` may be null
// (no key configured): every card is then refused. Thread-safe.
std::variant<TechnicianCard, Refused> verify_technician_card(std::string_view payload, const TechnicianKey* key,
                                                             TimePoint now);

// The reference when `payload` is exactly `<tracking_base>/<reference>` (a trailing slash on the base
// is ignored; scheme and host compare case-insensitively; the reference is 1–64 of [A-Za-z0-9_-]).
std::optional<std::string> ticket_reference_from_url(std::string_view payload, std::string_view tracking_base);

// Classifies payloads for one kiosk configuration. Stateless apart from its settings; thread-safe.
class PayloadClassifier {
public:
    // `tracking_base` is the configuration's ticket.tracking_base; `key` nullopt when no technician key
    // is configured. `clock` decides whether a card has expired and must outlive the classifier.
    PayloadClassifier(std::string tracking_base, std::optional<TechnicianKey> key, const Clock& clock);

    // Checks the payload (check_payload) and then classifies it. Never throws, never logs.
    ScanOutcome classify(std::string_view payload) const;

private:
    std::string tracking_base_;
    std::optional<TechnicianKey> key_;
    const Clock& clock_;
};

// Ignores a payload that repeats the previous one within the window (a scanner held over a code, or a
// code read twice). The window slides: a code that keeps arriving less than `window` apart is reported
// once. Any different payload resets it. Not thread-safe: call from the thread that handles scans.
class ScanDeduplicator {
public:
    explicit ScanDeduplicator(const Clock& clock, std::chrono::milliseconds window = std::chrono::seconds(2));

    // True when `payload` should be ignored as a repeat. Records the payload and time either way.
    bool is_repeat(std::string_view payload);

private:
    const Clock& clock_;
    std::chrono::milliseconds window_;
    std::string last_payload_;
    std::optional<TimePoint> last_seen_;
};

// What the app holds: repeat suppression, classification and one log line per scan that does not echo
// the payload. Call from the thread that handles scan events.
class ScanInterpreter {
public:
    ScanInterpreter(std::string tracking_base, std::optional<TechnicianKey> key, const Clock& clock);

    // nullopt when the payload repeats the previous one within 2 s (nothing is logged); otherwise the
    // outcome, after logging it with describe_for_log().
    std::optional<ScanOutcome> interpret(std::string_view payload);

private:
    PayloadClassifier classifier_;
    ScanDeduplicator repeats_;
};

}  // namespace anjungan::scan
