package ui

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// voteRow is one candidate of one vote: its counts as typed.
type voteRow struct {
	Subject, Label, Unit, Name string
	For, Against, Voters       string
	Error                      string
}

type votesData struct {
	Bloc, BlocName string
	Year           int
	Rows           []voteRow
	Failed, Saved  bool
}

var voteSubjects = []struct{ key, label string }{
	{domain.VoteFlag, "Cờ thi đua"},
	{domain.VoteMerit, "Bằng khen"},
	{domain.VoteLeader, "Khối trưởng năm sau"},
	{domain.VoteDeputy, "Khối phó năm sau"},
}

// Votes is the secretariat's form for the conference's votes: for each
// award and for next year's leader and deputy, the votes of each member.
func (p *Pages) Votes(c *gin.Context) {
	d, ok := p.votesData(c)
	if !ok {
		return
	}
	d.Saved = c.Query("da-luu") == "1"
	p.showVotes(c, http.StatusOK, d)
}

func (p *Pages) votesData(c *gin.Context) (votesData, bool) {
	year, ok := p.yearParam(c)
	if !ok {
		return votesData{}, false
	}
	ctx := c.Request.Context()
	d, err := store.LoadYear(ctx, p.c.Store, c.Param("bloc"), year)
	if err != nil {
		p.fail(c, err)
		return votesData{}, false
	}
	have := map[string]domain.Vote{}
	for _, v := range d.Votes {
		have[v.Subject+"/"+v.Unit] = v
	}
	out := votesData{Bloc: d.Bloc.Slug, BlocName: d.Bloc.Names.At(d.Date()).Full, Year: year}
	for _, s := range voteSubjects {
		for _, m := range d.Members {
			r := voteRow{Subject: s.key, Label: s.label, Unit: m.Unit, Name: m.Name.Full}
			if v, ok := have[s.key+"/"+m.Unit]; ok {
				r.For, r.Against, r.Voters = strconv.Itoa(v.For), strconv.Itoa(v.Against), strconv.Itoa(v.Voters)
			}
			out.Rows = append(out.Rows, r)
		}
	}
	return out, true
}

func (p *Pages) showVotes(c *gin.Context, status int, d votesData) {
	p.show(c, status, "votes", view{Closed: p.closedNote(c, d.Bloc, d.Year), Title: "Kết quả bỏ phiếu năm " + itoa(d.Year),
		Crumbs: yearCrumbs(d.Bloc, d.BlocName, d.Year, crumb{"Bỏ phiếu", ""}), Data: d})
}

// VotesPost checks every row with a count and stores them all in one
// transaction, or none: each row's errors stand beside it and what was
// typed stays.
func (p *Pages) VotesPost(c *gin.Context) {
	d, ok := p.votesData(c)
	if !ok {
		return
	}
	var votes []domain.Vote
	var rowOf []int // index in d.Rows of each vote
	for i := range d.Rows {
		r := &d.Rows[i]
		key := r.Subject + "-" + r.Unit
		r.For, r.Against, r.Voters = strings.TrimSpace(c.PostForm("tan-thanh-"+key)), strings.TrimSpace(c.PostForm("khong-"+key)), strings.TrimSpace(c.PostForm("so-nguoi-"+key))
		if r.For == "" && r.Against == "" && r.Voters == "" {
			continue
		}
		v, ok := parseVoteRow(r)
		if !ok {
			d.Failed = true
			continue
		}
		v.Bloc, v.Year = d.Bloc, d.Year
		votes = append(votes, v)
		rowOf = append(rowOf, i)
	}
	if !d.Failed {
		err := p.years.PutVotes(c.Request.Context(), d.Bloc, d.Year, votes)
		var ve domain.ValidationError
		switch {
		case errors.As(err, &ve):
			d.Failed = true
			for _, e := range ve {
				var i int
				if _, serr := fmt.Sscanf(e.Field, "votes[%d]", &i); serr == nil && i >= 0 && i < len(rowOf) && d.Rows[rowOf[i]].Error == "" {
					d.Rows[rowOf[i]].Error = e.Message
				}
			}
		case err != nil:
			p.fail(c, err)
			return
		}
	}
	if d.Failed {
		p.showVotes(c, http.StatusUnprocessableEntity, d)
		return
	}
	c.Redirect(http.StatusSeeOther, pageBase(d.Bloc, d.Year)+"/bo-phieu?da-luu=1")
}

// parseVoteRow reads a row's three counts; a count that is not a whole
// number is the row's error.
func parseVoteRow(r *voteRow) (domain.Vote, bool) {
	v := domain.Vote{Subject: r.Subject, Unit: r.Unit}
	nums := []*int{&v.For, &v.Against, &v.Voters}
	for j, s := range []string{r.For, r.Against, r.Voters} {
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			r.Error = "Số phiếu phải là số nguyên"
			return v, false
		}
		*nums[j] = n
	}
	return v, true
}
