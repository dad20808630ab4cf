#include "venue/aster/signer.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace symphony::venue::aster {

namespace {

void put_u256(std::vector<std::uint8_t>& out, std::uint64_t v) {
  for (int i = 0; i < 24; ++i) out.push_back(0);
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void put_address(std::vector<std::uint8_t>& out, const Address& a) {
  for (int i = 0; i < 12; ++i) out.push_back(0);
  out.insert(out.end(), a.begin(), a.end());
}

void json_escape(std::string& out, std::string_view s) {
  out += '"';
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      static constexpr char digits[] = "0123456789abcdef";
      out += "\\u00";
      out += digits[(c >> 4) & 0xf];
      out += digits[c & 0xf];
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace

// ---------------------------------------------------------------------------- V3

V3Signer::V3Signer(std::string_view private_key_hex, const Address& user, std::uint64_t chain_id)
    : key_(private_key_hex), user_(user), chain_id_(chain_id) {}

Bytes32 V3Signer::digest(std::string_view msg, std::uint64_t chain_id) {
  const Bytes32 separator = domain_separator({"AsterSignTransaction", "1", chain_id, Address{}});
  static const Bytes32 type_hash = keccak256("Message(string msg)");
  std::array<std::uint8_t, 64> buf{};
  const Bytes32 msg_hash = keccak256(msg);
  std::memcpy(buf.data(), type_hash.data(), 32);
  std::memcpy(buf.data() + 32, msg_hash.data(), 32);
  return eip712_digest(separator, keccak256(buf));
}

SignedRequest V3Signer::sign(const Params& business, std::uint64_t now_us) const {
  Params p = business;
  p.add("nonce", std::to_string(now_us));
  p.add("user", to_checksum_address(user_));
  p.add("signer", to_checksum_address(key_.address()));
  const EthSignature sig = key_.sign_digest(digest(p.str(), chain_id_));
  SignedRequest out;
  out.params = p.str() + "&signature=0x" + to_hex(sig);
  return out;
}

// --------------------------------------------------------------------- V3 legacy

V3LegacySigner::V3LegacySigner(std::string_view private_key_hex, const Address& user, std::uint64_t recv_window_ms)
    : key_(private_key_hex), user_(user), recv_window_ms_(recv_window_ms) {}

std::string V3LegacySigner::sorted_json(const std::vector<std::pair<std::string, std::string>>& params) {
  std::vector<std::pair<std::string, std::string>> sorted = params;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out = "{";
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i) out += ',';
    json_escape(out, sorted[i].first);
    out += ':';
    json_escape(out, sorted[i].second);
  }
  out += '}';
  return out;
}

std::vector<std::uint8_t> V3LegacySigner::abi_encode(std::string_view json, const Address& user, const Address& signer,
                                                     std::uint64_t nonce) {
  std::vector<std::uint8_t> out;
  out.reserve(5 * 32 + json.size() + 32);
  put_u256(out, 4 * 32);  // offset of the dynamic string after the four head words
  put_address(out, user);
  put_address(out, signer);
  put_u256(out, nonce);
  put_u256(out, json.size());
  out.insert(out.end(), json.begin(), json.end());
  out.resize(out.size() + (32 - json.size() % 32) % 32, 0);
  return out;
}

SignedRequest V3LegacySigner::sign(const Params& business, std::uint64_t now_us) const {
  Params p = business;
  p.add("recvWindow", std::to_string(recv_window_ms_));
  p.add("timestamp", std::to_string(now_us / 1000));
  const std::string json = sorted_json(p.pairs());
  const Bytes32 hash = keccak256(abi_encode(json, user_, key_.address(), now_us));
  const EthSignature sig = key_.sign_digest(personal_message_digest(hash));
  p.add("nonce", std::to_string(now_us));
  p.add("user", to_checksum_address(user_));
  p.add("signer", to_checksum_address(key_.address()));
  SignedRequest out;
  out.params = p.str() + "&signature=0x" + to_hex(sig);
  return out;
}

// ---------------------------------------------------------------------------- V1

V1Signer::V1Signer(std::string api_key, std::string secret, std::uint64_t recv_window_ms)
    : api_key_(std::move(api_key)), secret_(std::move(secret)), recv_window_ms_(recv_window_ms) {}

V1Signer::~V1Signer() { OPENSSL_cleanse(secret_.data(), secret_.size()); }

SignedRequest V1Signer::sign(const Params& business, std::uint64_t now_us) const {
  Params p = business;
  p.add("recvWindow", std::to_string(recv_window_ms_));
  p.add("timestamp", std::to_string(now_us / 1000));
  SignedRequest out;
  out.params = p.str() + "&signature=" + hmac_sha256_hex(secret_, p.str());
  out.headers.emplace_back("X-MBX-APIKEY", api_key_);
  return out;
}

}  // namespace symphony::venue::aster
