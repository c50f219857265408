package domain

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// DecimalPatch is one mark in a partial write: Set tells whether the
// field was given at all (absent: keep what is stored), Value is the new
// mark (nil when given as null: clear it).
type DecimalPatch struct {
	Set   bool
	Value *Decimal
}

// UnmarshalJSON is called only for a field that is present.
func (p *DecimalPatch) UnmarshalJSON(b []byte) error {
	p.Set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		p.Value = nil
		return nil
	}
	var d Decimal
	if err := json.Unmarshal(b, &d); err != nil {
		return err
	}
	p.Value = &d
	return nil
}

// MarshalJSON writes the value (null when cleared or not given).
func (p DecimalPatch) MarshalJSON() ([]byte, error) { return json.Marshal(p.Value) }

// ScorePatch changes what it names of one criterion's marks and nothing
// else: a mark not given is kept, a mark given as null is cleared, a
// remark not given (or null) is kept and "" clears it. The JSON API, the
// bloc-marks page and any later caller mean the same by it.
type ScorePatch struct {
	Code   string       `json:"code"`
	Self   DecimalPatch `json:"self"`
	Bloc   DecimalPatch `json:"bloc"`
	Remark *string      `json:"remark,omitempty" maxlen:"4000"`
}

// ApplyPatches returns prev's marks (nil: none yet) with the patches
// applied, in the criteria's order, dropping lines left empty; every mark
// given is checked against cs. A criterion named twice or unknown is an
// error; every error is told at once, in the order of the patches.
func ApplyPatches(cs CriteriaSet, prev *UnitScores, patches []ScorePatch) ([]Score, error) {
	by := map[string]Score{}
	if prev != nil {
		by = prev.ByCode()
	}
	known := map[string]Criterion{}
	for _, l := range cs.Lines() {
		known[l.Code] = l.Criterion
	}
	var errs ValidationError
	seen := map[string]bool{}
	for _, p := range patches {
		crit, ok := known[p.Code]
		switch {
		case !ok:
			errs = append(errs, FieldError{Field: p.Code, Code: "score_unknown_criterion", Message: fmt.Sprintf("Không có tiêu chí mã %s trong bảng tiêu chí", p.Code)})
			continue
		case seen[p.Code]:
			errs = append(errs, FieldError{Field: p.Code, Code: "score_duplicate", Message: fmt.Sprintf("Tiêu chí %s được chấm hai lần", p.Code)})
			continue
		}
		seen[p.Code] = true
		for _, v := range []DecimalPatch{p.Self, p.Bloc} {
			if v.Value == nil {
				continue
			}
			if fe, bad := CheckMark(crit, *v.Value); bad {
				fe.Field = p.Code
				errs = append(errs, fe)
			}
		}
		sc := by[p.Code]
		sc.Code = p.Code
		if p.Self.Set {
			sc.Self = p.Self.Value
		}
		if p.Bloc.Set {
			sc.Bloc = p.Bloc.Value
		}
		if p.Remark != nil {
			sc.Remark = *p.Remark
		}
		by[p.Code] = sc
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var out []Score
	for _, l := range cs.Lines() {
		sc, ok := by[l.Code]
		if !ok || (sc.Self == nil && sc.Bloc == nil && sc.Remark == "") {
			continue
		}
		out = append(out, sc)
	}
	if err := ValidateScores(cs, out); err != nil {
		return nil, err
	}
	return out, nil
}
