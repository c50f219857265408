package document

import "fmt"

// Margins in millimetres.
type Margins struct{ Top, Bottom, Left, Right float64 }

// Page is what every renderer (PDF, DOCX) lays a document out with, kept
// inside Decree 30's ranges: margins top and bottom 20–25 mm, left 30–35,
// right 15–20; body text 13–14 pt; spacing from single to 1,5 lines.
type Page struct {
	Margins     Margins // default 20, 20, 30, 15
	BodySize    float64 // pt, default 14
	LineSpacing float64 // multiple of the font size, default 1.2
}

// Check fills the defaults and refuses what Decree 30 does not allow.
func (p *Page) Check() error {
	m := &p.Margins
	if *m == (Margins{}) {
		*m = Margins{Top: 20, Bottom: 20, Left: 30, Right: 15}
	}
	switch {
	case m.Top < 20 || m.Top > 25, m.Bottom < 20 || m.Bottom > 25:
		return fmt.Errorf("lề trên và lề dưới phải từ 20 đến 25 mm")
	case m.Left < 30 || m.Left > 35:
		return fmt.Errorf("lề trái phải từ 30 đến 35 mm")
	case m.Right < 15 || m.Right > 20:
		return fmt.Errorf("lề phải phải từ 15 đến 20 mm")
	}
	if p.BodySize == 0 {
		p.BodySize = 14
	}
	if p.BodySize < 13 || p.BodySize > 14 {
		return fmt.Errorf("cỡ chữ phần nội dung phải từ 13 đến 14")
	}
	if p.LineSpacing == 0 {
		p.LineSpacing = 1.2
	}
	if p.LineSpacing < 1 || p.LineSpacing > 1.5 {
		return fmt.Errorf("giãn dòng phải từ 1 đến 1,5")
	}
	return nil
}
