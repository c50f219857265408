package docx

import "strings"

// cellMarginMM is Word's default left and right cell margin (0,19 cm
// each) that the tables here keep.
const cellMarginMM = 2 * 1.905

// fitJoined lets a name kept together by no-break spaces ("TỈNH THỪA
// THIÊN HUẾ") break at its joins when it is wider than the column it is
// set in: the longest end that fits stays joined, the words before it
// become ordinary words. Word and LibreOffice would otherwise cut the
// name by letters ("HU" / "Ế"); the PDF layout does the same (pdf's
// splitJoined), so the two break alike.
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
		start := len(parts) - 1
		for start > 0 && w.width(style, size, strings.Join(parts[start-1:], "\u00a0")) <= widthMM {
			start--
		}
		words[i] = strings.Join(append(parts[:start:start], strings.Join(parts[start:], "\u00a0")), " ")
	}
	return strings.Join(words, " ")
}
