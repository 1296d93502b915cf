target_sources(flowscope_core PRIVATE
  record/crc32.cpp
  record/daily_recorder.cpp
  record/frame_codec.cpp
  record/mapped_file.cpp
  record/recording_format.cpp
  record/recording_reader.cpp
  record/recording_writer.cpp
)
target_link_libraries(flowscope_core PRIVATE PkgConfig::ZSTD)
