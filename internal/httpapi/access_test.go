package httpapi

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Who is tried against every route: nobody, and one account of each kind,
// each with a grant that fits the route's bloc-year (Tây Nguyên 2024,
// unit Đắk Lắk) and one that does not.
var roles = []struct{ name, user string }{
	{"anonymous", ""},
	{"admin", "admin"},
	{"viewer", "bo"},
	{"secretariat", "thuky-" + "tay-nguyen-duyen-hai-mien-trung"},
	{"other secretariat", "thuky-bac-trung-bo"},
	{"board", "dak-lak"},
	{"other board", "nghe-an"},
}

// expect is, per access, the answer of each role above: "ok" (anything but
// 401 and 403), or the refusal. Written out here, apart from the code that
// decides, so that a change of rights is a change of this table.
var expect = map[string][]string{
	//            anonymous admin viewer secretariat other-sec board other-board
	"public":      {"ok", "ok", "ok", "ok", "ok", "ok", "ok"},
	"signedIn":    {"401", "ok", "ok", "ok", "ok", "ok", "ok"},
	"readYear":    {"401", "ok", "ok", "ok", "403", "ok", "403"},
	"readPrivate": {"401", "ok", "ok", "ok", "403", "403", "403"},
	"writeYear":   {"401", "ok", "403", "ok", "403", "403", "403"},
	"readUnit":    {"401", "ok", "ok", "ok", "403", "ok", "403"},
	"writeUnit":   {"401", "ok", "403", "ok", "403", "ok", "403"},
	"readBloc":    {"401", "ok", "ok", "ok", "403", "403", "403"},
	"writeBloc":   {"401", "ok", "403", "ok", "403", "403", "403"},
	"readAll":     {"401", "ok", "ok", "403", "403", "403", "403"},
	"adminOnly":   {"401", "ok", "403", "403", "403", "403", "403"},
}

