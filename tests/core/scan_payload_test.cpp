// Scanned payloads: ticket URLs, Ed25519 technician cards, refusals that never echo the payload, repeats.
#include <catch2/catch.hpp>

#include <sodium.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include "kiosk/core/scan_payload.h"
#include "tests/support/technician_card.h"

using Catch::Matchers::Contains;

using namespace anjungan;
using namespace anjungan::scan;
using namespace std::chrono_literals;

namespace {

const std::string kBase = "https://lapor.kotimkab.go.id/tiket";
const TimePoint kNow = from_unix_seconds(1'800'000'000);

using test::TestSigner;

std::int64_t now_unix() { return unix_seconds(kNow); }

template <class T>
bool is(const ScanOutcome& outcome) {
    return std::holds_alternative<T>(outcome);
}

RefusalReason reason_of(const ScanOutcome& outcome) {
    REQUIRE(is<Refused>(outcome));
    return std::get<Refused>(outcome).reason;
}

// Captures what the process writes to stderr (where log lines go) while it lives.
class StderrCapture {
public:
    StderrCapture() : file_(std::tmpfile()), saved_(::dup(STDERR_FILENO)) {
        std::fflush(stderr);
        ::dup2(::fileno(file_), STDERR_FILENO);
    }
    ~StderrCapture() {
        restore();
        std::fclose(file_);
    }
    std::string text() {
        restore();
        std::string out;
        std::rewind(file_);
        for (int c; (c = std::fgetc(file_)) != EOF;) out.push_back(static_cast<char>(c));
        return out;
    }

private:
    void restore() {
        if (saved_ < 0) return;
        std::fflush(stderr);
        ::dup2(saved_, STDERR_FILENO);
        ::close(saved_);
        saved_ = -1;
    }
    std::FILE* file_;
    int saved_;
};

}  // namespace

TEST_CASE("A ticket's tracking URL asks to check that ticket", "[core][scan]") {
    ManualClock clock(kNow);
    PayloadClassifier classifier(kBase, std::nullopt, clock);
    const auto outcome = classifier.classify(kBase + "/KTM-MPP-01-20260415-P-007");
    REQUIRE(is<CheckTicket>(outcome));
    CHECK(std::get<CheckTicket>(outcome).reference == "KTM-MPP-01-20260415-P-007");
}

TEST_CASE("A trailing slash on the tracking base and the host's letter case do not matter", "[core][scan]") {
    CHECK(ticket_reference_from_url(kBase + "/A-001", kBase + "/") == "A-001");
    CHECK(ticket_reference_from_url("HTTPS://LAPOR.Kotimkab.go.id/tiket/A-001", kBase) == "A-001");
}

TEST_CASE("URLs that only resemble a ticket's tracking URL are not recognised", "[core][scan]") {
    ManualClock clock(kNow);
    PayloadClassifier classifier(kBase, std::nullopt, clock);
    for (const std::string& payload : std::vector<std::string>{
             kBase, kBase + "/", kBase + "/A-001?x=1", kBase + "/A-001/extra", kBase + "/A 001", kBase + "x/A-001",
             std::string("https://lapor.kotimkab.go.id/TIKET/A-001"),
             std::string("http://lapor.kotimkab.go.id/tiket/A-001"), std::string("https://evil.example/tiket/A-001"),
             kBase + "/" + std::string(65, 'A')}) {
        INFO("payload: " << payload);
        CHECK(is<NotRecognised>(classifier.classify(payload)));
    }
}

TEST_CASE("A valid unexpired technician card is accepted with its id and expiry", "[core][scan]") {
    TestSigner signer;
    ManualClock clock(kNow);
    PayloadClassifier classifier(kBase, signer.key(), clock);
    const auto outcome = classifier.classify(signer.card("tech.budi-01", now_unix() + 3600));
    REQUIRE(is<TechnicianCard>(outcome));
    CHECK(std::get<TechnicianCard>(outcome).technician_id == "tech.budi-01");
    CHECK(std::get<TechnicianCard>(outcome).expires_unix == now_unix() + 3600);
}

TEST_CASE("An expired technician card is refused as expired", "[core][scan]") {
    TestSigner signer;
    ManualClock clock(kNow);
    PayloadClassifier classifier(kBase, signer.key(), clock);
    CHECK(reason_of(classifier.classify(signer.card("budi", now_unix()))) == RefusalReason::CardExpired);
    CHECK(reason_of(classifier.classify(signer.card("budi", now_unix() - 1))) == RefusalReason::CardExpired);
    const std::string card = signer.card("budi", now_unix() + 10);
    REQUIRE(is<TechnicianCard>(classifier.classify(card)));
    clock.advance(10s);
    CHECK(reason_of(classifier.classify(card)) == RefusalReason::CardExpired);
}

TEST_CASE("Forged technician cards are refused as forged", "[core][scan]") {
    TestSigner signer, impostor;
    ManualClock clock(kNow);
    PayloadClassifier classifier(kBase, signer.key(), clock);
    const std::int64_t expiry = now_unix() + 3600;
    const std::string genuine_signature = signer.signature("budi:" + std::to_string(expiry));

    SECTION("signed with another key") {
        CHECK(reason_of(classifier.classify(impostor.card("budi", expiry))) == RefusalReason::CardForged);
    }
    SECTION("another technician's id under a genuine signature") {
        const std::string card = "ANJ-TECH1:admin:" + std::to_string(expiry) + ":" + genuine_signature;
        CHECK(reason_of(classifier.classify(card)) == RefusalReason::CardForged);
    }
    SECTION("a later expiry under a genuine signature") {
        const std::string card = "ANJ-TECH1:budi:" + std::to_string(expiry + 86400 * 365) + ":" + genuine_signature;
        CHECK(reason_of(classifier.classify(card)) == RefusalReason::CardForged);
    }
    SECTION("a signature with one bit flipped") {
        std::string card = signer.card("budi", expiry);
        const auto at = card.rfind(':') + 5;
        card[at] = card[at] == 'A' ? 'B' : 'A';
        CHECK(reason_of(classifier.classify(card)) == RefusalReason::CardForged);
    }
    SECTION("a forged card past its expiry is reported as forged, not expired") {
        CHECK(reason_of(classifier.classify(impostor.card("budi", now_unix() - 100))) == RefusalReason::CardForged);
    }
}

TEST_CASE("Every truncation of a valid technician card is refused, never accepted", "[core][scan]") {
    TestSigner signer;
    ManualClock clock(kNow);
    PayloadClassifier classifier(kBase, signer.key(), clock);
    const std::string card = signer.card("budi", now_unix() + 3600);
    for (std::size_t length = std::string("ANJ-TECH").size(); length < card.size(); ++length) {
        INFO("truncated to " << length << " bytes");
        const auto reason = reason_of(classifier.classify(card.substr(0, length)));
        CHECK((reason == RefusalReason::CardMalformed || reason == RefusalReason::CardForged));
    }
}

TEST_CASE("Badly formed technician cards are refused as malformed", "[core][scan]") {
    TestSigner signer;
    ManualClock clock(kNow);
    PayloadClassifier classifier(kBase, signer.key(), clock);
    const std::string sig = signer.signature("budi:1900000000");
    for (const std::string& card : std::vector<std::string>{
             "ANJ-TECH1:", "ANJ-TECH1:budi", "ANJ-TECH1:budi:1900000000", "ANJ-TECH1::1900000000:" + sig,
             "ANJ-TECH1:bu di:1900000000:" + sig, "ANJ-TECH1:budi:-1900000000:" + sig, "ANJ-TECH1:budi:19e8:" + sig,
             "ANJ-TECH1:budi:99999999999999999999:" + sig, "ANJ-TECH1:budi:1900000000:" + sig + ":extra",
             "ANJ-TECH1:budi:1900000000:not base64!", "ANJ-TECH1:budi:1900000000:" + sig.substr(4),
             "ANJ-TECH:budi:1900000000:" + sig, "ANJ-TECHX:budi"}) {
        INFO("card: " << card);
        CHECK(reason_of(classifier.classify(card)) == RefusalReason::CardMalformed);
    }
}

TEST_CASE("A card spelled with a byte outside the base64 alphabet is refused, though libsodium would decode it",
          "[core][scan]") {
    TestSigner signer;
    std::string card = signer.card("budi", now_unix() + 3600);
    const auto key = signer.key();
    card[card.rfind(':') + 1] = '\xc4';  // libsodium 1.0.18 maps bytes above 0x7F to some 6-bit value
    const auto result = verify_technician_card(card, &key, kNow);
    REQUIRE(std::holds_alternative<Refused>(result));
    CHECK(std::get<Refused>(result).reason == RefusalReason::CardMalformed);
}

TEST_CASE("A technician card of another version is refused as unsupported", "[core][scan]") {
    TestSigner signer;
    ManualClock clock(kNow);
    PayloadClassifier classifier(kBase, signer.key(), clock);
    std::string card = signer.card("budi", now_unix() + 3600);
    card.replace(0, 10, "ANJ-TECH2:");
    CHECK(reason_of(classifier.classify(card)) == RefusalReason::CardUnsupported);
}

TEST_CASE("Technician cards are refused when no public key is configured", "[core][scan]") {
    TestSigner signer;
    ManualClock clock(kNow);
    PayloadClassifier classifier(kBase, std::nullopt, clock);
    CHECK(reason_of(classifier.classify(signer.card("budi", now_unix() + 3600))) == RefusalReason::CardNoKey);
}

TEST_CASE("A technician public key must be the base64 of 32 bytes", "[core][scan]") {
    TestSigner signer;
    CHECK(TechnicianKey::from_base64(signer.public_key_base64()));
    CHECK(TechnicianKey::from_base64("  " + signer.public_key_base64() + "\n"));
    CHECK_FALSE(TechnicianKey::from_base64(""));
    CHECK_FALSE(TechnicianKey::from_base64(signer.public_key_base64().substr(4)));
    CHECK_FALSE(TechnicianKey::from_base64("not a key"));
    CHECK_FALSE(TechnicianKey::from_base64(TestSigner::base64(signer.secret_key.data(), signer.secret_key.size())));
}

TEST_CASE("Payloads with control characters are refused", "[core][scan]") {
    ManualClock clock(kNow);
    PayloadClassifier classifier(kBase, std::nullopt, clock);
    for (const std::string& payload :
         std::vector<std::string>{kBase + "/A-001\r", std::string("line\nbreak"), std::string("tab\there"),
                                  std::string("nul\0byte", 8), std::string("escape \x1b[2J"), std::string("delete\x7f"),
                                  std::string("c1 \xc2\x85 next line"), std::string("separator \xe2\x80\xa8"),
                                  std::string("override \xe2\x80\xae lmth.exe"), std::string("isolate \xe2\x81\xa6")}) {
        INFO("payload bytes: " << payload.size());
        CHECK(reason_of(classifier.classify(payload)) == RefusalReason::ControlCharacter);
    }
}

TEST_CASE("Payloads that are not well-formed UTF-8 are refused", "[core][scan]") {
    ManualClock clock(kNow);
    PayloadClassifier classifier(kBase, std::nullopt, clock);
    for (const std::string& payload :
         std::vector<std::string>{std::string("\xff"), std::string("lone \x80 continuation"),
                                  std::string("overlong \xc0\xaf slash"), std::string("overlong \xe0\x80\xaf"),
                                  std::string("surrogate \xed\xa0\x80"), std::string("beyond \xf4\x90\x80\x80"),
                                  std::string("cut short \xe2\x82"), std::string("\xf8\x88\x80\x80\x80")}) {
        INFO("payload bytes: " << payload.size());
        CHECK(reason_of(classifier.classify(payload)) == RefusalReason::InvalidUtf8);
    }
}

TEST_CASE("Well-formed text in any script is not refused, only not recognised", "[core][scan]") {
    ManualClock clock(kNow);
    PayloadClassifier classifier(kBase, std::nullopt, clock);
    CHECK(is<NotRecognised>(classifier.classify("Anjungan — pelayanan ✓ 日本 😀")));
    CHECK(is<NotRecognised>(classifier.classify("")));
    CHECK(is<NotRecognised>(classifier.classify("WIFI:S:mall;T:WPA;P:secret;;")));
}

TEST_CASE("A payload of 512 bytes is classified and one of 513 bytes is refused as too long", "[core][scan]") {
    ManualClock clock(kNow);
    PayloadClassifier classifier(kBase, std::nullopt, clock);
    CHECK(is<NotRecognised>(classifier.classify(std::string(512, 'x'))));
    CHECK(reason_of(classifier.classify(std::string(513, 'x'))) == RefusalReason::TooLong);
    const std::string long_url = kBase + "/" + std::string(513 - kBase.size() - 1, 'A');
    CHECK(reason_of(classifier.classify(long_url)) == RefusalReason::TooLong);
}

TEST_CASE("Refusal messages and log lines never contain the payload", "[core][scan]") {
    TestSigner signer;
    ManualClock clock(kNow);
    PayloadClassifier classifier(kBase, signer.key(), clock);
    const std::string marker = "SECRETMARKER";
    for (const std::string& payload : std::vector<std::string>{
             marker + "\x01", marker + "\xff", std::string(600, 'S') + marker, "ANJ-TECH1:" + marker,
             "ANJ-TECH1:" + marker + ":1:" + signer.signature("x"), marker}) {
        const auto outcome = classifier.classify(payload);
        if (auto* refused = std::get_if<Refused>(&outcome)) CHECK_THAT(refused->message, !Contains(marker));
        CHECK_THAT(describe_for_log(outcome, payload.size()), !Contains(marker));
    }
}

TEST_CASE("The same payload within 2 s is ignored and accepted again after", "[core][scan]") {
    ManualClock clock(kNow);
    ScanDeduplicator repeats(clock);
    CHECK_FALSE(repeats.is_repeat("A"));
    clock.set(kNow + 1900ms);
    CHECK(repeats.is_repeat("A"));
    clock.set(kNow + 1900ms + 2s);
    CHECK_FALSE(repeats.is_repeat("A"));
}

TEST_CASE("A code held in front of the scanner is reported once while it keeps repeating", "[core][scan]") {
    ManualClock clock(kNow);
    ScanDeduplicator repeats(clock);
    CHECK_FALSE(repeats.is_repeat("A"));
    for (int i = 0; i < 10; ++i) {
        clock.set(clock.now() + 500ms);
        CHECK(repeats.is_repeat("A"));
    }
}

TEST_CASE("A different payload in between ends the repeat window", "[core][scan]") {
    ManualClock clock(kNow);
    ScanDeduplicator repeats(clock);
    CHECK_FALSE(repeats.is_repeat("A"));
    CHECK_FALSE(repeats.is_repeat("B"));
    CHECK_FALSE(repeats.is_repeat("A"));
}

TEST_CASE("The interpreter ignores a repeat and logs each scan without its payload", "[core][scan]") {
    ManualClock clock(kNow);
    ScanInterpreter interpreter(kBase, std::nullopt, clock);
    StderrCapture log;
    const std::string refused = "SECRETMARKER\r";
    const auto first = interpreter.interpret(refused);
    const auto repeat = interpreter.interpret(refused);
    const auto ticket = interpreter.interpret(kBase + "/A-001");
    const std::string text = log.text();
    REQUIRE(first);
    CHECK(reason_of(*first) == RefusalReason::ControlCharacter);
    CHECK_FALSE(repeat);
    REQUIRE(ticket);
    CHECK(is<CheckTicket>(*ticket));
    CHECK_THAT(text, !Contains("SECRETMARKER"));
    CHECK_THAT(text, Contains("control character"));
    CHECK_THAT(text, Contains("A-001"));
}
