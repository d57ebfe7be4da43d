package web

import (
	"bytes"
	"encoding/json"

	"github.com/quotaplan/quotaplan/engine/front/diff"
)

// The diff page, under `serve --base REF`: what changed from the plan at
// the base revision to the plan on disk, as `quotaplan diff --format json`
// reports it (the same keys), drawn as a reviewer reads a pull request.
func init() {
	Register(Page{
		ID:    "diff",
		Title: "Changes",
		Order: 90,
		Has:   func(in *Input) bool { return in.Diff != nil },
		Data:  diffData,
	})
}

// diffData is the diff report as its JSON format writes it; nil when it
// cannot be written (it always can: plain data).
func diffData(in *Input) any {
	var buf bytes.Buffer
	if err := diff.Write(&buf, "json", in.Diff, diff.Options{}); err != nil {
		return nil
	}
	return json.RawMessage(bytes.TrimSpace(buf.Bytes()))
}