// routeAccess is every route of the service and who may call it. A route
// added without an entry here fails the test.
var routeAccess = map[string]string{
	"GET /huong-dan": "public",
	"POST /api/v1/blocs/:bloc/years/:year/open-next":                               "writeYear",
	"GET /khoi/:bloc/:year/mo-nam-sau":                                             "writeYear",
	"POST /khoi/:bloc/:year/mo-nam-sau":                                            "writeYear",
	"POST /khoi/:bloc/:year/tieu-chi-mac-dinh":                                     "writeYear",
	"GET /khoi/:bloc/:year/tieu-chi":                                               "readYear",
	"POST /khoi/:bloc/:year/tieu-chi":                                              "writeYear",
	"POST /khoi/:bloc/:year/tieu-chi/nhap":                                         "writeYear",
	"GET /api/v1/blocs/:bloc/years/:year/reminders":                                "readPrivate",
	"POST /api/v1/blocs/:bloc/years/:year/reminders":                               "writeYear",
	"POST /khoi/:bloc/:year/nhac-han":                                              "writeYear",
	"GET /quen-mat-khau":                                                           "public",
	"POST /quen-mat-khau":                                                          "public",
	"GET /dat-lai-mat-khau":                                                        "public",
	"POST /dat-lai-mat-khau":                                                       "public",
	"GET /khoi/:bloc/:year/tai-khoan":                                              "writeYear",
	"POST /khoi/:bloc/:year/tai-khoan":                                             "writeYear",
	"GET /khoi/:bloc/:year/tai-khoan/:username":                                    "writeYear",
	"POST /khoi/:bloc/:year/tai-khoan/:username":                                   "writeYear",
	"POST /khoi/:bloc/:year/tai-khoan/:username/mat-khau":                          "writeYear",
	"POST /khoi/:bloc/:year/tai-khoan/:username/khoa":                              "writeYear",
	"POST /khoi/:bloc/:year/tai-khoan/:username/mo":                                "writeYear",
	"POST /khoi/:bloc/:year/tai-khoan/:username/mo-khoa-dang-nhap":                 "writeYear",
	"GET /api/v1/users/:username":                                                  "adminOnly",
	"PATCH /api/v1/users/:username":                                                "adminOnly",
	"DELETE /api/v1/users/:username":                                               "adminOnly",
	"POST /api/v1/users/:username/disable":                                         "adminOnly",
	"POST /api/v1/users/:username/enable":                                          "adminOnly",
	"POST /api/v1/users/:username/unlock":                                          "adminOnly",
	"GET /quan-tri/tai-khoan":                                                      "adminOnly",
	"POST /quan-tri/tai-khoan":                                                     "adminOnly",
	"GET /quan-tri/tai-khoan/:username":                                            "adminOnly",
	"POST /quan-tri/tai-khoan/:username":                                           "adminOnly",
	"POST /quan-tri/tai-khoan/:username/quyen":                                     "adminOnly",
	"POST /quan-tri/tai-khoan/:username/quyen/thu-hoi":                             "adminOnly",
	"POST /quan-tri/tai-khoan/:username/mat-khau":                                  "adminOnly",
	"POST /quan-tri/tai-khoan/:username/khoa":                                      "adminOnly",
	"POST /quan-tri/tai-khoan/:username/mo":                                        "adminOnly",
	"POST /quan-tri/tai-khoan/:username/mo-khoa-dang-nhap":                         "adminOnly",
	"POST /quan-tri/tai-khoan/:username/xoa":                                       "adminOnly",
	"GET /healthz":                                                                 "public",
	"GET /metrics":                                                                 "readAll",
	"POST /khoi/:bloc/:year/don-vi/:unit/khen-thuong":                              "writeUnit",
	"POST /khoi/:bloc/:year/don-vi/:unit/khen-thuong/:id/xoa":                      "writeUnit",
	"GET /ho-so/:year":                                                             "readAll",
	"GET /api/v1/dossiers":                                                         "readAll",
	"GET /khoi/:bloc/:year/don-vi/:unit/chi-tieu":                                  "readUnit",
	"POST /khoi/:bloc/:year/don-vi/:unit/chi-tieu":                                 "writeUnit",
	"GET /khoi/:bloc/:year/ho-so":                                                  "readPrivate",
	"POST /khoi/:bloc/:year/ho-so/lap":                                             "writeYear",
	"POST /khoi/:bloc/:year/ho-so/lich":                                            "writeBloc",
	"POST /api/v1/login":                                                           "public",
	"POST /api/v1/logout":                                                          "public",
	"GET /api/v1/me":                                                               "signedIn",
	"POST /api/v1/me/password":                                                     "signedIn",
	"GET /api/v1/tokens":                                                           "signedIn",
	"POST /api/v1/tokens":                                                          "signedIn",
	"DELETE /api/v1/tokens/:id":                                                    "signedIn",
	"GET /api/v1/users":                                                            "adminOnly",
	"POST /api/v1/users":                                                           "adminOnly",
	"POST /api/v1/users/:username/grants":                                          "adminOnly",
	"DELETE /api/v1/users/:username/grants":                                        "adminOnly",
	"POST /api/v1/users/:username/password":                                        "adminOnly",
	"GET /api/v1/audit":                                                            "adminOnly",
	"GET /api/v1/audit.csv":                                                        "adminOnly",
	"GET /api/v1/units":                                                            "signedIn",
	"POST /api/v1/units":                                                           "adminOnly",
	"GET /api/v1/units/:unit":                                                      "signedIn",
	"PUT /api/v1/units/:unit":                                                      "adminOnly",
	"GET /api/v1/blocs":                                                            "signedIn",
	"POST /api/v1/blocs":                                                           "adminOnly",
	"GET /api/v1/blocs/:bloc":                                                      "signedIn",
	"PUT /api/v1/blocs/:bloc":                                                      "adminOnly",
	"GET /api/v1/blocs/:bloc/years":                                                "signedIn",
	"GET /api/v1/blocs/:bloc/documents/bang-tong-hop-diem.xlsx":                    "readBloc",
	"HEAD /api/v1/blocs/:bloc/documents/bang-tong-hop-diem.xlsx":                   "readBloc",
	"GET /api/v1/blocs/:bloc/dossier/schedule":                                     "readBloc",
	"PUT /api/v1/blocs/:bloc/dossier/schedule":                                     "writeBloc",
	"POST /api/v1/blocs/:bloc/years/:year/dossier/runs":                            "writeYear",
	"GET /api/v1/blocs/:bloc/years/:year/dossier/runs":                             "readPrivate",
	"GET /api/v1/blocs/:bloc/years/:year/dossier/runs/:id":                         "readPrivate",
	"GET /api/v1/blocs/:bloc/years/:year/dossier/versions":                         "readPrivate",
	"GET /api/v1/blocs/:bloc/years/:year/dossier/versions/:version":                "readPrivate",
	"GET /api/v1/blocs/:bloc/years/:year/dossier/versions/:version/zip":            "readPrivate",
	"HEAD /api/v1/blocs/:bloc/years/:year/dossier/versions/:version/zip":           "readPrivate",
	"GET /api/v1/blocs/:bloc/years/:year/dossier/versions/:version/files/:sha256":  "readPrivate",
	"HEAD /api/v1/blocs/:bloc/years/:year/dossier/versions/:version/files/:sha256": "readPrivate",
	"GET /api/v1/blocs/:bloc/years/:year":                                          "readYear",
	"GET /api/v1/blocs/:bloc/years/:year/state":                                    "readYear",
	"POST /api/v1/blocs/:bloc/years/:year/close":                                   "writeYear",
	"POST /api/v1/blocs/:bloc/years/:year/reopen":                                  "adminOnly",
	"POST /khoi/:bloc/:year/khoa-so":                                               "writeYear",
	"POST /khoi/:bloc/:year/mo-lai":                                                "adminOnly",
	"PUT /api/v1/blocs/:bloc/years/:year":                                          "writeYear",
	"GET /api/v1/blocs/:bloc/years/:year/members":                                  "readYear",
	"PUT /api/v1/blocs/:bloc/years/:year/members/:unit":                            "writeYear",
	"DELETE /api/v1/blocs/:bloc/years/:year/members/:unit":                         "writeYear",
	"GET /api/v1/blocs/:bloc/years/:year/indicators":                               "readYear",
	"PUT /api/v1/blocs/:bloc/years/:year/units/:unit/indicators/:period":           "writeUnit",
	"GET /api/v1/blocs/:bloc/years/:year/movements":                                "readYear",
	"POST /api/v1/blocs/:bloc/years/:year/movements":                               "writeYear",
	"GET /api/v1/blocs/:bloc/years/:year/honours":                                  "readYear",
	"POST /api/v1/blocs/:bloc/years/:year/units/:unit/honours":                     "writeUnit",
	"DELETE /api/v1/blocs/:bloc/years/:year/units/:unit/honours/:id":               "writeUnit",
	"GET /api/v1/blocs/:bloc/years/:year/criteria":                                 "readYear",
	"POST /api/v1/blocs/:bloc/years/:year/criteria":                                "writeYear",
	"GET /api/v1/blocs/:bloc/years/:year/criteria/versions":                        "readYear",
	"GET /api/v1/blocs/:bloc/years/:year/scores":                                   "readPrivate",
	"GET /api/v1/blocs/:bloc/years/:year/units/:unit/scores":                       "readUnit",
	"PUT /api/v1/blocs/:bloc/years/:year/units/:unit/scores":                       "writeYear",
	"GET /api/v1/blocs/:bloc/years/:year/ranking":                                  "readYear",
	"GET /api/v1/blocs/:bloc/years/:year/awards":                                   "readYear",
	"PUT /api/v1/blocs/:bloc/years/:year/awards":                                   "writeYear",
	"GET /api/v1/blocs/:bloc/years/:year/votes":                                    "readYear",
	"PUT /api/v1/blocs/:bloc/years/:year/votes":                                    "writeYear",
	"GET /api/v1/blocs/:bloc/years/:year/texts/:period":                            "readPrivate",
	"GET /api/v1/blocs/:bloc/years/:year/units/:unit/texts/:period":                "readUnit",
	"PUT /api/v1/blocs/:bloc/years/:year/units/:unit/texts/:period":                "writeUnit",
	"POST /api/v1/blocs/:bloc/years/:year/units/:unit/texts/:period/return":        "writeYear",
	"GET /api/v1/blocs/:bloc/years/:year/narratives":                               "readYear",
	"PUT /api/v1/blocs/:bloc/years/:year/narratives/:key":                          "writeYear",
	"GET /api/v1/blocs/:bloc/years/:year/audit":                                    "writeYear",
	"GET /api/v1/blocs/:bloc/years/:year/audit.csv":                                "writeYear",
	"GET /api/v1/blocs/:bloc/years/:year/documents/:file":                          "readYear",
	"HEAD /api/v1/blocs/:bloc/years/:year/documents/:file":                         "readYear",
	"GET /api/v1/blocs/:bloc/years/:year/units/:unit/documents/:file":              "readUnit",
	"HEAD /api/v1/blocs/:bloc/years/:year/units/:unit/documents/:file":             "readUnit",
	"GET /api/v1/blocs/:bloc/years/:year/units/:unit/phieu-cham-diem.xlsx":         "readUnit",
	"HEAD /api/v1/blocs/:bloc/years/:year/units/:unit/phieu-cham-diem.xlsx":        "readUnit",
	"POST /api/v1/blocs/:bloc/years/:year/units/:unit/phieu-cham-diem":             "writeUnit",
	"GET /api/v1/blocs/:bloc/years/:year/units/:unit/uploads":                      "readUnit",
	"GET /api/v1/blocs/:bloc/years/:year/units/:unit/uploads/:id":                  "readUnit",
	"HEAD /api/v1/blocs/:bloc/years/:year/units/:unit/uploads/:id":                 "readUnit",
	// Pages.
	"GET /static/*filepath":               "public",
	"GET /dang-nhap":                      "public",
	"POST /dang-nhap":                     "public",
	"POST /dang-xuat":                     "public",
	"GET /":                               "signedIn",
	"GET /doi-mat-khau":                   "signedIn",
	"POST /doi-mat-khau":                  "signedIn",
	"GET /khoi/:bloc/:year":               "readYear",
	"GET /khoi/:bloc/:year/don-vi/:unit":  "readUnit",
	"POST /khoi/:bloc/:year/don-vi/:unit": "writeUnit",
	"GET /khoi/:bloc/:year/don-vi/:unit/bao-cao/:period":          "readUnit",
	"POST /khoi/:bloc/:year/don-vi/:unit/bao-cao/:period":         "writeUnit",
	"POST /khoi/:bloc/:year/don-vi/:unit/bao-cao/:period/tra-lai": "writeYear",
	"GET /khoi/:bloc/:year/bao-cao-don-vi":                        "readPrivate",
	"GET /khoi/:bloc/:year/hoi-nghi":                              "writeYear",
	"POST /khoi/:bloc/:year/hoi-nghi":                             "writeYear",
	"GET /khoi/:bloc/:year/loi-van":                               "writeYear",
	"POST /khoi/:bloc/:year/loi-van":                              "writeYear",
	"GET /khoi/:bloc/:year/nhat-ky":                               "writeYear",
	"GET /khoi/:bloc/:year/bo-phieu":                              "writeYear",
	"POST /khoi/:bloc/:year/bo-phieu":                             "writeYear",
	"GET /khoi/:bloc/:year/don-vi/:unit/diem-khoi":                "writeYear",
	"POST /khoi/:bloc/:year/don-vi/:unit/diem-khoi":               "writeYear",
}

