#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace symphony::venue {

/// 32 bytes: a Keccak-256 or SHA-256 digest, or a secp256k1 private key.
using Bytes32 = std::array<std::uint8_t, 32>;
/// An Ethereum address: the last 20 bytes of keccak256(uncompressed public key).
using Address = std::array<std::uint8_t, 20>;
/// A recoverable secp256k1 signature as Ethereum writes it: r ‖ s ‖ v, v = 27 or 28.
using EthSignature = std::array<std::uint8_t, 65>;

/// Keccak-256 as Ethereum uses it (the pre-standard padding, not SHA3-256). Crypto++.
Bytes32 keccak256(std::span<const std::uint8_t> data);
Bytes32 keccak256(std::string_view data);

/// Lowercase hex of HMAC-SHA256(key, message). OpenSSL.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

/// Lowercase hex without prefix.
std::string to_hex(std::span<const std::uint8_t> bytes);
/// Parses hex with or without a `0x` prefix into exactly `out.size()` bytes; false on a
/// wrong length or a non-hex digit.
bool from_hex(std::string_view hex, std::span<std::uint8_t> out);

/// `0x` + EIP-55 mixed-case checksum hex.
std::string to_checksum_address(const Address& address);
/// Parses a `0x…` address (any case); false when malformed.
bool parse_address(std::string_view text, Address& out);

/// A secp256k1 signing key held in memory that is wiped on destruction. It has no
/// printable form: nothing can log it by accident.
class EthKey {
 public:
  /// From 64 hex digits (with or without `0x`). Throws `std::invalid_argument` with a
  /// message that does not contain the key when it is malformed or out of range.
  explicit EthKey(std::string_view private_key_hex);
  ~EthKey();
  EthKey(const EthKey&) = delete;
  EthKey& operator=(const EthKey&) = delete;

  [[nodiscard]] const Address& address() const noexcept { return address_; }
  /// Deterministic (RFC 6979) recoverable signature of a 32-byte digest. libsecp256k1.
  [[nodiscard]] EthSignature sign_digest(const Bytes32& digest) const;

 private:
  Bytes32 secret_{};
  Address address_{};
};

/// The address whose key produced `signature` over `digest`, or false when the signature
/// does not verify. Used by the fake venues to check what the daemon signs.
bool recover_address(const Bytes32& digest, const EthSignature& signature, Address& out);

/// keccak256("\x19Ethereum Signed Message:\n32" ‖ hash): EIP-191 personal-sign of a hash.
Bytes32 personal_message_digest(const Bytes32& hash);

/// keccak256(0x19 0x01 ‖ domain_separator ‖ struct_hash): the EIP-712 signing digest.
Bytes32 eip712_digest(const Bytes32& domain_separator, const Bytes32& struct_hash);

/// An EIP-712 domain with the fields name, version, chainId and verifyingContract.
struct Eip712Domain {
  std::string name;
  std::string version;
  std::uint64_t chain_id = 0;
  Address verifying_contract{};
};
/// hashStruct(EIP712Domain) of `domain`.
Bytes32 domain_separator(const Eip712Domain& domain);

}  // namespace symphony::venue
