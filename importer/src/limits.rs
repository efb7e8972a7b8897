//! Bounds on what a workbook may hold, so that a hostile or broken file is refused quickly and
//! without exhausting memory.
//!
//! A real monthly report is one or two sheets of about 40 rows by 18 columns, in a file of
//! 10–100 KB. Every limit here is far above that, and far below what would hurt a server
//! reading many files at once.

/// Largest file accepted, in bytes (20 MiB). The batch driver and the upload path refuse bigger
/// files before reading them.
pub const MAX_FILE_BYTES: u64 = 20 << 20;

/// Largest total unpacked size of the parts of a zip-based workbook (.xlsx, .xlsm, .xlsb, .ods),
/// as its central directory declares them (50 MiB; a real report unpacks to well under 1 MiB,
/// images included). The zip reader refuses to inflate a part beyond its declared size, so
/// this bounds what is ever unpacked.
pub const MAX_UNPACKED_BYTES: u64 = 50 << 20;

/// Most parts a zip-based workbook may have.
pub const MAX_ZIP_ENTRIES: usize = 5_000;

/// Highest compression ratio (unpacked size / packed size) of one part larger than
/// [`RATIO_CHECK_BYTES`]; spreadsheet XML compresses 5–30 times, a zip bomb thousands of times.
pub const MAX_COMPRESSION_RATIO: u64 = 200;

/// Parts smaller than this (1 MiB unpacked) are not held to [`MAX_COMPRESSION_RATIO`].
pub const RATIO_CHECK_BYTES: u64 = 1 << 20;

/// Most rows a sheet may use: no cell with a value may lie below row 5 000.
pub const MAX_ROWS: u32 = 5_000;

/// Most columns a sheet may use: no cell with a value may lie right of column 200 (GR).
pub const MAX_COLUMNS: u32 = 200;

/// Most cells all the sheets of a workbook may span together, each sheet counted as the
/// rectangle from A1 to its last used row and column.
pub const MAX_CELLS: u64 = 1_000_000;

/// Most bytes of text the cells of a workbook may hold together once read (64 MiB), counting a
/// text repeated in many cells once per cell.
pub const MAX_TEXT_BYTES: u64 = 64 << 20;

/// Most distinct shared strings an .xlsx may declare or hold.
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;
