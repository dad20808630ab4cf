#include <symphony/venue/crypto.hpp>

#include <cryptopp/keccak.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <cstring>
#include <stdexcept>

namespace symphony::venue {

namespace {

// One signing context for the process. Created once, never mutated after creation, so
// it is safe to use from any thread (libsecp256k1's rule for const contexts).
const secp256k1_context* context() {
  static secp256k1_context* const ctx = [] {
    secp256k1_context* c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    // Blinding against side channels; a fixed seed is as good as any for a process-wide
    // context whose secrets are the keys, not the seed.
    unsigned char seed[32] = {0x53, 0x79, 0x6d, 0x70, 0x68, 0x6f, 0x6e, 0x79};
    if (secp256k1_context_randomize(c, seed) != 1) throw std::runtime_error("secp256k1: randomize failed");
    return c;
  }();
  return ctx;
}

int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view strip_0x(std::string_view hex) noexcept {
  if (hex.size() >= 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) hex.remove_prefix(2);
  return hex;
}

}  // namespace

Bytes32 keccak256(std::span<const std::uint8_t> data) {
  CryptoPP::Keccak_256 h;
  h.Update(data.data(), data.size());
  Bytes32 out;
  h.Final(out.data());
  return out;
}

Bytes32 keccak256(std::string_view data) {
  return keccak256(std::span(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len) == nullptr)
    throw std::runtime_error("HMAC-SHA256 failed");
  return to_hex(std::span(mac, len));
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 0xf];
  }
  return out;
}

bool from_hex(std::string_view hex, std::span<std::uint8_t> out) {
  hex = strip_0x(hex);
  if (hex.size() != out.size() * 2) return false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = hex_digit(hex[2 * i]);
    const int lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return true;
}

std::string to_checksum_address(const Address& address) {
  const std::string lower = to_hex(address);
  const Bytes32 h = keccak256(lower);
  std::string out = "0x" + lower;
  for (std::size_t i = 0; i < lower.size(); ++i) {
    const int nibble = (i % 2 == 0) ? h[i / 2] >> 4 : h[i / 2] & 0xf;
    if (nibble >= 8 && lower[i] >= 'a') out[i + 2] = static_cast<char>(lower[i] - 'a' + 'A');
  }
  return out;
}

bool parse_address(std::string_view text, Address& out) {
  if (text.size() != 42 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) return false;
  return from_hex(text, out);
}

EthKey::EthKey(std::string_view private_key_hex) {
  if (!from_hex(private_key_hex, secret_))
    throw std::invalid_argument("private key: expected 64 hex digits (optionally prefixed with 0x)");
  if (secp256k1_ec_seckey_verify(context(), secret_.data()) != 1) {
    OPENSSL_cleanse(secret_.data(), secret_.size());
    throw std::invalid_argument("private key: not a valid secp256k1 key (zero or not below the group order)");
  }
  secp256k1_pubkey pub;
  if (secp256k1_ec_pubkey_create(context(), &pub, secret_.data()) != 1)
    throw std::invalid_argument("private key: cannot derive the public key");
  unsigned char raw[65];
  std::size_t len = sizeof raw;
  secp256k1_ec_pubkey_serialize(context(), raw, &len, &pub, SECP256K1_EC_UNCOMPRESSED);
  const Bytes32 h = keccak256(std::span<const std::uint8_t>(raw + 1, 64));
  std::memcpy(address_.data(), h.data() + 12, 20);
}

EthKey::~EthKey() { OPENSSL_cleanse(secret_.data(), secret_.size()); }

EthSignature EthKey::sign_digest(const Bytes32& digest) const {
  secp256k1_ecdsa_recoverable_signature sig;
  // A null nonce function is RFC 6979: the same digest and key always give the same bytes.
  if (secp256k1_ecdsa_sign_recoverable(context(), &sig, digest.data(), secret_.data(), nullptr, nullptr) != 1)
    throw std::runtime_error("secp256k1: signing failed");
  EthSignature out;
  int recid = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(context(), out.data(), &recid, &sig);
  out[64] = static_cast<std::uint8_t>(27 + recid);
  return out;
}

bool recover_address(const Bytes32& digest, const EthSignature& signature, Address& out) {
  const int v = signature[64];
  const int recid = v >= 27 ? v - 27 : v;
  if (recid < 0 || recid > 3) return false;
  secp256k1_ecdsa_recoverable_signature sig;
  if (secp256k1_ecdsa_recoverable_signature_parse_compact(context(), &sig, signature.data(), recid) != 1) return false;
  secp256k1_pubkey pub;
  if (secp256k1_ecdsa_recover(context(), &pub, &sig, digest.data()) != 1) return false;
  unsigned char raw[65];
  std::size_t len = sizeof raw;
  secp256k1_ec_pubkey_serialize(context(), raw, &len, &pub, SECP256K1_EC_UNCOMPRESSED);
  const Bytes32 h = keccak256(std::span<const std::uint8_t>(raw + 1, 64));
  std::memcpy(out.data(), h.data() + 12, 20);
  return true;
}

Bytes32 personal_message_digest(const Bytes32& hash) {
  std::string buf =
      "\x19"
      "Ethereum Signed Message:\n32";
  buf.append(reinterpret_cast<const char*>(hash.data()), hash.size());
  return keccak256(buf);
}

Bytes32 eip712_digest(const Bytes32& domain_separator, const Bytes32& struct_hash) {
  std::array<std::uint8_t, 66> buf{};
  buf[0] = 0x19;
  buf[1] = 0x01;
  std::memcpy(buf.data() + 2, domain_separator.data(), 32);
  std::memcpy(buf.data() + 34, struct_hash.data(), 32);
  return keccak256(buf);
}

Bytes32 domain_separator(const Eip712Domain& domain) {
  static const Bytes32 type_hash =
      keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
  std::array<std::uint8_t, 5 * 32> buf{};
  std::memcpy(buf.data(), type_hash.data(), 32);
  const Bytes32 name = keccak256(domain.name);
  const Bytes32 version = keccak256(domain.version);
  std::memcpy(buf.data() + 32, name.data(), 32);
  std::memcpy(buf.data() + 64, version.data(), 32);
  for (int i = 0; i < 8; ++i) buf[96 + 31 - i] = static_cast<std::uint8_t>(domain.chain_id >> (8 * i));
  std::memcpy(buf.data() + 128 + 12, domain.verifying_contract.data(), 20);
  return keccak256(buf);
}

}  // namespace symphony::venue
