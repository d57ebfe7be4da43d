package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"html/template"
	"io"
	"io/fs"
	"path"
	"slices"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
)

// The embedded files: the vendored chart library with its licence, the
// view's own stylesheet and scripts (the core, then one script per page),
// and the page templates.
//
//go:embed assets/vendor/chart.umd.min.js assets/vendor/chart.js.LICENSE.md assets/vendor/chart.js.VERSION
//go:embed assets/app.css assets/app.js assets/pages/*.js assets/*.tmpl assets/letter.css
var assetFS embed.FS

// asset is one file the server answers with.
type asset struct {
	body        []byte
	contentType string
	etag        string
}

var (
	chartJS   = mustRead("assets/vendor/chart.umd.min.js")
	appCSS    = mustRead("assets/app.css")
	appJS     = bundleScripts()
	assetList = map[string]asset{
		"/assets/chart.umd.min.js": newAsset(chartJS, "text/javascript; charset=utf-8"),
		"/assets/chart.js.LICENSE": newAsset(mustRead("assets/vendor/chart.js.LICENSE.md"), "text/plain; charset=utf-8"),
		"/assets/app.css":          newAsset(appCSS, "text/css; charset=utf-8"),
		"/assets/app.js":           newAsset(appJS, "text/javascript; charset=utf-8"),
	}
	templates = template.Must(template.ParseFS(assetFS, "assets/shell.tmpl"))
)

// mustRead reads an embedded file; the files are part of the binary, so a
// missing one is a build mistake.
func mustRead(name string) []byte {
	b, err := assetFS.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return b
}

// bundleScripts is app.js followed by every page script in name order,
// each in a function of its own (its names stay its own): the one script
// the pages run.
func bundleScripts() []byte {
	var b bytes.Buffer
	b.Write(mustRead("assets/app.js"))
	names, err := fs.Glob(assetFS, "assets/pages/*.js")
	if err != nil {
		panic(err)
	}
	slices.Sort(names)
	for _, n := range names {
		b.WriteString("\n// " + path.Base(n) + "\n(function () {\n\"use strict\";\n")
		b.Write(mustRead(n))
		b.WriteString("\n})();\n")
	}
	b.WriteString("\nQP.start();\n")
	return b.Bytes()
}

// newAsset wraps an embedded file with its content type and a strong ETag.
func newAsset(body []byte, contentType string) asset {
	sum := sha256.Sum256(body)
	return asset{body: body, contentType: contentType, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
}

// assetFor returns the asset of a request path: only the fixed list above,
// never a file named by the request.
func assetFor(p string) (asset, bool) {
	a, ok := assetList[p]
	return a, ok
}

// cspHash is the CSP source of an inline script or style: 'sha256-...'.
func cspHash(b []byte) string {
	sum := sha256.Sum256(b)
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// shellData fills the page template.
type shellData struct {
	Title  string
	Report bool
	CSP    string
	CSS    template.CSS
	Data   template.JS // the report's data, JSON
	Chart  template.JS
	App    template.JS
}

// writeShell renders the page that every address of the view starts
// from: in serve mode it links the stylesheet and scripts; in a report it
// inlines them with the data.
func writeShell(w io.Writer, d shellData) error {
	return templates.ExecuteTemplate(w, "shell.tmpl", d)
}

// NodeView is an explanation step as JSON.
type NodeView struct {
	Label    string      `json:"label"`
	Value    string      `json:"value,omitempty"`
	Rule     string      `json:"rule,omitempty"`
	At       string      `json:"at,omitempty"`
	Note     string      `json:"note,omitempty"`
	Table    [][]string  `json:"table,omitempty"`
	Children []*NodeView `json:"children,omitempty"`
}

// maxNodeDepth bounds an explanation sent to a page.
const maxNodeDepth = 32

// nodeView converts an explanation tree.
func nodeView(n *engine.Node, depth int) *NodeView {
	v := &NodeView{Label: n.Label, Value: readable(n), Rule: n.Rule, At: n.At, Note: n.Note, Table: n.Table}
	if depth < maxNodeDepth {
		for _, c := range n.Children {
			v.Children = append(v.Children, nodeView(c, depth+1))
		}
	}
	return v
}

// readable is a node's value as `quotaplan explain` prints it.
func readable(n *engine.Node) string { return render.Readable(n) }
