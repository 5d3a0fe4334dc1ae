package history

import (
	"strings"
	"testing"
)

// TestDubiousOwnershipNamesWhatGitTrusts: the command roster prints for
// a repository another user owns is git's own, with the top of the
// repository git names (not the directory roster was given, which may
// be relative or below it), quoted to run as printed.
func TestDubiousOwnershipNamesWhatGitTrusts(t *testing.T) {
	t.Parallel()
	msg := "fatal: detected dubious ownership in repository at '/srv/my repo'\nTo add an exception for this directory, call:\n\n\tgit config --global --add safe.directory '/srv/my repo'\n"
	got := dubiousOwnership("team", msg)
	if want := `safe.directory /srv/my\ repo`; !strings.HasSuffix(got, want) {
		t.Errorf("%q, want it to end %q", got, want)
	}
	msg = "fatal: detected dubious ownership in repository at '/srv/o'\\''brien'\n\tgit config --global --add safe.directory '/srv/o'\\''brien'\n"
	if got := dubiousOwnership(".", msg); !strings.HasSuffix(got, `safe.directory /srv/o\'brien`) {
		t.Errorf("%q", got)
	}
}
