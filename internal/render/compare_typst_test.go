package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/vn"
)

// typst is doc as a Typst source with the same content and layout as our
// PDF and as pdfmake's definition (TestExportComparisonInputs): the
// Decree 30 header, title, headings, justified paragraphs with a first
// line indent, lists, tables with repeated headers and spans and no row
// split, signatures with the distribution list, page numbers from page 2.
// Every text goes in as a Typst string, so that no character of the data
// is read as markup.
func typst(doc *document.Document) string {
	var b strings.Builder
	b.WriteString(`#set document(title: ` + typStr(doc.Meta.Title) + `, author: ` + typStr(doc.Meta.Author) + `)
#set page(paper: "a4", margin: (top: 20mm, bottom: 20mm, left: 30mm, right: 15mm),
  header: context { let n = counter(page).get().first(); if n >= 2 { align(center, text(13pt, str(n))) } })
#set text(font: "Liberation Serif", size: 14pt, lang: "vi")
#set par(leading: 0.4em, spacing: 6pt)
#set table(stroke: 0.5pt, inset: 3pt)
#set table.cell(breakable: false)
`)
	typHeader(&b, doc.Header)
	for _, blk := range doc.Blocks {
		switch v := blk.(type) {
		case document.Title:
			b.WriteString("#align(center)[#strong(" + typStr(v.Kind) + ")")
			for _, s := range v.Subject {
				b.WriteString(`\` + "\n#strong(" + typStr(s) + ")")
			}
			b.WriteString("]\n#align(center, line(length: 80pt, stroke: 0.8pt))\n#v(6pt)\n")
		case document.Heading:
			style := ""
			if v.Level == 3 {
				style = `, style: "italic"`
			}
			b.WriteString("#par(justify: true)[#h(36pt)#text(weight: \"bold\"" + style + ")[" + typRuns(v.Runs) + "]]\n")
		case document.Paragraph:
			b.WriteString(typPara(v))
		case document.List:
			b.WriteString("#pad(left: 36pt)[#list(")
			for _, it := range v.Items {
				b.WriteString("par(justify: true)[" + typRuns(it) + "], ")
			}
			b.WriteString(")]\n")
		case document.Table:
			b.WriteString(typTable(v))
		case document.Signatures:
			b.WriteString(typSignatures(v))
		case document.PageBreak:
			b.WriteString("#pagebreak()\n")
		}
	}
	return b.String()
}

// typStr is s as a Typst string literal.
func typStr(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// typRuns is runs as markup, each run a string with its style.
func typRuns(rs []document.Run) string {
	var b strings.Builder
	for _, r := range rs {
		var args []string
		if r.Bold {
			args = append(args, `weight: "bold"`)
		}
		if r.Italic {
			args = append(args, `style: "italic"`)
		}
		if len(args) == 0 {
			b.WriteString("#" + typStr(r.Text))
			continue
		}
		b.WriteString("#text(" + strings.Join(args, ", ") + ", " + typStr(r.Text) + ")")
	}
	return b.String()
}

func typHeader(b *strings.Builder, h document.Header) {
	b.WriteString("#grid(columns: (72mm, 1fr), align(center)[")
	if h.Parent != "" {
		b.WriteString("#text(13pt, " + typStr(vn.Upper(h.Parent)) + `)\` + "\n")
	}
	b.WriteString("#text(13pt, weight: \"bold\", " + typStr(vn.Upper(h.Issuer)) + ")\n#line(length: 60pt, stroke: 0.8pt)\n#text(13pt, " + typStr(h.Number) + ")], align(center)[")
	b.WriteString(`#text(12pt, weight: "bold", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")\` + "\n")
	b.WriteString(`#text(14pt, weight: "bold", "Độc lập - Tự do - Hạnh phúc")` + "\n#line(length: 160pt, stroke: 0.8pt)\n")
	b.WriteString(`#text(style: "italic", ` + typStr(vn.PlaceDate(h.Place, h.Date, h.Year)) + ")])\n#v(12pt)\n")
}

func typPara(p document.Paragraph) string {
	align := map[document.Align]string{document.AlignCenter: "center", document.AlignLeft: "left", document.AlignRight: "right"}[p.Align]
	var b strings.Builder
	if align != "" {
		b.WriteString("#align(" + align + ")[")
	}
	b.WriteString("#par(justify: " + strconv.FormatBool(align == "") + ")[")
	if p.Size > 0 {
		b.WriteString("#set text(" + fmt.Sprint(p.Size) + "pt)\n")
	}
	if !p.NoIndent {
		b.WriteString("#h(36pt)")
	}
	b.WriteString(typRuns(p.Runs) + "]")
	if align != "" {
		b.WriteString("]")
	}
	return b.String() + "\n"
}

func typTable(t document.Table) string {
	var b strings.Builder
	size := t.FontSize
	if size == 0 {
		size = 12
	}
	b.WriteString("#[#set text(" + fmt.Sprint(size) + "pt)\n#table(columns: (")
	for _, w := range t.Widths {
		b.WriteString(fmt.Sprintf("%gfr, ", w))
	}
	b.WriteString("),\n")
	cell := func(c document.Cell, bold bool) string {
		var args []string
		if c.ColSpan > 1 {
			args = append(args, "colspan: "+strconv.Itoa(c.ColSpan))
		}
		if c.RowSpan > 1 {
			args = append(args, "rowspan: "+strconv.Itoa(c.RowSpan))
		}
		body := typRuns(c.Runs)
		if bold || c.Bold {
			body = "#strong[" + body + "]"
		}
		return "table.cell(" + strings.Join(append(args, "["+body+"]"), ", ") + ")"
	}
	if len(t.Header) > 0 {
		b.WriteString("table.header(")
		for _, row := range t.Header {
			for _, c := range row {
				b.WriteString(cell(c, true) + ", ")
			}
		}
		b.WriteString("),\n")
	}
	for _, row := range t.Rows {
		for _, c := range row {
			b.WriteString(cell(c, false) + ", ")
		}
		b.WriteString("\n")
	}
	b.WriteString(")]\n")
	return b.String()
}

func typSignatures(s document.Signatures) string {
	stack := func(sg document.Signer) string {
		var b strings.Builder
		b.WriteString("align(center)[")
		for _, t := range append([]string{sg.Prefix, sg.Title}, sg.Lines...) {
			if t != "" {
				b.WriteString("#text(13pt, weight: \"bold\", " + typStr(vn.Upper(t)) + `)\` + "\n")
			}
		}
		b.WriteString("#v(70pt)#strong(" + typStr(sg.Name) + ")]")
		return b.String()
	}
	var b strings.Builder
	if len(s.Signers) == 1 {
		b.WriteString("#block(breakable: false, grid(columns: (45%, 1fr), [#text(12pt, weight: \"bold\", style: \"italic\", \"Nơi nhận:\")")
		for _, r := range s.Recipients {
			b.WriteString(`\` + "\n#text(11pt, " + typStr(r) + ")")
		}
		return b.String() + "], " + stack(s.Signers[0]) + "))\n"
	}
	cols := max(s.Columns, 1)
	for i := 0; i < len(s.Signers); i += cols {
		row := s.Signers[i:min(i+cols, len(s.Signers))]
		b.WriteString("#block(breakable: false, grid(columns: (1fr,) * " + strconv.Itoa(len(row)) + ", ")
		for _, sg := range row {
			b.WriteString(stack(sg) + ", ")
		}
		b.WriteString("))\n#v(12pt)\n")
	}
	return b.String()
}
