package xlsx

import "github.com/xuri/excelize/v2"

// rowWriter is what a sheet builder needs of excelize: rows, widths, panes,
// merges. *excelize.StreamWriter has it, for sheets that may grow large;
// plainRows has it over the ordinary API, for sheets that need what the
// stream writer cannot keep (page breaks, which a flushed stream drops).
type rowWriter interface {
	SetRow(cell string, values []any, opts ...excelize.RowOpts) error
	SetColWidth(minVal, maxVal int, width float64) error
	SetPanes(panes *excelize.Panes) error
	MergeCell(topLeft, bottomRight string) error
	Flush() error
}

// plainRows writes a sheet through the ordinary excelize API.
type plainRows struct {
	f     *excelize.File
	sheet string
}

func (w plainRows) SetRow(cell string, values []any, opts ...excelize.RowOpts) error {
	col, row, err := excelize.CellNameToCoordinates(cell)
	if err != nil {
		return err
	}
	for i, v := range values {
		name := cellName(col+i, row)
		c, ok := v.(excelize.Cell)
		if !ok {
			if err := w.f.SetCellValue(w.sheet, name, v); err != nil {
				return err
			}
			continue
		}
		// The value first, then the formula: excelize keeps the value as
		// the formula's cached result (setting the value after would drop
		// the formula).
		if c.Value != nil {
			if err := w.f.SetCellValue(w.sheet, name, c.Value); err != nil {
				return err
			}
		}
		if c.Formula != "" {
			if err := w.f.SetCellFormula(w.sheet, name, c.Formula); err != nil {
				return err
			}
		}
		if c.StyleID != 0 {
			if err := w.f.SetCellStyle(w.sheet, name, name, c.StyleID); err != nil {
				return err
			}
		}
	}
	for _, o := range opts {
		if o.Height > 0 {
			if err := w.f.SetRowHeight(w.sheet, row, o.Height); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w plainRows) SetColWidth(minVal, maxVal int, width float64) error {
	a, err := excelize.ColumnNumberToName(minVal)
	if err != nil {
		return err
	}
	b, err := excelize.ColumnNumberToName(maxVal)
	if err != nil {
		return err
	}
	return w.f.SetColWidth(w.sheet, a, b, width)
}

func (w plainRows) SetPanes(p *excelize.Panes) error { return w.f.SetPanes(w.sheet, p) }

func (w plainRows) MergeCell(a, b string) error { return w.f.MergeCell(w.sheet, a, b) }

func (w plainRows) Flush() error { return nil }