// fillPath puts the matrix's bloc-year and unit into a route's path.
func fillPath(path string) string {
	r := strings.NewReplacer(":bloc", "tay-nguyen-duyen-hai-mien-trung", ":year", "2024", ":unit", "dak-lak", ":file", "bao-cao-tong-ket.pdf",
		":key", "uu-diem", ":id", "1", ":period", "year", ":username", "bo", "*filepath", "style.css",
		":version", "latest", ":sha256", strings.Repeat("0", 64))
	return r.Replace(path)
}

// Every registered route, JSON or page, answers each role as the table
// says: 401 without a session, 403 without the right, and otherwise not a
// refusal of rights. Writes are sent with a body that cannot be applied
// (so the rows of one role do not change what the next sees).
func TestRoleRouteMatrix(t *testing.T) {
	base := newTestServer(t)
	_, engine := newServer(Deps{Store: base.store})
	var keys []string
	for _, r := range engine.Routes() {
		key := r.Method + " " + r.Path
		if _, ok := routeAccess[key]; !ok {
			t.Errorf("route %s has no entry in routeAccess: say who may call it", key)
		}
		keys = append(keys, key)
	}
	for key := range routeAccess {
		if !slices.Contains(keys, key) {
			t.Errorf("routeAccess names %s, which is not a route", key)
		}
	}
	// Signing out last: it ends the session the other rows use.
	slices.SortFunc(keys, func(a, b string) int {
		out := func(k string) bool { return strings.HasSuffix(k, "/logout") || strings.HasSuffix(k, "/dang-xuat") }
		la, lb := out(a), out(b)
		switch {
		case la && !lb:
			return 1
		case lb && !la:
			return -1
		}
		return strings.Compare(a, b)
	})
	for i, role := range roles {
		t.Run(role.name, func(t *testing.T) {
			ts := newTestServer(t).as(role.user)
			for _, key := range keys {
				method, path, _ := strings.Cut(key, " ")
				var body any
				if method != "GET" && method != "HEAD" && method != "DELETE" {
					body = "{" // malformed: nothing is changed
				}
				r := ts.do(method, fillPath(path), body)
				want := expect[routeAccess[key]][i]
				got := "ok"
				if r.Status == http.StatusUnauthorized || r.Status == http.StatusForbidden {
					got = strconv.Itoa(r.Status)
				}
				// A page sends nobody to the log-in form instead.
				if r.Status == http.StatusSeeOther && strings.HasPrefix(r.Header.Get("Location"), "/dang-nhap?") {
					got = "401"
				}
				if key == "POST /api/v1/login" || key == "POST /dang-nhap" {
					got = "ok" // a refused log-in is a 401 of its own
				}
				if got != want {
					t.Errorf("%s %s: %d, want %s: %.200s", method, fillPath(path), r.Status, want, r.Body)
				}
			}
		})
	}
}
