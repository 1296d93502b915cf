#pragma once
// A read-only view of a whole file (mmap), or of bytes already in memory.
#include <memory>
#include <string>

#include "model/result.hpp"
#include <string_view>

namespace flowscope::record {

class MappedFile {
public:
    static Result<std::unique_ptr<MappedFile>> open(const std::string& path);
    static std::unique_ptr<MappedFile> from_bytes(std::string bytes);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::string_view bytes() const { return view_; }

private:
    MappedFile() = default;
    void* map_ = nullptr;
    std::size_t map_size_ = 0;
    std::string owned_;
    std::string_view view_;
};

}  // namespace flowscope::record
