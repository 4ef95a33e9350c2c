// Test fixture running the open311_peer server: its URL, what it received, its ledger, faults, and TLS files.
#pragma once

#include "tests/support/process.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace anjungan::test {

// Certificates for TLS tests, made with the openssl command-line tool (EC P-256, valid 30 days).
struct TestPki {
    std::string ca_cert;        // the CA that signed server_cert: give this to the kiosk
    std::string server_cert;    // for IP 127.0.0.1 and DNS localhost
    std::string server_key;
    std::string wrong_ca_cert;  // an unrelated CA: verifying the server against it must fail
    std::string server_pin;     // "sha256//<base64>" of the server's public key (libcurl's pin format)
};

// Writes a fresh TestPki into the existing directory `dir`. Throws std::runtime_error if openssl fails.
TestPki make_test_pki(const std::string& dir);

// One running open311_peer (see tests/peers/open311_peer.cpp for the protocol and the fault modes).
// Its record file and certificates live in a private TempDir removed with the fixture.
class Open311Peer {
public:
    struct Options {
        bool tls = false;     // serve HTTPS with a certificate from a fresh TestPki
        std::string api_key{};  // non-empty: POSTs without this api_key are refused with 403
        std::string services{};  // the catalogue file to serve; empty: the kiosk's shipped assets/services.json
    };

    Open311Peer();
    explicit Open311Peer(Options options);  // starts the peer; throws std::runtime_error if it does not listen
    ~Open311Peer();
    Open311Peer(const Open311Peer&) = delete;
    Open311Peer& operator=(const Open311Peer&) = delete;

    std::string base_url() const;  // http://127.0.0.1:PORT or https://127.0.0.1:PORT, no trailing slash
    int port() const { return port_; }
    bool tls() const { return options_.tls; }
    const TestPki& pki() const { return pki_; }                  // empty paths unless tls
    const std::string& ca_file() const { return pki_.ca_cert; }  // empty unless tls
    const std::string& record_file() const { return record_file_; }

    // Every POST /requests.json so far, oldest first, one JSON object each (faulted ones carry "fault").
    std::vector<nlohmann::json> received() const;
    // {"requests": N, "duplicates": M, "keys": {key: count}, "fault": {...}}
    nlohmann::json ledger() const;

    // The next `count` POST /requests.json get `mode` (-1: until cleared).
    void set_fault(const std::string& mode, int count = 1, int retry_after = 1, int delay_ms = 0);
    // The same for POSTs with Idempotency-Key `key` only; the others are served normally.
    void set_fault_for_key(const std::string& key, const std::string& mode, int count = -1);
    void clear_faults();
    // An officer's update on the server: what GET /requests/{id}.json answers from now on.
    void set_status(const std::string& service_request_id, const std::string& status, const std::string& notes);

    // Takes the server away (SIGTERM) and brings it back on the same port; the ledger survives
    // because the peer rebuilds it from its record file.
    void stop();
    void start();
    bool running() const { return process_ != nullptr; }

private:
    nlohmann::json control(const std::string& method, const std::string& path, const std::string& body) const;

    Options options_;
    TempDir dir_;
    TestPki pki_;
    std::string record_file_;
    int port_ = 0;
    std::unique_ptr<Process> process_;
};

}  // namespace anjungan::test
