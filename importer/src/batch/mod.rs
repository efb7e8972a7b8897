//! The batch driver: files and folders in, checked workbooks stored, a summary out.
