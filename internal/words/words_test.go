package words_test

import (
	"testing"
	"time"

	"github.com/roster-dev/roster/internal/words"
)

func TestWindow(t *testing.T) {
	for d, want := range map[time.Duration]string{
		2 * time.Hour: "2h", 90 * time.Minute: "1h30m", 150 * time.Minute: "2h30m", 7 * 24 * time.Hour: "7d",
		36 * time.Hour: "1d12h", 30 * time.Second: "30s",
	} {
		if got := words.Window(d); got != want {
			t.Errorf("Window(%v) = %q, want %q", d, got, want)
		}
	}
}
