#include <symphony/core/shared_clock_offset.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace symphony {

static_assert(std::atomic<std::int64_t>::is_always_lock_free, "the offset is shared between processes");

SharedClockOffset::SharedClockOffset(const std::string& file, bool create) : file_(file) {
  const auto fail = [&](const char* what) {
    throw std::runtime_error("clock offset file '" + file + "': " + what + ": " + std::strerror(errno));
  };
  const int fd = ::open(file.c_str(), create ? O_RDWR | O_CREAT : O_RDWR, 0600);
  if (fd < 0) fail("cannot open");
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    fail("cannot stat");
  }
  if (st.st_size == 0 && create) {
    if (::ftruncate(fd, sizeof(std::int64_t)) != 0) {
      ::close(fd);
      fail("cannot size");
    }
  } else if (st.st_size != sizeof(std::int64_t)) {
    ::close(fd);
    errno = EINVAL;
    fail("must hold exactly 8 bytes");
  }
  map_ = ::mmap(nullptr, sizeof(std::int64_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  ::close(fd);
  if (map_ == MAP_FAILED) {
    map_ = nullptr;
    fail("cannot map");
  }
  // The mapping is page-aligned, so the 8 bytes are aligned for a lock-free atomic.
  offset_ = static_cast<std::atomic<std::int64_t>*>(map_);
}

SharedClockOffset::~SharedClockOffset() {
  if (map_) ::munmap(map_, sizeof(std::int64_t));
}

}  // namespace symphony
