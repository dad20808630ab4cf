#include <symphony/core/text.hpp>

#include <gtest/gtest.h>

namespace symphony {
namespace {

// Error bodies from outside are stored and logged: what looks like a credential in them
// never is, and ordinary words stay.
TEST(Text, CredentialsInOutsideTextAreRedacted) {
  EXPECT_EQ(redact_credentials("Incorrect API key provided: sk-abc12*****************wxyz. You can find it."),
            "Incorrect API key provided: <redacted>. You can find it.");
  EXPECT_EQ(redact_credentials("API key not valid: AIzaSyD-0123456789abcdefg"), "API key not valid: <redacted>");
  EXPECT_EQ(redact_credentials("upgrade at wss://h:1/ws/fakeListenKey0123456789abcdefghijklmnopqrstuvwxyz: 404"),
            "upgrade at wss://h:1/ws/<redacted>: 404");
  EXPECT_EQ(redact_credentials(R"({"auth":"Bearer abc.def-ghi","x":1})"), R"({"auth":"Bearer <redacted>","x":1})");
  EXPECT_EQ(redact_credentials("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318 leaked"),
            "<redacted> leaked");
  const std::string plain = "HTTP 429 rate_limit_exceeded: Rate limit reached for gpt-4o-mini in organization";
  EXPECT_EQ(redact_credentials(plain), plain);
}

}  // namespace
}  // namespace symphony
