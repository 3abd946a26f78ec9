"""Vietnamese speech text, class by class: what a listener hears for what a news page writes.

Cases written by the team from the forms Vietnamese news uses (none copied from
NeMo's suite, which the benchmark reads from a fetched checkout).  Every case goes
through ``normalise_text``: exactly the words the voice is given.
"""

from __future__ import annotations

import pytest

from reader.speech import normalise_text


def vi(text: str) -> str:
    return normalise_text(text, "vi")


CARDINAL = [
    ("7 người", "bảy người"),
    ("10 xã", "mười xã"),
    ("11 thôn", "mười một thôn"),
    ("25 hộ", "hai mươi lăm hộ"),
    ("31 học sinh", "ba mươi mốt học sinh"),
    ("44 ca", "bốn mươi tư ca"),
    ("65 tuổi", "sáu mươi lăm tuổi"),
    ("71 năm", "bảy mươi mốt năm"),
    ("94 phòng", "chín mươi tư phòng"),
    ("108 bậc", "một trăm linh tám bậc"),
    ("115 km", "một trăm mười lăm ki lô mét"),
    ("250 chiếc", "hai trăm năm mươi chiếc"),
    ("3.007 hộ", "ba nghìn không trăm linh bảy hộ"),
    ("4.060 lượt", "bốn nghìn không trăm sáu mươi lượt"),
    ("7.500.000 người", "bảy triệu năm trăm nghìn người"),
    ("2.003.004", "hai triệu ba nghìn không trăm linh bốn"),
    ("1.400.000.000", "một tỷ bốn trăm triệu"),
    ("3.000.000.000.000", "ba nghìn tỷ"),
    ("0 điểm", "không điểm"),
    ("09 người", "chín người"),
]

DECIMAL = [  # after "phẩy" as school books read it: up to three digits as a number
    ("2,5 lần", "hai phẩy năm lần"),
    ("0,75", "không phẩy bảy mươi lăm"),
    ("12,05", "mười hai phẩy không năm"),
    ("3,141", "ba phẩy một trăm bốn mươi mốt"),
    ("7,09%", "bảy phẩy không chín phần trăm"),
    ("0,0032", "không phẩy không không ba mươi hai"),
    ("2,34567", "hai phẩy ba bốn năm sáu bảy"),
    ("1.250,5 tấn", "một nghìn hai trăm năm mươi phẩy năm tấn"),
    ("7,2 triệu", "bảy phẩy hai triệu"),
    ("18,6%", "mười tám phẩy sáu phần trăm"),
    ("-0,5", "âm không phẩy năm"),
    ("4.0", "bốn chấm không"),
    ("tăng 1.5 lần", "tăng một phẩy năm lần"),
]

