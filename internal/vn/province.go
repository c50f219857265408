package vn

import "strings"

// cities are the centrally governed cities, by bare name: their people's
// committee is "UBND thành phố …", every other province's "UBND tỉnh …".
// Huế is one from 1 January 2025; before, the province was Thừa Thiên Huế,
// a different name, so no date is needed here.
var cities = map[string]bool{
	"Hà Nội": true, "Hồ Chí Minh": true, "Hải Phòng": true,
	"Đà Nẵng": true, "Cần Thơ": true, "Huế": true,
}

// BareProvince is a province's name without "tỉnh", "thành phố" or "TP."
// before it, as data may give it either way ("Thành phố Hồ Chí Minh",
// "Hồ Chí Minh", "Tỉnh Đồng Nai").
func BareProvince(p string) string {
	p = strings.TrimSpace(p)
	lower := strings.ToLower(p)
	for _, prefix := range []string{"thành phố ", "tp. ", "tp.", "tỉnh "} {
		if strings.HasPrefix(lower, prefix) {
			return strings.TrimSpace(p[len(prefix):])
		}
	}
	return p
}

// IsCity reports whether the province is a centrally governed city.
func IsCity(p string) bool { return cities[BareProvince(p)] }

// ProvinceWithKind is the province as a document names it with its kind:
// "tỉnh Đồng Nai", "thành phố Hồ Chí Minh".
func ProvinceWithKind(p string) string {
	if IsCity(p) {
		return "thành phố " + BareProvince(p)
	}
	return "tỉnh " + BareProvince(p)
}
