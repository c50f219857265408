package xlsx

import "github.com/xuri/excelize/v2"

// page is a sheet's print layout: paper, orientation, margins, fitted to
// one page wide, page numbers in the footer.
type page struct {
	paper       int // excelize paper codes: 9 A4, 8 A3
	orientation string
	margins     [4]float64 // top, bottom, left, right, in inches
	natural     bool       // printed at 100 %, not fitted to the page width
	onePage     bool       // fitted to one page, wide and tall
	scale       uint       // per cent, for a natural page; 100 when 0
}

var (
	// a4Portrait is the boards' forms: Decree 30's wide left margin.
	a4Portrait = page{paper: 9, orientation: "portrait", margins: [4]float64{0.79, 0.79, 1.18, 0.59}}
	// a3Landscape is the secretariat's wide summaries.
	a3Landscape = page{paper: 8, orientation: "landscape", margins: [4]float64{0.6, 0.6, 0.6, 0.4}}
	// a4Landscape is the score summary: at a fixed 80 % (fitting to a
	// width would make the spreadsheet ignore our breaks between sections),
	// so that a bloc of a dozen members and the signatures fit one page tall.
	a4Landscape = page{paper: 9, orientation: "landscape", margins: [4]float64{0.6, 0.6, 0.6, 0.4}, natural: true, scale: 80}
	// chartPage prints the chart on one A4 landscape page.
	chartPage = page{paper: 9, orientation: "landscape", margins: [4]float64{0.6, 0.6, 0.6, 0.4}, onePage: true}
)

// apply sets the layout on a sheet. For a streamed sheet it must come
// before the stream writer starts, which writes the page setup it finds then.
func (p page) apply(f *excelize.File, sheet string) error {
	orientation, one, zero := p.orientation, 1, 0
	lay := &excelize.PageLayoutOptions{Size: &p.paper, Orientation: &orientation, FitToWidth: &one, FitToHeight: &zero}
	if p.onePage {
		lay.FitToHeight = &one
	}
	if p.natural {
		scale := p.scale
		if scale == 0 {
			scale = 100
		}
		lay = &excelize.PageLayoutOptions{Size: &p.paper, Orientation: &orientation, AdjustTo: &scale}
	}
	if err := f.SetPageLayout(sheet, lay); err != nil {
		return err
	}
	fit := !p.natural
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	top, bottom, left, right, hdr := p.margins[0], p.margins[1], p.margins[2], p.margins[3], 0.3
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Top: &top, Bottom: &bottom, Left: &left, Right: &right, Header: &hdr, Footer: &hdr}); err != nil {
		return err
	}
	return f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&CTrang &P/&N"})
}

// printSetup prints a form on A4 portrait, with the rows repeated on every
// page (titles, "" for none) and the print area.
func printSetup(f *excelize.File, sheet, titles, area string) error {
	if err := a4Portrait.apply(f, sheet); err != nil {
		return err
	}
	quoted := "'" + sheet + "'!"
	if titles != "" {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: quoted + titles, Scope: sheet}); err != nil {
			return err
		}
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: quoted + area, Scope: sheet})
}
