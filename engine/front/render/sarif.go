package render

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
)

// The SARIF version written and the schema it follows.
const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	// sarifInformationURI is the home of the tool, for the driver.
	sarifInformationURI = "https://github.com/quotaplan/quotaplan"
)

// sarifLog is a SARIF 2.1.0 log of one run of `quotaplan check`: keys in
// the order of the standard's examples, absent optional keys left out.
type sarifLog struct {
	Version string     `json:"version"`
	Schema  string     `json:"$schema"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

// sarifRule describes one check.
type sarifRule struct {
	ID               string       `json:"id"`
	ShortDescription sarifMessage `json:"shortDescription"`
	DefaultConfig    sarifConfig  `json:"defaultConfiguration"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

// sarifResult is one failed check result.
type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
	// RelatedLocations holds the check, when the result points at its
	// subject.
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	// Suppressions holds the waiver that accepts the failure, if any.
	Suppressions []sarifSuppression `json:"suppressions,omitempty"`
}

// sarifSuppression is a waiver in SARIF's words: an accepted suppression
// written outside the source it suppresses, with its reason.
type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifMessage         `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           sarifRegion           `json:"region"`
}

type sarifArtifactLocation struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
}

// sarifLevel maps a check severity onto a SARIF result level.
func sarifLevel(severity engine.Severity) string {
	switch severity {
	case "warning":
		return "warning"
	case "info":
		return "note"
	}
	return "error"
}

// checksSARIF writes the check results of r as a SARIF 2.1.0 log, the
// format of code-scanning tools: one rule per check (passing ones too, so
// a reader knows what ran), one result per failed subject, located at the
// subject's declaration when loc finds it (the check is then a related
// location) and at the check otherwise. A failure a waiver accepts follows
// the others with an accepted external suppression giving the waiver's
// reason, so code scanning shows it as suppressed.
func checksSARIF(w io.Writer, r *engine.Result, loc SubjectLocator) error {
	run := sarifRun{
		Tool:    sarifTool{Driver: sarifDriver{Name: "quotaplan", InformationURI: sarifInformationURI, Rules: []sarifRule{}}},
		Results: []sarifResult{},
	}
	index := map[string]int{}
	all := checks(r)
	for _, c := range all {
		if _, ok := index[c.Check]; ok {
			continue
		}
		index[c.Check] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID:               c.Check,
			ShortDescription: sarifMessage{Text: ruleDescription(c)},
			DefaultConfig:    sarifConfig{Level: sarifLevel(c.Severity)},
		})
	}
	for _, c := range append(failedChecks(r), waivedChecks(r)...) {
		res := sarifResult{
			RuleID: c.Check, RuleIndex: index[c.Check], Level: sarifLevel(c.Severity),
			Message: sarifMessage{Text: failureText(c)},
		}
		if at, ok := annotationAt(loc, c); ok {
			res.Locations = []sarifLocation{{PhysicalLocation: physical(at)}}
			if _, bySubject := subjectAt(loc, c); bySubject && c.Range.Filename != "" {
				res.RelatedLocations = []sarifLocation{{
					PhysicalLocation: physical(c.Range),
					Message:          &sarifMessage{Text: "the check " + c.Check},
				}}
			}
		}
		if c.Status == engine.StatusWaived {
			res.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: waivedMessage(r, c)}}
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sarifLog{Version: sarifVersion, Schema: sarifSchema, Runs: []sarifRun{run}}); err != nil {
		return fmt.Errorf("render checks sarif: %w", err)
	}
	return nil
}

// ruleDescription is the short description of the check of c: "Check
// quota_to_ote (severity warning), declared at checks.hcl:12".
func ruleDescription(c *engine.CheckResult) string {
	text := "Check " + c.Check + " (severity " + string(c.Severity) + ")"
	if c.Range.Filename != "" {
		text += fmt.Sprintf(", declared at %s:%d", filepath.ToSlash(c.Range.Filename), c.Range.Start.Line)
	}
	return text
}

// physical is the SARIF location of at. Lines and columns start at 1 in
// SARIF as in HCL; a position of 0 (unknown) becomes 1.
func physical(at hcl.Range) sarifPhysicalLocation {
	return sarifPhysicalLocation{
		ArtifactLocation: sarifArtifactLocation{URI: fileURI(at.Filename)},
		Region:           sarifRegion{StartLine: max(at.Start.Line, 1), StartColumn: max(at.Start.Column, 1)},
	}
}

// fileURI is the SARIF artifact URI of a file name as the user gave it: a
// relative reference in forward slashes for a relative name (resolved
// against the directory the command ran in, the root of a checkout in CI),
// a file: URI for an absolute one, with the characters a URI cannot hold
// escaped.
func fileURI(name string) string {
	slashed := filepath.ToSlash(name)
	if filepath.IsAbs(name) {
		if !strings.HasPrefix(slashed, "/") {
			slashed = "/" + slashed // a Windows drive: file:///C:/plans/plan.hcl
		}
		return (&url.URL{Scheme: "file", Path: slashed}).String()
	}
	return (&url.URL{Path: slashed}).String()
}
