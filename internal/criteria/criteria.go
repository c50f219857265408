// Package criteria reads criteria sets from their editable YAML form (the
// defaults under templates/criteria, or a file a secretariat sends) into the
// domain type, checking the arithmetic before anything uses them.
package criteria

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"

	"github.com/goccy/go-yaml"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

// DefaultFile is the default criteria set inside the templates folder.
const DefaultFile = "criteria/mac-dinh.yaml"

// Parse reads a criteria set from YAML (JSON is YAML too). Texts are
// normalised to NFC; the set is validated (sections add up, codes unique).
func Parse(src []byte) (domain.CriteriaSet, error) {
	var cs domain.CriteriaSet
	js, err := yaml.YAMLToJSON(src)
	if err != nil {
		return cs, fmt.Errorf("đọc bảng tiêu chí: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cs); err != nil {
		return cs, fmt.Errorf("đọc bảng tiêu chí: %w", err)
	}
	Normalize(&cs)
	if err := cs.Validate(); err != nil {
		return cs, err
	}
	return cs, nil
}

// Load reads and parses a criteria file from a templates file system.
func Load(fsys fs.FS, name string) (domain.CriteriaSet, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return domain.CriteriaSet{}, err
	}
	cs, err := Parse(b)
	if err != nil {
		return cs, fmt.Errorf("%s: %w", name, err)
	}
	return cs, nil
}

// Normalize makes every text of the set NFC and trims it.
func Normalize(cs *domain.CriteriaSet) {
	cs.Title = vn.Clean(cs.Title)
	norm := func(cs []domain.Criterion) {
		for i := range cs {
			cs[i].Code = vn.Clean(cs[i].Code)
			cs[i].Text = vn.Clean(cs[i].Text)
			cs[i].Hint = vn.Clean(cs[i].Hint)
		}
	}
	for i := range cs.Sections {
		cs.Sections[i].Code = vn.Clean(cs.Sections[i].Code)
		cs.Sections[i].Title = vn.Clean(cs.Sections[i].Title)
		norm(cs.Sections[i].Criteria)
	}
	norm(cs.Bonus)
	norm(cs.Deductions)
}
