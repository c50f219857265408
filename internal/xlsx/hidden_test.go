package xlsx

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/domain"
)

// metaLines finds, in the hidden sheet, the row holding each code's entry
// (its own row number in the sheet).
func metaLines(t *testing.T, f *excelize.File) map[string]int {
	t.Helper()
	rows, err := f.GetRows(SheetMeta)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for i, r := range rows {
		if len(r) >= 3 && r[2] != "" {
			out[r[1]+":"+r[2]] = i + 1
		}
		if len(r) >= 1 && r[0] == "rows" {
			out["rows"] = i + 1
		}
	}
	return out
}

// The hidden sheet only says where each criterion stands; the criteria
// expected are those stored. Any edit that would change what is read is a
// 422 naming the criterion, never a wrong total or a server error.
func TestHiddenSheetEditsRefused(t *testing.T) {
	st := demoStore(t)
	d := year(t, st, demo.TayNguyen, 2023)
	exp := expect(d, "dak-lak")
	filled, _ := fill(t, generate(t, d, "dak-lak"), *d.Criteria, nil)
	lines := d.Criteria.Lines()
	first, bonus := lines[0], d.Criteria.Bonus[0]
	cases := []struct {
		name  string
		edit  func(f *excelize.File, at map[string]int)
		code  string
		field string
		want  string
	}{
		{"criterion row removed", func(f *excelize.File, at map[string]int) {
			f.RemoveRow(SheetMeta, at[rowCriterion+":"+first.Code])
		}, ErrCodeTampered, SheetMeta, "thiếu tiêu chí " + first.Code},
		{"criterion named twice", func(f *excelize.File, at map[string]int) {
			r := strconv.Itoa(at[rowCriterion+":"+lines[1].Code])
			f.SetCellStr(SheetMeta, "C"+r, first.Code)
		}, ErrCodeTampered, "", "mục " + first.Code + " được ghi hai lần"},
		{"criterion relabelled as bonus", func(f *excelize.File, at map[string]int) {
			f.SetCellStr(SheetMeta, "B"+strconv.Itoa(at[rowCriterion+":"+first.Code]), rowBonus)
		}, ErrCodeTampered, "", "mục " + first.Code + " là tiêu chí nhưng được ghi là điểm thưởng"},
		{"bonus relabelled as criterion", func(f *excelize.File, at map[string]int) {
			f.SetCellStr(SheetMeta, "B"+strconv.Itoa(at[rowBonus+":"+bonus.Code]), rowCriterion)
		}, ErrCodeTampered, "", "là điểm thưởng nhưng được ghi là tiêu chí"},
		{"unknown code", func(f *excelize.File, at map[string]int) {
			f.SetCellStr(SheetMeta, "C"+strconv.Itoa(at[rowCriterion+":"+first.Code]), "9.9")
		}, ErrCodeTampered, "", `mục "9.9" không có`},
		{"row outside the form", func(f *excelize.File, at map[string]int) {
			f.SetCellStr(SheetMeta, "A"+strconv.Itoa(at[rowCriterion+":"+first.Code]), "3")
		}, ErrCodeTampered, "", "ngoài phiếu"},
		{"row far away", func(f *excelize.File, at map[string]int) {
			f.SetCellStr(SheetMeta, "A"+strconv.Itoa(at[rowCriterion+":"+first.Code]), "99999999999")
		}, ErrCodeTampered, "", "ngoài phiếu"},
		{"two criteria on one row", func(f *excelize.File, at map[string]int) {
			r, _ := f.GetCellValue(SheetMeta, "A"+strconv.Itoa(at[rowCriterion+":"+first.Code]))
			f.SetCellStr(SheetMeta, "A"+strconv.Itoa(at[rowCriterion+":"+lines[1].Code]), r)
		}, ErrCodeTampered, "", "cùng ghi ở dòng"},
		{"unknown kind", func(f *excelize.File, at map[string]int) {
			f.SetCellStr(SheetMeta, "B"+strconv.Itoa(at[rowCriterion+":"+first.Code]), "thuong-them")
		}, ErrCodeTampered, "", `loại dòng "thuong-them"`},
		{"fingerprint edited", func(f *excelize.File, at map[string]int) {
			for r := 1; r < at["rows"]; r++ {
				if k, _ := f.GetCellValue(SheetMeta, "A"+strconv.Itoa(r)); k == metaFingerprint {
					f.SetCellStr(SheetMeta, "B"+strconv.Itoa(r), "0000")
				}
			}
		}, ErrCodeTampered, "file", "Thông tin nhận dạng bảng tiêu chí trong phiếu đã bị sửa"},
		{"scoring sheet renamed", func(f *excelize.File, at map[string]int) {
			f.SetSheetName(SheetScores, "Điểm")
		}, ErrCodeLayout, "file", `Không tìm thấy trang "Phiếu chấm điểm"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := excelize.OpenReader(bytes.NewReader(filled))
			if err != nil {
				t.Fatal(err)
			}
			c.edit(f, metaLines(t, f))
			var b bytes.Buffer
			if err := f.Write(&b); err != nil {
				t.Fatal(err)
			}
			_, err = ReadScoring(b.Bytes(), exp, DefaultLimits)
			var ve domain.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("accepted: %v", err)
			}
			if len(ve) > maxTamperErrors {
				t.Errorf("%d errors: one edit, one answer", len(ve))
			}
			for _, e := range ve {
				if e.Code == c.code && strings.HasPrefix(e.Field, c.field) && strings.Contains(e.Message, c.want) {
					return
				}
			}
			t.Errorf("no %s at %s with %q in %v", c.code, c.field, c.want, ve)
		})
	}
}
