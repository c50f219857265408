// Package fonts embeds the TrueType fonts the documents are set in:
// Liberation Serif (metric-compatible with Times New Roman), from Debian's
// fonts-liberation2, under the SIL Open Font License 1.1 (LICENSE beside
// them).
package fonts

import "embed"

// FS holds the four styles of Liberation Serif and the licence.
//
//go:embed *.ttf LICENSE
var FS embed.FS

// Files names the file of each style: regular, bold, italic, bold italic.
var Files = map[string]string{
	"":   "LiberationSerif-Regular.ttf",
	"B":  "LiberationSerif-Bold.ttf",
	"I":  "LiberationSerif-Italic.ttf",
	"BI": "LiberationSerif-BoldItalic.ttf",
}