DATE = [
    ("ngày 17/01/2024", "ngày mười bảy tháng một năm hai nghìn không trăm hai mươi tư"),
    ("Ngày 3/2/2030", "Ngày ba tháng hai năm hai nghìn không trăm ba mươi"),
    ("chiều 8/3/2021", "chiều ngày tám tháng ba năm hai nghìn không trăm hai mươi mốt"),
    ("1-7-2024", "ngày một tháng bảy năm hai nghìn không trăm hai mươi tư"),
    ("01.07.2024", "ngày một tháng bảy năm hai nghìn không trăm hai mươi tư"),
    ("2024-11-05", "ngày năm tháng mười một năm hai nghìn không trăm hai mươi tư"),
    ("tháng 3/2023", "tháng ba năm hai nghìn không trăm hai mươi ba"),
    ("tháng 4-2022", "tháng tư năm hai nghìn không trăm hai mươi hai"),
    ("tháng 11 2019", "tháng mười một năm hai nghìn không trăm mười chín"),
    ("trong 6/2025", "trong tháng sáu năm hai nghìn không trăm hai mươi lăm"),
    ("năm 2024", "năm hai nghìn không trăm hai mươi tư"),
    ("năm 1999", "năm một nghìn chín trăm chín mươi chín"),
    ("ngày 2/9", "ngày hai tháng chín"),
    ("17/01", "ngày mười bảy tháng một"),
    ("sáng 4/9", "sáng ngày bốn tháng chín"),
    ("mùng 10/3 âm lịch", "mùng mười tháng ba âm lịch"),
    ("hôm qua (20/11)", "hôm qua (ngày hai mươi tháng mười một)"),
    ("thứ Hai, 5/8", "thứ Hai, ngày năm tháng tám"),
    ("ngày 1-5", "ngày một tháng năm"),
    ("từ ngày 26-28/6", "từ ngày hai mươi sáu đến hai mươi tám tháng sáu"),
    ("từ 30/4-1/5", "từ ngày ba mươi tháng tư đến ngày một tháng năm"),
    ("tháng 4", "tháng tư"),
    ("ngày 12 tháng 4 năm 2026", "ngày mười hai tháng tư năm hai nghìn không trăm hai mươi sáu"),
    ("Ngày 9/3/2025: mưa rét", "Ngày chín tháng ba năm hai nghìn không trăm hai mươi lăm: mưa rét"),
    ("hôm nay (14-2)", "hôm nay (ngày mười bốn tháng hai)"),
    ("từ 20/12/2024 - 4/1/2025",
     "từ ngày hai mươi tháng mười hai năm hai nghìn không trăm hai mươi tư đến ngày bốn tháng một năm hai "
     "nghìn không trăm hai mươi lăm"),
    ("mùa giải 2024/25", "mùa giải hai nghìn không trăm hai mươi tư - hai mươi lăm"),
    ("Nghị định 15/2020/NĐ-CP", "Nghị định mười lăm năm hai nghìn không trăm hai mươi NĐ-CP"),
    ("đợt 2/2025", "đợt hai năm hai nghìn không trăm hai mươi lăm"),
]

TIME = [
    ("7h", "bảy giờ"),
    ("từ 7h đến 9h", "từ bảy giờ đến chín giờ"),
    ("19h30", "mười chín giờ ba mươi phút"),
    ("lúc 06h05", "lúc sáu giờ năm phút"),
    ("14g15", "mười bốn giờ mười lăm phút"),
    ("7 giờ 5", "bảy giờ năm"),
    ("7 giờ 05 phút", "bảy giờ năm phút"),
    ("20:45", "hai mươi giờ bốn mươi lăm phút"),
    ("lúc 07:00", "lúc bảy giờ"),
    ("1:02:03", "một giờ hai phút ba giây"),
    ("0h", "không giờ"),
    ("7h-11h30", "bảy giờ đến mười một giờ ba mươi phút"),
    ("21:00 gmt", "hai mươi mốt giờ GMT"),
    ("9h ICT", "chín giờ ICT"),
    ("hết 2p15s", "hết hai phút mười lăm giây"),
    ("nghỉ 45p", "nghỉ bốn mươi lăm phút"),
    ("chạy 100m trong 9s", "chạy một trăm mét trong chín giây"),
    ("trong 1h", "trong một giờ"),
    ("lúc 9:15: khai mạc", "lúc chín giờ mười lăm phút: khai mạc"),
    ("xuất phát lúc 5h45'", "xuất phát lúc năm giờ bốn mươi lăm phút"),
    ("7:30 GMT+7", "bảy giờ ba mươi phút GMT cộng bảy"),
]

MONEY = [
    ("50.000đ", "năm mươi nghìn đồng"),
    ("50.000 đ", "năm mươi nghìn đồng"),
    ("15.000₫", "mười lăm nghìn đồng"),
    ("5 tỷ đồng", "năm tỷ đồng"),
    ("$5", "năm đô la"),
    ("5 USD", "năm đô la"),
    ("10 triệu VNĐ", "mười triệu đồng"),
    ("2 triệu VND", "hai triệu đồng"),
    ("10$", "mười đô la"),
    ("3,5 tỷ USD", "ba phẩy năm tỷ đô la"),
    ("7,25$", "bảy đô la hai mươi lăm xu"),
    ("0,2$", "hai mươi xu"),
    ("12€", "mười hai ơ rô"),
    ("30k", "ba mươi nghìn"),
    ("2tr", "hai triệu"),
    ("3tr5", "ba triệu năm trăm nghìn"),
    ("4t2", "bốn tỷ hai trăm triệu"),
    ("65.000 đồng/kg", "sáu mươi lăm nghìn đồng một ki lô gam"),
    ("200.000đ/người", "hai trăm nghìn đồng trên người"),
    ("US$20", "hai mươi đô la"),
    ("40.000đ-60.000đ", "bốn mươi nghìn đồng đến sáu mươi nghìn đồng"),
]

