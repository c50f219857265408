package render

import (
	"context"
	"testing"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/store"
)

// BenchmarkPDF times building and rendering each kind for the 11-member
// demo bloc, 2023, without the cache: template, markup, layout, fonts,
// subsetting, compression. Loading the data is timed apart.
func BenchmarkPDF(b *testing.B) {
	s, st := demoService(b)
	d, err := store.LoadYear(context.Background(), st, demo.TayNguyen, 2023)
	if err != nil {
		b.Fatal(err)
	}
	for _, kind := range document.PDFKinds() {
		unit := ""
		if kind == "bao-cao-so-ket" {
			unit = "van-phong"
		}
		b.Run(kind, func(b *testing.B) {
			var size int
			for b.Loop() {
				f, err := s.renderDocument(d, Request{Bloc: demo.TayNguyen, Year: 2023, Kind: kind, Unit: unit, Format: "pdf"})
				if err != nil {
					b.Fatal(err)
				}
				size = len(f.Data)
			}
			b.ReportMetric(float64(size)/1024, "KB")
		})
	}
}

// BenchmarkPDFFirst is BenchmarkPDF for the first document after start-up
// (or after its fonts fell out of the kept set): every font is subset,
// compressed and kept again. The year-end report and the covenant, the
// two documents compared with pdfmake.
func BenchmarkPDFFirst(b *testing.B) {
	s, st := demoService(b)
	d, err := store.LoadYear(context.Background(), st, demo.TayNguyen, 2023)
	if err != nil {
		b.Fatal(err)
	}
	for _, kind := range []string{"bao-cao-tong-ket", "giao-uoc-thi-dua"} {
		b.Run(kind, func(b *testing.B) {
			for b.Loop() {
				s.pdf.ForgetKeptFonts()
				if _, err := s.renderDocument(d, Request{Bloc: demo.TayNguyen, Year: 2023, Kind: kind, Format: "pdf"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoadYear times reading a bloc-year from SQLite and computing
// its ranking.
func BenchmarkLoadYear(b *testing.B) {
	_, st := demoService(b)
	for b.Loop() {
		if _, err := store.LoadYear(context.Background(), st, demo.TayNguyen, 2023); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCached times a request served from the render cache (what an
// unchanged document costs).
func BenchmarkCached(b *testing.B) {
	s, _ := demoService(b)
	req := Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "bao-cao-tong-ket", Format: "pdf"}
	if _, err := s.Render(context.Background(), req); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Render(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFormats renders the year-end report as PDF and as DOCX from the
// same data in the same run (model built each time, no cache): what the
// Word file costs beside the PDF.
func BenchmarkFormats(b *testing.B) {
	s, st := demoService(b)
	d, err := store.LoadYear(context.Background(), st, demo.TayNguyen, 2023)
	if err != nil {
		b.Fatal(err)
	}
	for _, format := range []string{"pdf", "docx"} {
		b.Run(format, func(b *testing.B) {
			var size int
			for b.Loop() {
				f, err := s.renderDocument(d, Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "bao-cao-tong-ket", Format: format})
				if err != nil {
					b.Fatal(err)
				}
				size = len(f.Data)
			}
			b.ReportMetric(float64(size)/1024, "KB")
		})
	}
}
