// libFuzzer target: the scan payload classifier keeps its promises on arbitrary bytes.
#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kiosk/core/scan_payload.h"

using namespace anjungan;
using namespace anjungan::scan;

namespace {

const std::string kBase = "https://lapor.kotimkab.go.id/tiket";

void require(bool condition, const char* invariant) {
    if (condition) return;
    std::fprintf(stderr, "invariant broken: %s\n", invariant);
    std::abort();
}

// A strict UTF-8 walk written independently of the module's decoder; false on any ill-formed sequence
// or on a C0 control or DEL (the simplest controls the module must refuse).
bool plain_utf8_text(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x20 || lead == 0x7F) return false;
        const std::size_t length = lead < 0x80                   ? 1
                                   : lead >= 0xC2 && lead < 0xE0 ? 2
                                   : lead >= 0xE0 && lead < 0xF0 ? 3
                                   : lead >= 0xF0 && lead < 0xF5 ? 4
                                                                 : 0;
        if (length == 0 || i + length > text.size()) return false;
        std::uint32_t cp = length == 1 ? lead : length == 2 ? lead & 0x1F : length == 3 ? lead & 0x0F : lead & 0x07;
        for (std::size_t k = 1; k < length; ++k) {
            const auto byte = static_cast<unsigned char>(text[i + k]);
            if ((byte & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (byte & 0x3F);
        }
        const std::uint32_t minimum = length == 2 ? 0x80 : length == 3 ? 0x800 : length == 4 ? 0x10000 : 0;
        if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp <= 0x9F)) return false;
        i += length;
    }
    return true;
}

// The fixed technician key the fuzzer classifies against (seeded, so runs are reproducible).
TechnicianKey fuzz_key() {
    unsigned char seed[crypto_sign_SEEDBYTES] = {7};
    unsigned char public_key[crypto_sign_PUBLICKEYBYTES], secret_key[crypto_sign_SECRETKEYBYTES];
    require(sodium_init() >= 0, "libsodium initialises");
    crypto_sign_seed_keypair(public_key, secret_key, seed);
    char base64[sodium_base64_ENCODED_LEN(crypto_sign_PUBLICKEYBYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(base64, sizeof base64, public_key, sizeof public_key, sodium_base64_VARIANT_ORIGINAL);
    return *TechnicianKey::from_base64(base64);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ManualClock clock(from_unix_seconds(1'800'000'000));
    static const PayloadClassifier classifier(kBase, fuzz_key(), clock);
    const std::string payload(reinterpret_cast<const char*>(data), size);
    const ScanOutcome outcome = classifier.classify(payload);
    require(outcome.index() == classifier.classify(payload).index(), "classification is deterministic");
    if (!std::holds_alternative<Refused>(outcome)) {
        require(payload.size() <= kMaxPayloadBytes, "only payloads within the size limit are accepted");
        require(plain_utf8_text(payload), "only well-formed UTF-8 without controls is accepted");
    }
    if (auto* ticket = std::get_if<CheckTicket>(&outcome)) {
        require(payload.size() == kBase.size() + 1 + ticket->reference.size(), "a ticket URL is base/reference");
        require(payload.ends_with("/" + ticket->reference), "the reference is the URL's last segment");
    }
    if (auto* card = std::get_if<TechnicianCard>(&outcome)) {
        // Only the fuzzer's own seed corpus could hold a genuine card; anything else is a forgery let through.
        require(
            payload.starts_with("ANJ-TECH1:" + card->technician_id + ":" + std::to_string(card->expires_unix) + ":"),
            "an accepted card is the card that was scanned");
        require(card->expires_unix > 1'800'000'000, "an accepted card has not expired");
    }
    const std::string line = describe_for_log(outcome, payload.size());
    if (auto* refused = std::get_if<Refused>(&outcome); refused && payload.size() >= 24)
        require(refused->message.find(payload) == std::string::npos && line.find(payload) == std::string::npos,
                "a refusal never echoes the payload");
    return 0;
}
