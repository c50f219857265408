#!/usr/bin/python3
# Fills a generated scoring workbook *in LibreOffice Calc* (through UNO, as
# a person typing would) and saves it as .xlsx, to make the fixtures of
# xlsx tests:
#
#   soffice --headless --invisible --norestore --accept="pipe,name=thidua;urp;" &
#   /usr/bin/python3 fill_in_libreoffice.py IN.xlsx /absolute/OUT.xlsx [--no-recalc]
#
# Needs Debian's libreoffice-calc and python3-uno. Marks: every criterion
# gets its maximum, minus 0,25 on every third line; bonus T1 = 1; deduction
# TR1 = 0,5; remarks in E; two indicators. --no-recalc saves without
# recalculating, so formula cells keep no fresh cached values.
import sys, time, uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

src, dst = sys.argv[1], sys.argv[2]
norecalc = "--no-recalc" in sys.argv
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(60):
    try:
        ctx = resolver.resolve("uno:pipe,name=thidua;urp;StarOffice.ComponentContext"); break
    except Exception:
        time.sleep(0.5)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
if norecalc:
    doc.enableAutomaticCalculation(False)
sheet = doc.Sheets.getByName("Phiếu chấm điểm")
meta = doc.Sheets.getByName("_thidua")
rows, i, inrows = [], 0, False
while True:
    a = meta.getCellByPosition(0, i).getString()
    if a == "" and i > 40: break
    if a == "rows": inrows = True
    elif inrows and a:
        rows.append((int(a), meta.getCellByPosition(1, i).getString(), meta.getCellByPosition(2, i).getString()))
    i += 1
n = 0
for row, kind, code in rows:
    if kind not in ("criterion", "bonus", "deduction"): continue
    r = row - 1
    if kind == "criterion":
        mx = sheet.getCellByPosition(2, r).getValue()
        v = mx - 0.25 if n % 3 == 0 else mx
        n += 1
    elif code == "T1": v = 1
    elif code == "TR1": v = 0.5
    else: continue
    sheet.getCellByPosition(3, r).setValue(v)
    sheet.getCellByPosition(4, r).setString("Đã thực hiện, minh chứng kèm theo (" + code + ")")
ind = doc.Sheets.getByName("Chỉ tiêu")
ind.getCellByPosition(3, 3).setValue(5)
ind.getCellByPosition(3, 5).setValue(2345.5)
doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "Calc MS Excel 2007 XML"),))
doc.close(True)
