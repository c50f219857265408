package xlsxtest

import (
	"bytes"

	"github.com/xuri/excelize/v2"
)

// MarkAll fills a generated scoring workbook as a board would: every
// criterion row named by the hidden sheet (meta) gets mark in column D of
// the score sheet. The sheet names are the xlsx package's (passed in: this
// package cannot import the one it tests).
func MarkAll(wb []byte, meta, scores string, mark any) ([]byte, error) {
	x, err := excelize.OpenReader(bytes.NewReader(wb))
	if err != nil {
		return nil, err
	}
	defer x.Close()
	rows, err := x.GetRows(meta)
	if err != nil {
		return nil, err
	}
	in := false
	for _, r := range rows {
		if len(r) > 0 && r[0] == "rows" {
			in = true
			continue
		}
		if in && len(r) >= 2 && r[1] == "criterion" {
			if err := x.SetCellValue(scores, "D"+r[0], mark); err != nil {
				return nil, err
			}
		}
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
