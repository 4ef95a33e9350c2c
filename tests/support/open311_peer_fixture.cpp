// Starts and drives the open311_peer test server; makes test certificates with the openssl tool.
#include "tests/support/open311_peer_fixture.h"

#include <curl/curl.h>
#include <fstream>
#include <stdexcept>
#include <sys/wait.h>

namespace anjungan::test {
namespace {

const char* const kPeerBinary = TEST_BINARY_DIR "/tests/peers/open311_peer";
constexpr auto kStartTimeout = std::chrono::milliseconds(5000);

const char* const kPkiConfig = R"(# Extensions for the test CA and server certificates.
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
)";

void write_file(const std::string& path, const std::string& content) {
    std::ofstream out(path);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path);
}

// Runs a command to completion with its output in `dir`/tool.log, which the error message quotes.
void run_tool(const std::string& dir, std::vector<std::string> argv, const std::string& stdout_file = "") {
    std::string log = dir + "/tool.log";
    Process tool({.argv = argv, .env = {}, .working_dir = dir,
                  .stdout_file = stdout_file.empty() ? log : stdout_file, .stderr_file = log});
    auto status = tool.wait(std::chrono::milliseconds(20000));
    if (!status || !WIFEXITED(*status) || WEXITSTATUS(*status) != 0)
        throw std::runtime_error("test PKI: " + argv[0] + " " + argv[1] + " failed: " + read_text_file(log));
}

std::vector<std::string> new_ec_key_args(const std::string& key_file) {
    return {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key_file};
}

void make_ca(const std::string& dir, const std::string& name, const std::string& stem) {
    std::vector<std::string> argv = {"openssl", "req", "-x509", "-config", "pki.cnf", "-extensions", "ca_ext",
                                     "-days", "30", "-subj", "/CN=" + name, "-out", stem + ".pem"};
    auto key_args = new_ec_key_args(stem + ".key");
    argv.insert(argv.end(), key_args.begin(), key_args.end());
    run_tool(dir, argv);
}

void make_server_certificate(const std::string& dir) {
    std::vector<std::string> request = {"openssl", "req", "-new", "-config", "pki.cnf",
                                        "-subj", "/CN=localhost", "-out", "server.csr"};
    auto key_args = new_ec_key_args("server.key");
    request.insert(request.end(), key_args.begin(), key_args.end());
    run_tool(dir, request);
    run_tool(dir, {"openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                   "-set_serial", "2", "-days", "30", "-extfile", "pki.cnf", "-extensions", "server_ext",
                   "-out", "server.pem"});
}

std::string public_key_pin(const std::string& dir) {
    std::string pin_file = dir + "/server.pin";
    run_tool(dir,
             {"/bin/sh", "-c",
              "openssl pkey -in server.key -pubout -outform DER | openssl dgst -sha256 -binary | openssl base64 -A"},
             pin_file);
    std::string pin = read_text_file(pin_file);
    while (!pin.empty() && (pin.back() == '\n' || pin.back() == '\r')) pin.pop_back();
    return "sha256//" + pin;
}

size_t append_to_string(char* data, size_t size, size_t count, void* target) {
    static_cast<std::string*>(target)->append(data, size * count);
    return size * count;
}

}  // namespace

TestPki make_test_pki(const std::string& dir) {
    write_file(dir + "/pki.cnf", kPkiConfig);
    make_ca(dir, "Anjungan Test CA", "ca");
    make_ca(dir, "Unrelated Test CA", "wrong-ca");
    make_server_certificate(dir);
    return {.ca_cert = dir + "/ca.pem",
            .server_cert = dir + "/server.pem",
            .server_key = dir + "/server.key",
            .wrong_ca_cert = dir + "/wrong-ca.pem",
            .server_pin = public_key_pin(dir)};
}

Open311Peer::Open311Peer() : Open311Peer(Options{}) {}

Open311Peer::Open311Peer(Options options) : options_(std::move(options)) {
    record_file_ = dir_.path() + "/received.jsonl";
    if (options_.tls) pki_ = make_test_pki(dir_.path());
    start();
}

Open311Peer::~Open311Peer() = default;  // Process's destructor SIGKILLs and reaps the peer

std::string Open311Peer::base_url() const {
    return std::string(options_.tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

void Open311Peer::start() {
    if (process_) return;
    // Port 0 the first time; afterwards the same port, so the kiosk's configured URL stays valid.
    std::vector<std::string> argv = {kPeerBinary, "--port", std::to_string(port_), "--record", record_file_};
    if (options_.tls) argv.insert(argv.end(), {"--tls-cert", pki_.server_cert, "--tls-key", pki_.server_key});
    if (!options_.api_key.empty()) argv.insert(argv.end(), {"--api-key", options_.api_key});
    // Serve the kiosk's own default catalogue, so a kiosk that refreshes its catalogue sees the same services.
    argv.insert(argv.end(),
                {"--services", options_.services.empty() ? std::string(TEST_ASSETS_DIR "/services.json") : options_.services});
    auto process = std::make_unique<Process>(Process::Options{.argv = argv});
    auto line = process->read_line(kStartTimeout);
    if (!line || line->rfind("LISTENING ", 0) != 0)
        throw std::runtime_error("open311_peer did not start: " + line.value_or("(no output)"));
    port_ = std::stoi(line->substr(10));
    process_ = std::move(process);
}

void Open311Peer::stop() {
    if (!process_) return;
    process_->stop();
    process_.reset();
}

std::vector<nlohmann::json> Open311Peer::received() const {
    std::vector<nlohmann::json> records;
    std::ifstream in(record_file_);
    std::string line;
    while (std::getline(in, line)) {
        // A last line without its newline is still being written by the peer: not received yet.
        if (in.eof()) break;
        if (!line.empty()) records.push_back(nlohmann::json::parse(line));
    }
    return records;
}

nlohmann::json Open311Peer::ledger() const { return control("GET", "/_ledger", ""); }

void Open311Peer::set_fault(const std::string& mode, int count, int retry_after, int delay_ms) {
    nlohmann::json fault = {{"mode", mode}, {"count", count}, {"retry_after", retry_after}, {"delay_ms", delay_ms}};
    control("POST", "/_faults", fault.dump());
}

void Open311Peer::set_fault_for_key(const std::string& key, const std::string& mode, int count) {
    nlohmann::json fault = {{"mode", mode}, {"count", count}, {"key", key}};
    control("POST", "/_faults", fault.dump());
}

void Open311Peer::clear_faults() { control("DELETE", "/_faults", ""); }

void Open311Peer::set_status(const std::string& service_request_id, const std::string& status,
                             const std::string& notes) {
    control("POST", "/_requests/" + service_request_id + "/status",
            nlohmann::json{{"status", status}, {"status_notes", notes}}.dump());
}

// The peer's control endpoints; any failure is a broken test setup, so it throws.
nlohmann::json Open311Peer::control(const std::string& method, const std::string& path,
                                    const std::string& body) const {
    CURL* curl = curl_easy_init();
    if (!curl) throw std::runtime_error("curl_easy_init failed");
    std::string url = base_url() + path, reply;
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (method != "GET") curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    if (options_.tls) curl_easy_setopt(curl, CURLOPT_CAINFO, pki_.ca_cert.c_str());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 5000L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_to_string);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply);
    CURLcode result = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (result != CURLE_OK || status != 200)
        throw std::runtime_error("open311_peer " + method + " " + path + " failed: " + curl_easy_strerror(result) +
                                 " HTTP " + std::to_string(status) + " " + reply);
    return nlohmann::json::parse(reply);
}

}  // namespace anjungan::test