MEASURE = [
    ("500mg", "năm trăm mi li gam"),
    ("5kg", "năm ki lô gam"),
    ("3m²", "ba mét vuông"),
    ("120 m2", "một trăm hai mươi mét vuông"),
    ("20km/h", "hai mươi ki lô mét trên giờ"),
    ("45 km", "bốn mươi lăm ki lô mét"),
    ("2,5 ha", "hai phẩy năm héc ta"),
    ("1,5l", "một phẩy năm lít"),
    ("250ml", "hai trăm năm mươi mi li lít"),
    ("16GB", "mười sáu gi ga bai"),
    ("220V", "hai trăm hai mươi vôn"),
    ("500 kW", "năm trăm ki lô oát"),
    ("50Hz", "năm mươi héc"),
    ("35°C", "ba mươi lăm độ C"),
    ("-5°C", "âm năm độ C"),
    ("nhiệt độ -2 độ C", "nhiệt độ âm hai độ C"),
    ("24oC", "hai mươi tư độ C"),
    ("75%", "bảy mươi lăm phần trăm"),
    ("1/2kg", "một phần hai ki lô gam"),
    ("cao 1m70", "cao một mét bảy mươi"),
    ("100cm x 60cm", "một trăm xăng ti mét x sáu mươi xăng ti mét"),
    ("50 µg/m³", "năm mươi mi crô gam trên mét khối"),
    ("3 tấn/ha", "ba tấn trên héc ta"),
]

RANGE = [
    ("5-7 km", "năm đến bảy ki lô mét"),
    ("20-25°C", "hai mươi đến hai mươi lăm độ C"),
    ("từ 3-5 triệu đồng", "từ ba đến năm triệu đồng"),
    ("trẻ 6-11 tuổi", "trẻ sáu đến mười một tuổi"),
    ("giai đoạn 2021-2025", "giai đoạn hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm"),
    ("10–15%", "mười đến mười lăm phần trăm"),
    ("2kg-3kg", "hai ki lô gam đến ba ki lô gam"),
    ("8:00-10:30", "tám giờ đến mười giờ ba mươi phút"),
    ("thắng 2-1", "thắng hai - một"),
    ("hòa 1-1", "hòa một - một"),
    ("tăng +2,5%", "tăng cộng hai phẩy năm phần trăm"),
    ("giảm 0,5 điểm %", "giảm không phẩy năm điểm phần trăm"),
    ("Km 12+500", "Km mười hai cộng năm trăm"),
    ("1 USD = 25.000 đồng", "một đô la bằng hai mươi lăm nghìn đồng"),
]

ORDINAL = [
    ("thứ 1", "thứ nhất"),
    ("thứ 2", "thứ hai"),
    ("thứ 4", "thứ tư"),
    ("lần thứ 14", "lần thứ mười bốn"),
    ("đứng thứ 24", "đứng thứ hai mươi tư"),
    ("Thứ 7 tuần này", "Thứ bảy tuần này"),
    ("thứ nhất", "thứ nhất"),
]

