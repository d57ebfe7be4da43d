package diff

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// GitTree is a plan directory as it was at a git revision, materialised in
// a temporary directory. Close removes it.
type GitTree struct {
	Root  string // the temporary copy of the whole repository tree
	Dir   string // the plan directory inside Root
	Label string // "REF:path/of/dir" (git's own notation), "REF:." for the top
	ref   string
	// prefix is what diagnostics and sources name files with: "REF:" plus
	// the plan directory's path, with a trailing slash when not the top.
	prefix string
}

// Checkout materialises the repository that holds dir, as it was at ref,
// in a new temporary directory (git archive, extracted without running
// anything), and returns the plan directory inside it. The whole tree is
// copied, so imports in subdirectories work. Missing git, a dir outside
// any repository and an unknown ref are error diagnostics; no temporary
// directory is left behind then.
func Checkout(ctx context.Context, dir, ref string) (*GitTree, hcl.Diagnostics) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, gitDiag("Git is not installed",
			"The --git flag needs the git command, which is not on the PATH. Install git, or compare two plan directories or saved results instead.")
	}
	top, rel, diags := repoPath(ctx, dir)
	if diags.HasErrors() {
		return nil, diags
	}
	if _, err := git(ctx, top, "rev-parse", "--verify", "--quiet", ref+"^{commit}"); strings.HasPrefix(ref, "-") || err != nil {
		return nil, gitDiag("Unknown git revision",
			fmt.Sprintf("The repository %s has no commit %q. Give a branch, tag or commit that \"git log\" shows, for example --git main or --git HEAD~1.", top, ref))
	}
	root, err := os.MkdirTemp("", "quotaplan-diff-")
	if err != nil {
		return nil, gitDiag("Cannot create a temporary directory", fmt.Sprintf("Materialising %s failed: %v. Check the temporary directory (TMPDIR) and try again.", ref, err))
	}
	t := &GitTree{Root: root, Dir: filepath.Join(root, filepath.FromSlash(rel)), Label: ref + ":" + rel, ref: ref, prefix: ref + ":"}
	if rel != "." {
		t.prefix += rel + "/"
	}
	if err := extractRef(ctx, top, ref, root); err != nil {
		t.Close()
		return nil, gitDiag("Cannot read the git revision", fmt.Sprintf("Reading %s from %s failed: %v. Check that the revision exists and the repository is not damaged.", ref, top, err))
	}
	return t, nil
}

// Close removes the temporary tree.
func (t *GitTree) Close() error {
	if t == nil || t.Root == "" {
		return nil
	}
	return os.RemoveAll(t.Root)
}

// Relabel rewrites the file names of diags and sources from the temporary
// tree to git's "REF:path" notation, so that messages name the revision
// rather than a temporary directory.
func (t *GitTree) Relabel(diags hcl.Diagnostics, sources map[string][]byte) (hcl.Diagnostics, map[string][]byte) {
	from := t.Dir + string(filepath.Separator)
	out := make(hcl.Diagnostics, len(diags))
	for i, d := range diags {
		c := *d
		c.Detail = strings.ReplaceAll(strings.ReplaceAll(c.Detail, from, t.prefix), t.Dir, t.Label)
		c.Subject = renameRange(c.Subject, t.rename)
		c.Context = renameRange(c.Context, t.rename)
		out[i] = &c
	}
	src := make(map[string][]byte, len(sources))
	for name, data := range sources {
		src[t.rename(name)] = data
	}
	return out, src
}

// RelabelInput rewrites the file names of in's blocks from the temporary
// tree to git's "REF:path" notation, so that the rules that changed say
// where they are written at the revision.
func (t *GitTree) RelabelInput(in Input) Input {
	in.Blocks = renameFiles(in.Blocks, t.rename)
	return in
}

// rename maps a file name inside the temporary tree to git's "REF:path"
// notation; other names are returned as they are.
func (t *GitTree) rename(name string) string {
	from := t.Dir + string(filepath.Separator)
	if rest, ok := strings.CutPrefix(name, from); ok {
		return t.prefix + filepath.ToSlash(rest)
	}
	if name == t.Dir {
		return t.Label
	}
	if rest, ok := strings.CutPrefix(name, t.Root+string(filepath.Separator)); ok {
		return t.ref + ":" + filepath.ToSlash(rest)
	}
	return name
}

// renameRange returns a copy of r with its file renamed; nil stays nil.
func renameRange(r *hcl.Range, rename func(string) string) *hcl.Range {
	if r == nil {
		return nil
	}
	c := *r
	c.Filename = rename(c.Filename)
	return &c
}

// repoPath finds the top of the repository holding dir and dir's path
// relative to it, with forward slashes ("." for the top).
func repoPath(ctx context.Context, dir string) (top, rel string, diags hcl.Diagnostics) {
	abs, err := filepath.Abs(dir)
	if err == nil {
		abs, err = filepath.EvalSymlinks(abs)
	}
	if err != nil {
		return "", "", gitDiag("Plan directory not found",
			fmt.Sprintf("Cannot read the plan directory %q: %v. Give a directory inside a git repository.", dir, unwrapPath(err)))
	}
	out, err := git(ctx, abs, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", "", gitDiag("Not a git repository",
			fmt.Sprintf("The plan directory %q is not inside a git repository, so --git has no history to read. Run quotaplan inside a clone, or compare two directories.", dir))
	}
	top, err = filepath.EvalSymlinks(strings.TrimSpace(out))
	if err == nil {
		rel, err = filepath.Rel(top, abs)
	}
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", "", gitDiag("Not a git repository", fmt.Sprintf("Cannot place %q inside its repository %s. Give a directory inside the repository.", dir, top))
	}
	return top, filepath.ToSlash(rel), nil
}

// unwrapPath drops the path of a *os.PathError, which the message names
// already.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// git runs git in dir and returns its standard output; a failure carries
// git's standard error.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %w: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

// extractRef writes the tree of ref into dest through git archive.
func extractRef(ctx context.Context, top, ref, dest string) error {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "git", "-C", top, "archive", "--format=tar", ref)
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	exErr := untar(out, dest)
	io.Copy(io.Discard, out) // let git finish writing if untar stopped early
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("git archive: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return exErr
}

// untar extracts the directories and regular files of a tar stream into
// dest. Symbolic links and other entries are skipped; a name that would
// leave dest is an error.
func untar(r io.Reader, dest string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read archive: %w", err)
		}
		name := path.Clean(h.Name)
		if name == "." || name == ".." || strings.HasPrefix(name, "../") || path.IsAbs(name) {
			if name == "." {
				continue
			}
			return fmt.Errorf("archive entry %q leaves the tree", h.Name)
		}
		if err := writeEntry(tr, h, filepath.Join(dest, filepath.FromSlash(name))); err != nil {
			return err
		}
	}
}

// writeEntry writes one directory or regular file of an archive.
func writeEntry(r io.Reader, h *tar.Header, target string) error {
	switch h.Typeflag {
	case tar.TypeDir:
		return os.MkdirAll(target, 0o755)
	case tar.TypeReg:
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, r)
		return errors.Join(err, f.Close())
	}
	return nil
}

// gitDiag is an error diagnostic about --git, which has no place in a file.
func gitDiag(summary, detail string) hcl.Diagnostics {
	return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: summary, Detail: detail}}
}
