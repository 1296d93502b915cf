#pragma once
// The bytes of a trade file, handed out in blocks of whole lines: a memory-mapped file (one block,
// no copy), or the single CSV entry of a .zip decompressed a few megabytes at a time, so a large
// download never sits in memory twice.
#include <memory>
#include <string>
#include <string_view>

namespace flowscope {

class ByteSource {
public:
    virtual ~ByteSource() = default;
    // The next block of whole lines (the last block may lack its final newline). Returns false at
    // the end of the data or on a read error; error() tells which.
    virtual bool next_block(std::string_view& block) = 0;
    const std::string& error() const { return error_; }

protected:
    std::string error_;
};

struct OpenedByteSource {
    std::unique_ptr<ByteSource> source;  // null on failure
    std::string error;                   // for people, names the file
};

// Opens a plain file or, when its content starts with the zip signature, the one CSV entry of the
// zip (whatever the file is called). An empty file is an error.
OpenedByteSource open_byte_source(const std::string& path);

}  // namespace flowscope