FRACTION = [
    ("1/2", "một phần hai"),
    ("3/4 số hộ", "ba phần tư số hộ"),
    ("chiếm 1/5 diện tích", "chiếm một phần năm diện tích"),
    ("gần 2/3", "gần hai phần ba"),
    ("-1/4", "âm một phần tư"),
    ("7/20", "bảy phần hai mươi"),
    ("2 1/2", "hai và một phần hai"),
    ("½ quả", "một phần hai quả"),
    ("24/7", "hai mươi tư trên bảy"),
    ("4/4 xã đạt chuẩn", "bốn trên bốn xã đạt chuẩn"),
    ("thắng 3/12 trận", "thắng ba trên mười hai trận"),
    ("45/63 tỉnh, thành", "bốn mươi lăm trên sáu mươi ba tỉnh, thành"),
    ("ngõ 41/18", "ngõ bốn mươi mốt trên mười tám"),
]

ROMAN = [
    ("Đại hội XIII", "Đại hội mười ba"),
    ("thế kỷ XXI", "thế kỷ hai mươi mốt"),
    ("thế kỉ XIX", "thế kỉ mười chín"),
    ("quý III/2024", "quý ba năm hai nghìn không trăm hai mươi tư"),
    ("quý IV", "quý bốn"),
    ("khóa XV", "khóa mười lăm"),
    ("Quốc hội khoá XIV", "Quốc hội khoá mười bốn"),
    ("Chương II", "Chương hai"),
    ("Phần V", "Phần năm"),
    ("lần thứ XII", "lần thứ mười hai"),
    ("thứ IV", "thứ tư"),
    ("vùng III", "vùng ba"),
    ("Giáo hoàng Phaolô II", "Giáo hoàng Phaolô hai"),
    ("Vitamin C", "Vitamin C"),
    ("MC Lại Văn Sâm", "MC Lại Văn Sâm"),
    ("đĩa CD", "đĩa CD"),
    ("giải V.League", "giải V.League"),
    ("số I", "số một"),
    ("phương án X", "phương án X"),
    ("Phần C của đề thi", "Phần C của đề thi"),
    ("điểm d khoản 2", "điểm d khoản hai"),
    ("I love you", "I love you"),
    ("chương xii", "chương mười hai"),
    ("vi phạm", "vi phạm"),
    ("xi măng", "xi măng"),
]

PHONE = [
    ("0912 345 678", "không chín một hai ba bốn năm sáu bảy tám"),
    ("0912345678", "không chín một hai ba bốn năm sáu bảy tám"),
    ("0912.345.678", "không chín một hai ba bốn năm sáu bảy tám"),
    ("024 3825 1234", "không hai bốn ba tám hai năm một hai ba bốn"),
    ("(028) 3829 5555", "(không hai tám) ba tám hai chín năm năm năm năm"),
    ("1900 1234", "một chín không không một hai ba bốn"),
    ("18001091", "một tám không không một không chín một"),
    ("+84 983 111 222", "cộng tám bốn chín tám ba một một một hai hai hai"),
    ("gọi 113 hoặc 115", "gọi một trăm mười ba hoặc một trăm mười lăm"),
    ("xe 30A-567.89", "xe ba mươi A năm sáu bảy tám chín"),
    ("số tài khoản 1903 6512 3456", "số tài khoản một chín không ba sáu năm một hai ba bốn năm sáu"),
    ("mã OTP 482913", "mã OTP bốn tám hai chín một ba"),
    ("số dư tài khoản 500 triệu đồng", "số dư tài khoản năm trăm triệu đồng"),
    ("BKS 43C-1234", "biển kiểm soát bốn mươi ba C một hai ba bốn"),
    ("đường dây nóng 113 hoặc 115", "đường dây nóng một một ba hoặc một một năm"),
]

