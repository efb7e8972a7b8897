# Thông báo lỗi và cảnh báo, tiếng Việt. Mã của mỗi thông báo là mã của vấn đề; cảnh báo gộp
# cho nhiều dòng của một trang tính dùng "<mã>-rows" với $count và $cells. Tên và số được
# viết sẵn (số theo cách viết Việt Nam: 1.234.567; 59,10); xem domain/src/problem_args.rs.

## Ô

not_a_number = cần một số, nhưng ô ghi { $found }
negative = cần một số từ 0 trở lên, nhưng ô ghi { $found }
error_value = cần một số, nhưng ô có lỗi { $found }
not_whole = cần một số nguyên (tính bằng { $unit }), nhưng ô ghi { $found }
number_too_large = số quá lớn: { $found }
formula_without_value = công thức chưa được lưu kết quả: hãy mở tệp bằng Excel (hoặc LibreOffice) rồi lưu lại
unlabelled_row = dòng này có số liệu nhưng không có tên dòng (loại việc)

## Kiểm tra số liệu

identity = sai công thức { $rule }: ô ghi { $found }, đúng phải là { $expected }
sum = ô ghi { $found }, nhưng cộng { $parts } dòng chi tiết được { $expected }
rate = tỷ lệ phải là { $expected }, nhưng ô ghi { $found }
rate_missing = ô tỷ lệ để trống (tỷ lệ đúng là { $rate })
rate_missing-rows = cột tỷ lệ để trống ở { $count } dòng ({ $cells })

## Phần đầu biểu

no_column_numbers = không có dòng đánh số cột: cần một dòng ghi "A", 1, 2, 3… dưới tiêu đề các cột của { $form }
bad_period = { $reason ->
    [not_a_date] { $text } không phải là một ngày có thật
    [months] số tháng phải từ 1 đến 12, nhưng biểu ghi { $text }
    [year] năm phải từ 1990 đến 2200, nhưng biểu ghi { $text }
    [start] kỳ báo cáo phải bắt đầu từ ngày 01/10, nhưng biểu ghi { $text }
    [end] kỳ báo cáo phải kết thúc vào ngày cuối tháng, trong vòng 12 tháng kể từ ngày bắt đầu, nhưng biểu ghi { $text }
   *[unreadable] không đọc được kỳ báo cáo "{ $text }": cần ghi ví dụ "9 tháng năm 2020", "năm 2020" hoặc "Từ ngày 01/10/2019 đến ngày 30/6/2020"
}
no_period = phần đầu biểu không ghi kỳ báo cáo: cần ghi ví dụ "Kỳ báo cáo: 9 tháng năm 2020" hoặc "Từ ngày 01/10/2019 đến ngày 30/6/2020"
periods_disagree = phần đầu biểu ghi hai kỳ báo cáo khác nhau: { $here } ở đây và { $first } ở ô { $at }
no_unit = phần đầu biểu không ghi đơn vị báo cáo: cần một dòng "Đơn vị báo cáo: …"
unit_not_in_force = { $change ->
    [started] đơn vị báo cáo "{ $name }" là { $office }, chỉ bắt đầu hoạt động từ ngày { $day }, sau khi kỳ báo cáo này kết thúc ({ $period }, kết thúc ngày { $end }): { $instead ->
        [none] đơn vị không thể báo cáo cho kỳ trước đó
       *[some] kỳ này do { $instead } báo cáo
    }
   *[ended] đơn vị báo cáo "{ $name }" là { $office }, đã kết thúc hoạt động ngày { $day }, trước khi kỳ báo cáo này kết thúc ({ $period }, kết thúc ngày { $end }): { $instead ->
        [none] không có đơn vị nào trong danh mục tiếp nhận nhiệm vụ của đơn vị này
       *[some] từ nay báo cáo do { $instead } gửi
    }
}
unknown_unit = không nhận ra đơn vị báo cáo "{ $name }": không có đơn vị nào trong danh mục mang tên hoặc tên gọi khác này
ambiguous_unit = đơn vị báo cáo "{ $name }" có thể là một trong các đơn vị { $candidates }: hãy ghi tên tỉnh ở phần đầu biểu hoặc ghi đầy đủ tên đơn vị
no_money_unit = biểu tính bằng tiền không ghi đơn vị tính: cần một dòng "Đơn vị tính: 1.000 đồng" (hoặc "đồng", "triệu đồng") phía trên bảng
bad_money_unit = không đọc được đơn vị tính "{ $text }": cần ghi ví dụ "1.000 đồng", "đồng" hoặc "triệu đồng"

## Cột và dòng

extra_column = cột { $number } không thuộc { $form }; cột này không được đọc
extra_column-rows = { $count } cột không thuộc biểu mẫu và không được đọc ({ $cells })
duplicate_column = số cột { $number } bị ghi hai lần (cả ở ô { $first })
missing_column = dòng đánh số cột thiếu cột { $number } "{ $heading }"
no_heading = cột { $number } không có tiêu đề để đối chiếu là cột "{ $heading }"
no_heading-rows = { $count } cột không có tiêu đề để đối chiếu ({ $cells })
heading_mismatch = cột { $number } phải là "{ $heading }", nhưng tiêu đề "{ $found }" là của cột { $other_number } "{ $other_heading }": có phải số thứ tự cột bị lệch?
duplicate_row = dòng "{ $label }" xuất hiện hai lần (cả ở dòng { $first_row })
misplaced_row = dòng "{ $label }" phải nằm dưới một trong các dòng { $groups }
unknown_row = không nhận ra dòng "{ $label }": cần là một trong các dòng { $known }
missing_row = thiếu dòng "{ $label }"{ $under } ({ $code })

