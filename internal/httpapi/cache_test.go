package httpapi

import (
	"context"
	"testing"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/render"
	"github.com/thidua/thidua/internal/xlsx"
	"github.com/thidua/thidua/templates"
)

// TestUnchangedDocumentCostsOneRead: a document asked again, or with its
// ETag, loads nothing (one version read); a write of the year's data, of
// the year after (the election) or of a unit's name makes a new one; the
// ETag is the content's, the same from a second server with a cold cache.
func TestUnchangedDocumentCostsOneRead(t *testing.T) {
	ts := newTestServer(t)
	doc := tn + "/years/2024/documents/bao-cao-tong-ket.pdf"
	first := ts.do("GET", doc, nil)
	ts.want(first, 200)
	etag := first.Header.Get("ETag")
	loads := ts.render.Loads()
	again := ts.do("GET", doc, nil)
	ts.want(again, 200)
	if ts.render.Loads() != loads || again.Header.Get("ETag") != etag {
		t.Errorf("an unchanged document loaded its year again (%d → %d loads)", loads, ts.render.Loads())
	}
	if r := ts.do("GET", doc, nil, "If-None-Match", etag); r.Status != 304 || ts.render.Loads() != loads {
		t.Errorf("If-None-Match: %d, %d loads", r.Status, ts.render.Loads()-loads)
	}
	for _, write := range []struct {
		name string
		do   func() response
	}{
		{"the year's texts", func() response {
			return ts.do("PUT", tn+"/years/2024/narratives/uu-diem", map[string]any{"text": "Các đơn vị chủ động, sáng tạo."})
		}},
		{"next year's election", func() response {
			return ts.do("PUT", tn+"/years/2025", map[string]any{"conference_place": "Hội trường mới"})
		}},
	} {
		ts.want(write.do(), 200)
		r := ts.do("GET", doc, nil, "If-None-Match", etag)
		if r.Status != 200 || r.Header.Get("ETag") == etag && write.name == "the year's texts" {
			t.Errorf("after %s: %d, ETag %s (was %s)", write.name, r.Status, r.Header.Get("ETag"), etag)
		}
		if ts.render.Loads() == loads {
			t.Errorf("after %s: the year was not loaded again", write.name)
		}
		etag, loads = r.Header.Get("ETag"), ts.render.Loads()
	}
	// A second server over the same data, its cache cold, gives the same
	// ETag.
	ctx := context.Background()
	rs2, err := render.New(render.Config{Store: ts.store, Templates: templates.FS, Workbooks: xlsx.Workbooks{}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := rs2.Render(ctx, render.Request{Bloc: demo.TayNguyen, Year: 2024, Kind: "bao-cao-tong-ket", Format: "pdf"})
	if err != nil || `"`+f.ETag+`"` != etag {
		t.Errorf("a second server's ETag %q, want %s (%v)", f.ETag, etag, err)
	}
}
