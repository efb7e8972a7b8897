# The messages of problems, in English. The id of a message is its problem's code; a warning
# said once for many rows of a sheet uses "<code>-rows" with $count and $cells. Names and
# numbers arrive already written; see domain/src/problem_args.rs.

## Cells

not_a_number = expected a number, found { $found }
negative = expected a number of 0 or more, found { $found }
error_value = expected a number, found the error { $found }
not_whole = expected a whole number of { $unit }, found { $found }
number_too_large = the number is too large, found { $found }
formula_without_value = the formula's result was never saved: open the file in a spreadsheet program and save it again
unlabelled_row = this row has numbers but no label

## Checks of the figures

identity = breaks { $rule }: found { $found }, expected { $expected }
sum = found { $found }, but the { $parts } rows it totals add up to { $expected }
rate = the rate should be { $expected }, found { $found }
rate_missing = the rate is not written (it is { $rate })
rate_missing-rows = the rate is not written on { $count } rows ({ $cells })

## Header

no_column_numbers = no column-number row: expected a row reading "A", 1, 2, 3… under the column headings of { $form }
bad_period = { $reason ->
    [not_a_date] { $text } is not a date
    [months] months must be between 1 and 12, found { $text }
    [year] year must be between 1990 and 2200, found { $text }
    [start] a reporting period starts on 1 October, found { $text }
    [end] a reporting period ends on the last day of a month within 12 months of its start, found { $text }
   *[unreadable] cannot read the period from "{ $text }": expected e.g. "9 tháng năm 2020", "năm 2020" or "Từ ngày 01/10/2019 đến ngày 30/6/2020"
}
no_period = the header does not say the period: expected e.g. "Kỳ báo cáo: 9 tháng năm 2020" or "Từ ngày 01/10/2019 đến ngày 30/6/2020"
periods_disagree = the header names two periods: { $here } here and { $first } in { $at }
no_unit = the header does not say who reports: expected a line "Đơn vị báo cáo: …"
unit_not_in_force = { $change ->
    [started] the reporting unit "{ $name }" is { $office }, which started on { $day }, after the end of this report's period ({ $period }, which ends on { $end }): { $instead ->
        [none] it cannot report for an earlier period
       *[some] this period is reported by { $instead }
    }
   *[ended] the reporting unit "{ $name }" is { $office }, which ended on { $day }, before the end of this report's period ({ $period }, which ends on { $end }): { $instead ->
        [none] no office of the registry took over from it
       *[some] its reports are now sent by { $instead }
    }
}
unknown_unit = unknown reporting unit "{ $name }": no office of the registry has this name or alias
ambiguous_unit = the reporting unit "{ $name }" could be any of { $candidates }: name the province in the header or use the office's full name
no_money_unit = the money form does not say its unit: expected a line "Đơn vị tính: 1.000 đồng" (or "đồng", "triệu đồng") above the table
bad_money_unit = cannot read the unit of money from "{ $text }": expected e.g. "1.000 đồng", "đồng" or "triệu đồng"

## Columns and rows

extra_column = column { $number } is not part of { $form }; it is not read
extra_column-rows = { $count } columns are not part of the form and are not read ({ $cells })
duplicate_column = column number { $number } appears twice (also in { $first })
missing_column = the column-number row has no column { $number } "{ $heading }"
no_heading = column { $number } has no heading to check that it is "{ $heading }"
no_heading-rows = { $count } columns have no heading to check them by ({ $cells })
heading_mismatch = column { $number } should be "{ $heading }", but its heading "{ $found }" is that of column { $other_number } "{ $other_heading }": are the column numbers shifted?
duplicate_row = the row "{ $label }" appears twice (also in row { $first_row })
misplaced_row = the row "{ $label }" must come under one of the rows { $groups }
unknown_row = unknown row "{ $label }": expected one of { $known }
missing_row = the row "{ $label }"{ $under } ({ $code }) is missing

## The file

damaged = damaged: { $detail }
too_large = { $detail }
not_a_spreadsheet = not a spreadsheet: { $detail }
password_protected = the workbook is protected by a password: remove the password and send it again
unreadable = cannot read the file: { $detail }
file_too_large = the file is { $size } MB, more than the { $max } MB a report may take
internal = the file could not be checked because of an internal error; please report it
template = the templates of the forms could not be read: { $detail }
duplicate_form = a second { $form } sheet: "{ $sheet }" already holds this form
forms_disagree = the { $what ->
    [unit] unit
   *[period] period
} here is { $here }, but { $first } on sheet "{ $sheet }" ({ $at }): one workbook holds one unit's report for one period
no_form = no form sheet found: { $why ->
    [no_sheets] the workbook has no visible worksheet
   *[no_match] looked for a sheet whose header names { $looked_for }
}{ $hidden ->
    [none] {""}
   *[other] ; hidden sheets are not read ({ $hidden })
}
misnamed = the file is named .{ $named } but holds an { $actual } workbook; it was read as one

## Who sends what

wrong_office = this workbook reports for { $unit }; this sender may import only the reports of { $office }
consolidated_report = this workbook is the consolidated report of { $unit }, a unit above the offices; only offices' reports are stored, so it was not imported. Run the import as a dry run (thads import --dry-run, or dryRun=true) to check it against the sum of the stored reports of its offices
offices_missing = the sums hold no { $form } report of { $offices }: a difference may come from them
no_office_reports = no office of { $unit } has a stored { $form } report for { $period }: there is nothing to compare this sheet with
period_locked = the period { $period } of { $unit } was approved by { $by } at { $at }; no report may replace it
differs_from_offices = the report says { $written } { $unit }, the offices' stored reports add up to { $stored } { $unit } (a difference of { $difference })

## Across reports

carried_over_changed = carried over { $mine } here, { $their } in the report of { $period }: it should not change within a year
carried_over_changed-rows = carried over differs from another report of the year on { $count } rows ({ $cells }): it should not change within a year
cumulative_fell = { $field } { $mine } here, { $their } in the report of { $period }: a total since 1 October cannot fall from one month to the next
cumulative_fell-rows = totals since 1 October fall from one month to the next on { $count } cells ({ $cells })
unrecognised = a problem recorded by an earlier version of thads

## Phrases used in messages

unit-cases = cases
unit-dong = đồng
rule-total-accepted = total_accepted = carried_over + newly_accepted
rule-to-enforce-accepted = to_enforce = total_accepted − entrusted − withdrawn
rule-to-enforce-enforceable = to_enforce = enforceable + not_enforceable
rule-enforceable = enforceable = resolved + in_progress + postponed + suspended + other
rule-carried-forward = carried_forward = to_enforce − resolved
rate-blank-or-zero = blank or 0, as nothing is enforceable
unknown = unknown
content-empty = the file is empty
content-pdf = the file is a PDF document
content-html = the file is a web page (HTML) saved under a spreadsheet's name; open it in a spreadsheet program and save it as .xlsx
content-xml2003 = the file is an Excel 2003 XML spreadsheet; open it in a spreadsheet program and save it as .xlsx
content-rtf = the file is an RTF document
content-other = the content is not that of an .xlsx, .xlsm, .xlsb, .xls or .ods workbook
content-word = a Word document
content-powerpoint = a PowerPoint presentation
content-zip = a zip archive that holds no workbook
content-office = an Office file that holds no workbook (perhaps a Word document)
