// Every signing vector in protocols/aster (copied to tests/data/aster): V1 HMAC-SHA256,
// the legacy V3 abi/keccak scheme (official expected values) and the derived EIP-712 V3.
#include "venue/aster/signer.hpp"

#include <data_file.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace symphony::venue::aster {
namespace {

using nlohmann::json;

json vectors(const std::string& name) { return json::parse(test::read_data_file("aster/" + name)); }

Address address(const std::string& text) {
  Address a{};
  EXPECT_TRUE(parse_address(text, a)) << text;
  return a;
}

// Splits a k=v&k=v string into Params in order, without re-encoding differences (the
// vectors' values need no escaping).
Params params_of(std::string_view text) {
  Params p;
  while (!text.empty()) {
    const auto amp = text.find('&');
    const std::string_view kv = text.substr(0, amp);
    const auto eq = kv.find('=');
    p.add(kv.substr(0, eq), kv.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    text.remove_prefix(amp + 1);
  }
  return p;
}

TEST(AsterSigning, V1HmacVectors) {
  const json v = vectors("vectors_v1_hmac_sha256.json");
  ASSERT_EQ(v["vectors"].size(), 2u);
  for (const auto& vec : v["vectors"]) {
    const std::string total = vec["total_params"];
    EXPECT_EQ(vec["query_string"].get<std::string>() + vec["request_body"].get<std::string>(), total);
    EXPECT_EQ(hmac_sha256_hex(v["secret_key"].get<std::string>(), total), vec["expected_signature"]) << vec["id"];
  }
}

TEST(AsterSigning, V1SignerAppendsTimestampAndSignatureLast) {
  const json v = vectors("vectors_v1_hmac_sha256.json");
  const auto& vec = v["vectors"][0];
  // The vector's query without recvWindow/timestamp is the business part; the signer
  // adds them (recvWindow 5000, timestamp 1591702613943 ms) and must reproduce it.
  const V1Signer signer(v["api_key"], v["secret_key"], 5000);
  const SignedRequest r = signer.sign(
      params_of("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC"), 1591702613943'000ULL);
  EXPECT_EQ(r.params,
            vec["total_params"].get<std::string>() + "&signature=" + vec["expected_signature"].get<std::string>());
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "X-MBX-APIKEY");
  EXPECT_EQ(r.headers[0].second, v["api_key"]);
}

TEST(AsterSigning, Eip712DerivedVectors) {
  const json v = vectors("vectors_v3_eip712_derived.json");
  ASSERT_EQ(v["vectors"].size(), 2u);
  for (const auto& vec : v["vectors"]) {
    SCOPED_TRACE(vec["id"].get<std::string>());
    const EthKey key(vec["private_key"].get<std::string>());
    EXPECT_EQ(to_checksum_address(key.address()), vec["signer_address_checksummed"]);
    const std::uint64_t chain = vec["domain"]["chainId"];
    EXPECT_EQ("0x" + to_hex(domain_separator({"AsterSignTransaction", "1", chain, Address{}})),
              vec["derived_domain_separator"]);
    const std::string msg = vec["message"]["msg"];
    const Bytes32 digest = V3Signer::digest(msg, chain);
    EXPECT_EQ("0x" + to_hex(digest), vec["derived_eip712_digest"]);
    const EthSignature sig = key.sign_digest(digest);
    EXPECT_EQ("0x" + to_hex(sig), vec["derived_signature"]["hex_r_s_v"]);
    EXPECT_EQ(sig[64], vec["derived_signature"]["v"].get<int>());
    Address back{};
    ASSERT_TRUE(recover_address(digest, sig, back));
    EXPECT_EQ(back, key.address());
  }
}

TEST(AsterSigning, V3SignerProducesTheVectorRequest) {
  const json v = vectors("vectors_v3_eip712_derived.json");
  const auto& vec = v["vectors"][0];
  const std::string msg = vec["message"]["msg"];
  // msg = business params + nonce + user + signer; rebuild it from the business part.
  const std::string business = msg.substr(0, msg.find("&nonce="));
  const V3Signer signer(vec["private_key"].get<std::string>(), address("0x63DD5aCC6b1aa0f563956C0e534DD30B6dcF7C4e"),
                        1666);
  const SignedRequest r = signer.sign(params_of(business), 1748310859508867ULL);
  EXPECT_EQ(r.params, msg + "&signature=" + vec["derived_signature"]["hex_r_s_v"].get<std::string>());
  EXPECT_TRUE(r.headers.empty());
}

TEST(AsterSigning, V3SignatureDependsOnChainAndMessage) {
  const json v = vectors("vectors_v3_eip712_derived.json");
  const EthKey key(v["vectors"][0]["private_key"].get<std::string>());
  const std::string msg = v["vectors"][0]["message"]["msg"];
  EXPECT_NE(V3Signer::digest(msg, 1666), V3Signer::digest(msg, 714));
  EXPECT_NE(V3Signer::digest(msg, 1666), V3Signer::digest(msg + "0", 1666));
}

TEST(AsterSigning, LegacyV3Vectors) {
  const json v = vectors("vectors_v3_legacy_abi_keccak.json");
  ASSERT_EQ(v["vectors"].size(), 2u);
  for (const auto& vec : v["vectors"]) {
    SCOPED_TRACE(vec["id"].get<std::string>());
    const EthKey key(vec["private_key"].get<std::string>());
    const Address user = address(vec["user"]);
    EXPECT_EQ(to_checksum_address(key.address()), vec["signer"]);
    // The sorted JSON the scheme hashes, rebuilt from the parameters it holds.
    const json params = json::parse(vec["sorted_json_params"].get<std::string>());
    std::vector<std::pair<std::string, std::string>> pairs;
    for (auto it = params.rbegin(); it != params.rend(); ++it) pairs.emplace_back(it.key(), it.value());
    EXPECT_EQ(V3LegacySigner::sorted_json(pairs), vec["sorted_json_params"]);
    const auto encoded = V3LegacySigner::abi_encode(vec["sorted_json_params"].get<std::string>(), user, key.address(),
                                                    vec["nonce"].get<std::uint64_t>());
    EXPECT_EQ(to_hex(encoded), vec["expected_abi_encoded_hex"]);
    const Bytes32 hash = keccak256(encoded);
    EXPECT_EQ(to_hex(hash), vec["expected_keccak"]);
    EXPECT_EQ("0x" + to_hex(key.sign_digest(personal_message_digest(hash))), vec["expected_signature"]);
  }
}

TEST(AsterSigning, KeccakIsEthereumsNotSha3) {
  // keccak256("") differs from SHA3-256("") (a7ffc6f8…): the padding is the pre-standard one.
  EXPECT_EQ(to_hex(keccak256(std::string_view{})), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
}

TEST(AsterSigning, BadKeysAreRejectedWithoutEchoingThem) {
  const std::string short_key = "0x1234deadbeef";
  try {
    const EthKey k(short_key);
    FAIL() << "accepted a short key";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find("deadbeef"), std::string::npos);
  }
  EXPECT_THROW(EthKey(std::string(64, '0')), std::invalid_argument);  // zero is not a key
  EXPECT_THROW(EthKey(std::string(63, 'a') + "g"), std::invalid_argument);
  // The group order n itself is out of range.
  EXPECT_THROW(EthKey("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"), std::invalid_argument);
}

TEST(AsterSigning, UrlEncodingRoundTrips) {
  EXPECT_EQ(url_encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
  EXPECT_EQ(url_decode("a%20b%26c%3Dd%2F%C3%A9+x"), "a b&c=d/é x");
  EXPECT_EQ(url_decode("bad%2"), std::nullopt);
  EXPECT_EQ(url_decode("bad%zz"), std::nullopt);
  Params p;
  p.add("batchOrders", R"([{"a":"1"}])");
  EXPECT_EQ(p.str(), "batchOrders=%5B%7B%22a%22%3A%221%22%7D%5D");
}

TEST(AsterSigning, NoncesAreUniqueAndIncreasing) {
  NonceSource n;
  EXPECT_EQ(n.next(100), 100u);
  EXPECT_EQ(n.next(100), 101u);
  EXPECT_EQ(n.next(50), 102u);  // the clock stepped back
  EXPECT_EQ(n.next(500), 500u);
}

}  // namespace
}  // namespace symphony::venue::aster
