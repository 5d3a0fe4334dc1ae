package words_test

import (
	"testing"
	"time"

	"github.com/roster-dev/roster/internal/words"
)

func TestWindow(t *testing.T) {
	for d, want := range map[time.Duration]string{
		2 * time.Hour: "2h", 90 * time.Minute: "90m", 150 * time.Minute: "150m", 7 * 24 * time.Hour: "7d",
		36 * time.Hour: "36h", 30 * time.Second: "30s",
	} {
		if got := words.Window(d); got != want {
			t.Errorf("Window(%v) = %q, want %q", d, got, want)
		}
	}
}
