package docx

import (
	"strings"

	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/vn"
)

// cellMarginMM is Word's default left and right cell margin (0,19 cm
// each) that the tables here keep.
const cellMarginMM = 2 * 1.905

// fitJoined lets a name kept together by no-break spaces ("TỈNH THỪA
// THIÊN HUẾ") break at its joins, as vn.JoinedBreak says, when it is
// wider than the column it is set in: Word and LibreOffice would otherwise
// cut the name by letters ("HU" / "Ế").
func (w *writer) fitJoined(text, style string, size, widthMM float64) string {
	if !strings.ContainsRune(text, '\u00a0') || widthMM <= 0 {
		return text
	}
	words := strings.Split(text, " ")
	for i, word := range words {
		if !strings.ContainsRune(word, '\u00a0') || w.width(style, size, word) <= widthMM {
			continue
		}
		parts := strings.Split(word, "\u00a0")
		start := vn.JoinedBreak(len(parts), func(from int) bool {
			return w.width(style, size, strings.Join(parts[from:], "\u00a0")) <= widthMM
		}, func(i int) bool { return vn.BreakAfter(parts, i) })
		words[i] = strings.Join(append(parts[:start:start], strings.Join(parts[start:], "\u00a0")), " ")
	}
	return strings.Join(words, " ")
}

// balanced sets line breaks in a centred text where the PDF breaks it
// (document.Balance), so that a signature reads the same in Word: Word and
// LibreOffice fill lines greedily ("BQL CÁC KKT VÀ" / "KCN" / …). As many
// lines as the PDF has; balanced on a slightly narrower column when that
// gives as many, so that a line does not meet the edge where the word
// processor's measure differs from ours and wraps it again.
func (w *writer) balanced(text, style string, size, widthMM float64) string {
	if widthMM <= 0 || strings.Contains(text, "\n") {
		return text
	}
	words := strings.Split(text, " ")
	widths := make([]float64, len(words))
	for i, word := range words {
		widths[i] = w.width(style, size, word)
	}
	space := w.width(style, size, " ")
	starts := document.Balance(widths, space, widthMM)
	if starts == nil {
		return text // one line, as in the PDF
	}
	if narrower := document.Balance(widths, space, widthMM*0.97); len(narrower) == len(starts) {
		starts = narrower
	}
	lines := make([]string, len(starts))
	for j, a := range starts {
		b := len(words)
		if j+1 < len(starts) {
			b = starts[j+1]
		}
		lines[j] = strings.Join(words[a:b], " ")
	}
	return strings.Join(lines, "\n")
}
