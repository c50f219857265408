package render

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
)

// TestExportComparisonInputs writes, when THIDUA_COMPARE_OUT names a
// folder, the inputs of the comparison benchmarks in bench/node: each
// document kind as a pdfmake document definition and as a Typst source
// (typst), with the same content and layout as our PDF (header, title,
// headings, justified paragraphs, tables with repeated headers and spans,
// signature and distribution list, page numbers from page 2), and the
// scoring workbook's input for exceljs.
func TestExportComparisonInputs(t *testing.T) {
	out := os.Getenv("THIDUA_COMPARE_OUT")
	if out == "" {
		t.Skip("set THIDUA_COMPARE_OUT to write the comparison inputs")
	}
	s, st := demoService(t)
	d, err := store.LoadYear(context.Background(), st, demo.TayNguyen, 2023)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"bao-cao-tong-ket", "giao-uoc-thi-dua"} {
		doc, err := s.BuildDocument(d, kind, "")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.MarshalIndent(pdfmake(doc), "", " ")
		if err := os.WriteFile(filepath.Join(out, kind+".pdfmake.json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, kind+".typ"), []byte(typst(doc)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m, _ := d.Member("van-phong")
	in := map[string]any{"unitName": m.Name.Full, "blocName": d.Bloc.Names.At(d.Date()).Full, "province": d.Province("van-phong"), "year": d.Year, "criteria": d.Criteria, "headName": m.HeadName}
	b, _ := json.MarshalIndent(in, "", " ")
	if err := os.WriteFile(filepath.Join(out, "phieu-cham-diem.input.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func runsPM(rs []document.Run) []any {
	var out []any
	for _, r := range rs {
		m := map[string]any{"text": r.Text}
		if r.Bold {
			m["bold"] = true
		}
		if r.Italic {
			m["italics"] = true
		}
		out = append(out, m)
	}
	return out
}

const mmPt = 72 / 25.4

func pdfmake(doc *document.Document) map[string]any {
	h := doc.Header
	left := []any{}
	if h.Parent != "" {
		left = append(left, map[string]any{"text": vn.Upper(h.Parent), "alignment": "center", "fontSize": 13})
	}
	left = append(left, map[string]any{"text": vn.Upper(h.Issuer), "alignment": "center", "fontSize": 13, "bold": true},
		map[string]any{"canvas": []any{map[string]any{"type": "line", "x1": 70, "y1": 2, "x2": 130, "y2": 2, "lineWidth": 0.8}}},
		map[string]any{"text": h.Number, "alignment": "center", "fontSize": 13, "margin": []any{0, 6, 0, 0}})
	right := []any{
		map[string]any{"text": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "alignment": "center", "bold": true, "fontSize": 12},
		map[string]any{"text": "Độc lập - Tự do - Hạnh phúc", "alignment": "center", "bold": true, "fontSize": 14},
		map[string]any{"canvas": []any{map[string]any{"type": "line", "x1": 55, "y1": 2, "x2": 215, "y2": 2, "lineWidth": 0.8}}},
		map[string]any{"text": vn.PlaceDate(h.Place, h.Date, h.Year), "alignment": "center", "italics": true, "margin": []any{0, 6, 0, 0}},
	}
	content := []any{map[string]any{"columns": []any{map[string]any{"width": 72 * mmPt, "stack": left}, map[string]any{"width": "*", "stack": right}}, "margin": []any{0, 0, 0, 12}}}
	for _, b := range doc.Blocks {
		switch v := b.(type) {
		case document.Title:
			content = append(content, map[string]any{"text": v.Kind, "bold": true, "alignment": "center"})
			for _, s := range v.Subject {
				content = append(content, map[string]any{"text": s, "bold": true, "alignment": "center"})
			}
			content = append(content, map[string]any{"canvas": []any{map[string]any{"type": "line", "x1": 200, "y1": 2, "x2": 280, "y2": 2, "lineWidth": 0.8}}, "margin": []any{0, 0, 0, 12}})
		case document.Heading:
			content = append(content, map[string]any{"text": runsPM(v.Runs), "bold": true, "italics": v.Level == 3, "leadingIndent": 36, "margin": []any{0, 0, 0, 3}, "headlineLevel": v.Level})
		case document.Paragraph:
			p := map[string]any{"text": runsPM(v.Runs), "alignment": "justify", "margin": []any{0, 0, 0, 6}}
			if !v.NoIndent {
				p["leadingIndent"] = 36
			}
			if v.Align != 0 && v.Align != document.AlignJustify {
				p["alignment"] = map[document.Align]string{document.AlignCenter: "center", document.AlignLeft: "left", document.AlignRight: "right"}[v.Align]
			}
			if v.Size > 0 {
				p["fontSize"] = v.Size
			}
			content = append(content, p)
		case document.List:
			var items []any
			for _, it := range v.Items {
				items = append(items, map[string]any{"text": runsPM(it), "alignment": "justify"})
			}
			content = append(content, map[string]any{"ul": items, "margin": []any{36, 0, 0, 6}})
		case document.Table:
			cols := len(v.Widths)
			var widths []any
			var total float64
			for _, w := range v.Widths {
				total += w
			}
			for _, w := range v.Widths {
				widths = append(widths, w/total*(165*mmPt-float64(cols)*8))
			}
			var body []any
			rows := append(append([][]document.Cell{}, v.Header...), v.Rows...)
			for ri, row := range rows {
				var cells []any
				for _, c := range row {
					cell := map[string]any{"text": runsPM(c.Runs), "bold": ri < len(v.Header) || c.Bold}
					if c.ColSpan > 1 {
						cell["colSpan"] = c.ColSpan
					}
					if c.RowSpan > 1 {
						cell["rowSpan"] = c.RowSpan
					}
					cells = append(cells, cell)
					for i := 1; i < c.ColSpan; i++ {
						cells = append(cells, map[string]any{})
					}
				}
				for len(cells) < cols {
					cells = append(cells, map[string]any{})
				}
				body = append(body, cells)
			}
			// pdfmake wants row-spanned cells present as empty objects.
			fillRowSpans(body, rows, cols)
			size := v.FontSize
			if size == 0 {
				size = 12
			}
			content = append(content, map[string]any{"table": map[string]any{"headerRows": len(v.Header), "dontBreakRows": true, "widths": widths, "body": body}, "fontSize": size, "margin": []any{0, 0, 0, 6}})
		case document.Signatures:
			var signers []any
			for _, s := range v.Signers {
				stack := []any{}
				for _, t := range append([]string{s.Prefix, s.Title}, s.Lines...) {
					if t != "" {
						stack = append(stack, map[string]any{"text": vn.Upper(t), "bold": true, "fontSize": 13, "alignment": "center"})
					}
				}
				stack = append(stack, map[string]any{"text": s.Name, "bold": true, "alignment": "center", "margin": []any{0, 70, 0, 0}})
				signers = append(signers, map[string]any{"stack": stack, "width": "*"})
			}
			if len(v.Signers) == 1 {
				rec := []any{map[string]any{"text": "Nơi nhận:", "bold": true, "italics": true, "fontSize": 12}}
				for _, r := range v.Recipients {
					rec = append(rec, map[string]any{"text": r, "fontSize": 11})
				}
				content = append(content, map[string]any{"columns": []any{map[string]any{"stack": rec, "width": "45%"}, signers[0]}, "unbreakable": true})
				continue
			}
			cols := max(v.Columns, 1)
			for i := 0; i < len(signers); i += cols {
				row := signers[i:min(i+cols, len(signers))]
				content = append(content, map[string]any{"columns": row, "unbreakable": true, "margin": []any{0, 0, 0, 12}})
			}
		case document.PageBreak:
			content = append(content, map[string]any{"text": "", "pageBreak": "after"})
		}
	}
	return map[string]any{
		"pageSize":        "A4",
		"pageMargins":     []any{30 * mmPt, 20 * mmPt, 15 * mmPt, 20 * mmPt},
		"defaultStyle":    map[string]any{"font": "LiberationSerif", "fontSize": 14, "lineHeight": 1.05},
		"info":            map[string]any{"title": doc.Meta.Title, "author": doc.Meta.Author, "subject": doc.Meta.Subject},
		"content":         content,
		"compress":        true,
		"_pageNumberFrom": 2,
		"_note":           strings.TrimSpace("generated by TestExportComparisonInputs"),
	}
}

func fillRowSpans(body []any, rows [][]document.Cell, cols int) {
	for ri, row := range rows {
		col := 0
		for _, c := range row {
			if c.RowSpan > 1 {
				for k := 1; k < c.RowSpan && ri+k < len(body); k++ {
					next := body[ri+k].([]any)
					// shift right to make room for the spanned cell
					next = append(next[:col], append([]any{map[string]any{}}, next[col:]...)...)
					body[ri+k] = next[:cols]
				}
			}
			col += max(c.ColSpan, 1)
		}
	}
}
