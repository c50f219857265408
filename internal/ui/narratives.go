package ui

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
)

// narrative is one text of the bloc's documents, with its default.
type narrative struct {
	Key, Label, Text, Default, Error string
	// Source is where the text printed without the secretariat's comes
	// from: the members' texts (document.SourceMembers) or the template.
	Source string
}

type narrativesData struct {
	Bloc, BlocName string
	Year           int
	Items          []narrative
	Preview        string
	Saved          bool
}

// narrativeLabels name the bloc's texts on the editor; the fields the
// members write have their labels (domain.TextFields).
var narrativeLabels = map[string]string{
	domain.NarrSituation:       "Tình hình chung (báo cáo tổng kết)",
	domain.NarrStateManagement: "Quản lý nhà nước tại các KCN, KKT: đoạn mở đầu",
	domain.NarrStrengths:       "Ưu điểm",
	domain.NarrWeaknesses:      "Hạn chế",
	domain.NarrCauses:          "Nguyên nhân của hạn chế",
	domain.NarrLessons:         "Bài học kinh nghiệm",
	domain.NarrDirections:      "Phương hướng năm sau",
	domain.NarrProposals:       "Kiến nghị, đề xuất với Bộ",
	domain.NarrCommitments:     "Cam kết (giao ước thi đua)",
}

func narrativeLabel(key string) string {
	if l, ok := narrativeLabels[key]; ok {
		return l
	}
	f, _ := domain.LookupTextField(key)
	return f.Label
}

// Narratives is the secretariat's editor for the texts of the bloc's
// documents: what is written, and the default printed when it is empty.
func (p *Pages) Narratives(c *gin.Context) {
	d, ok := p.narrativesData(c)
	if !ok {
		return
	}
	d.Saved = c.Query("da-luu") == "1"
	p.showNarratives(c, http.StatusOK, d)
}

func (p *Pages) narrativesData(c *gin.Context) (narrativesData, bool) {
	year, ok := p.yearParam(c)
	if !ok {
		return narrativesData{}, false
	}
	bloc := c.Param("bloc")
	yd, err := store.LoadYear(c.Request.Context(), p.c.Store, bloc, year)
	if err != nil {
		p.fail(c, err)
		return narrativesData{}, false
	}
	defaults, sources, err := p.c.Render.Templates().Defaults(yd)
	if err != nil {
		p.fail(c, err)
		return narrativesData{}, false
	}
	d := narrativesData{Bloc: bloc, BlocName: yd.Bloc.Names.At(yd.Date()).Full, Year: year, Preview: apiBase(bloc, year) + "/documents/bao-cao-tong-ket.pdf"}
	for _, k := range domain.NarrativeKeys {
		d.Items = append(d.Items, narrative{Key: k, Label: narrativeLabel(k), Text: yd.Narratives[k], Default: defaults[k], Source: sources[k]})
	}
	return d, true
}

func (p *Pages) showNarratives(c *gin.Context, status int, d narrativesData) {
	p.show(c, status, "narratives", view{Closed: p.closedNote(c, d.Bloc, d.Year), Title: "Lời văn của các văn bản năm " + itoa(d.Year),
		Crumbs: yearCrumbs(d.Bloc, d.BlocName, d.Year, crumb{"Lời văn", ""}), Data: d})
}

// NarrativesPost saves every text the form sent, all in one transaction
// or none; an emptied text goes back to its default, a text not sent is
// kept.
func (p *Pages) NarrativesPost(c *gin.Context) {
	d, ok := p.narrativesData(c)
	if !ok {
		return
	}
	var ns []domain.Narrative
	for i := range d.Items {
		it := &d.Items[i]
		text, sent := c.GetPostForm(it.Key)
		if !sent {
			continue
		}
		n := domain.Narrative{Bloc: d.Bloc, Year: d.Year, Key: it.Key, Text: text}
		vn.Prepare(&n) // what is shown again is what would be stored
		it.Text = n.Text
		ns = append(ns, domain.Narrative{Bloc: d.Bloc, Year: d.Year, Key: it.Key, Text: text})
	}
	err := p.years.PutNarratives(c.Request.Context(), d.Bloc, d.Year, ns)
	var ve domain.ValidationError
	if errors.As(err, &ve) {
		for _, e := range ve {
			key, _, _ := strings.Cut(e.Field, ".")
			for i := range d.Items {
				if d.Items[i].Key == key && d.Items[i].Error == "" {
					d.Items[i].Error = e.Message
				}
			}
		}
		p.showNarratives(c, http.StatusUnprocessableEntity, d)
		return
	}
	if err != nil {
		p.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, pageBase(d.Bloc, d.Year)+"/loi-van?da-luu=1")
}
