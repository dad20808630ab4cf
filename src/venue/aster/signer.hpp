#pragma once

#include <symphony/venue/crypto.hpp>
#include <symphony/venue/rest_session.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace symphony::venue::aster {

/// Aster signs and sends form parameters: the exact bytes that are signed and sent.
using Params = venue::FormParams;
using venue::url_decode;
using venue::url_encode;

/// How Aster authenticates signed calls.
enum class SigningScheme : std::uint8_t {
  v3,         ///< EIP-712 "AsterSignTransaction" over the sent parameter string (current)
  v3_legacy,  ///< abi.encode(sorted JSON, user, signer, nonce) + personal-sign (until 2026-01)
  v1,         ///< HMAC-SHA256 with an API secret, `X-MBX-APIKEY` header (legacy keys)
};

using SignedRequest = venue::SignedForm;

/// Signs Aster requests. `sign` takes the business parameters and a time: the nonce in
/// µs for V3, the timestamp in ms (derived from the same µs value) for V1.
class Signer {
 public:
  virtual ~Signer() = default;
  [[nodiscard]] virtual SignedRequest sign(const Params& business, std::uint64_t now_us) const = 0;
  [[nodiscard]] virtual SigningScheme scheme() const noexcept = 0;
};

/// V3: appends `nonce`, `user`, `signer`, then signs the EIP-712 message whose `msg` is
/// the whole parameter string and appends `signature` (0x-prefixed r‖s‖v).
class V3Signer final : public Signer {
 public:
  V3Signer(std::string_view private_key_hex, const Address& user, std::uint64_t chain_id);
  [[nodiscard]] SignedRequest sign(const Params& business, std::uint64_t now_us) const override;
  [[nodiscard]] SigningScheme scheme() const noexcept override { return SigningScheme::v3; }
  [[nodiscard]] const Address& signer_address() const noexcept { return key_.address(); }
  /// The EIP-712 digest of a message string under `chain_id`.
  static Bytes32 digest(std::string_view msg, std::uint64_t chain_id);

 private:
  EthKey key_;
  Address user_;
  std::uint64_t chain_id_;
};

/// The pre-2026 V3 scheme: business parameters plus `recvWindow` and `timestamp`, as
/// JSON with sorted keys → abi.encode(json, user, signer, nonce) → keccak256 → EIP-191.
class V3LegacySigner final : public Signer {
 public:
  V3LegacySigner(std::string_view private_key_hex, const Address& user, std::uint64_t recv_window_ms);
  [[nodiscard]] SignedRequest sign(const Params& business, std::uint64_t now_us) const override;
  [[nodiscard]] SigningScheme scheme() const noexcept override { return SigningScheme::v3_legacy; }
  /// The JSON text with sorted keys and no spaces that the legacy scheme hashes.
  static std::string sorted_json(const std::vector<std::pair<std::string, std::string>>& params);
  /// abi.encode(string json, address user, address signer, uint256 nonce).
  static std::vector<std::uint8_t> abi_encode(std::string_view json, const Address& user, const Address& signer,
                                              std::uint64_t nonce);

 private:
  EthKey key_;
  Address user_;
  std::uint64_t recv_window_ms_;
};

/// V1: appends `recvWindow` and `timestamp` (ms), then `signature` = hex HMAC-SHA256 of
/// the parameter string; the key goes in `X-MBX-APIKEY`.
class V1Signer final : public Signer {
 public:
  V1Signer(std::string api_key, std::string secret, std::uint64_t recv_window_ms);
  ~V1Signer() override;
  V1Signer(const V1Signer&) = delete;
  V1Signer& operator=(const V1Signer&) = delete;
  [[nodiscard]] SignedRequest sign(const Params& business, std::uint64_t now_us) const override;
  [[nodiscard]] SigningScheme scheme() const noexcept override { return SigningScheme::v1; }

 private:
  std::string api_key_;
  std::string secret_;
  std::uint64_t recv_window_ms_;
};

/// Unique, increasing nonces in µs from a (skew-corrected) clock reading: two requests in
/// the same microsecond, or a clock step backwards, still get distinct increasing values.
class NonceSource {
 public:
  std::uint64_t next(std::uint64_t now_us) noexcept {
    last_ = now_us > last_ ? now_us : last_ + 1;
    return last_;
  }

 private:
  std::uint64_t last_ = 0;
};

}  // namespace symphony::venue::aster
