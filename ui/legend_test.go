package ui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Every mark the stepper and the overview draw is in the README's legend
// ("◐" was missing), and the overview draws a step in progress with the
// stepper's mark, not "…" (see TestFakeTrackDrivesTheWholeApp, where both
// show "◐ 2 Bekreft").
func TestREADMELegendHasEveryMark(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	for _, m := range []string{ui.MarkCurrent, ui.MarkDone, ui.MarkInProgress, ui.MarkTodo, ui.MarkProblem, ui.MarkUnconfirmed} {
		if !strings.Contains(readme, "| "+m+" |") {
			t.Errorf("the README's legend has no row for %q", m)
		}
	}
}
