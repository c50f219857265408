package xlsx

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/demo"
)

// exceljs runs bench/node/exceljs-read.js on a workbook: a reader other
// than excelize. In CI it must run (.ci/run installs bench/node's modules);
// elsewhere a machine without Node.js or the modules skips.
func exceljs(t *testing.T, b []byte) map[string]any {
	t.Helper()
	script, _ := filepath.Abs("../../bench/node/exceljs-read.js")
	node, err := exec.LookPath("node")
	_, modErr := os.Stat(filepath.Join(filepath.Dir(script), "node_modules", "exceljs"))
	if err != nil || modErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("node or exceljs missing (%v, %v): .ci/run installs bench/node's modules", err, modErr)
		}
		t.Skip("node and bench/node/node_modules needed (cd bench/node && npm ci)")
	}
	path := filepath.Join(t.TempDir(), "so.xlsx")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("exceljs cannot open the workbook: %v\n%s", err, out)
	}
	var v map[string]any
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return v
}

// TestWorkbooksOpenInExceljs: the scoring and summary workbooks open in
// exceljs with their sheets, title and Vietnamese text whole.
func TestWorkbooksOpenInExceljs(t *testing.T) {
	st := demoStore(t)
	d := year(t, st, demo.TayNguyen, 2024)
	_, sum, err := Workbooks{}.Workbook(d, "bang-tong-hop-diem", "")
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		b     []byte
		title string
		text  string
	}{
		"phieu-cham-diem":    {generate(t, d, "gia-lai"), "Bảng tự chấm điểm thi đua năm 2024", "Ban Quản lý Khu kinh tế tỉnh Gia Lai"},
		"bang-tong-hop-diem": {sum, "Bảng tổng hợp điểm thi đua năm 2024", "Phú Yên"},
	} {
		v := exceljs(t, c.b)
		js, _ := json.Marshal(v)
		if v["title"] != c.title || !strings.Contains(string(js), c.text) {
			t.Errorf("%s as exceljs reads it: %.600s", name, js)
		}
		if sheets, _ := v["sheets"].([]any); len(sheets) < 2 {
			t.Errorf("%s: sheets %v", name, v["sheets"])
		}
	}
}
