package ui

import "strings"

// ActionLabels say in Vietnamese what each audited action is: the audit
// page, its filter and the CSV export show these, never the codes. A
// test checks that every action a route or a use case records has one.
var ActionLabels = map[string]string{
	"login": "Đăng nhập", "logout": "Đăng xuất",
	"password_change": "Đổi mật khẩu", "password_reset": "Đặt lại mật khẩu cho người khác",
	"password_forgot": "Xin liên kết đặt lại mật khẩu", "password_reset_link": "Đặt mật khẩu mới qua liên kết",
	"user_create": "Tạo tài khoản", "user_update": "Sửa họ tên, thư điện tử", "user_disable": "Khoá tài khoản",
	"user_enable": "Mở lại tài khoản", "user_delete": "Xoá tài khoản", "user_unlock": "Cho đăng nhập lại ngay",
	"grant": "Cấp quyền", "revoke": "Thu hồi quyền", "token_create": "Tạo mã truy cập", "token_revoke": "Thu hồi mã truy cập",
	"upload": "Gửi phiếu chấm điểm", "scores_put": "Nhập điểm Khối chấm", "criteria_add": "Nhập bảng tiêu chí",
	"year_put": "Sửa thông tin năm", "year_open": "Mở năm mới", "year_close": "Khoá sổ năm", "year_reopen": "Mở lại năm đã khoá sổ",
	"narrative_put": "Sửa lời văn", "member_put": "Sửa thành viên", "member_delete": "Rút thành viên",
	"indicators_put": "Nhập chỉ tiêu", "movement_add": "Thêm phong trào", "awards_put": "Quyết định khen thưởng",
	"vote_put": "Nhập kết quả bỏ phiếu", "honour_add": "Ghi khen thưởng đơn vị nhận", "honour_delete": "Xoá khen thưởng đơn vị nhận",
	"texts_put": "Viết, gửi báo cáo của đơn vị", "texts_return": "Trả lại báo cáo của đơn vị",
	"reminder_send":     "Gửi thư nhắc hạn",
	"text_return_mail":  "Gửi thư báo trả lại báo cáo",
	"document_download": "Tải văn bản", "workbook_download": "Tải phiếu chấm điểm", "upload_download": "Tải lại tệp đã gửi",
	"dossier_run": "Lập hồ sơ cuối năm", "dossier_download": "Tải hồ sơ cuối năm", "dossier_schedule_put": "Đặt lịch lập hồ sơ",
	"bloc_create": "Tạo Khối", "bloc_put": "Sửa Khối", "unit_create": "Tạo đơn vị", "unit_put": "Sửa đơn vị",
}

// OutcomeLabel says an audit entry's outcome in Vietnamese.
func OutcomeLabel(o string) string {
	if l, ok := map[string]string{
		"ok": "Thành công", "": "Thành công", "succeeded": "Thành công", "accepted": "Đã ghi nhận",
		"failed": "Không thành công", "error": "Lỗi hệ thống", "cancelled": "Đã huỷ", "rejected": "Bị từ chối (phiếu có lỗi)",
		"throttled": "Bị chặn tạm thời (thử quá nhiều lần)", "no_match": "Không có tài khoản phù hợp (không gửi thư)",
		"superseded": "Hợp lệ, không thay điểm hiện hành", "disabled": "Bị từ chối: tài khoản đã bị khoá",
	}[o]; ok {
		return l
	}
	if code, ok := strings.CutPrefix(o, "refused "); ok {
		if l, ok := map[string]string{"401": "Bị từ chối: chưa đăng nhập", "403": "Bị từ chối: không có quyền", "404": "Không tìm thấy",
			"409": "Bị từ chối: trạng thái không cho phép", "413": "Bị từ chối: tệp quá lớn", "415": "Bị từ chối: sai loại tệp",
			"422": "Bị từ chối: dữ liệu chưa hợp lệ", "429": "Bị chặn tạm thời", "400": "Bị từ chối: yêu cầu sai"}[code]; ok {
			return l
		}
		return "Bị từ chối (" + code + ")"
	}
	return o
}