ABBREVIATION = [
    ("GS.TS Nguyễn Văn A", "Giáo sư, Tiến sĩ Nguyễn Văn A"),
    ("PGS.TS Lê B", "Phó Giáo sư, Tiến sĩ Lê B"),
    ("ThS Trần C", "Thạc sĩ Trần C"),
    ("ThS.BS Hà D", "Thạc sĩ, Bác sĩ Hà D"),
    ("TP.HCM", "Thành phố Hồ Chí Minh"),
    ("TP Huế", "Thành phố Huế"),
    ("Bộ GD-ĐT", "Bộ Giáo dục và Đào tạo"),
    ("Bộ GD&ĐT", "Bộ Giáo dục và Đào tạo"),
    ("vùng ĐBSCL", "vùng Đồng bằng sông Cửu Long"),
    ("TAND tỉnh", "Tòa án nhân dân tỉnh"),
    ("VKSND huyện", "Viện Kiểm sát nhân dân huyện"),
    ("Q.1", "Quận một"),
    ("P.5, Q.10", "Phường năm, Quận mười"),
    ("P. 12", "Phường mười hai"),
    ("CSGT", "Cảnh sát giao thông"),
    ("BHXH", "Bảo hiểm xã hội"),
    ("trường THCS", "trường Trung học cơ sở"),
    ("Chủ tịch UBND, HĐND", "Chủ tịch Ủy ban nhân dân, Hội đồng nhân dân"),
    ("QL1A", "Quốc lộ một A"),
    ("P. Nguyễn", "P. Nguyễn"),  # an initial, not a ward
    ("UBNDX", "UBNDX"),
    ("(SN 1990)", "(sinh năm một nghìn chín trăm chín mươi)"),
]

NEWS = [
    ("Chiều 17/01/2024, hội nghị diễn ra tại Sa Pa.",
     "Chiều ngày mười bảy tháng một năm hai nghìn không trăm hai mươi tư, hội nghị diễn ra tại Sa Pa."),
    ("Giá lúa tăng 300 đồng/kg, lên 8.500 đồng/kg.",
     "Giá lúa tăng ba trăm đồng một ki lô gam, lên tám nghìn năm trăm đồng một ki lô gam."),
    ("Mức phạt từ 4-6 triệu đồng theo Nghị định 100/2019/NĐ-CP.",
     "Mức phạt từ bốn đến sáu triệu đồng theo Nghị định một trăm năm hai nghìn không trăm mười chín NĐ-CP."),
    ("GDP quý II/2024 tăng 6,93%.",
     "GDP quý hai năm hai nghìn không trăm hai mươi tư tăng sáu phẩy chín mươi ba phần trăm."),
    ("U23 Việt Nam thắng 3-0 ở SEA Games 32.",
     "U hai mươi ba Việt Nam thắng ba - không ở SEA Games ba mươi hai."),
    ("Liên hệ 0987.654.321 trước 17h ngày 30/6.",
     "Liên hệ không chín tám bảy sáu năm bốn ba hai một trước mười bảy giờ ngày ba mươi tháng sáu."),
    ("Hội nghị Trung ương 10 khóa XIII diễn ra từ ngày 18-20/9.",
     "Hội nghị Trung ương mười khóa mười ba diễn ra từ ngày mười tám đến hai mươi tháng chín."),
]


@pytest.mark.parametrize(("written", "spoken"), CARDINAL + DECIMAL)
def test_numbers(written: str, spoken: str) -> None:
    assert vi(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), DATE)
def test_dates(written: str, spoken: str) -> None:
    assert vi(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), TIME)
def test_clock_times(written: str, spoken: str) -> None:
    assert vi(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), MONEY)
def test_money(written: str, spoken: str) -> None:
    assert vi(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), MEASURE)
def test_measures(written: str, spoken: str) -> None:
    assert vi(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), RANGE)
def test_ranges_and_scores(written: str, spoken: str) -> None:
    assert vi(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), ORDINAL)
def test_ordinals_after_thu(written: str, spoken: str) -> None:
    assert vi(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), FRACTION)
def test_fractions(written: str, spoken: str) -> None:
    assert vi(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), ROMAN)
def test_roman_numerals_only_in_context(written: str, spoken: str) -> None:
    assert vi(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), PHONE)
def test_phone_numbers_digit_by_digit(written: str, spoken: str) -> None:
    assert vi(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), ABBREVIATION)
def test_abbreviations(written: str, spoken: str) -> None:
    assert vi(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), NEWS)
def test_news_sentences(written: str, spoken: str) -> None:
    assert vi(written) == spoken
