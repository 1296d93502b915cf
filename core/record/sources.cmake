# Recording and replay: the .fsrec format, recorder, reader, replay engine. Links zstd.
target_sources(flowscope_core PRIVATE
  record/batch_pipeline.cpp
  record/binance_template.cpp
  record/crc32.cpp
  record/daily_recorder.cpp
  record/frame_codec.cpp
  record/frame_file_conversion.cpp
  record/frame_synthesis.cpp
  record/mapped_file.cpp
  record/recording_compaction.cpp
  record/recording_format.cpp
  record/recording_reader.cpp
  record/recording_info.cpp
  record/recording_session.cpp
  record/recording_trades.cpp
  record/recording_writer.cpp
  record/replay_engine.cpp
  record/replayer.cpp
  record/trade_file_conversion.cpp
)
target_link_libraries(flowscope_core PRIVATE PkgConfig::ZSTD)
