package document

import "github.com/thidua/thidua/internal/domain"

// The registry of document kinds: which documents exist (DESIGN §4), whether
// one is the bloc's or each member's own, and which formats it comes in. The
// render service, the HTTP routes, the command line and the year-end dossier
// read this one table; a new kind or format is added here first.

// Scope says whose document a kind is.
type Scope string

// Scopes.
const (
	ScopeBloc Scope = "bloc" // one per bloc-year
	ScopeUnit Scope = "unit" // one per member of the bloc-year
)

// Formats.
const (
	FormatPDF  = "pdf"
	FormatDOCX = "docx" // the PDF's document, editable in Word and LibreOffice Writer
	FormatXLSX = "xlsx"
)

// Kind describes one kind of document.
type Kind struct {
	Slug  string
	Title string // what people call it, for file lists and the dossier
	Scope Scope
	// Formats it is rendered in; "pdf" and "docx" ones are built from a
	// template (documents/{slug}.tmpl) through the document model.
	Formats []string
	// MidYear: the document speaks of the first half-year, so a member
	// that left after it (a board merged on 1 July) has one, in the names
	// of the half-year's last day.
	MidYear bool
	// Narratives are the bloc's texts the kind prints (domain.NarrativeKeys):
	// the dashboard counts those still at their default.
	Narratives []string
}

// Has reports whether the kind comes in format.
func (k Kind) Has(format string) bool {
	for _, f := range k.Formats {
		if f == format {
			return true
		}
	}
	return false
}

// registry is in the order documents are listed (and packed in a dossier).
var registry = []Kind{
	{Slug: "bao-cao-tong-ket", Title: "Báo cáo tổng kết", Scope: ScopeBloc, Formats: []string{FormatPDF, FormatDOCX}, Narratives: yearEndNarratives},
	{Slug: "bang-tong-hop-diem", Title: "Bảng tổng hợp điểm", Scope: ScopeBloc, Formats: []string{FormatPDF, FormatDOCX, FormatXLSX}},
	{Slug: "bien-ban-binh-xet", Title: "Biên bản họp bình xét", Scope: ScopeBloc, Formats: []string{FormatPDF, FormatDOCX}},
	{Slug: "to-trinh-khen-thuong", Title: "Tờ trình khen thưởng", Scope: ScopeBloc, Formats: []string{FormatPDF, FormatDOCX}},
	{Slug: "giao-uoc-thi-dua", Title: "Giao ước thi đua năm sau", Scope: ScopeBloc, Formats: []string{FormatPDF, FormatDOCX}, Narratives: []string{domain.NarrCommitments}},
	{Slug: "bao-cao-so-ket", Title: "Báo cáo sơ kết 6 tháng", Scope: ScopeUnit, Formats: []string{FormatPDF, FormatDOCX}, MidYear: true},
	{Slug: "phieu-cham-diem", Title: "Phiếu chấm điểm", Scope: ScopeUnit, Formats: []string{FormatXLSX}},
}

// yearEndNarratives are the bloc's texts its year-end report prints: all
// but the covenant's commitments.
var yearEndNarratives = func() []string {
	var out []string
	for _, k := range domain.NarrativeKeys {
		if k != domain.NarrCommitments {
			out = append(out, k)
		}
	}
	return out
}()

// AllKinds lists every kind, in order. The slice is a copy.
func AllKinds() []Kind {
	out := make([]Kind, len(registry))
	copy(out, registry)
	return out
}

// LookupKind finds a kind by slug.
func LookupKind(slug string) (Kind, bool) {
	for _, k := range registry {
		if k.Slug == slug {
			return k, true
		}
	}
	return Kind{}, false
}

// PDFKinds are the slugs of the kinds built from a template (every kind
// with a PDF), in order.
func PDFKinds() []string {
	var out []string
	for _, k := range registry {
		if k.Has(FormatPDF) {
			out = append(out, k.Slug)
		}
	}
	return out
}

// KnownFormat reports whether some kind comes in format.
func KnownFormat(format string) bool {
	for _, k := range registry {
		if k.Has(format) {
			return true
		}
	}
	return false
}
