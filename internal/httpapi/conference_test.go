package httpapi

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/demo"
)

// Saving next year's leader on this year's conference form keeps the
// election without opening next year: the bloc's years do not gain an
// empty one (home pages, the scheduled dossier and the secretariat's rights
// follow the years); a year is opened by writing it.
func TestElectionDoesNotOpenNextYear(t *testing.T) {
	ts := newTestServer(t)
	ctx := t.Context()
	before, err := ts.store.ListYears(ctx, demo.TayNguyen)
	if err != nil {
		t.Fatal(err)
	}
	last := slices.Max(before)
	conf := "/khoi/" + demo.TayNguyen + "/" + strconv.Itoa(last) + "/hoi-nghi"
	r := ts.postPage(conf, "application/x-www-form-urlencoded", url.Values{"next_leader": {"gia-lai"}, "next_deputy": {"dak-lak"}}.Encode())
	if r.Status != http.StatusSeeOther {
		t.Fatalf("saving the election: %d %s", r.Status, r.Body)
	}
	after, _ := ts.store.ListYears(ctx, demo.TayNguyen)
	if !slices.Equal(before, after) {
		t.Errorf("the election opened a year: %v, was %v", after, before)
	}
	next, err := ts.store.GetYear(ctx, demo.TayNguyen, last+1)
	if err != nil || next.Leader != "gia-lai" || next.Deputy != "dak-lak" {
		t.Errorf("the election is not kept: %+v %v", next, err)
	}
	// Saving again (next year's settings now exist) still does not open it.
	r = ts.postPage(conf, "application/x-www-form-urlencoded", url.Values{"next_deputy": {"lam-dong"}}.Encode())
	if r.Status != http.StatusSeeOther {
		t.Fatalf("saving again: %d", r.Status)
	}
	if after, _ := ts.store.ListYears(ctx, demo.TayNguyen); !slices.Equal(before, after) {
		t.Errorf("the second save opened a year: %v", after)
	}
	// Writing next year itself opens it, the election kept.
	ts.want(ts.do("PUT", tn+"/years/"+strconv.Itoa(last+1), map[string]any{"conference_place": "Pleiku"}), 200)
	after, _ = ts.store.ListYears(ctx, demo.TayNguyen)
	if !slices.Contains(after, last+1) {
		t.Errorf("writing next year did not open it: %v", after)
	}
	if next, _ := ts.store.GetYear(ctx, demo.TayNguyen, last+1); next.Leader != "gia-lai" || next.Deputy != "lam-dong" {
		t.Errorf("opening lost the election: %+v", next)
	}
}

// A board that merged away during the year is neither offered nor taken
// as next year's leader (Tây Nguyên 2025: Phú Yên merged into Đắk Lắk).
func TestElectionOnlyOfMembersAtTheYearsEnd(t *testing.T) {
	ts := newTestServer(t)
	conf := "/khoi/" + demo.TayNguyen + "/2025/hoi-nghi"
	page := ts.do("GET", conf, nil)
	ts.want(page, 200)
	body := string(page.Body)
	for _, sel := range []string{`id="next_leader"`, `id="next_deputy"`, `id="host"`} {
		i := strings.Index(body, sel)
		if i < 0 {
			t.Fatalf("no %s", sel)
		}
		list := body[i:]
		list = list[:strings.Index(list, "</select>")]
		if strings.Contains(list, `value="phu-yen"`) {
			t.Errorf("%s offers a board merged away", sel)
		}
	}
	r := ts.postPage(conf, "application/x-www-form-urlencoded", url.Values{"next_leader": {"phu-yen"}}.Encode())
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "phải là thành viên của Khối đến cuối năm 2025") {
		t.Errorf("a merged board elected: %d", r.Status)
	}
	if next, _ := ts.store.GetYear(t.Context(), demo.TayNguyen, 2026); next.Leader == "phu-yen" {
		t.Error("stored")
	}
}
