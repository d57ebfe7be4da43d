package render

import (
	"bytes"
	"encoding/csv"
	"io"

	"github.com/quotaplan/quotaplan/engine"
)

// CSV writes one row per rep and measure, for spreadsheets: rep, name, role,
// territory, manager, measure, unit, one column per period column of
// o.By, then total and full. Rows are sorted by rep id, then measure;
// numbers are printed with engine.FormatNumber.
func CSV(w io.Writer, r *engine.Result, o Options) error {
	cols, err := periodColumns(r, o.By)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	if err := cw.Write(csvHeader(cols)); err != nil {
		return err
	}
	for _, rep := range reps(r) {
		for _, q := range rep.Quotas {
			if err := cw.Write(csvRow(rep, q.Measure, q, cols)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// csvHeader is the header row for the period columns cols.
func csvHeader(cols []column) []string {
	h := []string{"rep", "name", "role", "territory", "manager", "measure", "unit"}
	for _, c := range cols {
		h = append(h, c.ID)
	}
	return append(h, "total", "full")
}

// csvRow is the row of rep's quota q for measure m.
func csvRow(rep *engine.RepResult, m string, q *engine.QuotaResult, cols []column) []string {
	rec := []string{rep.ID, rep.Name, rep.Role, rep.Territory, rep.Manager, m, q.Unit}
	for _, v := range values(q, cols) {
		rec = append(rec, engine.FormatNumber(v))
	}
	return append(rec, engine.FormatNumber(q.Total), engine.FormatNumber(q.Full))
}
