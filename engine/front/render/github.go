package render

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
)

// githubCommand maps a check severity onto the GitHub Actions workflow
// command of its annotation.
func githubCommand(severity engine.Severity) string {
	switch severity {
	case "warning":
		return "warning"
	case "info":
		return "notice"
	}
	return "error"
}

// checksGitHub writes one GitHub Actions workflow command per failed check
// result, which a workflow step turns into an annotation:
//
//	::warning file=data/reps.csv,line=4,col=1,title=quota_to_ote (carol)::quota is 3.75x OTE; healthy is 4-5x
//
// placed at the subject's declaration when loc finds it (so a pull request
// shows the failure on the rep's CSV row or block), else at the check; a
// failure a waiver accepts is a notice that names the waiver and its
// reason; then the summary line of the text report, which the log shows
// as it is.
func checksGitHub(w io.Writer, r *engine.Result, loc SubjectLocator) error {
	var b strings.Builder
	for _, c := range append(failedChecks(r), waivedChecks(r)...) {
		command, message := githubCommand(c.Severity), failureMessage(c)
		if c.Status == engine.StatusWaived {
			command, message = "notice", waivedMessage(r, c)+"; "+failureMessage(c)
		}
		var props []string
		if at, ok := annotationAt(loc, c); ok {
			props = append(props,
				"file="+githubProperty(filepath.ToSlash(at.Filename)),
				fmt.Sprintf("line=%d", max(at.Start.Line, 1)),
				fmt.Sprintf("col=%d", max(at.Start.Column, 1)))
		}
		props = append(props, "title="+githubProperty(c.Check+" ("+c.Subject+")"))
		fmt.Fprintf(&b, "::%s %s::%s\n", command, strings.Join(props, ","), githubData(message))
	}
	b.WriteString(checkSummary(r.Summary, false) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// githubData escapes the message of a workflow command as the Actions
// toolkit does: %, CR and LF.
var githubData = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace

// githubProperty escapes a property value of a workflow command: as
// githubData, and also the ':' and ',' that would end it.
var githubProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace
