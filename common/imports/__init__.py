"""One toolkit for every spreadsheet import: the request register, the appeals list, the 双公示
decisions and the holiday calendar. It imports no app of the project (only Django, the standard
library and common.*); each app keeps what its columns mean and how a row is saved.

- errors: ImportFileError, the one file error, listing (row number, message).
- columns: the header of a file mapped to fields (synonyms, required columns, unknown columns
  reported), and the rows below it as text (Table, which also travels in the admin's payload).
- dates: the one date parser every import uses.
- rows: RowReader, which reads one row's cells (cleaned the same way everywhere) and collects its
  errors; CheckedFile, a file whose every row passed.
- result: ImportResult, what an import did or would do, and the helpers that run rows in one
  transaction (dry runs rolled back).
- admin_flow: upload → signed preview → confirm in the admin.
- command: the base of the import commands.

Reading the bytes (CSV or XLSX, bounded) is common.spreadsheets.
"""
