#include "record/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace flowscope::record {

Result<std::unique_ptr<MappedFile>> MappedFile::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Failure{"cannot open " + path + ": " + std::strerror(errno)};
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return Failure{path + " is not a regular file"};
    }
    std::unique_ptr<MappedFile> f(new MappedFile());
    if (st.st_size > 0) {
        void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            Failure failure{"cannot map " + path + ": " + std::strerror(errno)};
            ::close(fd);
            return failure;
        }
        f->map_ = p;
        f->map_size_ = static_cast<std::size_t>(st.st_size);
        f->view_ = std::string_view(static_cast<const char*>(p), f->map_size_);
    }
    ::close(fd);  // the mapping keeps the file contents reachable
    return f;
}

std::unique_ptr<MappedFile> MappedFile::from_bytes(std::string bytes) {
    std::unique_ptr<MappedFile> f(new MappedFile());
    f->owned_ = std::move(bytes);
    f->view_ = f->owned_;
    return f;
}

MappedFile::~MappedFile() {
    if (map_ != nullptr) ::munmap(map_, map_size_);
}

}  // namespace flowscope::record
