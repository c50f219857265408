package docx

import (
	"strings"

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
