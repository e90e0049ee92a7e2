package ui

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Nothing but the two places made for it may build styles or a renderer,
// or ask the terminal for its colours: a renderer built in a screen asks
// the terminal (OSC 11) while bubbletea reads it, eating keys and
// stalling frames. This reads the source of the whole module.
func TestOnlyStylesAndTermbgTouchTheTerminalColours(t *testing.T) {
	forbidden := regexp.MustCompile(`lipgloss\.NewRenderer\(|termenv\.NewOutput\(|termenv\.(DefaultOutput|ForegroundColor|BackgroundColor|HasDarkBackground)\(|\.HasDarkBackground\(\)|\.BackgroundColor\(\)|\bnewStyles\(|\bNewStyles\(`)
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && rel != "." || rel == filepath.Join("internal", "termbg") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//") || !forbidden.MatchString(line) {
				continue
			}
			if allowedLine(rel, line) {
				continue
			}
			t.Errorf("%s:%d: %s", rel, i+1, strings.TrimSpace(line))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// allowedLine: the one renderer, told its profile and background, built
// once per program (and once for plain styles) when the App knows the
// background.
func allowedLine(rel, line string) bool {
	switch rel {
	case filepath.Join("ui", "styles.go"):
		return strings.Contains(line, "lipgloss.NewRenderer(io.Discard)") || strings.Contains(line, "func newStyles(") ||
			strings.Contains(line, "s := newStyles(true, true)")
	case filepath.Join("ui", "termquery.go"):
		return strings.Contains(line, "a.useStyles(newStyles(")
	}
	return false
}
