## The words of `thads report --format text`: the paragraph a provincial department writes
## about a period. Every figure arrives already written in Vietnamese notation (1.234; 59,10 %;
## 12,35 tỷ đồng) and every office by its short name, so this file holds the words only.
## To change them without a rebuild: copy this file, edit it, and give it to
## `thads report … --format text --template FILE`. Every message below must stay, with the
## variables it lists; the syntax is Fluent's (https://projectfluent.org/fluent/guide/).
## The program puts ", " between the clauses of a measure and "; " between listed offices.

# How the paragraph opens. $period: "9 tháng năm 2020"; $level: nation, province or office;
# $unit: the unit's short name.
opening = { $period }, { $level ->
        [nation] toàn quốc
        [province] toàn tỉnh
       *[office] { $unit }
    }

# The figures of a measure. $resolved, $enforceable: counts of cases, or amounts of money;
# $rate: resolved ÷ enforceable.
cases = thi hành xong { $resolved } việc trên tổng số { $enforceable } việc có điều kiện thi hành, đạt { $rate }
money = về tiền, thi hành xong { $resolved } trên tổng số { $enforceable } có điều kiện thi hành, đạt { $rate }

# A measure without a rate: nothing enforceable ($reported: yes), or no report of it at all
# ($reported: no). $measure: cases or money.
no-rate = { $measure ->
        [cases] { $reported ->
            [yes] chưa có việc có điều kiện thi hành
           *[no] chưa có báo cáo về việc
        }
       *[money] { $reported ->
            [yes] về tiền, chưa có tiền có điều kiện thi hành
           *[no] về tiền, chưa có báo cáo
        }
    }

# Against the yearly target. $direction: above, equal or below; $target: the target rate;
# $gap: how far from it, in points, never negative.
target = { $direction ->
        [above] cao hơn chỉ tiêu được giao ({ $target }) { $gap }
        [equal] bằng chỉ tiêu được giao ({ $target })
       *[below] thấp hơn chỉ tiêu được giao ({ $target }) { $gap }
    }
no-target = chưa có chỉ tiêu được giao

# Against the same months of the previous year. $year: that year; $previous: its rate;
# $direction: up, same or down; $change: how far, in points, never negative.
previous-year = so với cùng kỳ năm { $year } ({ $previous }) { $direction ->
        [up] tăng { $change }
        [same] không thay đổi
       *[down] giảm { $change }
    }
no-previous-year = chưa có số liệu cùng kỳ năm { $year }

# The first sentence. $opening, $cases, $money: the clauses above.
summary = { $opening } { $cases }; { $money }.

# The offices with the lowest rates. $offices: the lines below, joined by "; ".
lowest = Một số đơn vị đạt tỷ lệ thấp: { $offices }.
# $unit: the office's short name; $cases, $money: its rates, or the words of no-office-rate.
lowest-office = { $unit } { $cases } về việc, { $money } về tiền
no-office-rate = chưa có tỷ lệ

# Offices that have not sent every form: named, never silently left out. $count: how many;
# $expected: how many were expected; $offices: the lines below, joined by "; ".
missing = Chưa nhận được báo cáo của { $count }/{ $expected } đơn vị: { $offices }; số liệu trên chưa gồm các báo cáo này.
# $unit: the office's short name; $forms: cases, money or both.
missing-office = { $unit } (chưa gửi { $forms ->
        [cases] Mẫu 01/TK-THA
        [money] Mẫu 02/TK-THA
       *[both] Mẫu 01/TK-THA và Mẫu 02/TK-THA
    })
# Every expected office sent every form. $expected: how many.
all-reported = Đã nhận đủ báo cáo của { $expected }/{ $expected } đơn vị.

# Whether the figures are final: approved (every office's report of the period is locked by an
# approval), or provisional. $date: the day of the approval in Vietnam, e.g. 02/12/2026; $by:
# who approved (a token's name, or cli:USER).
approved = Số liệu đã được duyệt ngày { $date }.
provisional = Số liệu tạm tính (chưa duyệt).