## Tệp

damaged = tệp bị hỏng, không đọc được ({ $detail })
too_large = bảng tính quá lớn để đọc ({ $detail })
not_a_spreadsheet = tệp không phải là bảng tính: { $detail }
password_protected = bảng tính có đặt mật khẩu: hãy bỏ mật khẩu rồi gửi lại
unreadable = không đọc được tệp ({ $detail })
file_too_large = tệp nặng { $size } MB, vượt quá { $max } MB cho phép đối với một báo cáo
internal = không kiểm tra được tệp do lỗi của chương trình; xin báo cho người quản trị
template = không đọc được các mẫu biểu: { $detail }
duplicate_form = trang tính thứ hai của { $form }: trang "{ $sheet }" đã có biểu này
forms_disagree = { $what ->
    [unit] đơn vị báo cáo
   *[period] kỳ báo cáo
} ở đây là { $here }, nhưng ở trang "{ $sheet }" là { $first } (ô { $at }): một tệp chỉ chứa báo cáo của một đơn vị cho một kỳ
no_form = không tìm thấy biểu mẫu nào: { $why ->
    [no_sheets] bảng tính không có trang tính nào đang hiện
   *[no_match] đã tìm trang tính có phần đầu ghi { $looked_for }
}{ $hidden ->
    [none] {""}
   *[other] ; các trang tính bị ẩn không được đọc ({ $hidden })
}
misnamed = tệp có đuôi .{ $named } nhưng thực chất là bảng tính { $actual }; đã được đọc theo đúng định dạng đó

## Ai gửi báo cáo nào

wrong_office = bảng tính này là báo cáo của { $unit }; người gửi chỉ được nhập báo cáo của { $office }
consolidated_report = bảng tính này là báo cáo tổng hợp của { $unit }, đơn vị cấp trên các cơ quan thi hành án; chỉ lưu báo cáo của các cơ quan nên tệp không được nhập. Hãy chạy thử (thads import --dry-run, hoặc dryRun=true) để đối chiếu với tổng các báo cáo đã lưu của các cơ quan trực thuộc
offices_missing = tổng số chưa có báo cáo { $form } của { $offices }: chênh lệch có thể do các đơn vị này
no_office_reports = chưa cơ quan nào của { $unit } có báo cáo { $form } kỳ { $period }: không có gì để đối chiếu với trang tính này
period_locked = kỳ báo cáo { $period } của { $unit } đã được duyệt bởi { $by } lúc { $at }: không nhận báo cáo thay thế
differs_from_offices = báo cáo ghi { $written } { $unit }, tổng các báo cáo đã lưu của các cơ quan là { $stored } { $unit } (chênh lệch { $difference })

## Giữa các kỳ báo cáo

carried_over_changed = năm trước chuyển sang ghi { $mine } ở đây, nhưng báo cáo { $period } ghi { $their }: số này không được thay đổi trong năm
carried_over_changed-rows = số năm trước chuyển sang khác với báo cáo khác trong năm ở { $count } dòng ({ $cells }): số này không được thay đổi trong năm
cumulative_fell = { $field } ghi { $mine } ở đây, nhưng báo cáo { $period } ghi { $their }: số lũy kế từ 01/10 không thể giảm từ tháng này sang tháng sau
cumulative_fell-rows = số lũy kế từ 01/10 giảm so với tháng khác ở { $count } ô ({ $cells })
unrecognised = vấn đề do một phiên bản trước của thads ghi lại

## Cụm từ dùng trong thông báo

unit-cases = việc
unit-dong = đồng
rule-total-accepted = Tổng số thụ lý = Năm trước chuyển sang + Thụ lý mới
rule-to-enforce-accepted = Tổng số phải thi hành = Tổng số thụ lý − Ủy thác − Thu hồi, hủy quyết định
rule-to-enforce-enforceable = Tổng số phải thi hành = Có điều kiện thi hành + Chưa có điều kiện thi hành
rule-enforceable = Có điều kiện thi hành = (Thi hành xong + Đình chỉ [+ Giảm]) + Đang thi hành + Hoãn + Tạm đình chỉ + Trường hợp khác
rule-carried-forward = Chuyển kỳ sau = Tổng số phải thi hành − (Thi hành xong + Đình chỉ [+ Giảm])
rate-blank-or-zero = để trống hoặc 0, vì không có việc (tiền) có điều kiện thi hành
unknown = không rõ
content-empty = tệp rỗng, không có nội dung
content-pdf = tệp là tài liệu PDF
content-html = tệp là một trang web (HTML) được đặt tên như bảng tính; hãy mở tệp bằng Excel (hoặc LibreOffice) rồi lưu lại dạng .xlsx
content-xml2003 = tệp là bảng tính dạng Excel 2003 XML; hãy mở tệp bằng Excel (hoặc LibreOffice) rồi lưu lại dạng .xlsx
content-rtf = tệp là văn bản RTF
content-other = nội dung tệp không phải của một bảng tính .xlsx, .xlsm, .xlsb, .xls hay .ods
content-word = một văn bản Word
content-powerpoint = một tệp trình chiếu PowerPoint
content-zip = một tệp nén zip không chứa bảng tính
content-office = một tệp Office không chứa bảng tính (có thể là văn bản Word)
